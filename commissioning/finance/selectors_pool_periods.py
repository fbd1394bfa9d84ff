"""Reads for a pooled budget's statement per period (finfinish): a quarter of the financial year, or the year.

For each partner: the contribution due in the period and due and paid to date, their share of the spend and of the
over- or underspend by the pool's risk-share rule applied to the period (engine.finance.pools.period_statement, whose
docstring says when the quarters add up to the year). A fixed number of queries whatever the size of the pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from commissioning.finance.calculations_pools import Quarter, parse_financial_year
from commissioning.finance.calculations_pools import pools as engine
from commissioning.finance.models import PooledFund, PoolPartner, PoolPayment, PoolSpend, PoolYear

ZERO = Decimal("0.00")
YEAR = "year"
PERIODS = ("q1", "q2", "q3", "q4", YEAR)


def period_label(year: str, period: str) -> str:
    return year if period == YEAR else f"{year} {period.upper()}"


def _quarter(period: str) -> int | None:
    return None if period == YEAR else int(period[1])


@dataclass(frozen=True)
class PartnerPeriod:
    partner: PoolPartner
    contribution: Decimal  # for the year
    due_in_period: Decimal
    due_to_date: Decimal
    paid_to_date: Decimal
    spend_share: Decimal
    variance_share: Decimal  # positive: their part of an overspend; negative: of an underspend returned

    @property
    def owed_to_date(self) -> Decimal:
        """Due to date less paid to date: what is still to pay (negative when paid ahead)."""
        return self.due_to_date - self.paid_to_date


@dataclass(frozen=True)
class PeriodStatement:
    pool: PooledFund
    year: PoolYear
    period: str  # q1 to q4, or "year"
    label: str
    starts: dt.date
    ends: dt.date
    spend_in_period: Decimal
    spend_to_date: Decimal
    statement: engine.Statement | None
    partners: tuple[PartnerPeriod, ...]
    error: str = ""

    @property
    def due_to_date(self) -> Decimal:
        return sum((p.due_to_date for p in self.partners), ZERO)

    @property
    def paid_to_date(self) -> Decimal:
        return sum((p.paid_to_date for p in self.partners), ZERO)

    @property
    def position_to_date(self) -> Decimal:
        """Spend to date less contributions due to date: positive an overspend so far, negative an underspend."""
        return self.spend_to_date - self.due_to_date


def period_dates(year: str, period: str) -> tuple[dt.date, dt.date]:
    financial_year = parse_financial_year(year)
    quarter = _quarter(period)
    if quarter is None:
        return financial_year.starts, financial_year.ends
    chosen = Quarter(financial_year, quarter)
    return chosen.starts, chosen.ends


def period_statement(*, pool: PooledFund, year: PoolYear, period: str) -> PeriodStatement:
    """The pool's statement for ``period`` of ``year`` (a PoolYear of the pool, contributions prefetched or not),
    each active partner's in the pool's order. Three queries."""
    starts, ends = period_dates(year.financial_year, period)
    year_starts = parse_financial_year(year.financial_year).starts
    partners = list(pool.partners.all())
    amounts = {c.partner_id: c.amount for c in year.contributions.all()}
    spend = PoolSpend.objects.filter(pool=pool, date__gte=year_starts, date__lte=ends).aggregate(
        in_period=Sum("amount", filter=Q(date__gte=starts)), to_date=Sum("amount")
    )
    paid = dict(
        PoolPayment.objects.filter(partner__pool=pool, financial_year=year.financial_year, date__lte=ends)
        .values_list("partner_id")
        .annotate(total=Sum("amount"))
        .values_list("partner_id", "total")
    )
    quarter = _quarter(period)
    spend_in_period = spend["in_period"] or ZERO
    rule = engine.Rule(engine.Method(pool.method), within_pool=year.within_pool, risk_reserve=year.risk_reserve)
    error, result = "", None
    try:
        result = engine.period_statement(
            partners=[engine.Partner(p.display_name, amounts.get(p.pk, ZERO), p.share) for p in partners],
            spend=spend_in_period,
            rule=rule,
            quarter=quarter,
        )
    except engine.PoolError as refused:
        error = str(refused)
    rows = tuple(
        PartnerPeriod(
            partner=p,
            contribution=amounts.get(p.pk, ZERO),
            due_in_period=engine.in_period(amounts.get(p.pk, ZERO), quarter),
            due_to_date=engine.to_date(amounts.get(p.pk, ZERO), quarter),
            paid_to_date=paid.get(p.pk) or ZERO,
            spend_share=result.partners[i].spend_share if result else ZERO,
            variance_share=result.partners[i].variance_share if result else ZERO,
        )
        for i, p in enumerate(partners)
    )
    return PeriodStatement(
        pool=pool,
        year=year,
        period=period,
        label=period_label(year.financial_year, period),
        starts=starts,
        ends=ends,
        spend_in_period=spend_in_period,
        spend_to_date=spend["to_date"] or ZERO,
        statement=result,
        partners=rows,
        error=error,
    )


def pool_year_of(*, pool: PooledFund, year: str) -> PoolYear | None:
    return pool.years.filter(financial_year=year).prefetch_related("contributions").first()


def year_labels(*, pool: PooledFund) -> list[str]:
    return list(pool.years.order_by("financial_year").values_list("financial_year", flat=True))


STATEMENT_EXPORT_HEADERS: Sequence[str] = (
    "Pool",
    "Period",
    "From",
    "To",
    "Partner",
    "Organisation",
    "Contribution for the year",
    "Due in the period",
    "Due to date",
    "Paid to date",
    "Still to pay to date",
    "Share of spend in the period",
    "Share of overspend (positive) or underspend (negative)",
)


def statement_export_rows(statement: PeriodStatement) -> Iterator[list[Any]]:
    for row in statement.partners:
        yield [
            statement.pool.name,
            statement.label,
            statement.starts,
            statement.ends,
            row.partner.display_name,
            row.partner.organisation.name,
            row.contribution,
            row.due_in_period,
            row.due_to_date,
            row.paid_to_date,
            row.owed_to_date,
            row.spend_share,
            row.variance_share,
        ]
