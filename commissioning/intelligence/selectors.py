"""Reads for ward intelligence: the only place that builds its querysets. Visibility is applied here too."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from commissioning.accounts.models import Councillor, Ward
from commissioning.core import formatting
from commissioning.core.permissions import Role
from commissioning.core.sample import HOME_LIMIT, Sample, empty, sample
from commissioning.core.search import search
from commissioning.intelligence.models import (
    OPEN_STATUSES,
    URGENCY_ORDER,
    IntelligenceStatus,
    Urgency,
    WardIntelligence,
)
from commissioning.services.models import Service

READER_ROLES = frozenset({Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.CABINET, Role.SCRUTINY})
ANSWERING_ROLES = frozenset({Role.OFFICER, Role.DIRECTOR})
REFERENCE_PREFIX = "WI"

# Status filter values beyond the statuses themselves: "open" (waiting for the service) and "any".
OPEN, ANY = "open", "any"
STATUS_FILTERS = [OPEN, ANY, *IntelligenceStatus.values]
# Scope of the inbox for officers and directors: the services they answer for, or every service.
MINE, ALL = "mine", "all"

SORTS = {
    "due": ("response_due", "submitted_at", "reference"),
    "submitted": ("submitted_at", "reference"),
    "urgency": ("urgency_order", "response_due", "reference"),
    "reference": ("reference",),
    "service": ("service__name", "response_due", "reference"),
    "ward": ("ward__name", "response_due", "reference"),
}
DEFAULT_SORT = "due"


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def default_scope(user: Any) -> str:
    """An officer's inbox starts with the services they are accountable for; everyone else's with all of it."""
    return MINE if _role(user) == Role.OFFICER else ALL


@dataclass(frozen=True)
class IntelligenceFilters:
    """What a list was asked for. Empty values mean "any"."""

    q: str = ""
    status: str = OPEN
    urgency: str = ""
    ward: int | None = None
    service: int | None = None
    overdue: bool = False
    scope: str = ALL
    include_withdrawn: bool = False
    sort: str = DEFAULT_SORT
    descending: bool = False


def visible_intelligence(*, user: Any) -> QuerySet[WardIntelligence]:
    """Everything this user may see: readers all of it, a councillor their own submissions, anyone else nothing.

    This agrees with intelligence.view_wardintelligence in rules.py.
    """
    role = _role(user)
    intelligence = WardIntelligence.objects.all()
    if role in READER_ROLES:
        return intelligence
    if role == Role.COUNCILLOR:
        return intelligence.filter(submitted_by_id=user.pk)
    return intelligence.none()


def _ward_served() -> Exists:
    """Whether the service is recorded as serving the ward the intelligence is about (a subquery, not a query)."""
    return Exists(Service.wards.through.objects.filter(service_id=OuterRef("service_id"), ward_id=OuterRef("ward_id")))


def _urgency_order() -> Case:
    return Case(
        *[When(urgency=value, then=Value(index)) for index, value in enumerate(URGENCY_ORDER)],
        default=Value(len(URGENCY_ORDER)),
        output_field=IntegerField(),
    )


def _overdue() -> Q:
    return Q(status__in=OPEN_STATUSES, archived_at__isnull=True, response_due__lt=timezone.localdate())


def _listed(intelligence: QuerySet[WardIntelligence]) -> QuerySet[WardIntelligence]:
    return intelligence.select_related("service", "ward", "councillor").annotate(
        ward_served=_ward_served(), urgency_order=_urgency_order()
    )


def intelligence_list(*, user: Any, filters: IntelligenceFilters) -> QuerySet[WardIntelligence]:
    """The inbox (and the councillor's own list): filtered, sorted, with what each row shows in the same query."""
    intelligence = _listed(visible_intelligence(user=user))
    role = _role(user)
    if filters.scope == MINE and role == Role.OFFICER:
        intelligence = intelligence.filter(service__accountable_officer_id=user.pk)
    elif filters.scope == MINE and role == Role.DIRECTOR:
        intelligence = intelligence.filter(service__directorate__director_id=user.pk)
    if not filters.include_withdrawn:
        intelligence = intelligence.filter(archived_at__isnull=True)
    if filters.status == OPEN:
        intelligence = intelligence.filter(status__in=OPEN_STATUSES)
    elif filters.status in IntelligenceStatus.values:
        intelligence = intelligence.filter(status=filters.status)
    if filters.urgency in Urgency.values:
        intelligence = intelligence.filter(urgency=filters.urgency)
    if filters.ward:
        intelligence = intelligence.filter(ward_id=filters.ward)
    if filters.service:
        intelligence = intelligence.filter(service_id=filters.service)
    if filters.overdue:
        intelligence = intelligence.filter(_overdue())
    intelligence = search(intelligence, filters.q, "search_text", "service__search_key")
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if filters.descending:
        order = (f"-{order[0]}", *order[1:])
    return intelligence.order_by(*order, "pk")


def intelligence_export_rows(intelligence: QuerySet[WardIntelligence]) -> Iterator[list[Any]]:
    """Rows for the CSV and Excel downloads: one query whatever the number of rows."""
    rows = intelligence.select_related("submitted_by", "acknowledged_by", "responded_by", "closed_by")
    for item in rows.iterator(chunk_size=500):
        yield [
            item.reference,
            item.title,
            item.service.reference,
            item.service.name,
            item.ward.name,
            item.ward.ons_code,
            item.councillor.name,
            item.get_urgency_display(),
            item.status_label,
            formatting.datetime(item.submitted_at),
            item.response_due,
            "Yes" if item.is_overdue else "No",
            "Yes" if getattr(item, "ward_served", True) else "No",
            item.residents_saying,
            formatting.datetime(item.acknowledged_at),
            str(item.acknowledged_by or ""),
            item.response,
            formatting.datetime(item.responded_at),
            str(item.responded_by or ""),
            formatting.datetime(item.closed_at),
            item.archive_reason if item.is_archived else "",
        ]


EXPORT_HEADERS = [
    "Reference",
    "Title",
    "Service reference",
    "Service",
    "Ward",
    "Ward ONS code",
    "Councillor",
    "Urgency",
    "Status",
    "Submitted",
    "Response due",
    "Overdue",
    "Service recorded as serving the ward",
    "What residents are saying",
    "Acknowledged",
    "Acknowledged by",
    "Response",
    "Responded",
    "Responded by",
    "Closed",
    "Why withdrawn",
]


def intelligence_detail(*, user: Any, pk: int) -> WardIntelligence:
    """Raises WardIntelligence.DoesNotExist when it is missing or not visible to this user (one query)."""
    return (
        visible_intelligence(user=user)
        .select_related(
            "service__directorate",
            "service__accountable_officer",
            "ward",
            "councillor",
            "submitted_by",
            "acknowledged_by",
            "responded_by",
            "closed_by",
            "archived_by",
        )
        .annotate(ward_served=_ward_served())
        .get(pk=pk)
    )


def intelligence_for_service(*, user: Any, service: Service, limit: int = 10) -> list[WardIntelligence]:
    """The current intelligence about a service that this user may see, newest first: the golden thread back.

    One query. It returns up to ``limit + 1`` rows, so the caller can tell that there is more than it shows.
    """
    return list(
        _listed(visible_intelligence(user=user))
        .filter(service=service, archived_at__isnull=True)
        .order_by("-submitted_at", "-reference")[: limit + 1]
    )


@dataclass(frozen=True)
class ServiceIntelligenceSummary:
    """What the intelligence about one service adds up to, for its evidence pack (current submissions only)."""

    total: int
    waiting: int
    overdue: int
    urgent_or_high: int
    wards: int
    answered: int


def service_intelligence_summary(*, user: Any, service: Service) -> ServiceIntelligenceSummary:
    """Counts of the current intelligence about a service that this user may see (one query)."""
    totals = (
        visible_intelligence(user=user)
        .filter(service=service, archived_at__isnull=True)
        .aggregate(
            total=Count("pk"),
            waiting=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=_overdue()),
            urgent_or_high=Count("pk", filter=Q(urgency__in=[Urgency.URGENT, Urgency.HIGH])),
            wards=Count("ward", distinct=True),
            answered=Count("pk", filter=Q(status__in=[IntelligenceStatus.RESPONDED, IntelligenceStatus.CLOSED])),
        )
    )
    return ServiceIntelligenceSummary(**{key: value or 0 for key, value in totals.items()})


