"""The contract monitoring protocol's engine: which observed signals come to committee, after amendments; and the
dates of a recommendation's response and follow-ups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.governance.protocol import (
    AGENCY_USE,
    ASSESSMENT_RATING,
    COMPLAINTS,
    KPI_RATING,
    RATING_ORDER,
    STAFF_TURNOVER,
    UPHELD_COMPLAINTS,
    Amendment,
    Observation,
    Protocol,
    effective,
    meets,
    triggers,
)
from engine.governance.recommendations import add_months, is_due_soon, is_overdue, next_follow_up, response_due

PROTOCOL = Protocol(
    signals=frozenset({KPI_RATING, ASSESSMENT_RATING, UPHELD_COMPLAINTS, STAFF_TURNOVER}),
    frequency="quarterly",
    thresholds={
        KPI_RATING: "inadequate",
        ASSESSMENT_RATING: "approaching",
        UPHELD_COMPLAINTS: 5,
        STAFF_TURNOVER: Decimal("30"),
        COMPLAINTS: 20,
    },
)


@pytest.mark.parametrize(
    ("kind", "value", "threshold", "expected"),
    [
        (KPI_RATING, "inadequate", "inadequate", True),
        (KPI_RATING, "requires_improvement", "inadequate", False),
        (ASSESSMENT_RATING, "approaching", "approaching", True),
        (ASSESSMENT_RATING, "good", "approaching", False),
        (ASSESSMENT_RATING, "other", "approaching", False),  # not on the scale
        (UPHELD_COMPLAINTS, 5, 5, False),  # above the threshold, not at it
        (UPHELD_COMPLAINTS, 6, 5, True),
        (STAFF_TURNOVER, Decimal("30.1"), Decimal("30"), True),
    ],
)
def test_meets(kind: str, value: object, threshold: object, expected: bool) -> None:
    assert meets(kind, value, threshold) is expected  # type: ignore[arg-type]


def test_only_watched_signals_over_their_threshold_come_to_committee() -> None:
    seen = [
        Observation(KPI_RATING, "C1: visits on time", "inadequate", service_id=1, contract_id=10),
        Observation(KPI_RATING, "C1: satisfaction", "good", service_id=1, contract_id=10),
        Observation(COMPLAINTS, "Home care", 50, service_id=1),  # not watched
        Observation(UPHELD_COMPLAINTS, "Home care", 6, service_id=1),
        Observation(AGENCY_USE, "C1", Decimal("90"), contract_id=10),  # watched by no one, no threshold
    ]
    found = triggers(PROTOCOL, [], seen)
    assert [t.observation.subject for t in found] == ["C1: visits on time", "Home care"]
    assert all(not t.amended and t.frequency == "quarterly" for t in found)


def test_a_contract_amendment_wins_over_the_service_amendment() -> None:
    amendments = [
        Amendment(service_id=1, thresholds={KPI_RATING: "requires_improvement"}, frequency="monthly"),
        Amendment(contract_id=10, thresholds={KPI_RATING: "inadequate"}),
    ]
    in_force, amended = effective(PROTOCOL, amendments, service_id=1, contract_id=10)
    assert amended
    assert (in_force.thresholds[KPI_RATING], in_force.frequency) == ("inadequate", "monthly")
    other, _ = effective(PROTOCOL, amendments, service_id=1, contract_id=11)
    assert other.thresholds[KPI_RATING] == "requires_improvement"
    untouched, amended_elsewhere = effective(PROTOCOL, amendments, service_id=2, contract_id=None)
    assert (untouched, amended_elsewhere) == (PROTOCOL, False)


def test_an_amendment_can_watch_a_signal_the_protocol_does_not() -> None:
    amendments = [Amendment(service_id=1, signals=frozenset({COMPLAINTS}))]
    seen = [
        Observation(COMPLAINTS, "Home care", 21, service_id=1),
        Observation(COMPLAINTS, "Libraries", 21, service_id=2),
    ]
    found = triggers(PROTOCOL, amendments, seen)
    assert [(t.observation.subject, t.amended) for t in found] == [("Home care", True)]


ratings = st.sampled_from(RATING_ORDER)


@given(value=ratings, threshold=ratings, worse=ratings)
def test_a_worse_rating_meets_a_threshold_a_better_one_meets(value: str, threshold: str, worse: str) -> None:
    if meets(KPI_RATING, value, threshold) and RATING_ORDER.index(worse) >= RATING_ORDER.index(value):
        assert meets(KPI_RATING, worse, threshold)


@given(value=st.integers(min_value=0, max_value=500), threshold=st.integers(min_value=0, max_value=500))
def test_a_raised_threshold_never_brings_more_to_committee(value: int, threshold: int) -> None:
    seen = [Observation(UPHELD_COMPLAINTS, "S", value, service_id=1)]
    lower = triggers(PROTOCOL, [Amendment(service_id=1, thresholds={UPHELD_COMPLAINTS: threshold})], seen)
    higher = triggers(PROTOCOL, [Amendment(service_id=1, thresholds={UPHELD_COMPLAINTS: threshold + 1})], seen)
    assert len(higher) <= len(lower)


# Dates of a recommendation ------------------------------------------------------------------------------------------


def test_the_response_is_due_two_months_on_clamped_to_the_month() -> None:
    assert response_due(dt.date(2026, 9, 1), 2) == dt.date(2026, 11, 1)
    assert response_due(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
    assert next_follow_up(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), months=st.integers(0, 36))
def test_add_months_moves_forward_by_whole_months(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


def test_overdue_and_due_soon() -> None:
    today = dt.date(2026, 11, 1)
    assert is_overdue(due=dt.date(2026, 10, 31), done=False, today=today)
    assert not is_overdue(due=dt.date(2026, 10, 31), done=True, today=today)
    assert is_due_soon(due=dt.date(2026, 11, 11), done=False, today=today, days=10)
    assert not is_due_soon(due=dt.date(2026, 11, 12), done=False, today=today, days=10)
    with pytest.raises(ValueError, match="negative"):
        add_months(today, -1)
