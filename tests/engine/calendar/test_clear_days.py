"""Clear days and clear working days: the notice before a meeting or a key decision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.calendar.clear_days import (
    clear_days_between,
    clear_working_days_between,
    earliest_event_day,
    latest_notice_day,
    latest_working_notice_day,
)
from engine.calendar.working_days import WorkingCalendar

D = dt.date
# England's bank holidays around the year end 2026/27 and Easter 2027.
HOLIDAYS = WorkingCalendar.of([D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29)])
dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))


def test_28_clear_days_leave_out_the_day_of_notice_and_the_day_of_decision() -> None:
    assert clear_days_between(given=D(2027, 3, 1), event=D(2027, 3, 30)) == 28
    assert clear_days_between(given=D(2027, 3, 1), event=D(2027, 3, 29)) == 27
    assert earliest_event_day(given=D(2027, 3, 1), clear_days=28) == D(2027, 3, 30)
    assert latest_notice_day(event=D(2027, 3, 30), clear_days=28) == D(2027, 3, 1)


def test_five_clear_working_days_over_christmas_and_the_new_year() -> None:
    # A meeting on Thursday 7 January 2027: the clear working days before it are 6, 5, 4, 31 Dec, 30 Dec (1 January
    # and the weekend do not count), so the agenda must be out by Tuesday 29 December.
    event = D(2027, 1, 7)
    assert latest_working_notice_day(event=event, clear_working_days=5, calendar=HOLIDAYS) == D(2026, 12, 29)
    assert clear_working_days_between(given=D(2026, 12, 29), event=event, calendar=HOLIDAYS) == 5
    assert clear_working_days_between(given=D(2026, 12, 30), event=event, calendar=HOLIDAYS) == 4


def test_five_clear_working_days_over_easter() -> None:
    # A meeting on Tuesday 6 April 2027: 5, 2 (Thursday), 1, 31 March, 30 March; Good Friday and Easter Monday out.
    event = D(2027, 4, 6)
    assert latest_working_notice_day(event=event, clear_working_days=5, calendar=HOLIDAYS) == D(2027, 3, 29)
    assert clear_working_days_between(given=D(2027, 3, 29), event=event, calendar=HOLIDAYS) == 5


def test_notice_given_on_or_after_the_event_gives_no_clear_days() -> None:
    assert clear_days_between(given=D(2027, 3, 2), event=D(2027, 3, 2)) == -1
    assert clear_working_days_between(given=D(2027, 3, 2), event=D(2027, 3, 1), calendar=HOLIDAYS) == 0
    with pytest.raises(ValueError, match="cannot be negative"):
        latest_notice_day(event=D(2027, 3, 2), clear_days=-1)


@given(dates, st.integers(min_value=0, max_value=60))
def test_the_latest_notice_day_gives_exactly_the_clear_days(event: dt.date, days: int) -> None:
    assert clear_days_between(given=latest_notice_day(event=event, clear_days=days), event=event) == days
    assert latest_notice_day(event=earliest_event_day(given=event, clear_days=days), clear_days=days) == event


@given(dates, st.integers(min_value=0, max_value=20))
def test_the_latest_working_notice_day_gives_at_least_the_clear_working_days(event: dt.date, days: int) -> None:
    day = latest_working_notice_day(event=event, clear_working_days=days, calendar=HOLIDAYS)
    assert clear_working_days_between(given=day, event=event, calendar=HOLIDAYS) == days
    # and it is the latest: a day later loses the first of them
    later = day + dt.timedelta(days=1)
    assert days == 0 or clear_working_days_between(given=later, event=event, calendar=HOLIDAYS) == days - 1
