"""The contracts app's observed signals for scrutiny's contract monitoring protocol (core.monitoring_signals):
each current contract's KPI ratings and overall rating (the worst of its KPIs) from its latest confirmed assessment,
and the staff turnover and agency use of its latest accepted return. Five queries however many contracts, reading
plain values (no model instances), since the protocol's page asks for every contract's signals; remembered while
none of the records it reads has changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from commissioning.contracts.models import Assessment, AssessmentStatus, Contract, Kpi, KpiRating, PerformanceReturn
from commissioning.contracts.models.returns import ReturnStatus
from commissioning.core import memo
from commissioning.core import monitoring_signals as signals

RATING_ORDER = ("good", "approaching", "requires_improvement", "inadequate")


def latest_contract_signals() -> list[signals.Observation]:
    """Remembered under the version of the contracts, their KPIs, assessments, ratings and returns (core.memo, ADR
    0038): one query while none of them has changed, since every contract is read."""
    memo.watch_many_to_many(Contract.services.through, Contract)
    return memo.remembered(
        "contracts.latest_contract_signals",
        (Contract, Kpi, Assessment, KpiRating, PerformanceReturn),
        _latest_contract_signals,
    )


def _latest_contract_signals() -> list[signals.Observation]:
    contracts = {
        pk: f"{reference} {title}"
        for pk, reference, title in Contract.objects.filter(archived_at__isnull=True)
        .order_by()
        .values_list("pk", "reference", "title")
    }
    first_service: dict[int, int] = {}
    for contract_id, service_id in (
        Contract.services.through.objects.filter(contract__archived_at__isnull=True)
        .order_by("service_id")
        .values_list("contract_id", "service_id")
    ):
        first_service.setdefault(contract_id, service_id)
    pattern = reverse("contracts:detail", args=[987654321])
    hrefs: dict[int, str] = {pk: pattern.replace("987654321", str(pk)) for pk in contracts}

    latest: dict[int, tuple[int, dt.date]] = {}
    for contract_id, pk, period_end in (
        Assessment.objects.filter(
            status=AssessmentStatus.CONFIRMED, archived_at__isnull=True, contract__archived_at__isnull=True
        )
        .order_by("contract_id", "-period_end", "-pk")
        .values_list("contract_id", "pk", "period_end")
    ):
        latest.setdefault(contract_id, (pk, period_end))
    wanted = {pk: contract_id for contract_id, (pk, _end) in latest.items()}

    def observation(
        kind: str, contract_id: int, value: str | Decimal, subject: str, period: str
    ) -> signals.Observation:
        return signals.Observation(
            kind=kind,
            subject=subject,
            value=value,
            service_id=first_service.get(contract_id),
            contract_id=contract_id,
            href=hrefs[contract_id],
            period=period,
        )

    found: list[signals.Observation] = []
    worst: dict[int, str] = {}
    for assessment_id, kpi_name, rating in (
        KpiRating.objects.filter(assessment__in=list(wanted), archived_at__isnull=True)
        .order_by("assessment_id", "kpi__name")
        .values_list("assessment_id", "kpi__name", "rating")
    ):
        contract_id = wanted[assessment_id]
        period = f"to {latest[contract_id][1]:%-d %B %Y}"
        found.append(
            observation(signals.KPI_RATING, contract_id, rating, f"{contracts[contract_id]}: {kpi_name}", period)
        )
        if rating in RATING_ORDER and (
            contract_id not in worst or RATING_ORDER.index(rating) > RATING_ORDER.index(worst[contract_id])
        ):
            worst[contract_id] = rating
    for contract_id, rating in worst.items():
        period = f"to {latest[contract_id][1]:%-d %B %Y}"
        found.append(observation(signals.ASSESSMENT_RATING, contract_id, rating, contracts[contract_id], period))

    seen: set[int] = set()
    for contract_id, period, turnover, agency in (
        PerformanceReturn.objects.filter(
            status=ReturnStatus.ACCEPTED, archived_at__isnull=True, contract__archived_at__isnull=True
        )
        .order_by("contract_id", "-period_end", "-pk")
        .values_list("contract_id", "period", "staff_turnover", "agency_use")
    ):
        if contract_id in seen:
            continue
        seen.add(contract_id)
        for kind, value in ((signals.STAFF_TURNOVER, turnover), (signals.AGENCY_USE, agency)):
            if value is not None:
                found.append(observation(kind, contract_id, value, contracts[contract_id], period))
    return found
