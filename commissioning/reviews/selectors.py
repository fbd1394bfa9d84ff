"""Reads for commissioning reviews: the only place that builds review querysets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.core.sample import HOME_LIMIT, Sample, empty, sample
from commissioning.core.search import search
from commissioning.reviews.calculations import current_quarter
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.services.models import Directorate, Service
from commissioning.services.selectors import visible_services

SORTS = {
    "planned_start": ("planned_start", "planned_end", "reference"),
    "planned_end": ("planned_end", "planned_start", "reference"),
    "reference": ("reference",),
    "title": ("title", "reference"),
    "directorate": ("directorate__name", "planned_start", "reference"),
    "stage": ("stage_order", "planned_start", "reference"),
    "lead": ("lead_commissioner__last_name", "lead_commissioner__first_name", "planned_start", "reference"),
}
DEFAULT_SORT = "planned_start"
REFERENCE_PREFIX = "CR"


@dataclass(frozen=True)
class ReviewFilters:
    """What the list page was asked for. Empty values mean "any"."""

    q: str = ""
    stage: str = ""
    status: str = ""
    directorate: int | None = None
    service: int | None = None
    quarter: str = ""  # canonical label, like "2026/27 Q2": reviews planned to run during that quarter
    include_archived: bool = False
    sort: str = DEFAULT_SORT
    descending: bool = False


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def visible_reviews(*, user: Any) -> QuerySet[CommissioningReview]:
    """Everything this user may see: internal roles every review, everyone else (providers too) published current ones.

    This agrees with reviews.view_commissioningreview in rules.py.
    """
    reviews = CommissioningReview.objects.all()
    if _role(user) in Role.INTERNAL:
        return reviews
    return reviews.filter(published=True, archived_at__isnull=True)


def _services_under_review(user: Any) -> Prefetch:
    """The services a review covers, as far as this user may see them (a published review can cover a draft service)."""
    return Prefetch(
        "services",
        queryset=visible_services(user=user).select_related("directorate").order_by("name", "reference"),
    )


def review_list(*, user: Any, filters: ReviewFilters) -> QuerySet[CommissioningReview]:
    reviews = (
        visible_reviews(user=user)
        .select_related("directorate", "lead_commissioner")
        .prefetch_related(_services_under_review(user))
        .annotate(
            stage_order=Case(
                *[When(stage=value, then=Value(index)) for index, value in enumerate(Stage.values)],
                default=Value(len(Stage.values)),
                output_field=IntegerField(),
            )
        )
    )
    if not filters.include_archived:
        reviews = reviews.filter(archived_at__isnull=True)
    links = CommissioningReview.services.through.objects.filter(commissioningreview_id=OuterRef("pk"))
    reviews = search(
        reviews,
        filters.q,
        "search_text",
        # or one of the services under review that this user may see, by its name or reference
        also=lambda word: Q(Exists(links.filter(service__in=search(visible_services(user=user), word, "search_key")))),
    )
    if filters.stage in Stage.values:
        reviews = reviews.filter(stage=filters.stage)
    if filters.status in ReviewStatus.values:
        reviews = reviews.filter(status=filters.status)
    if filters.directorate:
        reviews = reviews.filter(directorate_id=filters.directorate)
    if filters.service:
        reviews = reviews.filter(services__pk=filters.service)
    if filters.quarter:
        # Canonical labels have a fixed width, so comparing them compares the quarters.
        reviews = reviews.filter(planned_start__lte=filters.quarter, planned_end__gte=filters.quarter)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if filters.descending:
        order = (f"-{order[0]}", *order[1:])
    return reviews.order_by(*order, "pk")


def review_export_rows(reviews: QuerySet[CommissioningReview], *, user: Any) -> Iterator[list[Any]]:
    """Rows for the CSV and Excel downloads: three queries whatever the number of rows.

    Services are read as (review, service) id pairs and named from one lookup of the services this user may see,
    so a download never names a service the user could not open.
    """
    names = {
        pk: f"{name} ({reference})"
        for pk, name, reference in visible_services(user=user).values_list("pk", "name", "reference")
    }
    covered: dict[int, list[str]] = {}
    links = CommissioningReview.services.through.objects.filter(
        commissioningreview_id__in=reviews.values("pk")
    ).values_list("commissioningreview_id", "service_id")
    for review_id, service_id in links.iterator(chunk_size=5000):
        if service_id in names:
            covered.setdefault(review_id, []).append(names[service_id])
    for review in reviews.prefetch_related(None).iterator(chunk_size=500):
        yield [
            review.reference,
            review.title,
            review.purpose,
            "; ".join(sorted(covered.get(review.pk, []))),
            review.directorate.name,
            str(review.lead_commissioner),
            review.get_stage_display(),
            review.planned_start,
            review.planned_end,
            review.get_status_display(),
            review.published,
            "Archived" if review.is_archived else "Current",
        ]


EXPORT_HEADERS = [
    "Reference",
    "Review",
    "Purpose",
    "Services under review",
    "Directorate",
    "Lead commissioner",
    "Stage",
    "Planned start",
    "Planned end",
    "Status",
    "Published",
    "Record",
]


def review_detail(*, user: Any, pk: int) -> CommissioningReview:
    """Raises CommissioningReview.DoesNotExist when the review is missing or not visible to this user."""
    return (
        visible_reviews(user=user)
        .select_related("directorate", "lead_commissioner", "archived_by")
        .prefetch_related(_services_under_review(user))
        .get(pk=pk)
    )


def reviews_for_service(*, user: Any, service: Service) -> QuerySet[CommissioningReview]:
    """The current reviews that cover a service and that this user may see, latest first: the golden thread back."""
    return (
        visible_reviews(user=user)
        .filter(services=service, archived_at__isnull=True)
        .select_related("lead_commissioner")
        .order_by("-planned_start", "-reference")
    )


def directorate_choices(*, including: int | None = None) -> QuerySet[Directorate]:
    """Current directorates, and the review's own directorate if it has since been archived (so an edit keeps it)."""
    return Directorate.objects.filter(Q(archived_at__isnull=True) | Q(pk=including)).order_by("name")


