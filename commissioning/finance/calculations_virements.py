"""The bridge between the virement records and engine.finance.virements (the bands, the cumulative rule, powers)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from commissioning.finance.models import Approver, BudgetLine, VirementBand
from engine.finance import virements as engine
from engine.finance.years import parse_financial_year

BY_DECISION = frozenset(Approver(int(a)) for a in engine.BY_DECISION)
Assessment = engine.Assessment


def council_bands(rows: Iterable[VirementBand] | None = None) -> engine.Bands:
    """The council's bands (the active VirementBand rows), or the standard ones when it has set none."""
    found = list(rows if rows is not None else VirementBand.objects.active().order_by("approver"))
    if not found:
        return engine.STANDARD_BANDS
    return engine.Bands(tuple(engine.Band(engine.Approver(row.approver), row.up_to) for row in found))


def check_bands(rows: list[tuple[int, Decimal | None]]) -> str | None:
    """The problem with a set of bands (approver, up to), or None."""
    try:
        engine.Bands(tuple(engine.Band(engine.Approver(a), up_to) for a, up_to in sorted(rows)))
    except ValueError as problem:
        return str(problem)
    return None


def assess(
    *, amount: Decimal, from_line_earlier: Iterable[Decimal], to_line_earlier: Iterable[Decimal]
) -> engine.Assessment:
    return engine.assess(
        bands=council_bands(), amount=amount, from_line_earlier=from_line_earlier, to_line_earlier=to_line_earlier
    )


def powers_of(user: Any, *, from_line: BudgetLine, to_line: BudgetLine, section_151_id: int | None) -> frozenset[int]:
    """The bands ``user`` may approve a virement between these lines in (the lines' services and directorates
    loaded)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    services = (from_line.service, to_line.service)
    held = engine.powers(
        service_head=any(service.accountable_officer_id == user.pk for service in services),
        director=any(service.directorate.director_id == user.pk for service in services),
        section_151=section_151_id is not None and section_151_id == user.pk and user.role == "finance",
        cabinet=user.role == "cabinet",
    )
    return frozenset(int(a) for a in held)


def approver_name(approver: int) -> str:
    return engine.APPROVER_NAMES[engine.Approver(approver)]


def needs_decision(approver: int) -> bool:
    return engine.Approver(approver) in engine.BY_DECISION


def later_year(label: str, than: str) -> bool:
    return parse_financial_year(label) > parse_financial_year(than)


def next_reference(*, year: str, taken: Iterable[str]) -> str:
    start = parse_financial_year(year).start_year
    prefix = f"VIR-{start}-"
    numbers = [
        int(ref.removeprefix(prefix)) for ref in taken if ref.startswith(prefix) and ref[len(prefix) :].isdigit()
    ]
    return f"{prefix}{(max(numbers) + 1) if numbers else 1:03d}"
