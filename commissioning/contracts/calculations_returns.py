"""The bridge between KPIs, returns and assessments and engine/contracts/ratings.py: the one module of this part of
the app that calls the engine (the return schedule, overdue dates, drafted ratings and assessment due dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from engine.contracts.ratings import (
    RATING_LABELS,
    RATING_ORDER,
    RETURN_DUE_DAYS,
    RETURN_GRACE_DAYS,
    Draft,
    Period,
    Standard,
    draft_rating,
    is_return_overdue,
    months_on,
    next_assessment_due,
    return_periods,
)

__all__ = [
    "RATING_LABELS",
    "RATING_ORDER",
    "RETURN_DUE_DAYS",
    "RETURN_GRACE_DAYS",
    "Draft",
    "Period",
    "assessment_due",
    "draft_kpi",
    "months_after",
    "months_before",
    "overdue_if_due_before",
    "return_overdue",
    "schedule",
]


def schedule(*, start: dt.date, end: dt.date) -> list[Period]:
    return return_periods(start=start, end=end)


def return_overdue(*, due: dt.date, today: dt.date) -> bool:
    return is_return_overdue(due=due, today=today)


def overdue_if_due_before(today: dt.date) -> dt.date:
    """A return not submitted is overdue when its due date is before this day (for a query's filter)."""
    return today - dt.timedelta(days=RETURN_GRACE_DAYS)


def draft_kpi(*, values: Sequence[Decimal], target: Decimal, tolerance: Decimal, higher_is_better: bool) -> Draft:
    return draft_rating(
        values=values, standard=Standard(target=target, tolerance=tolerance, higher_is_better=higher_is_better)
    )


def assessment_due(*, start: dt.date, end: dt.date, last_period_end: dt.date | None) -> dt.date:
    return next_assessment_due(start=start, end=end, last_period_end=last_period_end)


def months_before(day: dt.date, months: int) -> dt.date:
    return months_on(day, -months)


def months_after(day: dt.date, months: int) -> dt.date:
    return months_on(day, months)
