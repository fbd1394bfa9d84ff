"""Writes for virements: request, approve (both lines' revised budgets, with history) and refuse (ADR 0026).

Each action is one transaction that checks everything before it writes anything, so a refusal leaves nothing half
saved. The budget lines are locked (``SELECT ... FOR UPDATE``) before the cumulative sums are counted, so two
requests on one line cannot both count without the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core import hooks
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.references import save_with_reference
from commissioning.finance import calculations_virements as calc
from commissioning.finance import selectors_virements as selectors
from commissioning.finance.models import Approver, BudgetLine, Permanence, Virement, VirementStatus

SAME_LINE = "Choose a different budget line to move the money to"
DIFFERENT_YEARS = "Both budget lines must be for the same financial year: {source} is {a}, {target} is {b}"
AMOUNT_POSITIVE = "Enter an amount more than £0"
MORE_THAN_LEFT = "The amount is more than the £{left:,.2f} revised budget of {line}"
NOT_OPEN = "This virement was already {status}: nothing was changed"
NO_POWER = "You may not approve or refuse this virement: you hold no approval band for these budget lines"
ABOVE_BAND = (
    "You cannot approve this virement: it needs approval by {band}, because £{cumulative:,.2f} is counted on "
    "{line} in {year}, and that is above your band ({yours}). Nothing was changed"
)
DECISION_NEEDED = "Enter the reference of {band}'s decision that approves this virement, like DEC-2026-001"
DECISION_NOT_CHECKED = "The decision {reference} could not be checked: nothing was changed"
REFUSAL_REASON_NEEDED = "Enter why the virement is refused"


@dataclass(frozen=True)
class VirementRequest:
    from_line: BudgetLine
    to_line: BudgetLine
    amount: Decimal
    reason: str
    permanence: str


def _locked(*lines: BudgetLine) -> list[BudgetLine]:
    """The lines read again with their rows locked, in id order (no deadlock between two writers)."""
    found = {line.pk: line for line in BudgetLine.objects.select_for_update().filter(pk__in=[x.pk for x in lines])}
    fresh = {
        pk: BudgetLine.objects.select_related("service", "service__directorate").get(pk=pk) for pk in sorted(found)
    }
    return [fresh[line.pk] for line in lines]


def _assess(
    *, virement: Virement, from_line: BudgetLine, to_line: BudgetLine, before: Virement | None
) -> calc.Assessment:
    year = virement.financial_year
    return calc.assess(
        amount=virement.amount,
        from_line_earlier=selectors.counted_amounts(line=from_line, year=year, before=before),
        to_line_earlier=selectors.counted_amounts(line=to_line, year=year, before=before),
    )


@transaction.atomic
def virement_request(
    *, details: VirementRequest, by: Any, form_token: Any = None, today: dt.date | None = None
) -> Virement:
    """A finance officer asks to move ``amount`` from one budget line to another in their financial year."""
    claim = claim_form_token(form_token, by=by)
    if details.from_line.pk == details.to_line.pk:
        raise ValidationError({"to_line": SAME_LINE})
    if details.amount <= 0:
        raise ValidationError({"amount": AMOUNT_POSITIVE})
    source, target = _locked(details.from_line, details.to_line)
    if source.financial_year != target.financial_year:
        raise ValidationError(
            {
                "to_line": DIFFERENT_YEARS.format(
                    source=source, a=source.financial_year, target=target, b=target.financial_year
                )
            }
        )
    if details.amount > source.revised:
        raise ValidationError({"amount": MORE_THAN_LEFT.format(left=source.revised, line=source)})
    virement = Virement(
        financial_year=source.financial_year,
        from_line=source,
        to_line=target,
        amount=details.amount,
        reason=details.reason,
        permanence=details.permanence,
        requested_by=by,
        requested_on=today or timezone.localdate(),
    )
    found = _assess(virement=virement, from_line=source, to_line=target, before=None)
    virement.band, virement.cumulative = int(found.band.approver), found.cumulative
    prefix = calc.next_reference(year=virement.financial_year, taken=[]).rsplit("-", 1)[0] + "-"
    save_with_reference(
        virement,
        generate=lambda: calc.next_reference(
            year=virement.financial_year, taken=selectors.references_in(prefix=prefix)
        ),
        by=by,
        reason="Virement requested",
    )
    claim.made(virement)
    return virement


def _decide(virement: Virement, *, by: Any) -> tuple[Virement, BudgetLine, BudgetLine, calc.Assessment]:
    """The virement locked and still open, its lines locked, the band it needs now, and ``by`` holding that band."""
    fresh = Virement.objects.select_for_update().get(pk=virement.pk)
    if fresh.status != VirementStatus.REQUESTED:
        raise ValidationError(NOT_OPEN.format(status=fresh.get_status_display().lower()))
    source, target = _locked(fresh.from_line, fresh.to_line)
    found = _assess(virement=fresh, from_line=source, to_line=target, before=fresh)
    held = calc.powers_of(by, from_line=source, to_line=target, section_151_id=selectors.section_151_officer_id())
    needed = int(found.band.approver)
    if not held:
        raise ValidationError(NO_POWER)
    if needed not in held:
        line = (source if found.from_line_total >= found.to_line_total else target).service.name
        yours = ", ".join(calc.approver_name(a) for a in sorted(held))
        raise ValidationError(
            ABOVE_BAND.format(
                band=found.band.name, cumulative=found.cumulative, line=line, year=fresh.financial_year, yours=yours
            )
        )
    return fresh, source, target, found


def _move(line: BudgetLine, change: Decimal, *, by: Any, reason: str) -> None:
    line.revised = line.revised + change
    line.full_clean()
    save_with_history(line, by=by, reason=reason)


@transaction.atomic
def virement_approve(
    *, virement: Virement, by: Any, decision_reference: str = "", today: dt.date | None = None
) -> Virement:
    """Approve within the approver's band: both lines' revised budgets move (a permanent virement's also in each
    later year where both services have a line), each with a history entry, and the virement records who, when, the
    band and, for Cabinet's and Council's bands, the decision."""
    fresh, source, target, found = _decide(virement, by=by)
    needed = int(found.band.approver)
    if calc.needs_decision(needed):
        if not decision_reference.strip():
            raise ValidationError({"decision_reference": DECISION_NEEDED.format(band=found.band.name)})
        fresh.decision = None
        hooks.run(
            hooks.VIREMENT_DECISION,
            virement=fresh,
            reference=decision_reference,
            approver="cabinet" if needed == Approver.CABINET else "council",
            by=by,
        )
        if fresh.decision_id is None:
            raise ValidationError({"decision_reference": DECISION_NOT_CHECKED.format(reference=decision_reference)})
    if fresh.amount > source.revised:
        raise ValidationError(MORE_THAN_LEFT.format(left=source.revised, line=source))

    why = f"Virement {fresh.reference}: £{fresh.amount:,.2f} from {source} to {target}"
    _move(source, -fresh.amount, by=by, reason=why)
    _move(target, fresh.amount, by=by, reason=why)
    if fresh.permanence == Permanence.PERMANENT:
        later_to = {
            line.financial_year: line
            for line in selectors.later_lines(service_id=target.service_id, year=fresh.financial_year)
        }
        for line in selectors.later_lines(service_id=source.service_id, year=fresh.financial_year).select_for_update():
            other = later_to.get(line.financial_year)
            if other is not None:
                _move(line, -fresh.amount, by=by, reason=f"{why} (permanent)")
                _move(
                    BudgetLine.objects.select_for_update().get(pk=other.pk),
                    fresh.amount,
                    by=by,
                    reason=f"{why} (permanent)",
                )
    fresh.status = VirementStatus.APPROVED
    fresh.band, fresh.cumulative = needed, found.cumulative
    fresh.decided_by, fresh.decided_on = by, today or timezone.localdate()
    fresh.full_clean()
    save_with_history(fresh, by=by, reason=f"Approved by {found.band.name}")
    return fresh


@transaction.atomic
def virement_refuse(*, virement: Virement, by: Any, reason: str, today: dt.date | None = None) -> Virement:
    """Refuse, with the reason; only someone who could approve it may. Nothing moves, and it stops counting."""
    if not reason.strip():
        raise ValidationError({"reason": REFUSAL_REASON_NEEDED})
    fresh, _source, _target, found = _decide(virement, by=by)
    fresh.status = VirementStatus.REFUSED
    fresh.refusal_reason = reason.strip()
    fresh.band, fresh.cumulative = int(found.band.approver), found.cumulative
    fresh.decided_by, fresh.decided_on = by, today or timezone.localdate()
    fresh.full_clean()
    save_with_history(fresh, by=by, reason=f"Refused: {reason.strip()}")
    return fresh
