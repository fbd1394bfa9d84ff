"""Weighted criteria: the non-financial appraisal of options (quality, social value, deliverability and so on).

Each criterion has a weight, a whole number of percentage points, and the weights of an appraisal add up to 100.
Each option is scored on each criterion from 0 (fails) to ``MAX_SCORE`` (excellent). The weighted score is

    weighted score = sum over criteria of weight x score / MAX_SCORE

so it runs from 0 to 100 ("percent of the best possible"). A criterion not yet scored counts 0 and the result says
it is incomplete, so that a partial assessment never looks better than it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_SCORE = 5
WEIGHTS_TOTAL = 100
SCORE_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class WeightedScore:
    """An option's weighted score out of 100, to one decimal place, and whether every weighted criterion is scored."""

    total: Decimal
    complete: bool
    missing: tuple[str, ...]


def weights_problem(weights: Mapping[str, int]) -> str | None:
    """What is wrong with a set of weights, or None when they are whole numbers of 0 or more adding up to 100."""
    for name, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            return f"the weight of {name} is {weight!r}: weights must be whole numbers of 0 or more"
    total = sum(weights.values())
    if total != WEIGHTS_TOTAL:
        return f"the weights add up to {total}: they must add up to {WEIGHTS_TOTAL}"
    return None


def weighted_score(*, weights: Mapping[str, int], scores: Mapping[str, int | None]) -> WeightedScore:
    """The weighted score of one option. ``scores`` may leave criteria out (not yet scored); extra ones are ignored."""
    problem = weights_problem(weights)
    if problem:
        raise ValueError(problem)
    points = Decimal(0)
    missing = []
    for name, weight in weights.items():
        score = scores.get(name)
        if score is None:
            if weight:
                missing.append(name)
            continue
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
            raise ValueError(f"the score for {name} is {score!r}: scores are whole numbers from 0 to {MAX_SCORE}")
        points += Decimal(weight * score) / MAX_SCORE
    return WeightedScore(
        total=points.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP), complete=not missing, missing=tuple(missing)
    )
