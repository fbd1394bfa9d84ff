"""The drafted KPI ratings of a contract performance assessment, and the return schedule (engine/contracts/ratings.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.contracts import ratings
from engine.contracts.ratings import (
    APPROACHING,
    GOOD,
    INADEQUATE,
    OTHER,
    REQUIRES_IMPROVEMENT,
    Standard,
    draft_rating,
    is_worse,
    rate,
)

values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
tolerances = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def test_the_documented_bands_higher_is_better():
    standard = Standard(target=Decimal("90"), tolerance=Decimal("5"))
    assert rate(value=Decimal("95"), standard=standard) == GOOD
    assert rate(value=Decimal("90"), standard=standard) == GOOD
    assert rate(value=Decimal("85"), standard=standard) == APPROACHING
    assert rate(value=Decimal("80"), standard=standard) == REQUIRES_IMPROVEMENT
    assert rate(value=Decimal("79.99"), standard=standard) == INADEQUATE


def test_the_documented_bands_lower_is_better():
    standard = Standard(target=Decimal("10"), tolerance=Decimal("2"), higher_is_better=False)
    assert rate(value=Decimal("9"), standard=standard) == GOOD
    assert rate(value=Decimal("12"), standard=standard) == APPROACHING
    assert rate(value=Decimal("14"), standard=standard) == REQUIRES_IMPROVEMENT
    assert rate(value=Decimal("14.5"), standard=standard) == INADEQUATE


def test_no_tolerance_makes_any_miss_inadequate_and_no_values_other():
    standard = Standard(target=Decimal("1"), tolerance=Decimal("0"))
    assert rate(value=Decimal("0.99"), standard=standard) == INADEQUATE
    draft = draft_rating(values=[], standard=standard)
    assert (draft.rating, draft.average) == (OTHER, None)


def test_a_draft_averages_the_period_and_explains_itself():
    draft = draft_rating(values=[Decimal("80"), Decimal("90")], standard=Standard(Decimal("90"), Decimal("5")))
    assert draft.rating == APPROACHING
    assert draft.average == Decimal("85")
    assert draft.explanation == (
        "Average of 2 values: 85 against a target of at least 90; it misses it by 5 (tolerance 5)."
    )


@given(a=values, b=values, target=values, tolerance=tolerances, higher=st.booleans())
def test_a_better_value_never_gets_a_worse_rating(a, b, target, tolerance, higher):
    standard = Standard(target=target, tolerance=tolerance, higher_is_better=higher)
    better, worse = (max(a, b), min(a, b)) if higher else (min(a, b), max(a, b))
    assert not is_worse(rate(value=better, standard=standard), rate(value=worse, standard=standard))


@given(
    rest=st.lists(values, max_size=6),
    one=values,
    lift=st.decimals(min_value=0, max_value=50, places=2),
    target=values,
    tolerance=tolerances,
    higher=st.booleans(),
)
def test_improving_one_return_never_worsens_the_draft(rest, one, lift, target, tolerance, higher):
    standard = Standard(target=target, tolerance=tolerance, higher_is_better=higher)
    improved = one + lift if higher else one - lift
    before = draft_rating(values=[*rest, one], standard=standard).rating
    after = draft_rating(values=[*rest, improved], standard=standard).rating
    assert not is_worse(after, before)


def test_the_return_schedule_is_the_quarters_of_the_contract():
    periods = ratings.return_periods(start=dt.date(2025, 5, 10), end=dt.date(2026, 4, 2))
    assert [p.label for p in periods] == ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4", "2026/27 Q1"]
    q1 = periods[0]
    assert (q1.starts, q1.ends, q1.due, q1.is_year_end) == (
        dt.date(2025, 4, 1),
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 30),
        False,
    )
    assert periods[3].is_year_end
    assert not ratings.is_return_overdue(due=q1.due, today=dt.date(2025, 8, 13))
    assert ratings.is_return_overdue(due=q1.due, today=dt.date(2025, 8, 14))


def test_an_assessment_is_due_every_twelve_months_or_at_the_end():
    start, end = dt.date(2025, 4, 1), dt.date(2027, 1, 31)
    assert ratings.next_assessment_due(start=start, end=end, last_period_end=None) == dt.date(2026, 4, 1)
    assert ratings.next_assessment_due(start=start, end=end, last_period_end=dt.date(2026, 3, 31)) == end
    assert ratings.months_on(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
