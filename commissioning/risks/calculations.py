"""The bridge between the risk register and engine/: the one module of the risks app that calls the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from engine.risks.scoring import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    RESIDUAL_WORSE_THAN_INHERENT,
    SCORE_OUT_OF_RANGE,
    TARGET_WORSE_THAN_RESIDUAL,
    Band,
    Cell,
    Score,
    band_of,
    band_scores,
    check_scores,
    heat_map,
    is_overdue,
)

__all__ = [
    "BANDS",
    "IMPACT_WORDS",
    "LIKELIHOOD_WORDS",
    "RESIDUAL_WORSE_THAN_INHERENT",
    "SCORE_OUT_OF_RANGE",
    "TARGET_WORSE_THAN_RESIDUAL",
    "Band",
    "Cell",
    "band",
    "band_key",
    "band_label",
    "band_range",
    "grid",
    "is_overdue",
    "score_problems",
]

BANDS: list[tuple[str, str]] = [(band.key, band.label) for band in Band]


def band(score: int) -> Band:
    return band_of(score)


def band_key(score: int) -> str:
    return band_of(score).key


def band_label(score: int) -> str:
    return band_of(score).label


def band_range(key: str) -> tuple[int, int] | None:
    """The lowest and highest score of the band named ``key`` ("low", "medium", "high", "very_high")."""
    for band in Band:
        if band.key == key:
            return band_scores(band)
    return None


def score_problems(scores: dict[str, Any], *, positive_control: bool) -> dict[str, str]:
    """The problems with six numbers named like the model's fields (inherent_likelihood ...), by field."""

    def score(name: str) -> Score:
        return Score(scores[f"{name}_likelihood"], scores[f"{name}_impact"])

    problems = check_scores(
        inherent=score("inherent"),
        residual=score("residual"),
        target=score("target"),
        positive_control=positive_control,
    )
    found: dict[str, str] = {}
    for problem in problems:
        field = problem.field if "_" in problem.field else f"{problem.field}_likelihood"
        found.setdefault(field, problem.message)
    return found


def grid(placed: Iterable[tuple[str, int, int]]) -> list[list[Cell]]:
    """The 5x5 heat map of (reference, likelihood, impact) triples: likelihood 5 at the top."""
    return heat_map((reference, Score(likelihood, impact)) for reference, likelihood, impact in placed)


def overdue(due: dt.date | None, *, today: dt.date, done: bool = False) -> bool:
    return is_overdue(due, today=today, done=done)
