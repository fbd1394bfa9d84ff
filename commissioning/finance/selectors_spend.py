"""Reads for spend: the published spend list (public: a redacted supplier is never named), its months, and the
suppliers and expense areas still to map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, QuerySet

from commissioning.finance.models import ExpenseAreaMapping, SpendTransaction, SupplierMapping
from commissioning.finance.models.spend import REDACTED_LABEL
from commissioning.services.models import Service

EXPORT_HEADERS = [
    "Date",
    "Supplier",
    "Amount",
    "Transaction reference",
    "Expense area",
    "Service",
    "Expense type",
    "Purpose",
    "Body",
]
EXPORT_BATCH = 5_000


@dataclass(frozen=True)
class SpendFilters:
    month: dt.date | None = None  # the first of the month
    supplier: str = ""
    service: int | None = None


def spend_list(*, filters: SpendFilters) -> QuerySet[SpendTransaction]:
    """Published spend, newest first. Searching by supplier never finds a redacted row by its published words."""
    rows = SpendTransaction.objects.filter(archived_at__isnull=True).select_related("service")
    if filters.month is not None:
        start = filters.month
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        rows = rows.filter(date__gte=start, date__lt=end)
    if filters.supplier:
        rows = rows.filter(redacted=False, supplier_name__icontains=filters.supplier)
    if filters.service is not None:
        rows = rows.filter(service_id=filters.service)
    return rows.only(
        "date",
        "supplier_name",
        "redacted",
        "amount",
        "reference",
        "expense_area",
        "expense_type",
        "purpose",
        "body",
        "service__name",
        "service__reference",
    ).order_by("-date", "-pk")


def spend_months() -> list[dt.date]:
    """The months from the first payment to the last, newest first (from the date index's two ends: a scan of a
    million rows for the distinct months would cost every page view half a second)."""
    span = SpendTransaction.objects.aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return []
    month, last = span["first"].replace(day=1), span["last"].replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months[::-1]


def spend_services() -> list[tuple[int, str]]:
    """The services spend is mapped to, by name."""
    ids = SpendTransaction.objects.filter(service__isnull=False).values("service_id").distinct()
    return list(Service.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def public_supplier(row: SpendTransaction) -> str:
    return REDACTED_LABEL if row.redacted else row.supplier_name


def spend_export_rows(rows: QuerySet[SpendTransaction]) -> Iterator[Sequence[Any]]:
    for row in rows.iterator(chunk_size=EXPORT_BATCH):
        yield [
            row.date,
            public_supplier(row),
            row.amount,
            row.reference,
            row.expense_area,
            row.service.name if row.service else "",
            row.expense_type,
            row.purpose,
            row.body,
        ]


def unmatched_suppliers() -> QuerySet[SupplierMapping]:
    return SupplierMapping.objects.filter(organisation__isnull=True, archived_at__isnull=True).order_by("name")


def unmatched_areas() -> QuerySet[ExpenseAreaMapping]:
    return ExpenseAreaMapping.objects.filter(service__isnull=True, archived_at__isnull=True).order_by("name")


def supplier_mapping(*, pk: int) -> SupplierMapping:
    return SupplierMapping.objects.select_related("organisation").get(pk=pk)


def area_mapping(*, pk: int) -> ExpenseAreaMapping:
    return ExpenseAreaMapping.objects.select_related("service").get(pk=pk)


def mapped_counts(keys: Iterable[str], *, field: str) -> dict[str, int]:
    """How many stored rows carry each key (``supplier_key`` or ``area_key``), for the mapping pages."""
    from django.db.models import Count

    rows = (
        SpendTransaction.objects.filter(**{f"{field}__in": list(keys)})
        .values(field)
        .annotate(rows=Count("pk"))
        .values_list(field, "rows")
    )
    return dict(rows)
