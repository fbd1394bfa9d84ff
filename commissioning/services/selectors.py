"""Reads for the service catalogue: the only place that builds service querysets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from commissioning.accounts.models import Organisation, User, Ward
from commissioning.core.permissions import Role
from commissioning.core.sample import HOME_LIMIT, Sample, empty, sample
from commissioning.core.search import search
from commissioning.services.models import DeliveryModel, Directorate, ReviewStatus, Service

SORTS = {
    "name": ("name", "reference"),
    "reference": ("reference",),
    "directorate": ("directorate__name", "name"),
    "gross_budget": ("gross_budget", "name"),
    "net_budget": ("net_budget", "name"),
    "unit_cost": ("unit_cost_value", "name"),
    "staff_fte": ("staff_fte", "name"),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class ServiceFilters:
    """What the list page was asked for. Empty values mean "any"."""

    q: str = ""
    directorate: int | None = None
    statutory: bool | None = None
    delivery_model: str = ""
    review_status: str = ""
    include_archived: bool = False
    sort: str = DEFAULT_SORT
    descending: bool = False


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def visible_services(*, user: Any) -> QuerySet[Service]:
    """Everything this user may see: internal roles all, providers published plus their own, the public published."""
    role = _role(user)
    services = Service.objects.all()
    if role in Role.INTERNAL:
        return services
    published = Q(published=True, archived_at__isnull=True)
    if role == Role.PROVIDER and user.organisation_id:
        return services.filter(published | Q(provider_id=user.organisation_id))
    return services.filter(published)


def service_list(*, user: Any, filters: ServiceFilters) -> QuerySet[Service]:
    services = (
        visible_services(user=user)
        .select_related("directorate", "accountable_officer", "provider")
        .annotate(
            unit_cost_value=Case(
                When(
                    annual_demand__gt=0,
                    then=ExpressionWrapper(
                        F("gross_budget") / Cast(F("annual_demand"), DecimalField(max_digits=14, decimal_places=2)),
                        output_field=DecimalField(max_digits=20, decimal_places=6),
                    ),
                ),
                default=Value(None),
                output_field=DecimalField(max_digits=20, decimal_places=6),
            )
        )
    )
    if not filters.include_archived:
        services = services.filter(archived_at__isnull=True)
    services = search(services, filters.q, "search_text")
    if filters.directorate:
        services = services.filter(directorate_id=filters.directorate)
    if filters.statutory is not None:
        services = services.filter(is_statutory=filters.statutory)
    if filters.delivery_model in DeliveryModel.values:
        services = services.filter(delivery_model=filters.delivery_model)
    if filters.review_status in ReviewStatus.values:
        services = services.filter(review_status=filters.review_status)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if filters.descending:
        order = (f"-{order[0]}", *order[1:])
    return services.order_by(*order, "pk")


def service_export_rows(services: QuerySet[Service]) -> Iterator[list[Any]]:
    """Rows for the CSV and Excel downloads: three queries whatever the number of rows.

    Wards are read as (service, ward) id pairs and named from one small lookup, which is an order of magnitude
    faster than prefetching a Ward object for each of the thousands of service-ward links.
    """
    ward_names = dict(Ward.objects.values_list("pk", "name"))
    served: dict[int, list[str]] = {}
    links = Service.wards.through.objects.filter(service__in=services.values("pk")).values_list("service_id", "ward_id")
    for service_id, ward_id in links.iterator(chunk_size=5000):
        served.setdefault(service_id, []).append(ward_names[ward_id])
    for service in services.iterator(chunk_size=500):
        yield [
            service.reference,
            service.name,
            service.directorate.name,
            str(service.accountable_officer),
            "Statutory" if service.is_statutory else "Discretionary",
            service.statutory_basis,
            service.get_delivery_model_display(),
            service.provider.name if service.provider else "",
            service.budget_year,
            service.gross_budget,
            service.net_budget,
            service.staff_fte,
            service.annual_demand,
            service.demand_unit,
            service.unit_cost,
            "; ".join(sorted(served.get(service.pk, []))),
            service.get_review_status_display(),
            service.published,
            "Archived" if service.is_archived else "Current",
        ]


EXPORT_HEADERS = [
    "Reference",
    "Service",
    "Directorate",
    "Accountable officer",
    "Statutory or discretionary",
    "Statute",
    "Delivery model",
    "Provider or partner",
    "Financial year",
    "Gross budget (GBP)",
    "Net budget (GBP)",
    "Staff (FTE)",
    "Annual demand",
    "Demand unit",
    "Unit cost (GBP)",
    "Wards served",
    "Review status",
    "Published",
    "Status",
]


def service_detail(*, user: Any, pk: int) -> Service:
    """Raises Service.DoesNotExist when the service is missing or not visible to this user."""
    return (
        visible_services(user=user)
        .select_related("directorate", "accountable_officer", "provider", "archived_by")
        .prefetch_related("wards")
        .get(pk=pk)
    )


def directorate_choices() -> QuerySet[Directorate]:
    return Directorate.objects.active().order_by("name")


def accountable_officer_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR]).order_by(
        "last_name", "first_name"
    )


def provider_choices() -> QuerySet[Organisation]:
    """Organisations that can deliver a service for the council: everyone but the council itself."""
    return Organisation.objects.active().exclude(is_home=True).order_by("name")


def ward_choices() -> QuerySet[Ward]:
    return Ward.objects.active().order_by("name")


def reference_in_use(*, reference: str, excluding: Service | None = None) -> bool:
    services = Service.objects.filter(reference=reference)
    if excluding is not None:
        services = services.exclude(pk=excluding.pk)
    return services.exists()


@dataclass(frozen=True)
class CatalogueSummary:
    count: int
    gross_budget: Decimal | None


def catalogue_summary(*, user: Any) -> CatalogueSummary:
    totals = (
        visible_services(user=user)
        .filter(archived_at__isnull=True)
        .aggregate(count=Sum(Value(1)), gross=Sum("gross_budget"))
    )
    return CatalogueSummary(count=totals["count"] or 0, gross_budget=totals["gross"])


def next_reference(*, directorate: Directorate) -> str:
    """The next free reference in the directorate's series, like ADL-013."""
    prefix = f"{directorate.code}-"
    numbers = [
        int(ref[len(prefix) :])
        for ref in Service.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if ref[len(prefix) :].isdigit()
    ]
    return f"{prefix}{(max(numbers) + 1) if numbers else 1:03d}"


OVERSEEING_ROLES = frozenset({Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.CABINET, Role.SCRUTINY})


def services_review_overdue(*, user: Any, limit: int = HOME_LIMIT) -> Sample[Service]:
    """Current services whose next review date has passed (the home page), longest overdue first: an officer's those
    they are accountable for, a director's those of their directorates, all of them for finance, cabinet and scrutiny
    (not for ward councillors, administrators or providers: it is not their work)."""
    role = _role(user)
    if role not in OVERSEEING_ROLES:
        return empty()
    overdue = visible_services(user=user).filter(archived_at__isnull=True, next_review_due__lt=timezone.localdate())
    if role == Role.OFFICER:
        overdue = overdue.filter(accountable_officer_id=user.pk)
    elif role == Role.DIRECTOR:
        overdue = overdue.filter(directorate__director_id=user.pk)
    return sample(overdue.order_by("next_review_due", "reference"), limit)