def lead_commissioner_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR]).order_by(
        "last_name", "first_name"
    )


def service_choices(*, review: CommissioningReview | None = None) -> QuerySet[Service]:
    """Current services, and any archived service the review already covers (so an edit does not drop it)."""
    offered = Q(archived_at__isnull=True)
    if review is not None and review.pk:
        offered |= Q(pk__in=review.services.values("pk"))
    return Service.objects.filter(offered).select_related("directorate").order_by("name", "reference")


def visible_service(*, user: Any, pk: int) -> Service | None:
    """A service this user may see, for the "reviews of this service" filter; None when it is missing or hidden."""
    return visible_services(user=user).filter(pk=pk).only("pk", "name", "reference").first()


def reference_in_use(*, reference: str, excluding: CommissioningReview | None = None) -> bool:
    reviews = CommissioningReview.objects.filter(reference=reference)
    if excluding is not None:
        reviews = reviews.exclude(pk=excluding.pk)
    return reviews.exists()


def next_reference(*, year: int) -> str:
    """The next free reference in the year's series, like CR-2026-013 (the year the review is planned to start)."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    numbers = [
        int(ref[len(prefix) :])
        for ref in CommissioningReview.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if ref[len(prefix) :].isdigit()
    ]
    return f"{prefix}{(max(numbers) + 1) if numbers else 1:03d}"


@dataclass(frozen=True)
class ProgrammeSummary:
    count: int
    in_progress: int


def programme_summary(*, user: Any) -> ProgrammeSummary:
    """How many current reviews this user may see, and how many of them are under way (one query)."""
    totals = (
        visible_reviews(user=user)
        .filter(archived_at__isnull=True)
        .aggregate(count=Count("pk"), in_progress=Count("pk", filter=Q(status=ReviewStatus.IN_PROGRESS)))
    )
    return ProgrammeSummary(count=totals["count"] or 0, in_progress=totals["in_progress"] or 0)


def reviews_covering(*, service_ids: set[int]) -> dict[int, list[tuple[str, str, str, int]]]:
    """For each service, the current (not archived) reviews covering it as (stage, status, planned_start, pk): what
    its review status follows from (calculations.service_status_from_reviews). Services with none map to []."""
    covering: dict[int, list[tuple[str, str, str, int]]] = {pk: [] for pk in service_ids}
    rows = CommissioningReview.services.through.objects.filter(
        service_id__in=service_ids, commissioningreview__archived_at__isnull=True
    ).values_list(
        "service_id",
        "commissioningreview__stage",
        "commissioningreview__status",
        "commissioningreview__planned_start",
        "commissioningreview_id",
    )
    for service_id, stage, status, start, pk in rows:
        covering[service_id].append((stage, status, start, pk))
    return covering


# The home page (commissioning.portal.home). Two queries each, whatever the number of reviews.
OVERSEEING_ROLES = frozenset({Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.CABINET, Role.SCRUTINY})


def _own_work(user: Any, reviews: QuerySet[CommissioningReview]) -> QuerySet[CommissioningReview]:
    """An officer's reviews are those they lead, a director's those of their directorates; everyone else's all."""
    role = _role(user)
    if role == Role.OFFICER:
        return reviews.filter(lead_commissioner_id=user.pk)
    if role == Role.DIRECTOR:
        return reviews.filter(directorate__director_id=user.pk)
    return reviews


def reviews_overdue(*, user: Any, limit: int = HOME_LIMIT) -> Sample[CommissioningReview]:
    """Current reviews still in progress after their planned end quarter, longest overdue first, for the roles that
    run or oversee the programme (not ward councillors, administrators or providers: it is not their work)."""
    if _role(user) not in OVERSEEING_ROLES:
        return empty()
    overdue = visible_reviews(user=user).filter(
        archived_at__isnull=True, status=ReviewStatus.IN_PROGRESS, planned_end__lt=current_quarter()
    )
    return sample(_own_work(user, overdue).order_by("planned_end", "reference"), limit)


def reviews_added_since(*, user: Any, since: Any, limit: int = HOME_LIMIT) -> Sample[CommissioningReview]:
    """Current reviews added to the programme since the user last signed in, newest first."""
    if since is None:
        return empty()
    added = visible_reviews(user=user).filter(archived_at__isnull=True, created_at__gt=since)
    return sample(added.order_by("-created_at", "-pk"), limit)
