"""The programme's timeline: each review's bar cut at the horizon's edges, and the days each skill uses against the
days available in each quarter (engine.optimisation.timeline), worked by hand and as properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.optimisation.timeline import TOTAL, Bar, Load, Running, bar, capacity_used


def test_a_bar_within_the_horizon_is_drawn_whole() -> None:
    assert bar(start=2, end=4, horizon=12) == Bar(first=2, span=3, earlier=False, later=False)


def test_a_bar_is_cut_at_either_edge_of_the_horizon_and_says_so() -> None:
    assert bar(start=-2, end=3, horizon=12) == Bar(first=1, span=3, earlier=True, later=False)
    assert bar(start=10, end=15, horizon=12) == Bar(first=10, span=3, earlier=False, later=True)
    assert bar(start=0, end=13, horizon=12) == Bar(first=1, span=12, earlier=True, later=True)


def test_a_review_outside_the_horizon_or_ending_before_it_starts_has_no_bar() -> None:
    assert bar(start=-4, end=0, horizon=12) is None
    assert bar(start=13, end=14, horizon=12) is None
    assert bar(start=5, end=4, horizon=12) is None
    with pytest.raises(ValueError, match="horizon"):
        bar(start=1, end=1, horizon=0)


def test_days_used_against_available_per_skill_and_quarter_worked_by_hand() -> None:
    loads = capacity_used(
        horizon=3,
        available={"generalist": [40, 40, 40], "procurement": [10, 10, 10]},
        running=[
            Running("generalist", start=1, end=2),
            Running("generalist", start=2, end=5),  # runs on past the horizon
            Running("procurement", start=-1, end=1),  # started before it
            Running("public_health", start=3, end=3),  # nobody has the skill
            Running("generalist", start=4, end=6),  # after the horizon: not counted
        ],
        days_per_quarter=20,
    )
    table = {(load.skill, load.quarter): (load.used, load.available, load.over) for load in loads}
    assert table == {
        ("generalist", 1): (20, 40, False),
        ("generalist", 2): (40, 40, False),  # full is not over
        ("generalist", 3): (20, 40, False),
        ("procurement", 1): (20, 10, True),
        ("procurement", 2): (0, 10, False),
        ("procurement", 3): (0, 10, False),
        ("public_health", 1): (0, 0, False),
        ("public_health", 2): (0, 0, False),
        ("public_health", 3): (20, 0, True),
        (TOTAL, 1): (40, 50, False),
        (TOTAL, 2): (40, 50, False),
        (TOTAL, 3): (40, 50, False),
    }
    assert [load.skill for load in loads][::3] == ["generalist", "procurement", "public_health", TOTAL]
    assert Load("x", 1, available=10, used=12.5).spare == -2.5


@given(
    horizon=st.integers(1, 12),
    spans=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(-6, 16), st.integers(0, 8)), max_size=12),
    days=st.integers(0, 30),
    available=st.integers(0, 100),
)
def test_bars_stay_in_the_horizon_and_the_days_used_add_up(
    horizon: int, spans: list[tuple[str, int, int]], days: int, available: int
) -> None:
    running = [Running(skill, start=start, end=start + length - 1) for skill, start, length in spans]
    drawn = 0
    for review in running:
        shown = bar(start=review.start, end=review.end, horizon=horizon)
        overlap = len(set(range(review.start, review.end + 1)) & set(range(1, horizon + 1)))
        if shown is None:
            assert overlap == 0
            continue
        assert 1 <= shown.first <= shown.last <= horizon
        assert shown.span == overlap
        assert shown.earlier == (review.start < 1)
        assert shown.later == (review.end > horizon)
        drawn += shown.span
    loads = capacity_used(
        horizon=horizon, available={"a": [available] * horizon}, running=running, days_per_quarter=days
    )
    skills = [load for load in loads if load.skill != TOTAL]
    totals = [load for load in loads if load.skill == TOTAL]
    assert sum(load.used for load in skills) == drawn * days
    assert [t.quarter for t in totals] == list(range(1, horizon + 1))
    for total in totals:
        same = [load for load in skills if load.quarter == total.quarter]
        assert total.used == sum(load.used for load in same)
        assert total.available == available
        assert total.over == (total.used > total.available)
