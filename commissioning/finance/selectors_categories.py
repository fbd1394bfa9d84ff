"""What finance shows on a procurement category's page (commissioning.contracts, /contracts/categories/<pk>/): the
spend with the category's suppliers and the savings lines on its services.

The category is handed over as a ``core.thread.CategoryScope`` of ids (the suppliers, services and contracts in
it), so finance reads nothing of contracts (a sibling in the DELIVER tier) but those ids. Spend is published data,
shown as the public spend page shows it (a redacted supplier only as "Redacted"); savings lines are for those inside
the council. Each read costs a fixed number of queries whatever the size of the category or the council.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from commissioning.core.thread import CategoryScope
from commissioning.finance import selectors_savings
from commissioning.finance.calculations_spendlinks import financial_year_of
from commissioning.finance.models import SavingsLine, SpendTransaction
from commissioning.finance.models.spend import REDACTED_LABEL
from commissioning.finance.selectors_spendlinks import MONEY_OUT, PENNY, ZERO, today

TOP_ROWS = 10


def _sum_between(start: dt.date, end: dt.date) -> Any:
    return Coalesce(Sum("amount", filter=Q(date__gte=start, date__lte=end)), Value(ZERO), output_field=MONEY_OUT)


@dataclass(frozen=True)
class SpendRow:
    name: str
    last_year: Decimal
    this_year: Decimal


@dataclass(frozen=True)
class CategorySpend:
    last_year: str  # the latest complete financial year
    this_year: str  # this financial year, to date
    to_date: dt.date
    last_year_spend: Decimal
    this_year_spend: Decimal
    suppliers: list[SpendRow]  # the top TOP_ROWS, by spend across both years
    services: list[SpendRow]
    supplier_count: int
    service_count: int

    @property
    def any_spend(self) -> bool:
        return bool(self.suppliers)


def _rows(scope: CategoryScope, since: dt.date, on: dt.date) -> QuerySet[SpendTransaction]:
    """Published payments to the category's suppliers (on its services, when it names any) in the two years."""
    rows = SpendTransaction.objects.filter(
        archived_at__isnull=True, organisation_id__in=scope.organisation_ids, date__gte=since, date__lte=on
    )
    if scope.service_ids:
        rows = rows.filter(service_id__in=scope.service_ids)
    return rows


def category_spend(*, scope: CategoryScope, on: dt.date | None = None) -> CategorySpend:
    """The category's spend in the latest complete financial year and this year to date, by supplier and by
    service (the top ten of each). Three queries, none when the category has no supplier."""
    on = on or today()
    this_year = financial_year_of(on)
    last_year = this_year.previous()
    if not scope.organisation_ids:
        return CategorySpend(last_year.label, this_year.label, on, ZERO, ZERO, [], [], 0, 0)
    rows = _rows(scope, last_year.starts, on)
    last_sum, this_sum = _sum_between(last_year.starts, last_year.ends), _sum_between(this_year.starts, on)
    totals = rows.aggregate(last=last_sum, this=this_sum)
    by_supplier = list(
        rows.annotate(name=Case(When(redacted=True, then=Value(REDACTED_LABEL)), default=F("supplier_name")))
        .order_by()
        .values("name")
        .annotate(last=last_sum, this=this_sum, total=Sum("amount"))
        .order_by("-total", "name")
    )
    by_service = list(
        rows.annotate(name=Coalesce(F("service__name"), Value("No service")))
        .order_by()
        .values("name")
        .annotate(last=last_sum, this=this_sum, total=Sum("amount"))
        .order_by("-total", "name")
    )
    return CategorySpend(
        last_year=last_year.label,
        this_year=this_year.label,
        to_date=on,
        last_year_spend=(totals["last"] or ZERO).quantize(PENNY),
        this_year_spend=(totals["this"] or ZERO).quantize(PENNY),
        suppliers=[SpendRow(r["name"], r["last"], r["this"]) for r in by_supplier[:TOP_ROWS]],
        services=[SpendRow(r["name"], r["last"], r["this"]) for r in by_service[:TOP_ROWS]],
        supplier_count=len(by_supplier),
        service_count=len(by_service),
    )


@dataclass(frozen=True)
class CategorySavings:
    year: str
    lines: list[Any]  # SavingsLine, annotated with this year's planned, forecast and realised

    @property
    def planned(self) -> Decimal:
        return sum((line.year_planned for line in self.lines), ZERO)

    @property
    def forecast(self) -> Decimal:
        return sum((line.year_forecast for line in self.lines), ZERO)

    @property
    def realised(self) -> Decimal:
        return sum((line.year_realised for line in self.lines), ZERO)


def category_savings(*, user: Any, scope: CategoryScope, on: dt.date | None = None) -> CategorySavings | None:
    """The active savings lines on the category's services with this financial year's planned, forecast and
    realised saving: one query; None for those outside the council (savings are internal)."""
    if not selectors_savings.can_see(user):
        return None
    year = financial_year_of(on or today()).label
    if not scope.service_ids:
        return CategorySavings(year=year, lines=[])

    def in_year(field: str) -> Any:
        return Coalesce(
            Sum(f"years__{field}", filter=Q(years__financial_year=year)), Value(ZERO), output_field=MONEY_OUT
        )

    lines = (
        SavingsLine.objects.active()
        .filter(service_id__in=scope.service_ids)
        .select_related("service", "owner")
        .annotate(year_planned=in_year("planned"), year_forecast=in_year("forecast"), year_realised=in_year("realised"))
        .order_by("reference")
    )
    return CategorySavings(year=year, lines=list(lines))
