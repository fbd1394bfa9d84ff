"""Reporting periods of indicators: months, quarters of the financial year and financial years.

An indicator is reported monthly, quarterly or annually, and each measurement names its period by a label:

    monthly     "2026-04"      a calendar month (April 2026, which is in 2026/27)
    quarterly   "2026/27 Q1"   a quarter of the financial year (Q1 April-June ... Q4 January-March)
    annual      "2026/27"      a financial year, 1 April 2026 to 31 March 2027

Quarters and financial years are ``engine.finance.years.Quarter`` and ``FinancialYear``; months are ``Month``
here. Each kind of label has a fixed width and sorts in time order, so a database can order periods of one
frequency by their label.

Direction of travel compares a period with the one before it (``previous_period``: March before April, Q4 of the
year before before Q1, 2025/26 before 2026/27) and with the same period a year earlier (``same_period_last_year``:
2025-04, 2025/26 Q1, 2025/26). For an annual indicator the two are the same year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from engine.finance.years import (
    FinancialYear,
    Quarter,
    financial_year_of,
    parse_financial_year,
    parse_quarter,
)

PERIOD_INVALID = (
    '"{label}" is not a period: write a month like 2026-04, a quarter like 2026/27 Q1 or a financial year like 2026/27'
)
MONTH_INVALID = '"{label}" is not a month: months run from 01 to 12, like 2026-04'
WRONG_FREQUENCY = '"{label}" is {actual}, but the indicator is reported {expected}: write the period like {example}'

# ASCII digits only: Python's \d also matches other scripts' digits, which no spreadsheet user means here.
MONTH_SHAPE = re.compile(r"([0-9]{4})-([0-9]{1,2})")
QUARTER_SHAPE = re.compile(r"([0-9]{4})/([0-9]{2})[ \t]*[Qq]([0-9])")
YEAR_SHAPE = re.compile(r"([0-9]{4})/([0-9]{2})")


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def periods_per_year(self) -> int:
        return {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.ANNUAL: 1}[self]

    @property
    def example(self) -> str:
        return {Frequency.MONTHLY: "2026-04", Frequency.QUARTERLY: "2026/27 Q1", Frequency.ANNUAL: "2026/27"}[self]

    @property
    def noun(self) -> str:
        """What one period is called, with its article: "a month"."""
        return {Frequency.MONTHLY: "a month", Frequency.QUARTERLY: "a quarter", Frequency.ANNUAL: "a financial year"}[
            self
        ]


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written "2026-04". Months order by time."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"a year has months 1 to 12, not {self.month}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"months are written with a four-digit year, not {self.year}")

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def index(self) -> int:
        """Months counted from January of year 0, so that the difference of two indexes counts months."""
        return self.year * 12 + self.month - 1

    @property
    def starts(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def ends(self) -> dt.date:
        following = self.plus(1)
        return dt.date(following.year, following.month, 1) - dt.timedelta(days=1)

    @property
    def financial_year(self) -> FinancialYear:
        return financial_year_of(self.starts)

    def plus(self, months: int) -> Month:
        year, offset = divmod(self.index + months, 12)
        return Month(year, offset + 1)

    def next(self) -> Month:
        return self.plus(1)

    def previous(self) -> Month:
        return self.plus(-1)

    def __str__(self) -> str:
        return self.label


Period = Month | Quarter | FinancialYear


def frequency_of(period: Period) -> Frequency:
    if isinstance(period, Month):
        return Frequency.MONTHLY
    if isinstance(period, Quarter):
        return Frequency.QUARTERLY
    return Frequency.ANNUAL


def parse_period(label: str, *, frequency: Frequency | None = None) -> Period:
    """Parse a month ("2026-04", also "2026-4"), a quarter ("2026/27 Q1", also "2026/27q1") or a financial year
    ("2026/27"). With ``frequency``, the label must be of that kind. Raises ValueError saying what is wrong."""
    text = label.strip()
    period: Period
    if MONTH_SHAPE.fullmatch(text):
        period = _month(text, label)
    elif QUARTER_SHAPE.fullmatch(text):
        period = parse_quarter(text)
    elif YEAR_SHAPE.fullmatch(text):
        period = parse_financial_year(text)
    else:
        raise ValueError(PERIOD_INVALID.format(label=label))
    if frequency is not None and frequency_of(period) is not frequency:
        raise ValueError(
            WRONG_FREQUENCY.format(
                label=label,
                actual=frequency_of(period).noun,
                expected=frequency.value,
                example=frequency.example,
            )
        )
    return period


def _month(text: str, label: str) -> Month:
    match = MONTH_SHAPE.fullmatch(text)
    assert match is not None
    year, month = int(match.group(1)), int(match.group(2))
    if year < 1:
        raise ValueError(PERIOD_INVALID.format(label=label))
    if not 1 <= month <= 12:
        raise ValueError(MONTH_INVALID.format(label=label))
    return Month(year, month)


def canonical_label(label: str) -> str:
    """The one way of writing a period: "2026-4" and " 2026-04 " are "2026-04", "2026/27q1" is "2026/27 Q1"."""
    return parse_period(label).label


def previous_period(period: Period) -> Period:
    """The period just before: the month, quarter or financial year before."""
    return period.previous()


def same_period_last_year(period: Period) -> Period:
    """The same month, quarter or financial year one year earlier."""
    if isinstance(period, Month):
        return period.plus(-12)
    if isinstance(period, Quarter):
        return period.plus(-4)
    return period.previous()


def financial_year_of_period(period: Period) -> FinancialYear:
    """The financial year a period falls in (benchmarks are published per financial year)."""
    if isinstance(period, Month):
        return period.financial_year
    if isinstance(period, Quarter):
        return period.year
    return period
