"""A tender's evaluation: weighted totals of each bid and the ranking, and the stage a procurement has reached.

Each criterion (quality, price or social value) has a whole-number weight; the weights add up to 100. Each bid is
scored on every criterion from 0 to ``MAX_SCORE``; a criterion's contribution is ``weight x score / MAX_SCORE``, so a
bid's weighted total runs from 0 to 100 points. The council's own in-house bid, where the council lets its service
bid, is a bid like any other, scored on the same criteria.

The ranking is standard competition ranking ("1, 1, 3"): a bid's rank is one more than the number of bids with a
strictly higher total, so equal totals share a rank, and a bid's rank depends only on the totals, never on the
order criteria or bids are listed in. It follows that a bid whose score on one criterion goes up never drops in
rank. The arithmetic is exact (``Decimal`` of whole numbers over 10), so no rounding can reorder equal totals.

Pure Python: no Django, no I/O (engine rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

MAX_SCORE = 10
TOTAL_WEIGHT = 100
STAGES = ("planning", "tender", "award", "contract", "implementation")


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    weight: int


@dataclass(frozen=True)
class Bid:
    key: str
    name: str
    scores: Mapping[str, int] = field(default_factory=dict)  # criterion key -> 0..MAX_SCORE


@dataclass(frozen=True)
class RankedBid:
    key: str
    name: str
    total: Decimal  # 0 to 100 points
    rank: int
    complete: bool  # scored on every criterion


def weight_total(weights: Sequence[int]) -> int:
    return sum(weights)


def weights_add_up(weights: Sequence[int]) -> bool:
    return weight_total(weights) == TOTAL_WEIGHT


def weighted_total(*, criteria: Sequence[Criterion], scores: Mapping[str, int]) -> Decimal:
    """The bid's points: the sum over criteria of weight x score / MAX_SCORE (an unscored criterion counts 0)."""
    return sum((Decimal(c.weight) * Decimal(scores.get(c.key, 0)) / Decimal(MAX_SCORE) for c in criteria), Decimal(0))


def rank(*, criteria: Sequence[Criterion], bids: Sequence[Bid]) -> tuple[RankedBid, ...]:
    """Every bid with its weighted total and rank, best first (equal totals by name, then key)."""
    totals = {bid.key: weighted_total(criteria=criteria, scores=bid.scores) for bid in bids}
    keys = {c.key for c in criteria}
    ranked = [
        RankedBid(
            key=bid.key,
            name=bid.name,
            total=totals[bid.key],
            rank=1 + sum(1 for other in totals.values() if other > totals[bid.key]),
            complete=keys <= set(bid.scores),
        )
        for bid in bids
    ]
    return tuple(sorted(ranked, key=lambda r: (r.rank, r.name, r.key)))


def winner(ranking: Sequence[RankedBid]) -> RankedBid | None:
    """The one best bid, when every bid is fully scored and no other bid shares its rank; else None."""
    if not ranking or not all(r.complete for r in ranking):
        return None
    best = [r for r in ranking if r.rank == 1]
    return best[0] if len(best) == 1 else None


@dataclass(frozen=True)
class StageFacts:
    """What a procurement's records say, for the stage it has reached."""

    tender_start: dt.date | None
    bids: int
    awarded: bool
    contract_start: dt.date | None
    today: dt.date


@dataclass(frozen=True)
class StageStatus:
    stage: str
    status: str  # "completed", "in_progress" or "not_started"


def stage_reached(facts: StageFacts) -> str:
    """The OCDS stage: planning until the tender opens (its start date passed, or a bid is in); tender until the
    award; award and contract together (the award makes the contract); implementation once the contract starts."""
    if facts.awarded:
        started = facts.contract_start is not None and facts.contract_start <= facts.today
        return "implementation" if started else "contract"
    if facts.bids or (facts.tender_start is not None and facts.tender_start <= facts.today):
        return "tender"
    return "planning"


def stage_statuses(facts: StageFacts) -> tuple[StageStatus, ...]:
    """Each OCDS stage with its status, for the task list: those before the stage reached are completed."""
    reached = STAGES.index(stage_reached(facts))
    statuses = []
    for index, stage in enumerate(STAGES):
        if index < reached or (stage in {"award", "contract"} and facts.awarded and index <= reached):
            status = "completed"
        elif index == reached:
            status = "in_progress"
        else:
            status = "not_started"
        statuses.append(StageStatus(stage, status))
    return tuple(statuses)
