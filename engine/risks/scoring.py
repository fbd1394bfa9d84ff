"""A risk's scores on the 5x5 matrix, the heat-map bands and the rules between its three scores.

A score is likelihood x impact, each 1 (rare, negligible) to 5 (almost certain, severe): 1 to 25. The bands (the
RAG of the register and the colour of the heat map's cells) are, by score:

    1-4     low          green
    5-9     medium       amber
    10-16   high         red
    20-25   very high    dark red (no product of two numbers 1-5 lies between 16 and 20)

Three scores describe a risk: *inherent* (before any control), *residual* (now, with the controls in place) and
*target* (where the council means to get it with its actions). The rules:

- each of the six numbers is a whole number 1-5 (``SCORE_OUT_OF_RANGE``);
- the target is no worse than the residual (``TARGET_WORSE_THAN_RESIDUAL``): a target above where the risk is now
  is no target;
- once a control with positive effect is recorded, the residual is no worse than the inherent
  (``RESIDUAL_WORSE_THAN_INHERENT``): a control that works cannot make the risk bigger. Without such a control the
  residual may still exceed the inherent (the inherent was under-assessed, and the residual shows it).

Pure: no Django, no clock.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

LOWEST, HIGHEST = 1, 5
SCALE = range(LOWEST, HIGHEST + 1)

SCORE_OUT_OF_RANGE = "{what} must be a whole number from 1 to 5"
TARGET_WORSE_THAN_RESIDUAL = "The target score ({target}) cannot be worse than the residual score ({residual})"
RESIDUAL_WORSE_THAN_INHERENT = (
    "The residual score ({residual}) cannot be worse than the inherent score ({inherent}) once a control with "
    "positive effect is recorded"
)

LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


class Band(enum.Enum):
    """A heat-map band: its label and the lowest score in it."""

    LOW = ("Low", 1)
    MEDIUM = ("Medium", 5)
    HIGH = ("High", 10)
    VERY_HIGH = ("Very high", 20)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def lowest(self) -> int:
        return self.value[1]

    @property
    def key(self) -> str:
        return self.name.lower()


def band_of(score: int) -> Band:
    """The band a score (1-25) falls in."""
    if not 1 <= score <= HIGHEST * HIGHEST:
        raise ValueError(f"a score is 1 to 25, not {score}")
    for band in reversed(Band):
        if score >= band.lowest:
            return band
    raise AssertionError("unreachable")


def band_scores(band: Band) -> tuple[int, int]:
    """The lowest and highest score of a band."""
    bands = list(Band)
    index = bands.index(band)
    highest = bands[index + 1].lowest - 1 if index + 1 < len(bands) else HIGHEST * HIGHEST
    return band.lowest, highest


@dataclass(frozen=True)
class Score:
    """A likelihood and an impact, each 1-5."""

    likelihood: int
    impact: int

    @property
    def value(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> Band:
        return band_of(self.value)


@dataclass(frozen=True)
class Problem:
    """What is wrong, and the field it is about ("inherent", "residual" or "target", with "_likelihood" or
    "_impact" when it is one number)."""

    field: str
    message: str


def check_scores(*, inherent: Score, residual: Score, target: Score, positive_control: bool) -> list[Problem]:
    """Every problem with a risk's three scores (empty when they are right)."""
    problems: list[Problem] = []
    for name, score in (("inherent", inherent), ("residual", residual), ("target", target)):
        for part in ("likelihood", "impact"):
            number = getattr(score, part)
            if not isinstance(number, int) or number not in SCALE:
                problems.append(Problem(f"{name}_{part}", SCORE_OUT_OF_RANGE.format(what=f"The {name} {part}")))
    if problems:
        return problems
    if target.value > residual.value:
        problems.append(
            Problem("target", TARGET_WORSE_THAN_RESIDUAL.format(target=target.value, residual=residual.value))
        )
    if positive_control and residual.value > inherent.value:
        problems.append(
            Problem("residual", RESIDUAL_WORSE_THAN_INHERENT.format(residual=residual.value, inherent=inherent.value))
        )
    return problems


@dataclass(frozen=True)
class Cell:
    """One cell of the 5x5 heat map: its likelihood and impact, band, and the references of the risks in it."""

    likelihood: int
    impact: int
    references: tuple[str, ...]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> Band:
        return band_of(self.score)

    @property
    def count(self) -> int:
        return len(self.references)


def heat_map(placed: Iterable[tuple[str, Score]]) -> list[list[Cell]]:
    """The 5x5 grid of (reference, score) pairs: rows from likelihood 5 (top) to 1, columns impact 1 to 5."""
    cells: dict[tuple[int, int], list[str]] = {(lk, im): [] for lk in SCALE for im in SCALE}
    for reference, score in placed:
        cells[(score.likelihood, score.impact)].append(reference)
    return [[Cell(lk, im, tuple(cells[(lk, im)])) for im in SCALE] for lk in reversed(SCALE)]


def is_overdue(due: dt.date | None, *, today: dt.date, done: bool = False) -> bool:
    """A review or an action is overdue when its date has passed and it is not done."""
    return not done and due is not None and due < today
