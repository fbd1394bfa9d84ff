"""UK public-sector financial years, which run from 1 April to 31 March and are written "2026/27"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def starts(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def ends(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def __str__(self) -> str:
        return self.label

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)


def financial_year_of(day: dt.date) -> FinancialYear:
    """The financial year a date falls in: 31 March 2027 is in 2026/27, 1 April 2027 in 2027/28."""
    return FinancialYear(day.year if day.month >= 4 else day.year - 1)


def parse_financial_year(label: str) -> FinancialYear:
    """Parse "2026/27". Raises ValueError naming the problem for anything else."""
    match = _LABEL.match(label.strip())
    if not match:
        raise ValueError(f'"{label}" is not a financial year: write it like 2026/27')
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise ValueError(f'"{label}" is not a financial year: the second year must follow the first, like 2026/27')
    return FinancialYear(start)


_QUARTER_LABEL = re.compile(r"^(\d{4})/(\d{2})\s*Q(\d)$", re.IGNORECASE)
_QUARTER_START_MONTHS = (4, 7, 10, 1)  # Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year, written "2026/27 Q1" (Q1 is April to June, Q4 January to March).

    Quarters order by time: every quarter of 2026/27 comes before 2027/28 Q1. The label has a fixed width, so
    labels sort in the same order as the quarters they name.
    """

    year: FinancialYear
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"A financial year has quarters Q1 to Q4, not Q{self.number}")

    @property
    def label(self) -> str:
        return f"{self.year.label} Q{self.number}"

    @property
    def starts(self) -> dt.date:
        month = _QUARTER_START_MONTHS[self.number - 1]
        return dt.date(self.year.start_year + (1 if month < 4 else 0), month, 1)

    @property
    def ends(self) -> dt.date:
        return self.next().starts - dt.timedelta(days=1)

    @property
    def index(self) -> int:
        """Quarters counted from the start of year 0, so that the difference of two indexes counts quarters."""
        return self.year.start_year * 4 + self.number - 1

    def __str__(self) -> str:
        return self.label

    def next(self) -> Quarter:
        return self.plus(1)

    def previous(self) -> Quarter:
        return self.plus(-1)

    def plus(self, quarters: int) -> Quarter:
        """The quarter this many quarters later (earlier when negative)."""
        return quarter_from_index(self.index + quarters)


def quarter_from_index(index: int) -> Quarter:
    """The inverse of Quarter.index."""
    start_year, offset = divmod(index, 4)
    return Quarter(FinancialYear(start_year), offset + 1)


def quarter_of(day: dt.date) -> Quarter:
    """The quarter a date falls in: 30 June 2026 is in 2026/27 Q1, 1 January 2027 in 2026/27 Q4."""
    year = financial_year_of(day)
    months_in = (day.month - 4) % 12
    return Quarter(year, months_in // 3 + 1)


def parse_quarter(label: str) -> Quarter:
    """Parse "2026/27 Q1" (also "2026/27 q1" and "2026/27Q1"). Raises ValueError naming the problem for anything else."""
    text = label.strip()
    match = _QUARTER_LABEL.match(text)
    if not match:
        raise ValueError(f'"{label}" is not a quarter: write the financial year then the quarter, like 2026/27 Q1')
    year_label, number = f"{match.group(1)}/{match.group(2)}", int(match.group(3))
    try:
        year = parse_financial_year(year_label)
    except ValueError:
        raise ValueError(
            f'"{label}" is not a quarter: the second year must follow the first, like 2026/27 Q1'
        ) from None
    if not 1 <= number <= 4:
        raise ValueError(f'"{label}" is not a quarter: a financial year has quarters Q1 to Q4, like 2026/27 Q1')
    return Quarter(year, number)


def quarters_between(start: Quarter, end: Quarter) -> int:
    """How many quarters a span covers, counting both ends: 2026/27 Q1 to 2026/27 Q4 is 4. Zero or less when end
    comes before start."""
    return end.index - start.index + 1
