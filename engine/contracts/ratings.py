"""Contract performance: the return schedule and the drafted rating of each KPI in a performance assessment.

Pure Python: frozen dataclasses in and out, Decimals throughout.

**Returns.** A contract's returns are quarterly, by the quarters of the financial year ("2026/27 Q1", April to June).
A return is due ``RETURN_DUE_DAYS`` (30) days after its quarter ends and is overdue once ``RETURN_GRACE_DAYS`` (14)
more days have passed without it being submitted. A KPI measured annually is asked for in the return of the last
quarter of each financial year (Q4).

**Assessments** (Procurement Act 2023, section 52): at least once in any twelve months and at the end of the contract.
The next one is due twelve months after the end of the period the last confirmed one covered (or after the
contract's start when there is none), or at the contract's end if that comes first.

**The bands of a drafted rating.** Every value of the period is averaged (a yes/no KPI counts yes as 1 and no as 0,
so its average is the share of returns that said yes). The *shortfall* is how far the average falls short of the
target in the KPI's direction (target minus average when higher is better; average minus target when lower is
better), and is zero or negative when the target is met. With the KPI's tolerance ``t`` (zero or more):

    shortfall <= 0             Good
    0 < shortfall <= t         Approaching target
    t < shortfall <= 2t        Requires improvement
    shortfall > 2t             Inadequate
    no value in the period     Other (nothing to rate: the contract manager says why)

So with no tolerance any miss is Inadequate. The bands depend on the shortfall alone, which only falls as a value
improves: a better value never gets a worse rating (tests/engine/test_contract_ratings.py checks it with Hypothesis).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from engine.finance.years import Quarter, quarter_of

RETURN_DUE_DAYS = 30
RETURN_GRACE_DAYS = 14
ASSESSMENT_INTERVAL_MONTHS = 12

GOOD = "good"
APPROACHING = "approaching"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"
OTHER = "other"
# Best first; Other is outside the order (nothing to rate).
RATING_ORDER = (GOOD, APPROACHING, REQUIRES_IMPROVEMENT, INADEQUATE)
RATING_LABELS = {
    GOOD: "Good",
    APPROACHING: "Approaching target",
    REQUIRES_IMPROVEMENT: "Requires improvement",
    INADEQUATE: "Inadequate",
    OTHER: "Other",
}


@dataclass(frozen=True)
class Standard:
    """What a KPI asks: its target, the tolerance either side of a miss, and which way is better."""

    target: Decimal
    tolerance: Decimal
    higher_is_better: bool = True


@dataclass(frozen=True)
class Draft:
    rating: str
    average: Decimal | None
    shortfall: Decimal | None
    explanation: str


def shortfall(*, value: Decimal, standard: Standard) -> Decimal:
    """How far ``value`` falls short of the target (zero or less when it meets it)."""
    return standard.target - value if standard.higher_is_better else value - standard.target


def rate(*, value: Decimal, standard: Standard) -> str:
    """The band of one value (the bands are in the module's docstring)."""
    short = shortfall(value=value, standard=standard)
    tolerance = max(standard.tolerance, Decimal("0"))
    if short <= 0:
        return GOOD
    if short <= tolerance:
        return APPROACHING
    if short <= 2 * tolerance:
        return REQUIRES_IMPROVEMENT
    return INADEQUATE


def draft_rating(*, values: Sequence[Decimal], standard: Standard) -> Draft:
    """The drafted rating of a KPI over a period: its values averaged, then banded."""
    if not values:
        return Draft(OTHER, None, None, "No value was returned in the period, so there is nothing to rate.")
    average = sum(values, Decimal("0")) / len(values)
    short = shortfall(value=average, standard=standard)
    rating = rate(value=average, standard=standard)
    way = "at least" if standard.higher_is_better else "at most"
    met = "meets the target" if short <= 0 else f"misses it by {_plain(short)} (tolerance {_plain(standard.tolerance)})"
    explanation = (
        f"Average of {len(values)} value{'s' if len(values) != 1 else ''}: {_plain(average)} against a target of "
        f"{way} {_plain(standard.target)}; it {met}."
    )
    return Draft(rating, average, short, explanation)


def is_worse(a: str, b: str) -> bool:
    """Whether rating ``a`` is worse than ``b`` (Other is neither better nor worse than anything)."""
    if a not in RATING_ORDER or b not in RATING_ORDER:
        return False
    return RATING_ORDER.index(a) > RATING_ORDER.index(b)


def _plain(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# The return schedule -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    label: str  # "2026/27 Q1"
    starts: dt.date
    ends: dt.date
    due: dt.date
    is_year_end: bool  # the last quarter of a financial year: annual KPIs are asked for in it


def _period(quarter: Quarter) -> Period:
    return Period(
        label=quarter.label,
        starts=quarter.starts,
        ends=quarter.ends,
        due=quarter.ends + dt.timedelta(days=RETURN_DUE_DAYS),
        is_year_end=quarter.number == 4,
    )


def return_periods(*, start: dt.date, end: dt.date) -> list[Period]:
    """Every quarter a contract running from ``start`` to ``end`` (inclusive) is in, first to last."""
    if end < start:
        return []
    periods = []
    quarter = quarter_of(start)
    last = quarter_of(end)
    while quarter.index <= last.index:
        periods.append(_period(quarter))
        quarter = quarter.next()
    return periods


def overdue_after(due: dt.date) -> dt.date:
    """The last day a return due on ``due`` may still come in before it is overdue."""
    return due + dt.timedelta(days=RETURN_GRACE_DAYS)


def is_return_overdue(*, due: dt.date, today: dt.date) -> bool:
    return today > overdue_after(due)


def months_on(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last_day = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def next_assessment_due(*, start: dt.date, end: dt.date, last_period_end: dt.date | None) -> dt.date:
    """When the next assessment is due: twelve months after the last one's period ended (or after the start), or at
    the contract's end if that is sooner."""
    due = months_on(last_period_end or start, ASSESSMENT_INTERVAL_MONTHS)
    return min(due, end)
