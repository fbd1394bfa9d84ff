"""Complaints upheld, as a criterion of the prioritisation model (scored 0-5, like engine.scoring.priority's bands).

Over the last four financial quarters, a service's complaints upheld (fully or partly, at their latest answer) give
its score: none 0; 1 scores 1; 2 or 3 score 2; 4 to 6 score 3; 7 to 10 score 4; more than 10 score 5. One more (at
most 5) when at least half of its answered complaints were upheld, so a service whose complaints are mostly found
right ranks above one with as many upheld among many more answered. The volume and the upheld rate are both in the
evidence's words, so the score can be read out and checked.

Pure: counts in, a score out.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SCORE = 5
QUARTERS = 4
UPHELD_BANDS = ((0, 0), (1, 1), (3, 2), (6, 3), (10, 4))  # (upheld at most, score); more than the last scores 5
HIGH_RATE_PERCENT = 50  # an upheld rate of at least this adds 1

BANDS = (
    "Complaints upheld (fully or partly) over the last four quarters: none 0; 1 scores 1; 2 or 3 score 2; 4 to 6 "
    "score 3; 7 to 10 score 4; more than 10 score 5; one more (at most 5) when at least half of those answered were "
    "upheld."
)


@dataclass(frozen=True)
class ComplaintCounts:
    """One service's complaints over the period: how many were received, answered and upheld (fully or partly)."""

    received: int
    answered: int
    upheld: int

    @property
    def upheld_rate(self) -> int | None:
        """The percentage of answered complaints upheld (None when none was answered)."""
        return round(100 * self.upheld / self.answered) if self.answered else None


def upheld_score(counts: ComplaintCounts) -> int:
    if counts.upheld < 0 or counts.answered < counts.upheld or counts.received < counts.answered:
        raise ValueError("Counts must be received >= answered >= upheld >= 0")
    score = next((s for most, s in UPHELD_BANDS if counts.upheld <= most), MAX_SCORE)
    rate = counts.upheld_rate
    if counts.upheld and rate is not None and rate >= HIGH_RATE_PERCENT:
        score += 1
    return min(score, MAX_SCORE)
