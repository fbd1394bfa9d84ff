"""What an indicator (KPI) measures: its unit and which way is better.

The ``outcomes`` app stores these as choices; the values here are what it stores.
"""

from __future__ import annotations

from enum import StrEnum


class Polarity(StrEnum):
    """Which way is better. A rate of delayed discharges is LOWER; a recycling rate is HIGHER."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"

    @property
    def flipped(self) -> Polarity:
        return Polarity.LOWER_IS_BETTER if self is Polarity.HIGHER_IS_BETTER else Polarity.HIGHER_IS_BETTER


class Unit(StrEnum):
    """The unit a value is recorded in. PERCENT values are percentage points: 45 means 45%."""

    COUNT = "count"
    PERCENT = "percent"
    GBP = "gbp"
    DAYS = "days"
    WEEKS = "weeks"
    HOURS = "hours"
    RATE_PER_1000 = "rate_per_1000"
    RATE_PER_100000 = "rate_per_100000"
    SCORE = "score"
    RATIO = "ratio"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.COUNT: "Count",
    Unit.PERCENT: "Percentage (%)",
    Unit.GBP: "Pounds (£)",
    Unit.DAYS: "Days",
    Unit.WEEKS: "Weeks",
    Unit.HOURS: "Hours",
    Unit.RATE_PER_1000: "Rate per 1,000",
    Unit.RATE_PER_100000: "Rate per 100,000",
    Unit.SCORE: "Score",
    Unit.RATIO: "Ratio",
}
