"""The contracts app's observed signals for scrutiny's contract monitoring protocol (core.monitoring_signals):
each current contract's KPI ratings and overall rating (the worst of its KPIs) from its latest confirmed assessment,
and the staff turnover and agency use of its latest accepted return. Four queries however many contracts."""

from __future__ import annotations

from django.urls import reverse

from commissioning.contracts.models import Assessment, AssessmentStatus, Contract, KpiRating, PerformanceReturn
from commissioning.contracts.models.returns import ReturnStatus
from commissioning.core import monitoring_signals as signals

RATING_ORDER = ("good", "approaching", "requires_improvement", "inadequate")


def latest_contract_signals() -> list[signals.Observation]:
    contracts = {c.pk: c for c in Contract.objects.filter(archived_at__isnull=True).only("pk", "reference", "title")}
    first_service: dict[int, int] = {}
    for contract_id, service_id in (
        Contract.services.through.objects.filter(contract_id__in=list(contracts))
        .order_by("service_id")
        .values_list("contract_id", "service_id")
    ):
        first_service.setdefault(contract_id, service_id)

    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(
        status=AssessmentStatus.CONFIRMED, archived_at__isnull=True, contract_id__in=list(contracts)
    ).order_by("contract_id", "-period_end", "-pk"):
        latest.setdefault(assessment.contract_id, assessment)
    found: list[signals.Observation] = []
    worst: dict[int, str] = {}
    for rating in (
        KpiRating.objects.filter(assessment__in=[a.pk for a in latest.values()], archived_at__isnull=True)
        .select_related("kpi", "assessment")
        .order_by("assessment__contract_id", "kpi__name")
    ):
        contract_id = rating.assessment.contract_id
        contract = contracts[contract_id]
        href = reverse("contracts:detail", args=[contract_id])
        found.append(
            signals.Observation(
                kind=signals.KPI_RATING,
                subject=f"{contract.reference} {contract.title}: {rating.kpi.name}",
                value=rating.rating,
                service_id=first_service.get(contract_id),
                contract_id=contract_id,
                href=href,
                period=f"to {rating.assessment.period_end:%-d %B %Y}",
            )
        )
        if rating.rating in RATING_ORDER and (
            contract_id not in worst or RATING_ORDER.index(rating.rating) > RATING_ORDER.index(worst[contract_id])
        ):
            worst[contract_id] = rating.rating
    for contract_id, rating_value in worst.items():
        contract = contracts[contract_id]
        found.append(
            signals.Observation(
                kind=signals.ASSESSMENT_RATING,
                subject=f"{contract.reference} {contract.title}",
                value=rating_value,
                service_id=first_service.get(contract_id),
                contract_id=contract_id,
                href=reverse("contracts:detail", args=[contract_id]),
                period=f"to {latest[contract_id].period_end:%-d %B %Y}",
            )
        )

    returns: dict[int, PerformanceReturn] = {}
    for performance_return in PerformanceReturn.objects.filter(
        status=ReturnStatus.ACCEPTED, archived_at__isnull=True, contract_id__in=list(contracts)
    ).order_by("contract_id", "-period_end", "-pk"):
        returns.setdefault(performance_return.contract_id, performance_return)
    for contract_id, performance_return in returns.items():
        contract = contracts[contract_id]
        for kind, value in (
            (signals.STAFF_TURNOVER, performance_return.staff_turnover),
            (signals.AGENCY_USE, performance_return.agency_use),
        ):
            if value is not None:
                found.append(
                    signals.Observation(
                        kind=kind,
                        subject=f"{contract.reference} {contract.title}",
                        value=value,
                        service_id=first_service.get(contract_id),
                        contract_id=contract_id,
                        href=reverse("contracts:detail", args=[contract_id]),
                        period=performance_return.period,
                    )
                )
    return found
