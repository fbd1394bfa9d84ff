"""Reads for KPIs, provider returns and performance assessments. Visibility agrees with rules.py: inside the council
every contract's; a provider contact only their own organisation's contracts' (never another provider's, published
or not); nobody else's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.contracts import calculations_returns as calc
from commissioning.contracts.models import (
    KPI_THRESHOLD,
    MIN_KPIS,
    Assessment,
    AssessmentStatus,
    Contract,
    Kpi,
    KpiExemption,
    KpiFrequency,
    KpiRating,
    PerformanceFailure,
    PerformanceReturn,
    ReturnQuery,
    ReturnStatus,
    ReturnValue,
)
from commissioning.core.permissions import Role
from commissioning.core.sample import Sample, sample
from commissioning.outcomes.models import Indicator

TO_REVIEW = (ReturnStatus.SUBMITTED, ReturnStatus.ANSWERED)


def today() -> dt.date:
    return timezone.localdate()


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def performance_contracts(*, user: Any) -> QuerySet[Contract]:
    """The contracts whose KPIs, returns and assessments the user may see."""
    role = _role(user)
    if role in Role.INTERNAL:
        return Contract.objects.all()
    if role == Role.PROVIDER and user.organisation_id:
        return Contract.objects.filter(provider_id=user.organisation_id)
    return Contract.objects.none()


def performance_contract(*, user: Any, pk: int) -> Contract:
    return performance_contracts(user=user).select_related("provider", "contract_manager").get(pk=pk)


def _returns_of(user: Any) -> QuerySet[PerformanceReturn]:
    role = _role(user)
    found = PerformanceReturn.objects.filter(contract__archived_at__isnull=True)
    if role in Role.INTERNAL:
        return found
    if role == Role.PROVIDER and user.organisation_id:
        return found.filter(contract__provider_id=user.organisation_id)
    return found.none()


# KPIs ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRequirement:
    """The Procurement Act 2023's rule: a contract worth £5 million or more has at least three KPIs, or a recorded
    reason why not."""

    applies: bool
    count: int
    exemption: str

    @property
    def met(self) -> bool:
        return not self.applies or self.count >= MIN_KPIS or bool(self.exemption)


def kpi_requirement(*, contract: Contract, count: int | None = None) -> KpiRequirement:
    applies = contract.total_value >= KPI_THRESHOLD
    if count is None:
        count = contract.kpis.filter(archived_at__isnull=True).count() if contract.pk else 0
    exemption = ""
    if contract.pk:  # a contract not yet saved has no recorded reason
        exemption = KpiExemption.objects.filter(contract=contract).values_list("reason", flat=True).first() or ""
    return KpiRequirement(applies=applies, count=count, exemption=exemption)


def kpis_of(*, contract: Contract) -> list[Kpi]:
    return list(contract.kpis.filter(archived_at__isnull=True).prefetch_related("indicators").order_by("name", "pk"))


def kpi_detail(*, user: Any, pk: int) -> Kpi:
    return (
        Kpi.objects.filter(contract__in=performance_contracts(user=user))
        .select_related("contract", "contract__provider")
        .get(pk=pk)
    )


def indicator_choices(*, contract: Contract | None) -> QuerySet[Indicator]:
    """The indicators of the services the contract delivers (every current indicator when it names none)."""
    indicators = Indicator.objects.filter(archived_at__isnull=True)
    if contract is not None and contract.pk and contract.services.exists():
        indicators = indicators.filter(services__in=contract.services.all()).distinct()
    return indicators.order_by("name")


def kpis_asked(*, ret: PerformanceReturn) -> list[Kpi]:
    """The KPIs a return asks for: every quarterly KPI, and the annual ones in the fourth quarter's return."""
    kpis = ret.contract.kpis.filter(archived_at__isnull=True)
    if not ret.period.endswith("Q4"):
        kpis = kpis.exclude(frequency=KpiFrequency.ANNUAL)
    return list(kpis.order_by("name", "pk"))


# Returns ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnFilters:
    status: str = ""
    overdue: bool = False


def overdue_q(day: dt.date | None = None) -> Q:
    return Q(status=ReturnStatus.DUE, due_date__lt=calc.overdue_if_due_before(day or today()))


def returns_list(*, user: Any, filters: ReturnFilters) -> QuerySet[PerformanceReturn]:
    """Returns whose quarter has ended (those to come are not due yet), latest due first."""
    found = _returns_of(user).filter(period_end__lt=today())
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.overdue:
        found = found.filter(overdue_q())
    return found.select_related("contract", "contract__provider").order_by("-due_date", "contract__reference")


EXPORT_HEADERS = (
    "Contract reference",
    "Contract",
    "Supplier",
    "Quarter",
    "Due date",
    "Status",
    "Overdue",
    "Submitted on",
    "Accepted on",
    "Staff turnover (%)",
    "Vacancies",
    "Agency use (%)",
    "Paid at least the Real Living Wage (%)",
    "Zero-hours contracts",
    "Training completed (%)",
)


