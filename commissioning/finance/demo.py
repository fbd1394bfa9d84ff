"""The demo council's money (finance-savings): budgets for this year and last, monthly monitoring, the MTFS with a gap,
and savings lines with named owners in every state (on track, slipped, at risk, undeliverable with a replacement or
as a gap, realised with evidence). Bulk-created, so seeding stays cheap at the metropolitan scale."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from simple_history.utils import bulk_create_with_history

from commissioning.appraisals.models import BusinessCase, BusinessCaseStatus
from commissioning.core.demo import SeedContext, create_missing
from commissioning.finance import calculations, demo_pools, demo_spendlinks, demo_virements
from commissioning.finance.models import (
    BudgetLine,
    BudgetMonitoring,
    EvidenceKind,
    MtfsYear,
    Rag,
    SavingsEvidence,
    SavingsLine,
    SavingsSlippage,
    SavingsStatus,
    SavingsYear,
)
from commissioning.services.models import Directorate, Service

REASON = "Demo council seeded"
MONITORED_MONTHS = 3  # the latest months of this year monitored for each service (kept small for the big council)
GAP_SHARES = (Decimal("0.03"), Decimal("0.05"), Decimal("0.07"), Decimal("0.09"))
# The states every directorate's lines go through, in turn.
STATES = ("on_track", "slipped", "realised", "at_risk", "undeliverable_replaced", "undeliverable_gap")
TITLES = (
    "Recommission {service} through a framework",
    "Redesign {service} around early help",
    "Share back-office support for {service}",
    "Reduce agency staffing in {service}",
    "Renegotiate the contract price for {service}",
    "Digital self-service for {service}",
)
P = Decimal("0.01")


def _money(value: Decimal) -> Decimal:
    return value.quantize(P)


def _bulk(model: Any, objects: list[Any], ctx: SeedContext) -> list[Any]:
    made = bulk_create_with_history(objects, model, batch_size=500, default_change_reason=REASON) if objects else []
    ctx.counts[str(model._meta.verbose_name_plural)] = len(objects)
    return made


def seed(ctx: SeedContext) -> None:
    this_year = calculations.year_label(ctx.today)
    last_year = calculations.plus_years(this_year, -1)
    services = list(Service.objects.active().select_related("directorate").order_by("reference"))
    if not services:
        return
    _budgets(ctx, services, this_year=this_year, last_year=last_year)
    total = sum((s.net_budget for s in services if s.net_budget > 0), Decimal(0))
    _mtfs(ctx, this_year=this_year, total=total)
    _savings(ctx, services, this_year=this_year)
    demo_virements.seed(ctx)
    demo_pools.seed(ctx)  # pooled budgets (finance-pools)
    demo_spendlinks.seed(ctx)  # spend on a few savings lines' services (finance-spendlinks)


def _budgets(ctx: SeedContext, services: list[Service], *, this_year: str, last_year: str) -> None:
    if BudgetLine.objects.filter(financial_year=this_year).exists():
        return
    rng = ctx.rng
    lines = []
    for service in services:
        base = max(service.net_budget, Decimal("10000"))
        last_original = _money(base * Decimal("0.97"))
        last_revised = _money(last_original * Decimal(str(rng.uniform(0.98, 1.03))))
        lines.append(
            BudgetLine(
                service=service,
                financial_year=last_year,
                cost_centre=f"{service.directorate.code}{service.pk:05d}",
                original=last_original,
                revised=last_revised,
                forecast_outturn=_money(last_revised * Decimal(str(rng.uniform(0.97, 1.05)))),
                actual=_money(last_revised * Decimal(str(rng.uniform(0.97, 1.05)))),
            )
        )
        revised = _money(base * Decimal(str(rng.uniform(0.99, 1.02))))
        lines.append(
            BudgetLine(
                service=service,
                financial_year=this_year,
                cost_centre=f"{service.directorate.code}{service.pk:05d}",
                original=_money(base),
                revised=revised,
            )
        )
    made = _bulk(BudgetLine, lines, ctx)
    # Monthly monitoring of this year: the latest months up to last month, the last of them the line's forecast.
    start = calculations.parse_start(this_year)
    months = [m for m in _months_from(start) if m < ctx.today.replace(day=1)][-MONITORED_MONTHS:]
    if not months:
        return
    monitoring = []
    current = [line for line in made if line.financial_year == this_year]
    for line in current:
        drift = Decimal(str(rng.uniform(-0.04, 0.06)))
        for index, month in enumerate(months):
            share = drift * (index + 1) / len(months)
            forecast = _money(line.revised * (1 + share))
            reason = "" if forecast == line.revised else _variance_reason(share)
            monitoring.append(
                BudgetMonitoring(
                    budget_line=line, month=month, forecast_outturn=forecast, revised=line.revised, reason=reason
                )
            )
        line.forecast_outturn = monitoring[-1].forecast_outturn
    _bulk(BudgetMonitoring, monitoring, ctx)
    BudgetLine.objects.bulk_update(current, ["forecast_outturn"], batch_size=500)


def _variance_reason(share: Decimal) -> str:
    if share > Decimal("0.03"):
        return "Demand above the budgeted level, and agency staff covering vacancies"
    if share > 0:
        return "Inflation on the main contract above the budgeted 2%"
    return "Vacancies held while the service is reviewed"


def _months_from(start: int) -> list[dt.date]:
    return [dt.date(start + (1 if m < 4 else 0), m, 1) for m in (*range(4, 13), 1, 2, 3)]


def _mtfs(ctx: SeedContext, *, this_year: str, total: Decimal) -> None:
    years = calculations.years_from(this_year, len(GAP_SHARES))
    rows = []
    for index, (year, share) in enumerate(zip(years, GAP_SHARES, strict=True)):
        funding = _money(total * (1 + Decimal("0.02") * index))
        rows.append(
            MtfsYear(
                financial_year=year,
                funding=funding,
                spending=_money(funding * (1 + share)),
                note="Council tax up 4.99%; settlement as the provisional figures" if index == 0 else "",
            )
        )
    create_missing(MtfsYear, rows, key="financial_year", ctx=ctx)


FIRST_NUMBER = 1001  # the demo's own lines; those before come from decisions publishing adopted options (the hook)


def _savings(ctx: SeedContext, services: list[Service], *, this_year: str) -> None:
    if SavingsLine.objects.filter(reference=f"SAV-{FIRST_NUMBER:04d}").exists():
        return
    next_year = calculations.plus_years(this_year, 1)
    users = ctx.made["users"]
    officers = ctx.made["officers"]
    directorates = list(Directorate.objects.active().order_by("name"))
    cases = list(
        BusinessCase.objects.filter(status=BusinessCaseStatus.SUBMITTED, recommended_option__isnull=False)
        .select_related("review")
        .order_by("pk")
    )
    by_directorate: dict[int, list[Service]] = {}
    for service in services:
        by_directorate.setdefault(service.directorate_id, []).append(service)
    per_directorate = 6 if ctx.scale.name == "district" else 8
    # The gap this year, shared among the directorates' lines so the tracker has something still to identify.
    mtfs = MtfsYear.objects.get(financial_year=this_year)
    share = ((mtfs.spending - mtfs.funding) * Decimal("0.6") / (len(directorates) * per_directorate)).quantize(
        Decimal("1000")
    )
    plans: list[tuple[SavingsLine, str, Decimal]] = []
    lines = []
    number = FIRST_NUMBER - 1
    for d_index, directorate in enumerate(directorates):
        pool = by_directorate.get(directorate.pk, [])
        for n in range(per_directorate):
            if not pool:
                break
            number += 1
            state = STATES[n % len(STATES)]
            service = pool[(n * 7) % len(pool)]
            owner = users["officer"] if number == FIRST_NUMBER else officers[(number * 3) % len(officers)]
            if n == 2:
                owner = directorate.director or owner
            case = cases[(number - 1) % len(cases)] if cases and n == 0 else None
            amount = share * Decimal(str(1 + (n % 3) * 0.5))
            at_risk = state in {"slipped", "at_risk"}
            undeliverable = state.startswith("undeliverable")
            line = SavingsLine(
                reference=f"SAV-{number:04d}",
                title=TITLES[(n + d_index) % len(TITLES)].format(service=service.name)[:200],
                owner=owner,
                directorate=directorate,
                service=service,
                review=case.review if case else None,
                business_case=case,
                option_id=case.recommended_option_id if case else None,
                baseline=max(service.net_budget, Decimal(0)),
                cashable=n % 5 != 4,
                confidence_at_budget=Rag.GREEN if n % 2 == 0 else Rag.AMBER,
                confidence_at_budget_reason="Agreed by Cabinet with the budget; plan in place",
                confidence=Rag.RED if undeliverable or state == "at_risk" else Rag.AMBER if at_risk else Rag.GREEN,
                confidence_reason={
                    "slipped": "The new contract starts six months later than planned",
                    "at_risk": "Demand has grown faster than the plan assumed",
                    "undeliverable_replaced": "The partner withdrew from the shared service",
                    "undeliverable_gap": "Statutory duty confirmed: the service cannot be reduced",
                }.get(state, "On track: milestones met"),
                status=SavingsStatus.UNDELIVERABLE if undeliverable else SavingsStatus.ACTIVE,
                undeliverable_reason={
                    "undeliverable_replaced": "The partner withdrew from the shared service",
                    "undeliverable_gap": "Statutory duty confirmed: the service cannot be reduced",
                }.get(state, ""),
            )
            lines.append(line)
            plans.append((line, state, amount))
    made = create_missing(SavingsLine, lines, key="reference", ctx=ctx)
    years, slips, evidence = [], [], []
    replacements: list[tuple[SavingsLine, SavingsLine]] = []
    last_active: dict[int, SavingsLine] = {}
    director = users["director"]
    for line, state, amount in plans:
        line = made[line.reference]
        slipped = amount / 2 if state == "slipped" else Decimal(0)
        realised = amount if state == "realised" else amount / 4 if state == "on_track" else Decimal(0)
        forecast = Decimal(0) if state.startswith("undeliverable") else amount - slipped
        if state == "at_risk":
            forecast = amount / 2
        if state.startswith("undeliverable"):
            realised = Decimal(0)
        years.append(
            SavingsYear(
                line=line,
                financial_year=this_year,
                target=amount,
                planned=amount - slipped,
                full_year_effect=amount * 2 if state == "realised" else amount,
                forecast=forecast,
                realised=realised,
            )
        )
        years.append(
            SavingsYear(
                line=line,
                financial_year=next_year,
                target=amount / 2,
                planned=amount / 2 + slipped,
                full_year_effect=amount / 2 + slipped,
                forecast=Decimal(0) if state.startswith("undeliverable") else amount / 2 + slipped,
            )
        )
        if slipped:
            slips.append(
                SavingsSlippage(
                    line=line,
                    from_year=this_year,
                    to_year=next_year,
                    amount=slipped,
                    reason="The new contract starts six months later than planned",
                    recorded_by=director,
                )
            )
        if realised:
            evidence.append(
                SavingsEvidence(
                    line=line,
                    financial_year=this_year,
                    kind=EvidenceKind.CONTRACT_PRICE if state == "realised" else EvidenceKind.BUDGET_REDUCTION,
                    amount=realised,
                    note="New contract price from 1 April, against the old one"
                    if state == "realised"
                    else "Budget reduced in the ledger for the vacant posts deleted",
                    recorded_by=line.owner,
                )
            )
        if state == "undeliverable_replaced" and line.directorate_id in last_active:
            replacements.append((line, last_active[line.directorate_id]))
        if not state.startswith("undeliverable"):
            last_active[line.directorate_id] = line
    _bulk(SavingsYear, years, ctx)
    _bulk(SavingsSlippage, slips, ctx)
    _bulk(SavingsEvidence, evidence, ctx)
    for line, replacement in replacements:
        line.replaced_by = replacement
    SavingsLine.objects.bulk_update([line for line, _r in replacements], ["replaced_by"], batch_size=500)
