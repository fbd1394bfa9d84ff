"""English working days: adding them to a date and counting them, with the bank holidays passed in."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from engine.calendar.working_days import WorkingCalendar, add_working_days, working_days_between

D = dt.date
# England and Wales, 2026 (as GOV.UK lists them; the app reads them from the packaged copy, never from here).
ENGLAND_2026 = WorkingCalendar.of(
    [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31), D(2026, 12, 25),
     D(2026, 12, 28)]
)  # fmt: skip

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=D(2000, 1, 1), max_value=D(2101, 12, 31)), max_size=60)
calendars = st.builds(WorkingCalendar, holidays=holiday_sets)
day_counts = st.integers(min_value=0, max_value=120)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 3, 2), 1, D(2026, 3, 3)),  # Monday to Tuesday
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # Friday to Monday
        (D(2026, 3, 7), 1, D(2026, 3, 9)),  # Saturday: the first working day after it is Monday
        (D(2026, 3, 8), 5, D(2026, 3, 13)),  # Sunday to Friday
        (D(2026, 3, 2), 10, D(2026, 3, 16)),  # two weeks
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Thursday before Easter: Good Friday and Easter Monday do not count
        (D(2026, 4, 3), 5, D(2026, 4, 13)),  # submitted on Good Friday
        (D(2026, 12, 23), 2, D(2026, 12, 29)),  # Christmas Day and the Boxing Day substitute (28 December)
        (D(2026, 12, 24), 20, D(2027, 1, 25)),  # across the new year: 1 January 2027 is not in this list
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # spring bank holiday
        (D(2026, 3, 2), 0, D(2026, 3, 2)),  # no days: a working day stays put
        (D(2026, 4, 3), 0, D(2026, 4, 7)),  # no days from a holiday: the next working day
    ],
)
def test_adding_working_days_skips_weekends_and_bank_holidays(start: dt.date, days: int, expected: dt.date) -> None:
    assert add_working_days(start=start, days=days, calendar=ENGLAND_2026) == expected


def test_counting_working_days() -> None:
    assert working_days_between(start=D(2026, 4, 2), end=D(2026, 4, 7), calendar=ENGLAND_2026) == 1
    assert working_days_between(start=D(2026, 3, 2), end=D(2026, 3, 2), calendar=ENGLAND_2026) == 0
    assert working_days_between(start=D(2026, 3, 6), end=D(2026, 3, 8), calendar=ENGLAND_2026) == 0
    assert working_days_between(start=D(2026, 12, 24), end=D(2027, 1, 25), calendar=ENGLAND_2026) == 20


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="Working days cannot be negative: got -1"):
        add_working_days(start=D(2026, 3, 2), days=-1, calendar=ENGLAND_2026)
    with pytest.raises(ValueError, match="The end date 2026-03-01 is before the start date 2026-03-02"):
        working_days_between(start=D(2026, 3, 2), end=D(2026, 3, 1), calendar=ENGLAND_2026)
    with pytest.raises(ValueError, match="no working days"):
        add_working_days(start=D(2026, 3, 2), days=1, calendar=WorkingCalendar(weekend=frozenset(range(7))))


def test_the_calendar_knows_how_far_its_holidays_go() -> None:
    assert ENGLAND_2026.known_until == D(2026, 12, 28)
    assert ENGLAND_2026.covers(D(2026, 12, 31)) is False
    assert ENGLAND_2026.covers(D(2026, 6, 1)) is True
    assert WorkingCalendar().covers(D(2999, 1, 1)) is True
    with pytest.raises(AttributeError):
        ENGLAND_2026.holidays = frozenset()  # type: ignore[misc]


@given(start=dates, days=day_counts, calendar=calendars)
def test_the_answer_is_never_a_weekend_or_a_holiday(start: dt.date, days: int, calendar: WorkingCalendar) -> None:
    due = add_working_days(start=start, days=days, calendar=calendar)
    assert due.weekday() < 5
    assert due not in calendar.holidays
    assert due >= start
    if days > 0:
        assert due > start


@given(start=dates, days=day_counts, more=st.integers(min_value=1, max_value=60), calendar=calendars)
def test_more_days_always_means_a_later_date(start: dt.date, days: int, more: int, calendar: WorkingCalendar) -> None:
    sooner = add_working_days(start=start, days=days, calendar=calendar)
    later = add_working_days(start=start, days=days + more, calendar=calendar)
    # Day 0 from a weekend is the next working day, which is also day 1: from one day on, strictly later.
    assert later >= sooner
    if days >= 1 or calendar.is_working_day(start):
        assert later > sooner


@given(first=dates, second=dates, days=day_counts, calendar=calendars)
def test_a_later_start_never_gives_an_earlier_date(
    first: dt.date, second: dt.date, days: int, calendar: WorkingCalendar
) -> None:
    early, late = sorted([first, second])
    assert add_working_days(start=early, days=days, calendar=calendar) <= add_working_days(
        start=late, days=days, calendar=calendar
    )


@given(start=dates, days=st.integers(min_value=1, max_value=120), calendar=calendars)
def test_counting_undoes_adding(start: dt.date, days: int, calendar: WorkingCalendar) -> None:
    due = add_working_days(start=start, days=days, calendar=calendar)
    assert working_days_between(start=start, end=due, calendar=calendar) == days
    # And the day before the deadline is one working day short.
    assert working_days_between(start=start, end=due - dt.timedelta(days=1), calendar=calendar) == days - 1


@given(start=dates, days=st.integers(min_value=1, max_value=60), calendar=calendars)
def test_holidays_only_push_the_date_later(start: dt.date, days: int, calendar: WorkingCalendar) -> None:
    without = add_working_days(start=start, days=days, calendar=WorkingCalendar())
    with_holidays = add_working_days(start=start, days=days, calendar=calendar)
    assert with_holidays >= without
    assume(not calendar.holidays)
    assert with_holidays == without
