"""Complaints upheld as a prioritisation criterion: the bands, and more upheld never scoring less."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.complaints.priority import MAX_SCORE, ComplaintCounts, upheld_score


@pytest.mark.parametrize(
    ("received", "answered", "upheld", "score"),
    [
        (0, 0, 0, 0),  # no complaints
        (12, 10, 0, 0),  # many, none upheld
        (5, 4, 1, 1),  # 1 upheld, 25%
        (2, 2, 1, 2),  # 1 upheld, 50%: one more
        (10, 10, 3, 2),
        (20, 20, 6, 3),
        (20, 12, 6, 4),  # 6 of 12: one more
        (30, 30, 10, 4),
        (40, 40, 11, 5),
        (11, 11, 11, 5),  # at most 5
    ],
)
def test_the_bands(received: int, answered: int, upheld: int, score: int) -> None:
    assert upheld_score(ComplaintCounts(received=received, answered=answered, upheld=upheld)) == score


def test_counts_that_cannot_be_are_refused() -> None:
    with pytest.raises(ValueError, match="Counts must be"):
        upheld_score(ComplaintCounts(received=1, answered=1, upheld=2))


@given(st.integers(0, 60), st.integers(0, 60), st.integers(1, 5))
def test_one_more_upheld_of_the_same_answered_never_scores_less(answered: int, upheld: int, more: int) -> None:
    upheld = min(upheld, answered)
    answered_more = max(answered, upheld + more)
    before = upheld_score(ComplaintCounts(received=answered_more, answered=answered_more, upheld=upheld))
    after = upheld_score(ComplaintCounts(received=answered_more, answered=answered_more, upheld=upheld + more))
    assert before <= after <= MAX_SCORE
