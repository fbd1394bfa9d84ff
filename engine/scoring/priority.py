"""The prioritisation model: which services to review first, and why, in words fit to be read out in committee.

Each criterion is scored from 0 to ``MAX_SCORE`` (5) for each service, from data where the data exists and by a
recorded judgement (who and why) where it does not. A model version gives each criterion a weight, a whole number of
percentage points, and the weights add up to 100. A service's priority score is

    score = sum over criteria of weight% x criterion score

so it runs from 0 to 5, and each criterion's *contribution* is its own term (weight% x score): the contributions add
up to the score exactly (every figure is a Decimal with two places, since weight/100 x score has at most two). A
criterion with neither data nor a judgement scores 0 and the service is marked incomplete, so that a missing score
never helps a service up the ranking.

Services are ranked by score, highest first; ties are broken by the service's reference, so the order never depends
on the order the services were read in.

Scoring bands from data (each a function below, so tests and pages read the same figures):

- **Size of budget** (gross annual budget): nothing 0; under £250,000 1; under £1m 2; under £5m 3; under £20m 4;
  £20m or more 5.
- **Savings potential** (unit cost against the comparator median): at or below the median 0; up to 5% above 1; up
  to 10% above 2; up to 20% above 3; up to 35% above 4; more than 35% above 5.
- **Performance gap** (indicators off target and worsening): each indicator off target (red) scores 1, and 1 more
  when it is also getting worse than the period before; at most 5. No indicator off target scores 0.
- **Months to the end of the current contract**: 6 or fewer 5; 12 or fewer 4; 18 or fewer 3; 24 or fewer 2; 36 or
  fewer 1; longer 0 (a review takes about a year, and must finish before the contract ends).
- **Strategic fit** (the council priorities the service's outcomes serve): none 0; one 2; two 3; three 4; four or
  more 5.
- **Statutory constraint on the options**: how open the options are. A service with no statutory duty can be
  redesigned, shared, commissioned out or stopped: 5. A statutory service must still be provided, so only how it is
  delivered is open: 2.
- **Risk** and **resident dissatisfaction** are judgements until the risk register and complaints exist (the
  consultations on the service are shown beside the judgement).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

MAX_SCORE = 5
WEIGHTS_TOTAL = 100
PLACES = Decimal("0.01")

# The criteria every model has (later apps add more through commissioning.core.priority).
BUDGET = "budget"
SAVINGS = "savings"
PERFORMANCE = "performance"
CONTRACT_END = "contract_end"
RISK = "risk"
STRATEGIC_FIT = "strategic_fit"
DISSATISFACTION = "dissatisfaction"
STATUTORY = "statutory"

BUDGET_BANDS = (  # (gross budget below, score)
    (Decimal("250000"), 1),
    (Decimal("1000000"), 2),
    (Decimal("5000000"), 3),
    (Decimal("20000000"), 4),
)
SAVINGS_BANDS = (  # (percent above the comparator median at most, score)
    (Decimal("0"), 0),
    (Decimal("5"), 1),
    (Decimal("10"), 2),
    (Decimal("20"), 3),
    (Decimal("35"), 4),
)
CONTRACT_BANDS = ((6, 5), (12, 4), (18, 3), (24, 2), (36, 1))
FIT_SCORES = (0, 2, 3, 4)  # by the number of priorities served: 0, 1, 2, 3; four or more score 5
STATUTORY_SCORE, NOT_STATUTORY_SCORE = 2, 5


class WeightsInvalidError(ValueError):
    """The weights of a model version are not whole percentages of 0 or more adding up to 100."""


def budget_score(gross_budget: Decimal) -> int:
    if gross_budget <= 0:
        return 0
    for below, score in BUDGET_BANDS:
        if gross_budget < below:
            return score
    return MAX_SCORE


def savings_score(unit_cost: Decimal, comparator_median: Decimal) -> int:
    """From the service's unit cost against its comparators' median (a median of 0 or less cannot be compared)."""
    if comparator_median <= 0:
        raise ValueError("the comparator median must be more than 0")
    above = (unit_cost - comparator_median) / comparator_median * 100
    for at_most, score in SAVINGS_BANDS:
        if above <= at_most:
            return score
    return MAX_SCORE


def percent_above(unit_cost: Decimal, comparator_median: Decimal) -> Decimal:
    return ((unit_cost - comparator_median) / comparator_median * 100).quantize(Decimal("0.1"))


def performance_score(off_target: int, off_target_and_worsening: int) -> int:
    if off_target < 0 or not 0 <= off_target_and_worsening <= off_target:
        raise ValueError("counts of indicators must be 0 or more, the worsening ones among those off target")
    return min(MAX_SCORE, off_target + off_target_and_worsening)


def contract_score(months_left: int) -> int:
    for at_most, score in CONTRACT_BANDS:
        if months_left <= at_most:
            return score
    return 0


def strategic_fit_score(priorities: int) -> int:
    if priorities < 0:
        raise ValueError("a number of priorities is 0 or more")
    return FIT_SCORES[priorities] if priorities < len(FIT_SCORES) else MAX_SCORE


def statutory_score(is_statutory: bool) -> int:
    return STATUTORY_SCORE if is_statutory else NOT_STATUTORY_SCORE


def weights_problem(weights: Mapping[str, int], names: Mapping[str, str] | None = None) -> str | None:
    """What is wrong with a model's weights (in words for the page), or None when they are fine."""
    names = names or {}
    for key, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            return f"The weight of {names.get(key, key)} must be a whole number of 0 or more"
    total = sum(weights.values())
    if total != WEIGHTS_TOTAL:
        return f"The weights must add up to 100%: they add up to {total}%"
    return None


