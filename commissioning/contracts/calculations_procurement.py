"""The procurement pages' bridge to the engine: records in, engine dataclasses through, results out
(engine.contracts.evaluation). No other module of the app's procurement part imports the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from engine.contracts.evaluation import (
    MAX_SCORE,
    STAGES,
    TOTAL_WEIGHT,
    Bid,
    Criterion,
    RankedBid,
    StageFacts,
    StageStatus,
    rank,
    stage_reached,
    stage_statuses,
    weight_total,
    weights_add_up,
    winner,
)

__all__ = [
    "MAX_SCORE",
    "STAGES",
    "TOTAL_WEIGHT",
    "RankedBid",
    "StageStatus",
    "evaluate",
    "stage",
    "stages",
    "weight_total",
    "weights_add_up",
    "winner",
]


def evaluate(
    *, criteria: Iterable[tuple[int, str, int]], bids: Iterable[tuple[int, str, Mapping[int, int]]]
) -> tuple[RankedBid, ...]:
    """Rank bids: ``criteria`` as (id, name, weight), ``bids`` as (id, name, {criterion id: score})."""
    return rank(
        criteria=[Criterion(str(pk), name, weight) for pk, name, weight in criteria],
        bids=[Bid(str(pk), name, {str(c): s for c, s in scores.items()}) for pk, name, scores in bids],
    )


def _facts(
    *, tender_start: dt.date | None, bids: int, awarded: bool, contract_start: dt.date | None, today: dt.date
) -> StageFacts:
    return StageFacts(tender_start=tender_start, bids=bids, awarded=awarded, contract_start=contract_start, today=today)


def stage(**facts: object) -> str:
    return stage_reached(_facts(**facts))  # type: ignore[arg-type]


def stages(**facts: object) -> Sequence[StageStatus]:
    return stage_statuses(_facts(**facts))  # type: ignore[arg-type]
