"""Complaint deadlines (the Ombudsman's complaint handling code) in English working days, holidays passed in."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.calendar.working_days import WorkingCalendar, working_days_between
from engine.complaints.deadlines import (
    EXTENSION_AGAIN,
    EXTENSION_REASON_REQUIRED,
    EXTENSION_STAGE2,
    EXTENSION_TOO_LONG,
    STAGE2_SAME_HANDLER,
    STAGE2_TOO_EARLY,
    Ombudsman,
    Stage,
    check_stage2_handler,
    check_stage2_request,
    extend_stage1,
    is_overdue,
    ombudsman_deadline,
    ombudsman_for,
    on_time,
    stage_deadlines,
)

D = dt.date
# England's bank holidays of 2026 and the start of 2027 (Boxing Day 2026 is a Saturday: Monday 28th instead).
ENGLAND = WorkingCalendar.of(
    [
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),
        D(2026, 12, 28),
        D(2027, 1, 1),
        D(2027, 3, 26),
        D(2027, 3, 29),
    ]
)


@pytest.mark.parametrize(
    ("started", "acknowledge_by", "answer_by"),
    [
        (D(2026, 12, 23), D(2027, 1, 4), D(2027, 1, 11)),  # Christmas, Boxing Day (substitute) and New Year
        (D(2026, 4, 2), D(2026, 4, 13), D(2026, 4, 20)),  # Easter: Good Friday and Easter Monday do not count
        (D(2026, 4, 3), D(2026, 4, 13), D(2026, 4, 20)),  # made on a bank holiday (Good Friday): day 0 all the same
        (D(2026, 6, 6), D(2026, 6, 12), D(2026, 6, 19)),  # made on a Saturday
    ],
)
def test_stage1_deadlines(started: dt.date, acknowledge_by: dt.date, answer_by: dt.date) -> None:
    deadlines = stage_deadlines(stage=Stage.ONE, started=started, calendar=ENGLAND)
    assert (deadlines.acknowledge_by, deadlines.answer_by) == (acknowledge_by, answer_by)


def test_stage2_is_acknowledged_in_5_and_answered_in_20_working_days_over_christmas() -> None:
    deadlines = stage_deadlines(stage=Stage.TWO, started=D(2026, 12, 14), calendar=ENGLAND)
    assert deadlines.acknowledge_by == D(2026, 12, 21)
    assert deadlines.answer_by == D(2027, 1, 14)


def test_one_extension_of_up_to_10_working_days_with_a_reason() -> None:
    first = stage_deadlines(stage=Stage.ONE, started=D(2026, 4, 2), calendar=ENGLAND)
    extended = extend_stage1(first, days=10, reason="We are waiting for the contractor's records", calendar=ENGLAND)
    assert extended.answer_by == D(2026, 5, 5)  # past the early May bank holiday
    assert extended.acknowledge_by == first.acknowledge_by
    with pytest.raises(ValueError, match=EXTENSION_AGAIN):
        extend_stage1(extended, days=1, reason="Again", calendar=ENGLAND)
    with pytest.raises(ValueError, match=EXTENSION_TOO_LONG.format(most=10, days=11)):
        extend_stage1(first, days=11, reason="Long", calendar=ENGLAND)
    with pytest.raises(ValueError, match=EXTENSION_REASON_REQUIRED):
        extend_stage1(first, days=5, reason="  ", calendar=ENGLAND)
    second = stage_deadlines(stage=Stage.TWO, started=D(2026, 4, 2), calendar=ENGLAND)
    with pytest.raises(ValueError, match=EXTENSION_STAGE2):
        extend_stage1(second, days=5, reason="No", calendar=ENGLAND)


def test_stage2_only_after_stage1_and_by_someone_else() -> None:
    with pytest.raises(ValueError, match=STAGE2_TOO_EARLY):
        check_stage2_request(stage1_answered=False)
    check_stage2_request(stage1_answered=True)
    with pytest.raises(ValueError, match=STAGE2_SAME_HANDLER):
        check_stage2_handler(stage1_handler=7, stage2_handler=7)
    check_stage2_handler(stage1_handler=7, stage2_handler=8)


@pytest.mark.parametrize(
    ("names", "ombudsman"),
    [
        (("Housing and Regeneration", "Tenancy support"), Ombudsman.HOUSING),
        (("Adults", "Council Homes repairs"), Ombudsman.HOUSING),
        (("Place", "Waste collection"), Ombudsman.LOCAL_GOVERNMENT),
        (("Warehousing",), Ombudsman.LOCAL_GOVERNMENT),  # whole words only
    ],
)
def test_the_ombudsman_named_in_the_final_answer(names: tuple[str, ...], ombudsman: Ombudsman) -> None:
    assert ombudsman_for(names=names) is ombudsman


def test_twelve_months_to_go_to_the_ombudsman() -> None:
    assert ombudsman_deadline(final_answer=D(2026, 3, 4)) == D(2027, 3, 4)
    assert ombudsman_deadline(final_answer=D(2028, 2, 29)) == D(2029, 2, 28)


def test_on_time_and_overdue() -> None:
    due = D(2026, 4, 20)
    assert on_time(done=due, due=due, today=D(2026, 5, 1))
    assert not on_time(done=None, due=due, today=D(2026, 4, 21))
    assert is_overdue(done=None, due=due, today=D(2026, 4, 21))
    assert not is_overdue(done=D(2026, 4, 22), due=due, today=D(2026, 4, 30))


holiday_sets = st.frozensets(st.dates(min_value=D(2020, 1, 1), max_value=D(2032, 12, 31)), max_size=40)


@given(
    started=st.dates(min_value=D(2021, 1, 1), max_value=D(2030, 12, 31)),
    holidays=holiday_sets,
    extension=st.integers(min_value=0, max_value=10),
    stage=st.sampled_from(Stage),
)
def test_deadlines_are_working_days_in_order(
    started: dt.date, holidays: frozenset[dt.date], extension: int, stage: Stage
) -> None:
    calendar = WorkingCalendar(holidays=holidays)
    extension = extension if stage is Stage.ONE else 0
    deadlines = stage_deadlines(stage=stage, started=started, calendar=calendar, extended_by_days=extension)
    assert started < deadlines.acknowledge_by < deadlines.answer_by
    assert calendar.is_working_day(deadlines.acknowledge_by)
    assert calendar.is_working_day(deadlines.answer_by)
    answer_days = (10 + extension) if stage is Stage.ONE else 20
    assert working_days_between(start=started, end=deadlines.answer_by, calendar=calendar) == answer_days
    assert working_days_between(start=started, end=deadlines.acknowledge_by, calendar=calendar) == 5
