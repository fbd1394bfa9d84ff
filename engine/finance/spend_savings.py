"""What spend says about a saving: the saving realised to date, read from the council's published payments.

A savings line has a baseline (the service's budget for a full year before the saving). Spend published month by
month shows what the service has actually cost so far. The saving realised to date is the baseline pro rata (the
baseline times the months elapsed over twelve) less what has been paid in those months:

    baseline to date = baseline x months / 12          (to the penny, half up)
    saving to date   = baseline to date - spend to date

A period runs from the first month of a financial year (April) to a month the user chooses, which must have ended
and must have spend published (a month with no payments yet would count its share of the baseline as saved). The
same pro rata compares a contract's payments with its estimated annual value. Money stays Decimal throughout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from engine.finance.years import FinancialYear, financial_year_of

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
MONTHS_IN_YEAR = 12

# Why a period cannot be used (SpendPeriodError.code).
OUTSIDE_YEAR = "outside_year"
NOT_ENDED = "not_ended"
NO_SPEND = "no_spend"


class SpendPeriodError(ValueError):
    """A period that cannot give a figure: ``code`` is OUTSIDE_YEAR, NOT_ENDED or NO_SPEND, ``month`` the month."""

    def __init__(self, code: str, month: dt.date) -> None:
        super().__init__(f"{code}: {month:%B %Y}")
        self.code = code
        self.month = month


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def months_of(year: FinancialYear) -> list[dt.date]:
    """The twelve months of a financial year, April first."""
    months, month = [], year.starts
    while month <= year.ends:
        months.append(month)
        month = next_month(month)
    return months


def has_ended(month: dt.date, *, today: dt.date) -> bool:
    """A month has ended once today is after its last day."""
    return month_end(month) < today


def pro_rata(amount: Decimal, months: int) -> Decimal:
    """``amount`` (a year's) for ``months`` months: amount x months / 12, to the penny (half up)."""
    return (Decimal(amount) * months / MONTHS_IN_YEAR).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthFigures:
    """One month of a year: its spend, and from April to it the spend, the baseline pro rata and the saving."""

    month: dt.date
    spend: Decimal
    has_spend: bool
    spend_to_date: Decimal
    baseline_to_date: Decimal
    saving_to_date: Decimal


@dataclass(frozen=True)
class RealisedFromSpend:
    """The saving realised in a financial year from April to ``last_month``, read from spend."""

    year: str
    baseline: Decimal
    first_month: dt.date
    last_month: dt.date
    months: int
    baseline_to_date: Decimal
    spend_to_date: Decimal
    saving: Decimal

    @property
    def period_end(self) -> dt.date:
        return month_end(self.last_month)


def realised_from_spend(
    *,
    baseline: Decimal,
    year: FinancialYear,
    through: dt.date,
    monthly: Mapping[dt.date, Decimal],
    today: dt.date,
) -> RealisedFromSpend:
    """The saving realised from the year's April to the month ``through`` (any day of it): the baseline pro rata
    less the spend of those months (``monthly``: each month's first day to its total; a month absent has no spend
    published). Raises SpendPeriodError when the month is outside the year, has not ended, or has no spend."""
    last = month_start(through)
    if not year.starts <= last <= year.ends:
        raise SpendPeriodError(OUTSIDE_YEAR, last)
    if not has_ended(last, today=today):
        raise SpendPeriodError(NOT_ENDED, last)
    if last not in monthly:
        raise SpendPeriodError(NO_SPEND, last)
    months = [month for month in months_of(year) if month <= last]
    spend = sum((Decimal(monthly.get(month, ZERO)) for month in months), ZERO)
    baseline_to_date = pro_rata(baseline, len(months))
    return RealisedFromSpend(
        year=year.label,
        baseline=Decimal(baseline),
        first_month=year.starts,
        last_month=last,
        months=len(months),
        baseline_to_date=baseline_to_date,
        spend_to_date=spend,
        saving=baseline_to_date - spend,
    )


def month_by_month(
    *, baseline: Decimal, year: FinancialYear, monthly: Mapping[dt.date, Decimal], today: dt.date
) -> list[MonthFigures]:
    """Every month of the year that has ended, with the running figures (the last row of a month with spend is
    what ``realised_from_spend`` gives for it)."""
    rows: list[MonthFigures] = []
    spend_to_date = ZERO
    for index, month in enumerate(months_of(year), start=1):
        if not has_ended(month, today=today):
            break
        spend = Decimal(monthly.get(month, ZERO))
        spend_to_date += spend
        baseline_to_date = pro_rata(baseline, index)
        rows.append(
            MonthFigures(
                month=month,
                spend=spend,
                has_spend=month in monthly,
                spend_to_date=spend_to_date,
                baseline_to_date=baseline_to_date,
                saving_to_date=baseline_to_date - spend_to_date,
            )
        )
    return rows


def latest_month_with_spend(
    *, year: FinancialYear, monthly: Mapping[dt.date, Decimal], today: dt.date
) -> dt.date | None:
    """The last month of the year that has ended and has spend: the period a figure is offered for."""
    found = [month for month in months_of(year) if month in monthly and has_ended(month, today=today)]
    return found[-1] if found else None


def by_financial_year(monthly: Mapping[dt.date, Decimal]) -> dict[str, Decimal]:
    """Months' spend summed by financial year, the years in order."""
    totals: dict[str, Decimal] = {}
    for month in sorted(monthly):
        label = financial_year_of(month).label
        totals[label] = totals.get(label, ZERO) + Decimal(monthly[month])
    return totals


@dataclass(frozen=True)
class YearAgainstValue:
    """A financial year of a contract: the months of it the contract ran that have ended, the estimated annual
    value pro rata for them, what was paid in them and the difference (paid less expected)."""

    year: str
    months: int
    expected: Decimal
    paid: Decimal
    difference: Decimal


def against_annual_value(
    *,
    annual_value: Decimal,
    start: dt.date,
    end: dt.date,
    monthly: Mapping[dt.date, Decimal],
    today: dt.date,
) -> list[YearAgainstValue]:
    """Each financial year of a contract running from ``start`` to ``end`` (both days in), up to the last month that
    has ended: the annual value pro rata for the contract's whole months in the year, against what was paid in those
    months (``monthly``, already narrowed to the contract's supplier, services and dates)."""
    rows: list[YearAgainstValue] = []
    month = month_start(start)
    current: FinancialYear | None = None
    months = 0
    paid = ZERO

    def close() -> None:
        if current is not None and months:
            expected = pro_rata(annual_value, months)
            rows.append(YearAgainstValue(current.label, months, expected, paid, paid - expected))

    while month <= end and has_ended(month, today=today):
        year = financial_year_of(month)
        if year != current:
            close()
            current, months, paid = year, 0, ZERO
        months += 1
        paid += Decimal(monthly.get(month, ZERO))
        month = next_month(month)
    close()
    return rows
