"""Dates of scrutiny's recommendations (issue 10): the response due a set number of months after the recommendation
is made (two by default: Local Government Act 2000, s.9FE), and follow-ups at set intervals after the response.
Pure Python."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (31 December + 2 is 28/29 February)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def response_due(made_on: dt.date, months: int) -> dt.date:
    """The last day for the response to a recommendation made on ``made_on``."""
    return add_months(made_on, months)


def next_follow_up(after: dt.date, months: int) -> dt.date:
    """When the committee next follows up implementation, ``months`` after the response or the last follow-up."""
    return add_months(after, months)


def is_overdue(*, due: dt.date, done: bool, today: dt.date) -> bool:
    """Not done and past its last day."""
    return not done and due < today


def is_due_soon(*, due: dt.date, done: bool, today: dt.date, days: int) -> bool:
    """Not done, not yet overdue, and due within ``days``."""
    return not done and today <= due <= today + dt.timedelta(days=days)
