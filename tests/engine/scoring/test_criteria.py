"""Weighted criteria: a hand-worked example, the edges, and a property."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scoring.criteria import MAX_SCORE, weighted_score, weights_problem

WEIGHTS = {"quality": 30, "social_value": 10, "deliverability": 20, "risk": 15, "equality": 10, "strategic_fit": 15}


def test_hand_worked_score():
    # 30x4/5 + 10x3/5 + 20x5/5 + 15x2/5 + 10x3/5 + 15x4/5 = 24 + 6 + 20 + 6 + 6 + 12 = 74
    scores = {"quality": 4, "social_value": 3, "deliverability": 5, "risk": 2, "equality": 3, "strategic_fit": 4}
    result = weighted_score(weights=WEIGHTS, scores=scores)
    assert result.total == Decimal("74.0")
    assert result.complete
    assert result.missing == ()


def test_unscored_criteria_count_zero_and_are_named():
    result = weighted_score(weights=WEIGHTS, scores={"quality": 5})
    assert result.total == Decimal("30.0")
    assert not result.complete
    assert result.missing == ("social_value", "deliverability", "risk", "equality", "strategic_fit")


def test_a_criterion_with_no_weight_need_not_be_scored():
    weights = {"quality": 100, "risk": 0}
    assert weighted_score(weights=weights, scores={"quality": 3}).complete


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"quality": 60, "risk": 30}, "add up to 90"),
        ({"quality": 110, "risk": -10}, "0 or more"),
        ({"quality": 99.5, "risk": 0.5}, "whole numbers"),
    ],
)
def test_weights_must_be_whole_and_add_up_to_100(weights, message):
    assert message in weights_problem(weights)
    with pytest.raises(ValueError, match=message):
        weighted_score(weights=weights, scores={})


@pytest.mark.parametrize("score", [-1, 6, True, 2.5])
def test_scores_run_from_0_to_5(score):
    with pytest.raises(ValueError, match="from 0 to 5"):
        weighted_score(weights={"quality": 100}, scores={"quality": score})


@given(st.lists(st.integers(min_value=0, max_value=MAX_SCORE), min_size=6, max_size=6))
def test_score_is_between_0_and_100(scores):
    result = weighted_score(weights=WEIGHTS, scores=dict(zip(WEIGHTS, scores, strict=True)))
    assert Decimal(0) <= result.total <= Decimal(100)
