"""Quarters of the financial year ("2026/27 Q1"): parsing, labels, dates and ordering."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.finance.years import (
    FinancialYear,
    Quarter,
    parse_quarter,
    quarter_from_index,
    quarter_of,
    quarters_between,
)

# Labels have four-digit years, so the properties stay inside them.
quarters = st.builds(Quarter, st.builds(FinancialYear, st.integers(min_value=1000, max_value=9997)), st.integers(1, 4))
dates = st.dates(min_value=dt.date(1001, 1, 1), max_value=dt.date(9997, 12, 31))


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2026, 4, 1), "2026/27 Q1"),
        (dt.date(2026, 6, 30), "2026/27 Q1"),
        (dt.date(2026, 7, 1), "2026/27 Q2"),
        (dt.date(2026, 12, 31), "2026/27 Q3"),
        (dt.date(2027, 1, 1), "2026/27 Q4"),
        (dt.date(2027, 3, 31), "2026/27 Q4"),
        (dt.date(2027, 4, 1), "2027/28 Q1"),
        (dt.date(1999, 11, 5), "1999/00 Q3"),
    ],
)
def test_quarter_of(day, label):
    assert quarter_of(day).label == label


def test_quarter_dates():
    q4 = parse_quarter("2026/27 Q4")
    assert (q4.starts, q4.ends) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    q1 = parse_quarter("2026/27 Q1")
    assert (q1.starts, q1.ends) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert str(q1) == "2026/27 Q1"


@pytest.mark.parametrize("label", ["2026/27 Q1", " 2026/27 q1 ", "2026/27Q1", "2026/27   Q1"])
def test_parse_accepts_small_variations_and_gives_the_canonical_label(label):
    assert parse_quarter(label) == Quarter(FinancialYear(2026), 1)
    assert parse_quarter(label).label == "2026/27 Q1"


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "write the financial year then the quarter, like 2026/27 Q1"),
        ("2026 Q1", "write the financial year then the quarter, like 2026/27 Q1"),
        ("Q1 2026/27", "write the financial year then the quarter, like 2026/27 Q1"),
        ("2026/27", "write the financial year then the quarter, like 2026/27 Q1"),
        ("2026/28 Q1", "the second year must follow the first, like 2026/27 Q1"),
        ("2026/27 Q5", "a financial year has quarters Q1 to Q4, like 2026/27 Q1"),
        ("2026/27 Q0", "a financial year has quarters Q1 to Q4, like 2026/27 Q1"),
    ],
)
def test_parse_says_what_is_wrong(label, message):
    with pytest.raises(ValueError, match=message) as excinfo:
        parse_quarter(label)
    assert str(excinfo.value).startswith(f'"{label}" is not a quarter: ')


@pytest.mark.parametrize("number", [0, 5, -1])
def test_a_quarter_outside_q1_to_q4_cannot_be_made(number):
    with pytest.raises(ValueError, match="quarters Q1 to Q4"):
        Quarter(FinancialYear(2026), number)


def test_ordering_and_counting():
    q = parse_quarter
    assert q("2026/27 Q4") < q("2027/28 Q1") < q("2027/28 Q2")
    assert sorted([q("2027/28 Q1"), q("2026/27 Q3"), q("2026/27 Q1")]) == [
        q("2026/27 Q1"),
        q("2026/27 Q3"),
        q("2027/28 Q1"),
    ]
    assert quarters_between(q("2026/27 Q1"), q("2026/27 Q4")) == 4
    assert quarters_between(q("2026/27 Q2"), q("2026/27 Q2")) == 1
    assert quarters_between(q("2026/27 Q3"), q("2026/27 Q2")) == 0
    assert q("2026/27 Q4").next() == q("2027/28 Q1")
    assert q("2027/28 Q1").previous() == q("2026/27 Q4")
    assert q("2026/27 Q2").plus(7) == q("2028/29 Q1")


@given(quarters)
def test_label_round_trips(quarter):
    assert parse_quarter(quarter.label) == quarter
    assert parse_quarter(quarter.label.lower()) == quarter
    assert len(quarter.label) == 10


@given(quarters, quarters)
def test_labels_sort_like_the_quarters_they_name(a, b):
    """So a database can order and compare quarters by their label."""
    assert (a < b) == (a.label < b.label)
    assert (a == b) == (a.label == b.label)
    assert (a < b) == (a.index < b.index) == (a.starts < b.starts)


@given(dates)
def test_every_date_falls_inside_its_quarter(day):
    quarter = quarter_of(day)
    assert quarter.starts <= day <= quarter.ends
    assert quarter.year.starts <= quarter.starts <= quarter.ends <= quarter.year.ends


@given(quarters, st.integers(min_value=-200, max_value=200))
def test_moving_by_quarters(quarter, steps):
    moved = quarter.plus(steps)
    assert moved.plus(-steps) == quarter
    assert quarters_between(quarter, moved) == steps + 1
    assert quarter_from_index(quarter.index) == quarter
    assert quarter.next().previous() == quarter
    assert quarter.next().starts == quarter.ends + dt.timedelta(days=1)