def returns_export_rows(found: QuerySet[PerformanceReturn]) -> Iterable[list[Any]]:
    day = today()
    for ret in found.iterator(chunk_size=500):
        contract = ret.contract
        yield [
            contract.reference,
            contract.title,
            contract.provider.name if contract.provider else "In-house",
            ret.period,
            ret.due_date.isoformat(),
            ret.get_status_display(),
            "Yes" if is_overdue(ret, day) else "No",
            ret.submitted_at.date().isoformat() if ret.submitted_at else "",
            ret.accepted_at.date().isoformat() if ret.accepted_at else "",
            ret.staff_turnover,
            ret.vacancies,
            ret.agency_use,
            ret.living_wage_share,
            ret.zero_hours_contracts,
            ret.training_completed,
        ]


def returns_of_contract(*, contract: Contract) -> list[PerformanceReturn]:
    return list(contract.returns.filter(period_start__lte=today()).order_by("-period_start"))


def return_detail(*, user: Any, pk: int) -> PerformanceReturn:
    return (
        _returns_of(user)
        .select_related("contract", "contract__provider", "contract__contract_manager", "submitted_by", "accepted_by")
        .prefetch_related(
            Prefetch("values", queryset=ReturnValue.objects.select_related("kpi").order_by("kpi__name")),
            "evidence",
            Prefetch("queries", queryset=ReturnQuery.objects.select_related("kpi", "asked_by", "answered_by")),
        )
        .get(pk=pk)
    )


def query_detail(*, user: Any, pk: int) -> ReturnQuery:
    return (
        ReturnQuery.objects.filter(performance_return__in=_returns_of(user))
        .select_related("performance_return", "performance_return__contract", "kpi")
        .get(pk=pk)
    )


def evidence_detail(*, user: Any, pk: int) -> Any:
    from commissioning.contracts.models import ReturnEvidence

    return (
        ReturnEvidence.objects.filter(performance_return__in=_returns_of(user))
        .select_related("performance_return__contract")
        .get(pk=pk)
    )


def is_overdue(ret: PerformanceReturn, day: dt.date | None = None) -> bool:
    return ret.status == ReturnStatus.DUE and calc.return_overdue(due=ret.due_date, today=day or today())


def _own_work(user: Any, found: QuerySet[PerformanceReturn]) -> QuerySet[PerformanceReturn]:
    """A provider contact's organisation's returns; for the council's people, those of the contracts they manage."""
    if _role(user) == Role.PROVIDER:
        return found
    return found.filter(contract__contract_manager=user)


def returns_overdue(*, user: Any) -> Sample[PerformanceReturn]:
    found = _own_work(user, _returns_of(user).filter(overdue_q()))
    return sample(found.select_related("contract").order_by("due_date", "contract__reference"))


def returns_to_review(*, user: Any) -> Sample[PerformanceReturn]:
    if _role(user) == Role.PROVIDER:
        return sample(PerformanceReturn.objects.none())
    found = _returns_of(user).filter(status__in=TO_REVIEW, contract__contract_manager=user)
    return sample(found.select_related("contract").order_by("submitted_at", "pk"))


def returns_to_send(*, user: Any) -> Sample[PerformanceReturn]:
    """Returns waiting for the provider (or an in-house plan's manager): due now, or queried."""
    day = today()
    found = _returns_of(user).filter(
        Q(status=ReturnStatus.QUERIED)
        | Q(status=ReturnStatus.DUE, period_end__lt=day, due_date__gte=day - dt.timedelta(days=120))
    )
    if _role(user) != Role.PROVIDER:
        found = found.filter(contract__kind="in_house", contract__contract_manager=user)
    return sample(found.select_related("contract").order_by("due_date", "contract__reference"))


def overdue_return_count(*, contract: Contract) -> int:
    return contract.returns.filter(overdue_q()).count()


# Assessments --------------------------------------------------------------------------------------------------------


def assessments_of(*, contract: Contract) -> list[Assessment]:
    return list(
        contract.assessments.annotate(rated=Count("ratings"), failures_count=Count("failures", distinct=True)).order_by(
            "-period_end", "-pk"
        )
    )


def assessment_detail(*, user: Any, pk: int) -> Assessment:
    return (
        Assessment.objects.filter(contract__in=performance_contracts(user=user))
        .select_related("contract", "contract__provider", "contract__contract_manager", "confirmed_by")
        .prefetch_related(
            Prefetch("ratings", queryset=KpiRating.objects.select_related("kpi").order_by("kpi__name", "pk")),
            "failures",
        )
        .get(pk=pk)
    )


