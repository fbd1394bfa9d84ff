"""Risk scores, heat-map bands and the rules between inherent, residual and target (engine/risks/scoring.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.risks.scoring import (
    RESIDUAL_WORSE_THAN_INHERENT,
    SCORE_OUT_OF_RANGE,
    TARGET_WORSE_THAN_RESIDUAL,
    Band,
    Problem,
    Score,
    band_of,
    band_scores,
    check_scores,
    heat_map,
    is_overdue,
)

numbers = st.integers(min_value=1, max_value=5)
scores = st.builds(Score, numbers, numbers)


@pytest.mark.parametrize(
    ("score", "band"),
    [(1, Band.LOW), (4, Band.LOW), (5, Band.MEDIUM), (9, Band.MEDIUM), (10, Band.HIGH), (16, Band.HIGH),
     (20, Band.VERY_HIGH), (25, Band.VERY_HIGH)],
)  # fmt: skip
def test_the_bands_and_their_edges(score: int, band: Band) -> None:
    assert band_of(score) is band


def test_a_score_outside_1_to_25_has_no_band() -> None:
    with pytest.raises(ValueError, match="1 to 25"):
        band_of(0)
    with pytest.raises(ValueError, match="1 to 25"):
        band_of(26)


def test_the_bands_cover_1_to_25_without_a_gap() -> None:
    ranges = [band_scores(band) for band in Band]
    assert ranges == [(1, 4), (5, 9), (10, 19), (20, 25)]


@given(scores)
def test_a_score_is_likelihood_times_impact_and_in_one_band(score: Score) -> None:
    assert score.value == score.likelihood * score.impact
    low, high = band_scores(score.band)
    assert low <= score.value <= high


def test_numbers_outside_1_to_5_are_named() -> None:
    problems = check_scores(inherent=Score(6, 3), residual=Score(3, 0), target=Score(1, 1), positive_control=False)
    assert problems == [
        Problem("inherent_likelihood", SCORE_OUT_OF_RANGE.format(what="The inherent likelihood")),
        Problem("residual_impact", SCORE_OUT_OF_RANGE.format(what="The residual impact")),
    ]


def test_a_target_worse_than_the_residual_is_refused() -> None:
    problems = check_scores(inherent=Score(5, 5), residual=Score(2, 2), target=Score(3, 3), positive_control=False)
    assert problems == [Problem("target", TARGET_WORSE_THAN_RESIDUAL.format(target=9, residual=4))]


def test_a_residual_above_inherent_is_refused_only_once_a_control_works() -> None:
    kwargs = {"inherent": Score(2, 2), "residual": Score(3, 3), "target": Score(1, 1)}
    assert check_scores(**kwargs, positive_control=False) == []
    assert check_scores(**kwargs, positive_control=True) == [
        Problem("residual", RESIDUAL_WORSE_THAN_INHERENT.format(residual=9, inherent=4))
    ]


@given(scores, scores, scores)
def test_a_residual_never_exceeds_inherent_after_a_control_with_positive_effect(
    inherent: Score, residual: Score, target: Score
) -> None:
    accepted = check_scores(inherent=inherent, residual=residual, target=target, positive_control=True) == []
    if accepted:
        assert residual.value <= inherent.value
        assert target.value <= residual.value


@given(st.lists(st.tuples(st.text(max_size=4), scores), max_size=30))
def test_the_heat_map_places_every_risk_once(placed: list[tuple[str, Score]]) -> None:
    grid = heat_map(placed)
    assert [row[0].likelihood for row in grid] == [5, 4, 3, 2, 1]
    assert [cell.impact for cell in grid[0]] == [1, 2, 3, 4, 5]
    assert sum(cell.count for row in grid for cell in row) == len(placed)
    for reference, score in placed:
        assert reference in grid[5 - score.likelihood][score.impact - 1].references


def test_overdue_is_past_and_not_done() -> None:
    today = dt.date(2026, 12, 3)
    assert is_overdue(dt.date(2026, 12, 2), today=today)
    assert not is_overdue(dt.date(2026, 12, 3), today=today)
    assert not is_overdue(dt.date(2026, 12, 2), today=today, done=True)
    assert not is_overdue(None, today=today)
