"""Demo virements (issue 12), in every approval band, including the minutes' £80,000 one-off resource "funded from
virement as recommended by Cabinet". ``seed(ctx)``: the finance seeder calls it after the budget lines are made
(it makes the few lines it needs when there are none yet, from each service's budget).

Uses ``ctx.made["users"]`` (accounts) and ``ctx.made["virement_decisions"]`` (governance: the references of Cabinet's
recommendation and Council's decision of the minutes). Leaves ``ctx.made["virements"]``: the virements by what they
show.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from commissioning.core.audit import save_with_history
from commissioning.core.demo import SeedContext
from commissioning.finance import actions_virements as act
from commissioning.finance import calculations
from commissioning.finance.models import BudgetLine, Permanence, Virement, VirementSettings
from commissioning.services.models import Service

MINUTES_AMOUNT = Decimal("80000.00")
MINUTES_REASON = (
    "A 'one-off' resource of £80,000 to manage the transition to a Strategic Commissioning Council, funded from "
    "virement of the unspent allocation for the sourcing strategy work streams, as recommended by Cabinet."
)
SMALL_AMOUNTS = [Decimal(a) for a in ("4500", "7250", "9800", "12000", "3300", "15600", "6100", "8400")]
EXTRA = {"district": 8, "metropolitan": 40}  # further small virements, so the list has pages at each scale
MIN_LINE = Decimal("250000.00")


def _lines(ctx: SeedContext, year: str, by: Any) -> list[BudgetLine]:
    """The year's budget lines big enough to give £150,000, made from the services' budgets when missing."""
    lines = {line.service_id: line for line in BudgetLine.objects.active().filter(financial_year=year)}
    made = []
    for service in Service.objects.active().select_related("directorate").order_by("pk"):
        line = lines.get(service.pk)
        if line is None:
            budget = max(service.gross_budget, MIN_LINE)
            line = BudgetLine(service=service, financial_year=year, original=budget, revised=budget)
            save_with_history(line, by=by, reason="Demo council seeded")
        if line.revised >= MIN_LINE:
            made.append(line)
    return made


def seed(ctx: SeedContext) -> None:
    """Add the demo virements (once)."""
    if Virement.objects.exists():
        return
    users = ctx.made["users"]
    finance, cabinet = users["finance"], users["cabinet"]
    settings = VirementSettings.objects.first() or VirementSettings()
    settings.section_151_officer = finance
    save_with_history(settings, by=finance, reason="The section 151 officer (demo)")
    year = calculations.year_label(ctx.today)
    lines = _lines(ctx, year, finance)
    if len(lines) < 12:
        return
    day = ctx.today - dt.timedelta(days=60)
    decisions = ctx.made.get("virement_decisions", {})
    made: dict[str, Virement] = {}

    def request(key: str, source: BudgetLine, target: BudgetLine, amount: Decimal, reason: str, **kw: Any) -> Virement:
        details = act.VirementRequest(
            from_line=source, to_line=target, amount=amount, reason=reason,
            permanence=kw.get("permanence", Permanence.ONE_OFF),
        )  # fmt: skip
        made[key] = act.virement_request(details=details, by=finance, today=day)
        return made[key]

    def head(line: BudgetLine) -> Any:
        return line.service.accountable_officer

    def director(line: BudgetLine) -> Any:
        return line.service.directorate.director or finance  # the s151 officer when a directorate has none

    a, b, c, d, e, f, g, h, i, j, k, m = lines[:12]
    # Service head's band: approved by the accountable officer of the line it comes from.
    v = request("head", a, b, Decimal("12000.00"), "Agency cover for the summer peak in the team receiving it.")
    made["head"] = act.virement_approve(virement=v, by=head(a), today=day + dt.timedelta(days=3))
    # Director's band, permanent: approved by the director.
    v = request(
        "director", c, d, Decimal("40000.00"), "A post moved permanently between the two services.",
        permanence=Permanence.PERMANENT,
    )  # fmt: skip
    made["director"] = act.virement_approve(virement=v, by=director(c), today=day + dt.timedelta(days=5))
    # Cabinet's band: the minutes' £80,000 one-off resource, approved with Cabinet's recommendation.
    v = request("minutes", e, f, MINUTES_AMOUNT, MINUTES_REASON)
    if decisions.get("cabinet"):
        made["minutes"] = act.virement_approve(
            virement=v, by=cabinet, decision_reference=decisions["cabinet"], today=day + dt.timedelta(days=7)
        )
    # Council's band: approved by Council, recorded by the section 151 officer.
    v = request("council", g, h, Decimal("150000.00"), "Reserves for the new waste contract's mobilisation costs.")
    if decisions.get("council"):
        made["council"] = act.virement_approve(
            virement=v, by=finance, decision_reference=decisions["council"], today=day + dt.timedelta(days=9)
        )
    # A split request: the second £15,000 from one line makes £30,000 this year, the director's band; refused.
    request("split-first", i, j, Decimal("15000.00"), "Training budget for the new case management system.")
    v = request("split-second", i, k, Decimal("15000.00"), "Training budget for the new case management system.")
    made["split-second"] = act.virement_refuse(
        virement=v, by=director(i), reason="A split of one request: bring it back as one virement with the first.",
        today=day + dt.timedelta(days=4),
    )  # fmt: skip
    # Waiting: one in each band for the demo's approvers to find.
    request("waiting-head", j, m, Decimal("6000.00"), "Printing and postage for the consultation.")
    request("waiting-director", k, m, Decimal("35000.00"), "Interim manager while the post is recruited.")
    request("waiting-cabinet", b, c, Decimal("60000.00"), "Match funding for the household support grant.")
    request("waiting-council", d, e, Decimal("120000.00"), "Temporary accommodation pressures this winter.")
    # More small ones, across the other lines, so the list has pages.
    rest = lines[12:] or lines
    for n in range(EXTRA.get(ctx.scale.name, 8)):
        source, target = rest[n % len(rest)], rest[(n * 7 + 3) % len(rest)]
        if source.pk == target.pk:
            continue
        v = request(f"small-{n}", source, target, SMALL_AMOUNTS[n % len(SMALL_AMOUNTS)], "In-year realignment.")
        if n % 3 == 0 and v.band == 1:
            act.virement_approve(virement=v, by=head(source), today=day + dt.timedelta(days=2))
    ctx.made["virements"] = made
    ctx.counts["virements"] = Virement.objects.count()