def rating_detail(*, user: Any, pk: int) -> KpiRating:
    return (
        KpiRating.objects.filter(assessment__contract__in=performance_contracts(user=user))
        .select_related("assessment", "assessment__contract", "kpi")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class AssessmentDue:
    due: dt.date
    overdue: bool


def assessment_due(*, contract: Contract) -> AssessmentDue:
    last = contract.assessments.filter(status=AssessmentStatus.CONFIRMED).aggregate(end=Max("period_end"))["end"]
    due = calc.assessment_due(start=contract.start_date, end=contract.end_date, last_period_end=last)
    finished = last is not None and last >= contract.end_date
    return AssessmentDue(due=due, overdue=not finished and due < today())


def values_for_period(*, contract: Contract, start: dt.date, end: dt.date) -> dict[int, list[Decimal]]:
    """Every value returned for each KPI in returns submitted for quarters ending between start and end."""
    values: dict[int, list[Decimal]] = {}
    rows = ReturnValue.objects.filter(
        performance_return__contract=contract,
        performance_return__period_end__gte=start,
        performance_return__period_end__lte=end,
        performance_return__status__in=[s for s in ReturnStatus if s != ReturnStatus.DUE],
    ).values_list("kpi_id", "value")
    for kpi_id, value in rows:
        values.setdefault(kpi_id, []).append(value)
    return values


# The contract performance notice -----------------------------------------------------------------------------------

OCDS_RATING = {  # the Procurement Act 2023's ratings, as the OCDS for the UK profile names them
    "good": "good",
    "approaching": "approachingTarget",
    "requires_improvement": "requiresImprovement",
    "inadequate": "inadequate",
    "other": "other",
}


def performance_notice(*, assessment: Assessment) -> dict[str, Any]:
    """The data of a contract performance notice for a confirmed assessment, shaped for OCDS (a contract's
    ``implementation``: its KPIs rated, and its breaches and performance failures), ready for publishing to add the
    release's ocid and dates."""
    contract = assessment.contract
    ratings = assessment.ratings.select_related("kpi").order_by("kpi__name", "pk")
    failures = PerformanceFailure.objects.filter(contract=contract, archived_at__isnull=True).filter(
        Q(assessment=assessment)
        | Q(decision_date__gte=assessment.period_start, decision_date__lte=assessment.period_end)
    )
    return {
        "contract": {"id": contract.reference, "title": contract.title},
        "assessment": {
            "kind": assessment.kind,
            "period": {"startDate": assessment.period_start.isoformat(), "endDate": assessment.period_end.isoformat()},
            "status": assessment.status,
        },
        "implementation": {
            "kpis": [
                {
                    "id": str(r.kpi_id),
                    "title": r.kpi.name,
                    "target": str(r.kpi.target),
                    "unit": r.kpi.unit,
                    "rating": OCDS_RATING[r.rating],
                    "description": r.reason or r.explanation,
                }
                for r in ratings
            ],
            "breaches": [
                {
                    "requirement": f.requirement,
                    "description": f.description,
                    "date": f.decision_date.isoformat(),
                    "remedy": f.remedy,
                    "partialTermination": f.partly_terminated,
                }
                for f in failures.order_by("decision_date", "pk")
            ],
        },
    }


def return_recipients(*, contract: Contract) -> Iterable[User]:
    """Who hears that a return was queried: the organisation's provider contacts (an in-house plan's manager)."""
    if contract.provider_id is None:
        return [contract.contract_manager]
    return User.objects.filter(is_active=True, role=Role.PROVIDER, organisation_id=contract.provider_id).order_by("pk")


# Scrutiny (issue 10): contracts rated below Good in their latest confirmed assessment -----------------------------

# Best first; "Other" (nothing to rate) is outside the order, as in engine.contracts.ratings.
_RATING_ORDER = ("good", "approaching", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class BelowGood:
    contract: Contract
    assessment_end: dt.date
    rating: str  # the worst KPI rating of the assessment
    rating_label: str
    below: int  # how many KPIs were rated below Good


def contracts_below_good(*, user: Any) -> list[BelowGood]:
    """The current contracts the user may see whose latest confirmed performance assessment rated a KPI below Good,
    worst first: two queries, whatever the number of contracts."""
    from django.db.models import OuterRef, Subquery

    latest = (
        Assessment.objects.filter(contract=OuterRef("pk"), status=AssessmentStatus.CONFIRMED, archived_at__isnull=True)
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )
    contracts = {
        contract.latest_assessment: contract
        for contract in performance_contracts(user=user)
        .filter(archived_at__isnull=True)
        .annotate(latest_assessment=Subquery(latest))
        .exclude(latest_assessment=None)
        .select_related("provider")
        .only("pk", "reference", "title", "provider__name")
    }
    worst: dict[int, list[Any]] = {}
    for assessment_id, period_end, rating in KpiRating.objects.filter(
        assessment_id__in=list(contracts), archived_at__isnull=True, rating__in=_RATING_ORDER[1:]
    ).values_list("assessment_id", "assessment__period_end", "rating"):
        found = worst.setdefault(assessment_id, [period_end, rating, 0])
        if _RATING_ORDER.index(rating) > _RATING_ORDER.index(found[1]):
            found[1] = rating
        found[2] += 1
    labels = dict(KpiRating._meta.get_field("rating").choices or [])
    rows = [
        BelowGood(contracts[pk], period_end, rating, str(labels.get(rating, rating)), below)
        for pk, (period_end, rating, below) in worst.items()
    ]
    return sorted(rows, key=lambda row: (-_RATING_ORDER.index(row.rating), row.contract.reference))
