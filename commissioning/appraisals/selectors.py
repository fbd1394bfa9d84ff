"""Reads for options appraisals and business cases: the only place that builds their querysets.

Visibility: appraisals and business cases are internal working papers. Every internal role reads them; the public
and providers see none of them (a provider may be bidding for the very service). This agrees with rules.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When

from commissioning.accounts.models import Organisation
from commissioning.appraisals import selectors_equality
from commissioning.appraisals.models import (
    KIND_ORDER,
    Appraisal,
    BusinessCase,
    BusinessCaseStatus,
    CostBenefitLine,
    CriterionScore,
    Option,
    SimulationRun,
    SimulationStatus,
)
from commissioning.core.permissions import Role
from commissioning.core.sample import HOME_LIMIT, Sample, empty, sample
from commissioning.core.search import search
from commissioning.reviews.models import CommissioningReview


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def can_see_appraisals(user: Any) -> bool:
    return _role(user) in Role.INTERNAL


def visible_appraisals(*, user: Any) -> QuerySet[Appraisal]:
    if can_see_appraisals(user):
        return Appraisal.objects.all()
    return Appraisal.objects.none()


def visible_business_cases(*, user: Any) -> QuerySet[BusinessCase]:
    if can_see_appraisals(user):
        return BusinessCase.objects.all()
    return BusinessCase.objects.none()


def appraisal_detail(*, user: Any, pk: int) -> Appraisal:
    """Raises Appraisal.DoesNotExist when the appraisal is missing or not visible to this user."""
    return (
        visible_appraisals(user=user)
        .select_related("review", "review__directorate", "review__lead_commissioner")
        .get(pk=pk)
    )


def appraisal_of_review(*, user: Any, review: CommissioningReview) -> Appraisal | None:
    return visible_appraisals(user=user).filter(review=review).first()


def _kind_order() -> Case:
    return Case(
        *[When(kind=kind, then=Value(order)) for kind, order in KIND_ORDER.items()],
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def _options(appraisal: Appraisal) -> QuerySet[Option]:
    return (
        Option.objects.filter(appraisal=appraisal)
        .select_related("partner")
        .annotate(kind_order=_kind_order())
        .order_by("kind_order", "pk")
    )


def shortlist(*, appraisal: Appraisal) -> list[Option]:
    """The current options, business as usual first, each with ``current_lines`` and ``current_scores`` (3 queries)."""
    return list(
        _options(appraisal)
        .filter(archived_at__isnull=True)
        .prefetch_related(
            Prefetch("lines", queryset=CostBenefitLine.objects.active().order_by("pk"), to_attr="current_lines"),
            Prefetch("scores", queryset=CriterionScore.objects.active().order_by("pk"), to_attr="current_scores"),
        )
    )


def removed_options(*, appraisal: Appraisal) -> list[Option]:
    """Options taken off the shortlist (archived), newest first."""
    return list(_options(appraisal).filter(archived_at__isnull=False).select_related("archived_by"))


def option_detail(*, user: Any, pk: int) -> Option:
    """Raises Option.DoesNotExist when the option is missing or its appraisal is not visible to this user."""
    return (
        Option.objects.filter(appraisal__in=visible_appraisals(user=user))
        .select_related(
            "appraisal",
            "appraisal__review",
            "appraisal__review__directorate",
            "partner",
            "archived_by",
        )
        .prefetch_related(
            Prefetch("lines", queryset=CostBenefitLine.objects.active().order_by("pk"), to_attr="current_lines"),
            Prefetch("scores", queryset=CriterionScore.objects.active().order_by("pk"), to_attr="current_scores"),
        )
        .get(pk=pk)
    )


def option_lines(*, option: Option) -> list[CostBenefitLine]:
    return list(CostBenefitLine.objects.active().filter(option=option).order_by("pk"))


def option_name_in_use(*, appraisal: Appraisal, name: str, excluding: Option | None = None) -> bool:
    options = Option.objects.active().filter(appraisal=appraisal, name__iexact=name.strip())
    if excluding is not None:
        options = options.exclude(pk=excluding.pk)
    return options.exists()


def current_option_of_kind(*, appraisal: Appraisal, kind: str, excluding: Option | None = None) -> Option | None:
    options = Option.objects.active().filter(appraisal=appraisal, kind=kind)
    if excluding is not None:
        options = options.exclude(pk=excluding.pk)
    return options.first()


def partner_choices() -> QuerySet[Organisation]:
    """Organisations that could deliver or share a service: everyone but the council itself."""
    return Organisation.objects.active().exclude(is_home=True).order_by("name")


# Simulation --------------------------------------------------------------------------------------------------------


def latest_simulation(*, appraisal: Appraisal) -> SimulationRun | None:
    """The newest run, whatever its state (queued, finished or failed)."""
    return SimulationRun.objects.filter(appraisal=appraisal).select_related("created_by").order_by("-pk").first()


def latest_finished_simulation(*, appraisal: Appraisal) -> SimulationRun | None:
    return (
        SimulationRun.objects.filter(appraisal=appraisal, status=SimulationStatus.DONE)
        .select_related("created_by")
        .order_by("-pk")
        .first()
    )


# Business cases ----------------------------------------------------------------------------------------------------


def business_case_detail(*, user: Any, pk: int) -> BusinessCase:
    """Raises BusinessCase.DoesNotExist when the case is missing or not visible to this user (the PDF not loaded)."""
    return (
        visible_business_cases(user=user)
        .defer("pdf")
        .select_related(
            "review",
            "review__directorate",
            "review__lead_commissioner",
            "review__appraisal",
            "recommended_option",
            "submitted_by",
            "supersedes",
            "superseded_by",
        )
        .get(pk=pk)
    )


def business_case_pdf_bytes(*, case: BusinessCase) -> bytes | None:
    """The PDF stored when the version was submitted (None for a draft, or a version submitted without one)."""
    pdf = BusinessCase.objects.filter(pk=case.pk).values_list("pdf", flat=True).first()
    return bytes(pdf) if pdf else None


def business_case_versions(*, review: CommissioningReview) -> list[BusinessCase]:
    """Every version of the review's business case, newest first."""
    return list(BusinessCase.objects.filter(review=review).select_related("submitted_by").order_by("-version"))