def councillor_of(user: Any) -> Councillor | None:
    """The current councillor profile of a signed-in councillor, with their wards (two queries), or None."""
    if _role(user) != Role.COUNCILLOR:
        return None
    return Councillor.objects.active().filter(user_id=user.pk).prefetch_related("wards").first()


def own_ward_choices(councillor: Councillor | None) -> list[Ward]:
    """The current wards a councillor sits for (from the councillor's prefetched wards)."""
    if councillor is None:
        return []
    return sorted((w for w in councillor.wards.all() if not w.is_archived), key=lambda w: w.name)


def ward_lookup() -> QuerySet[Ward]:
    """Every current ward: what a submitted ward id is looked up in (the action decides whether it is theirs)."""
    return Ward.objects.active().order_by("name")


def service_choices() -> QuerySet[Service]:
    """Current services a councillor can submit intelligence about (councillors see every service)."""
    return Service.objects.active().only("pk", "name", "reference").order_by("name", "reference")


def service_filter_choices(*, user: Any) -> QuerySet[Service]:
    """The services that the intelligence this user may see is about, for the inbox's service filter (one query)."""
    return (
        Service.objects.filter(pk__in=visible_intelligence(user=user).values("service_id"))
        .only("pk", "name", "reference")
        .order_by("name", "reference")
    )


