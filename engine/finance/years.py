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
