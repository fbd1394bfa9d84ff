"""Reads that put spend to work: the saving a savings line has realised by spend, a service's spend and unit cost
from it, and the payments to a contract's supplier against its annual value (finance-spendlinks).

Spend is published data (the Transparency Code's "spend over £500"), so what these show is what the public spend
page shows: totals, months and supplier names, a redacted supplier only as "Redacted", never matched to anyone.
Each read is one aggregate query, whatever the number of payments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from commissioning.core.demo import demo_today
from commissioning.finance.calculations_spendlinks import (
    financial_year_of,
    parse_financial_year,
    spend_savings,
    unit_cost,
)
from commissioning.finance.models import EvidenceKind, SavingsLine, SpendTransaction
from commissioning.finance.models.spend import REDACTED_LABEL

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
TOP_SUPPLIERS = 5
MONEY_OUT: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def today() -> dt.date:
    """The platform's clock (``settings.GOVERNANCE_TODAY`` when set)."""
    return demo_today()


def _published() -> QuerySet[SpendTransaction]:
    return SpendTransaction.objects.filter(archived_at__isnull=True)


def monthly_spend(rows: QuerySet[SpendTransaction]) -> dict[dt.date, Decimal]:
    """Each month's total of the rows (months with no payment are absent): one query."""
    months = (
        rows.annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    )
    return {_as_date(month): (total or ZERO).quantize(PENNY) for month, total in months}


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# A savings line's spend -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearSpend:
    """A year of a savings line read from spend: the months so far, the figure offered (to the latest month that has
    ended and has spend), what is already recorded from spend, and what recording the figure would add."""

    year: str
    months: list[spend_savings.MonthFigures]
    spend: Decimal
    offered: spend_savings.RealisedFromSpend | None
    recorded_from_spend: Decimal
    to_add: Decimal | None


@dataclass(frozen=True)
class LineSpend:
    service: Any
    baseline: Decimal
    years: list[YearSpend]

    @property
    def any_spend(self) -> bool:
        return any(year.spend or any(m.has_spend for m in year.months) for year in self.years)


def service_spend_between(*, service_id: int, start: dt.date, end: dt.date) -> dict[dt.date, Decimal]:
    return monthly_spend(_published().filter(service_id=service_id, date__gte=start, date__lte=end))


def recorded_from_spend(line: SavingsLine, year: str) -> Decimal:
    """The spend-data evidence already recorded for a year (the line's evidence, prefetched)."""
    return sum(
        (
            item.amount
            for item in line.evidence.all()
            if item.kind == EvidenceKind.SPEND_DATA and item.financial_year == year
        ),
        ZERO,
    )


def line_spend(*, line: SavingsLine, on: dt.date | None = None) -> LineSpend | None:
    """The spend on a line's service in each of the line's planned years (one query); None without a service."""
    if line.service_id is None:
        return None
    on = on or today()
    labels = [year.financial_year for year in line.years.all()]
    years = [parse_financial_year(label) for label in labels]
    if not years:
        return LineSpend(service=line.service, baseline=line.baseline, years=[])
    monthly = service_spend_between(service_id=line.service_id, start=min(years).starts, end=max(years).ends)
    found = []
    for year in years:
        in_year = {month: total for month, total in monthly.items() if financial_year_of(month) == year}
        rows = spend_savings.month_by_month(baseline=line.baseline, year=year, monthly=in_year, today=on)
        latest = spend_savings.latest_month_with_spend(year=year, monthly=in_year, today=on)
        offered = (
            spend_savings.realised_from_spend(
                baseline=line.baseline, year=year, through=latest, monthly=in_year, today=on
            )
            if latest is not None
            else None
        )
        already = recorded_from_spend(line, year.label)
        found.append(
            YearSpend(
                year=year.label,
                months=rows,
                spend=sum(in_year.values(), ZERO),
                offered=offered,
                recorded_from_spend=already,
                to_add=offered.saving - already if offered is not None else None,
            )
        )
    return LineSpend(service=line.service, baseline=line.baseline, years=found)


def spend_months_offered(line: SavingsLine) -> list[dt.date]:
    """The months a spend figure may be asked for: every month of the line's planned years (the action says why a
    month cannot give one)."""
    months: list[dt.date] = []
    for year in sorted(parse_financial_year(y.financial_year) for y in line.years.all()):
        months.extend(spend_savings.months_of(year))
    return months