def ward_filter_choices() -> QuerySet[Ward]:
    return Ward.objects.active().only("pk", "name").order_by("name")


def ward_is_served(*, service: Service, ward: Ward) -> bool:
    return Service.wards.through.objects.filter(service_id=service.pk, ward_id=ward.pk).exists()


def reference_year_numbers(*, year: int) -> list[int]:
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    return [
        int(ref[len(prefix) :])
        for ref in WardIntelligence.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if ref[len(prefix) :].isdigit()
    ]


def next_reference(*, year: int) -> str:
    """The next free reference in the year's series, like WI-2026-0013 (the year it was submitted)."""
    numbers = reference_year_numbers(year=year)
    return f"{REFERENCE_PREFIX}-{year}-{(max(numbers) + 1) if numbers else 1:04d}"


# The home page (commissioning.portal.home): what is waiting for this user, what is overdue, and what is new. Two
# queries each (commissioning.core.sample), whatever the number of records.


def _answered_by(user: Any, intelligence: QuerySet[WardIntelligence]) -> QuerySet[WardIntelligence]:
    """Narrowed to the services the user answers for: an officer's as accountable officer, a director's directorate."""
    role = _role(user)
    if role == Role.OFFICER:
        return intelligence.filter(service__accountable_officer_id=user.pk)
    if role == Role.DIRECTOR:
        return intelligence.filter(service__directorate__director_id=user.pk)
    return intelligence.none()


def _for_home(intelligence: QuerySet[WardIntelligence]) -> QuerySet[WardIntelligence]:
    return intelligence.filter(archived_at__isnull=True).select_related("service", "ward")


def intelligence_to_answer(*, user: Any, limit: int = HOME_LIMIT) -> Sample[WardIntelligence]:
    """Open ward intelligence about the services this officer or director answers for, soonest due first."""
    open_items = _for_home(visible_intelligence(user=user)).filter(status__in=OPEN_STATUSES)
    return sample(_answered_by(user, open_items).order_by("response_due", "submitted_at", "pk"), limit)


def intelligence_responses_to_read(*, user: Any, limit: int = HOME_LIMIT) -> Sample[WardIntelligence]:
    """A councillor's own submissions that a service has answered (and not yet closed), newest answer first."""
    if _role(user) != Role.COUNCILLOR:
        return empty()
    own = _for_home(visible_intelligence(user=user)).filter(status=IntelligenceStatus.RESPONDED)
    return sample(own.order_by("-responded_at", "-pk"), limit)


def intelligence_overdue(*, user: Any, limit: int = HOME_LIMIT) -> Sample[WardIntelligence]:
    """Open ward intelligence past its response date: an officer's or director's own services, a councillor's own
    submissions, every service for the other readers."""
    overdue = _for_home(visible_intelligence(user=user)).filter(_overdue())
    if _role(user) in ANSWERING_ROLES:
        overdue = _answered_by(user, overdue)
    return sample(overdue.order_by("response_due", "pk"), limit)


def intelligence_new_since(*, user: Any, since: Any, limit: int = HOME_LIMIT) -> Sample[WardIntelligence]:
    """Since the user last signed in: the answers to a councillor's own submissions; submissions about the services
    an officer or director answers for; every submission for the other readers."""
    if since is None:
        return empty()
    visible = _for_home(visible_intelligence(user=user))
    role = _role(user)
    if role == Role.COUNCILLOR:
        return sample(visible.filter(responded_at__gt=since).order_by("-responded_at", "-pk"), limit)
    if role in ANSWERING_ROLES:
        visible = _answered_by(user, visible)
    return sample(visible.filter(submitted_at__gt=since).order_by("-submitted_at", "-pk"), limit)
