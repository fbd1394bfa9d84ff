"""Demo KPIs, a year of returns and assessments, on a sample of the demo contracts and every in-house plan: returns in
every state (accepted, submitted, queried, answered, and due, some overdue), assessments with every rating, and a
breach. Bulk-created without per-row history, with its own random stream (the other seeders' draws are unchanged),
so it costs a fraction of a second at either scale."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from commissioning.contracts import calculations_returns as calc
from commissioning.contracts.models import (
    Assessment,
    AssessmentStatus,
    Contract,
    ContractKind,
    Kpi,
    KpiRating,
    KpiUnit,
    PerformanceFailure,
    PerformanceReturn,
    Rating,
    ReturnQuery,
    ReturnStatus,
    ReturnValue,
)
from commissioning.core.demo import SeedContext

SAMPLE = 30  # external contracts with KPIs, besides every in-house plan and the demo provider's contracts
KPI_SETS = (
    ("Visits started within 15 minutes of the planned time", KpiUnit.PERCENTAGE, "95", "3", True),
    ("Complaints upheld", KpiUnit.NUMBER, "2", "1", False),
    ("Registered manager in post", KpiUnit.YES_NO, "1", "0", True),
)
STATUS_CYCLE = (
    ReturnStatus.ACCEPTED,
    ReturnStatus.ACCEPTED,
    ReturnStatus.SUBMITTED,
    ReturnStatus.QUERIED,
    ReturnStatus.ANSWERED,
    ReturnStatus.DUE,
)
RATINGS = [value for value, _ in Rating.choices]


def seed(ctx: SeedContext) -> None:
    if Kpi.objects.exists():
        return
    rng = random.Random(ctx.seed * 7919 + 13)  # noqa: S311 - demo data, not security
    today = ctx.today
    users = ctx.made["users"]
    demo_provider = users["provider"].organisation
    current = Contract.objects.filter(archived_at__isnull=True, start_date__lt=today, end_date__gt=today)
    chosen = list(current.filter(kind=ContractKind.IN_HOUSE).order_by("pk"))
    chosen += list(current.filter(provider=demo_provider).order_by("pk")[:3])
    chosen += [
        c
        for c in current.exclude(kind=ContractKind.IN_HOUSE).order_by("-total_value", "pk")[:SAMPLE]
        if c not in chosen
    ]
    now = timezone.now()
    kpis = [
        Kpi(
            contract=c,
            name=name,
            unit=unit,
            target=Decimal(target),
            tolerance=Decimal(tolerance),
            higher_is_better=higher,
        )
        for c in chosen
        for name, unit, target, tolerance, higher in KPI_SETS
    ]
    Kpi.objects.bulk_create(kpis)
    kpis_of: dict[int, list[Kpi]] = {}
    for kpi in kpis:
        kpis_of.setdefault(kpi.contract_id, []).append(kpi)
    # A year of returns: the last four quarters that have ended, and the one in progress.
    periods = list(calc.schedule(start=calc.months_before(today, 15), end=today))[-5:]
    returns: list[PerformanceReturn] = []
    for n, contract in enumerate(chosen):
        for i, period in enumerate(periods):
            if period.starts < contract.start_date:
                continue
            ended = period.ends < today
            status = (
                STATUS_CYCLE[(n + i) % len(STATUS_CYCLE)]
                if ended and i >= len(periods) - 3
                else (ReturnStatus.ACCEPTED if ended else ReturnStatus.DUE)
            )
            if n % 5 == 0 and ended and i == len(periods) - 2:
                status = ReturnStatus.DUE  # overdue
            locked = status != ReturnStatus.DUE
            returns.append(
                PerformanceReturn(
                    contract=contract,
                    period=period.label,
                    period_start=period.starts,
                    period_end=period.ends,
                    due_date=period.due,
                    status=status,
                    submitted_at=now if locked else None,
                    submitted_by=users["provider"]
                    if locked and contract.provider_id == demo_provider.pk
                    else (contract.contract_manager if locked and contract.kind == ContractKind.IN_HOUSE else None),
                    accepted_at=now if status == ReturnStatus.ACCEPTED else None,
                    accepted_by=contract.contract_manager if status == ReturnStatus.ACCEPTED else None,
                    staff_turnover=Decimal(rng.randint(50, 350)) / 10 if locked else None,
                    vacancies=rng.randint(0, 12) if locked else None,
                    agency_use=Decimal(rng.randint(0, 250)) / 10 if locked else None,
                    living_wage_share=Decimal(rng.randint(600, 1000)) / 10 if locked else None,
                    zero_hours_contracts=rng.randint(0, 30) if locked else None,
                    training_completed=Decimal(rng.randint(700, 1000)) / 10 if locked else None,
                )
            )
    PerformanceReturn.objects.bulk_create(returns)
    values: list[ReturnValue] = []
    queries: list[ReturnQuery] = []
    for ret in returns:
        if ret.status == ReturnStatus.DUE:
            continue
        quality = rng.random()
        for kpi in kpis_of[ret.contract_id]:
            if kpi.unit == KpiUnit.YES_NO:
                value = Decimal(1 if quality > 0.15 else 0)
            elif kpi.higher_is_better:
                value = (kpi.target - Decimal(int((1 - quality) * 12))).quantize(Decimal("0.1"))
            else:
                value = Decimal(int((1 - quality) * 6))
            values.append(ReturnValue(performance_return=ret, kpi=kpi, value=value))
        if ret.status in (ReturnStatus.QUERIED, ReturnStatus.ANSWERED):
            kpi = kpis_of[ret.contract_id][0]
            answered = ret.status == ReturnStatus.ANSWERED
            queries.append(
                ReturnQuery(
                    performance_return=ret,
                    kpi=kpi,
                    question="This is lower than last quarter: what happened?",
                    asked_by=ret.contract.contract_manager,
                    asked_at=now,
                    answer="Two staff were off sick for several weeks; cover is in place now." if answered else "",
                    answered_by=ret.submitted_by if answered else None,
                    answered_at=now if answered else None,
                )
            )
    ReturnValue.objects.bulk_create(values)
    ReturnQuery.objects.bulk_create(queries)
    # Assessments: a confirmed one for the year to the last quarter's end on each, rating every KPI (every rating
    # appears), and a draft on the in-house plans.
    year_end = periods[-2].ends if len(periods) > 1 else today
    assessments = []
    for n, contract in enumerate(chosen):
        confirmed = contract.kind != ContractKind.IN_HOUSE or n % 2
        assessments.append(
            Assessment(
                contract=contract,
                period_start=max(contract.start_date, calc.months_before(year_end, 12)),
                period_end=year_end,
                status=AssessmentStatus.CONFIRMED if confirmed else AssessmentStatus.DRAFT,
                confirmed_at=now if confirmed else None,
                confirmed_by=contract.contract_manager if confirmed else None,
            )
        )
    Assessment.objects.bulk_create(assessments)
    ratings = []
    for n, assessment in enumerate(assessments):
        for i, kpi in enumerate(kpis_of[assessment.contract_id]):
            drafted = RATINGS[(n + i) % len(RATINGS)]
            changed = (n + i) % 7 == 3 and drafted != Rating.GOOD
            ratings.append(
                KpiRating(
                    assessment=assessment,
                    kpi=kpi,
                    drafted=drafted,
                    rating=Rating.APPROACHING if changed else drafted,
                    explanation="Drafted from the year's returns against the target and tolerance.",
                    reason="Improvement plan agreed and on track in the last quarter." if changed else "",
                )
            )
    KpiRating.objects.bulk_create(ratings)
    if assessments:
        first = assessments[-1]
        PerformanceFailure.objects.bulk_create(
            [
                PerformanceFailure(
                    contract_id=first.contract_id,
                    assessment=first,
                    requirement="Visits within 15 minutes of the plan",
                    description="Fewer than 85% of visits on time for two quarters running.",
                    decision_date=min(today, first.period_end + dt.timedelta(days=20)),
                    remedy="Service credit of 2% of the quarter's payment; improvement plan.",
                    partly_terminated=False,
                )
            ]
        )
    ctx.counts["contract KPIs"] = len(kpis)
    ctx.counts["contract returns"] = len(returns)
