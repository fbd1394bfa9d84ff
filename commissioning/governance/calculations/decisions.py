"""The bridge to engine/ for decisions: call-in windows, forward plan notice and the key-decision test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commissioning.core.calendar import english_calendar
from engine.calendar.clear_days import clear_days_between, clear_working_days_between
from engine.governance import decisions as decision_dates
from engine.governance.decisions import CallInWindow


def clear_days_before(*, given: dt.date, event: dt.date) -> int:
    return clear_days_between(given=given, event=event)


def clear_working_days_before(*, given: dt.date, event: dt.date) -> int:
    return clear_working_days_between(given=given, event=event, calendar=english_calendar())


# Decisions ----------------------------------------------------------------------------------------------------------


def call_in_window(*, published_on: dt.date, working_days: int) -> CallInWindow:
    return decision_dates.call_in_window(
        published_on=published_on, working_days=working_days, calendar=english_calendar()
    )


def next_working_day(day: dt.date) -> dt.date:
    return decision_dates.next_working_day(day=day, calendar=english_calendar())


def key_reason(*, value: Decimal | None, threshold: Decimal, wards: int, executive: bool = True) -> str:
    return decision_dates.key_reason(value=value, threshold=threshold, wards=wards, executive=executive)


def notice_given(*, first_published_on: dt.date | None, decided_on: dt.date, clear_days: int) -> bool:
    return decision_dates.notice_given(
        first_published_on=first_published_on, decided_on=decided_on, clear_days=clear_days
    )


def earliest_decision_day(*, first_published_on: dt.date, clear_days: int) -> dt.date:
    return decision_dates.earliest_decision_day(first_published_on=first_published_on, clear_days=clear_days)