@dataclass(frozen=True)
class CriterionScore:
    """One criterion's score for one service, and where it came from ("data", "judgement" or "none")."""

    criterion: str
    score: int
    source: str = "data"

    def __post_init__(self) -> None:
        if isinstance(self.score, bool) or not isinstance(self.score, int) or not 0 <= self.score <= MAX_SCORE:
            raise ValueError(f"the score for {self.criterion} is {self.score!r}: scores run from 0 to {MAX_SCORE}")


@dataclass(frozen=True)
class Contribution:
    criterion: str
    weight: int
    score: int
    source: str
    points: Decimal  # weight% x score


@dataclass(frozen=True)
class Scored:
    """A service's priority score, each criterion's contribution to it, and whether every weighted criterion was
    scored."""

    service: int
    reference: str
    total: Decimal
    contributions: tuple[Contribution, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def points(self, criterion: str) -> Decimal:
        return next((c.points for c in self.contributions if c.criterion == criterion), Decimal(0))


def score_service(
    *, service: int, reference: str, weights: Mapping[str, int], scores: Sequence[CriterionScore]
) -> Scored:
    """One service's score under the weights; ``scores`` may leave criteria out (they count 0 and are missing)."""
    problem = weights_problem(weights)
    if problem:
        raise WeightsInvalidError(problem)
    by_criterion = {s.criterion: s for s in scores if s.source != "none"}
    contributions = []
    missing = []
    for criterion, weight in weights.items():
        found = by_criterion.get(criterion)
        score = found.score if found else 0
        if found is None and weight:
            missing.append(criterion)
        points = (Decimal(weight) * score / WEIGHTS_TOTAL).quantize(PLACES)
        contributions.append(
            Contribution(criterion, weight, score, found.source if found else "none", points)  # exact: 2 places
        )
    total = sum((c.points for c in contributions), Decimal(0))
    return Scored(service, reference, total, tuple(contributions), tuple(missing))


def rank(scored: Sequence[Scored]) -> list[Scored]:
    """Highest score first; ties by reference (then id), whatever order they came in."""
    return sorted(scored, key=lambda s: (-s.total, s.reference, s.service))


@dataclass(frozen=True)
class Difference:
    criterion: str
    points: Decimal  # this service's contribution minus the other's (positive: this service scores higher)


def differences(this: Scored, other: Scored, *, most: int = 3) -> tuple[Difference, ...]:
    """The criteria that separate two services, largest first (ties by criterion order), leaving out equal ones."""
    other_points = {c.criterion: c.points for c in other.contributions}
    found = [
        Difference(c.criterion, c.points - other_points.get(c.criterion, Decimal(0)))
        for c in this.contributions
        if c.points != other_points.get(c.criterion, Decimal(0))
    ]
    order = {c.criterion: i for i, c in enumerate(this.contributions)}
    found.sort(key=lambda d: (-abs(d.points), order[d.criterion]))
    return tuple(found[:most])


def _list(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _criteria(diffs: Sequence[Difference], names: Mapping[str, str]) -> str:
    return _list([f"{names.get(d.criterion, d.criterion).lower()} ({abs(d.points):.2f})" for d in diffs])


def against(this: Scored, other: Scored, *, other_name: str, above: bool, names: Mapping[str, str]) -> str:
    """Why ``this`` ranks below (``above`` True: ``other`` is the service above it) or above ``other``, in one
    paragraph of plain English."""
    gap = abs(this.total - other.total)
    diffs = differences(this, other)
    place = "below" if above else "above"
    if not diffs:
        return f"It ranks {place} {other_name} with the same score on every criterion: the tie is broken by reference."
    if gap == 0:
        opening = f"It has the same score as {other_name} ({this.total:.2f}), and ranks {place} it by reference."
    else:
        opening = f"It ranks {place} {other_name}, by {gap:.2f}."
    ahead = [d for d in diffs if d.points > 0]
    behind = [d for d in diffs if d.points < 0]
    parts = [opening]
    if behind:
        parts.append(f"{other_name} scores more for {_criteria(behind, names)}.")
    if ahead:
        parts.append(f"This service scores more for {_criteria(ahead, names)}.")
    return " ".join(parts)


def neighbours(ranked: Sequence[Scored], index: int) -> tuple[Scored | None, Scored | None]:
    """The services ranked just above and just below the one at ``index`` (None at the ends)."""
    above = ranked[index - 1] if index > 0 else None
    below = ranked[index + 1] if index + 1 < len(ranked) else None
    return above, below