# A service's spend ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierSpend:
    name: str
    redacted: bool
    last_year: Decimal
    this_year: Decimal


@dataclass(frozen=True)
class ServiceSpend:
    last_year: str  # the latest complete financial year
    this_year: str  # this financial year, to date
    last_year_spend: Decimal
    this_year_spend: Decimal
    to_date: dt.date
    suppliers: list[SupplierSpend]
    spend_unit_cost: Decimal | None
    budget_unit_cost: Decimal | None
    annual_demand: int

    @property
    def any_spend(self) -> bool:
        return bool(self.suppliers)


def _sum_between(start: dt.date, end: dt.date) -> Any:
    return Coalesce(Sum("amount", filter=Q(date__gte=start, date__lte=end)), Value(ZERO), output_field=MONEY_OUT)


def service_spend(*, service: Any, on: dt.date | None = None) -> ServiceSpend:
    """A service's spend in the latest complete financial year and this year to date, its top suppliers across both
    (a redacted supplier as one "Redacted" row, never named) and the unit cost from the last full year's spend
    beside the budgeted one. Two queries."""
    on = on or today()
    this_year = financial_year_of(on)
    last_year = this_year.previous()
    rows = _published().filter(service_id=service.pk, date__gte=last_year.starts, date__lte=on)
    last_sum, this_sum = _sum_between(last_year.starts, last_year.ends), _sum_between(this_year.starts, on)
    totals = rows.aggregate(last=last_sum, this=this_sum)
    suppliers = (
        rows.annotate(name=Case(When(redacted=True, then=Value("")), default=F("supplier_name")))
        .order_by()
        .values("redacted", "name")
        .annotate(last=last_sum, this=this_sum, total=Sum("amount"))
        .order_by("-total", "name")[:TOP_SUPPLIERS]
    )
    top = [
        SupplierSpend(
            name=REDACTED_LABEL if row["redacted"] else row["name"],
            redacted=row["redacted"],
            last_year=row["last"],
            this_year=row["this"],
        )
        for row in suppliers
    ]
    last_total = (totals["last"] or ZERO).quantize(PENNY)
    return ServiceSpend(
        last_year=last_year.label,
        this_year=this_year.label,
        last_year_spend=last_total,
        this_year_spend=(totals["this"] or ZERO).quantize(PENNY),
        to_date=on,
        suppliers=top,
        spend_unit_cost=unit_cost(gross_budget=last_total, annual_demand=service.annual_demand) if last_total else None,
        budget_unit_cost=service.unit_cost,
        annual_demand=service.annual_demand,
    )


# A contract's payments ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractSpend:
    """What a contract's supplier has been paid on its services within its dates, year by year against the
    contract's estimated annual value (the months that have ended), and in all to date."""

    supplier: Any
    service_names: list[str]
    annual_value: Decimal
    years: list[spend_savings.YearAgainstValue]
    paid_to_date: Decimal

    @property
    def paid_in_years(self) -> Decimal:
        return sum((year.paid for year in self.years), ZERO)

    @property
    def expected_in_years(self) -> Decimal:
        return sum((year.expected for year in self.years), ZERO)


def contract_spend(*, contract: Any, on: dt.date | None = None) -> ContractSpend | None:
    """The payments to a contract's supplier (its ``provider``) on its services (any service, when it names none)
    from its start to its end or today: one query (its services are prefetched by the contract's page). None for
    an in-house plan, which has no supplier. The contract is read by its fields only: finance does not import the
    contracts app (a sibling)."""
    if contract.provider_id is None:
        return None
    on = on or today()
    services = list(contract.services.all())
    rows = _published().filter(
        organisation_id=contract.provider_id, date__gte=contract.start_date, date__lte=min(contract.end_date, on)
    )
    if services:
        rows = rows.filter(service_id__in=[service.pk for service in services])
    monthly = monthly_spend(rows)
    years = spend_savings.against_annual_value(
        annual_value=contract.annual_value, start=contract.start_date, end=contract.end_date, monthly=monthly, today=on
    )
    return ContractSpend(
        supplier=contract.provider,
        service_names=[service.name for service in services],
        annual_value=contract.annual_value,
        years=years,
        paid_to_date=sum(monthly.values(), ZERO),
    )