def latest_business_case(*, review: CommissioningReview) -> BusinessCase | None:
    return BusinessCase.objects.filter(review=review).defer("pdf", "snapshot").order_by("-version").first()


def is_latest_version(case: BusinessCase) -> bool:
    return not BusinessCase.objects.filter(review_id=case.review_id, version__gt=case.version).exists()


LIST_SORTS = {
    "review": ("review__reference", "-version"),
    "submitted": ("submitted_at", "review__reference"),
    "version": ("version", "review__reference"),
}


@dataclass(frozen=True)
class BusinessCaseFilters:
    q: str = ""
    status: str = ""
    latest_only: bool = True
    sort: str = "review"
    descending: bool = False


def business_case_list(*, user: Any, filters: BusinessCaseFilters) -> QuerySet[BusinessCase]:
    cases = (
        visible_business_cases(user=user)
        .defer("pdf", "snapshot")
        .select_related("review", "review__directorate", "recommended_option", "submitted_by")
    )
    if filters.latest_only:
        cases = cases.filter(superseded_by__isnull=True)
    if filters.status in BusinessCaseStatus.values:
        cases = cases.filter(status=filters.status)
    cases = search(cases, filters.q, "review__search_key")
    order = LIST_SORTS.get(filters.sort, LIST_SORTS["review"])
    if filters.descending:
        order = (f"-{order[0]}", *order[1:])
    return cases.order_by(*order, "pk")


EXPORT_HEADERS = [
    "Review reference",
    "Review",
    "Directorate",
    "Version",
    "Status",
    "Recommended option",
    "Submitted to",
    "Submitted on",
    "Submitted by",
    "Superseded",
]


def business_case_export_rows(cases: QuerySet[BusinessCase]) -> Iterator[list[Any]]:
    for case in cases.annotate(newer=Count("superseded_by")).iterator(chunk_size=500):
        yield [
            case.review.reference,
            case.review.title,
            case.review.directorate.name,
            case.version,
            case.get_status_display(),
            case.recommended_option.name if case.recommended_option else "",
            case.board,
            case.submitted_at,
            str(case.submitted_by) if case.submitted_by else "",
            bool(case.newer),
        ]


# History of an option's lines --------------------------------------------------------------------------------------


def line_history_records(*, option: Option) -> list[Any]:
    """Every history entry of the option's lines, oldest first (one query; an option has tens of lines)."""
    return list(
        CostBenefitLine.history.filter(option_id=option.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


# The home page (commissioning.portal.home). Two queries each, whatever the number of business cases.
# Who decides: until the governance app records decisions, every submitted latest version awaits one.
DECIDING_ROLES = frozenset({Role.CABINET, Role.DIRECTOR})


def _latest_submitted(user: Any) -> QuerySet[BusinessCase]:
    return (
        visible_business_cases(user=user)
        .filter(status=BusinessCaseStatus.SUBMITTED, superseded_by__isnull=True)
        .defer("pdf", "snapshot")
        .select_related("review")
    )


def business_cases_to_decide(*, user: Any, limit: int = HOME_LIMIT) -> Sample[BusinessCase]:
    """Submitted business cases (their latest version) awaiting a decision, for cabinet members and directors."""
    if _role(user) not in DECIDING_ROLES:
        return empty()
    return sample(_latest_submitted(user).order_by("submitted_at", "pk"), limit)


def business_cases_submitted_since(*, user: Any, since: Any, limit: int = HOME_LIMIT) -> Sample[BusinessCase]:
    """Business case versions submitted since the user last signed in, newest first."""
    if since is None:
        return empty()
    return sample(_latest_submitted(user).filter(submitted_at__gt=since).order_by("-submitted_at", "-pk"), limit)


# Equality impact assessments (ADR 0036): their own module, offered to other apps here.
EIA_LABELS = selectors_equality.EIA_LABELS
assessment_detail = selectors_equality.assessment_detail
assessment_of_option = selectors_equality.assessment_of_option
assessment_of_review = selectors_equality.assessment_of_review
characteristics_named = selectors_equality.characteristics_named
option_assessments_of_review = selectors_equality.option_assessments_of_review
unaddressed_negatives_of_option = selectors_equality.unaddressed_negatives_of_option
visible_assessments = selectors_equality.visible_assessments
