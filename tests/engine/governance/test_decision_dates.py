"""The call-in window, the forward plan's notice and the key-decision test (engine/governance/decisions.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from engine.calendar.working_days import WorkingCalendar
from engine.governance.decisions import (
    BOTH,
    FINANCIAL,
    NOT_KEY,
    WARDS,
    call_in_window,
    earliest_decision_day,
    key_reason,
    notice_given,
)

D = dt.date
ENGLAND = WorkingCalendar.of(
    [
        D(2025, 12, 25), D(2025, 12, 26), D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 12, 25),
        D(2026, 12, 28), D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29),
    ]
)  # fmt: skip


@pytest.mark.parametrize(
    ("published", "deadline", "implementable"),
    [
        # An ordinary week: Monday publication, five working days, Monday deadline, Tuesday implementation.
        (D(2026, 11, 30), D(2026, 12, 7), D(2026, 12, 8)),
        # Christmas and New Year 2026-27: Christmas Day (Fri), Boxing Day substitute (Mon 28) and New Year's Day skipped.
        (D(2026, 12, 23), D(2027, 1, 4), D(2027, 1, 5)),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March skipped.
        (D(2027, 3, 25), D(2027, 4, 5), D(2027, 4, 6)),
        # Easter 2026, published on Good Friday itself (day 0 whatever it is).
        (D(2026, 4, 3), D(2026, 4, 13), D(2026, 4, 14)),
        # Over the year end 2025-26: New Year's Day skipped.
        (D(2025, 12, 30), D(2026, 1, 7), D(2026, 1, 8)),
        # Published on a Saturday: the weekend is not counted.
        (D(2026, 12, 5), D(2026, 12, 11), D(2026, 12, 14)),
    ],
)
def test_the_call_in_window_counts_working_days_after_publication(published, deadline, implementable):
    window = call_in_window(published_on=published, working_days=5, calendar=ENGLAND)
    assert (window.deadline, window.implementable_from) == (deadline, implementable)
    assert window.is_open(deadline)
    assert not window.is_open(implementable)


def test_a_longer_call_in_period_is_the_councils_choice():
    assert call_in_window(published_on=D(2026, 11, 30), working_days=10, calendar=ENGLAND).deadline == D(2026, 12, 14)


@pytest.mark.parametrize(
    ("value", "wards", "expected"),
    [
        (None, 0, NOT_KEY),
        (Decimal("499999.99"), 1, NOT_KEY),
        (Decimal("500000"), 0, FINANCIAL),
        (Decimal("-750000"), 1, FINANCIAL),  # a saving counts as much as a spend
        (Decimal("10000"), 2, WARDS),
        (Decimal("500000"), 3, BOTH),
    ],
)
def test_key_decisions_are_over_the_threshold_or_significant_in_two_wards(value, wards, expected):
    assert key_reason(value=value, threshold=Decimal("500000"), wards=wards) == expected
    assert key_reason(value=value, threshold=Decimal("500000"), wards=wards, executive=False) == ""


def test_twenty_eight_clear_days_leave_out_both_ends():
    assert notice_given(first_published_on=D(2026, 3, 1), decided_on=D(2026, 3, 30), clear_days=28)
    assert not notice_given(first_published_on=D(2026, 3, 2), decided_on=D(2026, 3, 30), clear_days=28)
    assert not notice_given(first_published_on=None, decided_on=D(2026, 3, 30), clear_days=28)
    # Twenty days' notice is not enough.
    assert not notice_given(first_published_on=D(2026, 3, 9), decided_on=D(2026, 3, 30), clear_days=28)
    assert earliest_decision_day(first_published_on=D(2026, 3, 1), clear_days=28) == D(2026, 3, 30)
