"""The programme of reviews over a horizon of quarters: where each review's bar falls on the timeline, and the days of
each skill the reviews use against the days available in each quarter.

Quarters are numbered from 1 (the first quarter of the horizon) to ``horizon``; a review's start and end may fall
before or after it (0 or less, more than ``horizon``), and its bar is then cut at the horizon's edge. A review uses
``days_per_quarter`` days of its skill in every quarter it runs, as ``reviews/planning.py`` (EFFORT_DAYS_PER_QUARTER)
counts a review's effort for the optimised programme.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

TOTAL = "total"


@dataclass(frozen=True)
class Bar:
    """A review's bar: from quarter ``first`` for ``span`` quarters, all within 1..horizon. ``earlier`` and ``later``
    say the review runs on before or after the horizon (the bar is cut there)."""

    first: int
    span: int
    earlier: bool
    later: bool

    @property
    def last(self) -> int:
        return self.first + self.span - 1


def bar(*, start: int, end: int, horizon: int) -> Bar | None:
    """The bar of a review running from quarter ``start`` to ``end`` (both counted), or None when none of it falls
    within quarters 1..horizon (or it ends before it starts)."""
    if horizon < 1:
        raise ValueError("the horizon is 1 quarter or more")
    if end < start or end < 1 or start > horizon:
        return None
    first, last = max(start, 1), min(end, horizon)
    return Bar(first=first, span=last - first + 1, earlier=start < 1, later=end > horizon)


@dataclass(frozen=True)
class Running:
    """A review on the timeline as the capacity sees it: the skill it needs and the quarters it runs."""

    skill: str
    start: int
    end: int


@dataclass(frozen=True)
class Load:
    """Days of a skill (or ``TOTAL``, every skill) used and available in one quarter of the horizon."""

    skill: str
    quarter: int
    available: float
    used: float

    @property
    def over(self) -> bool:
        """More days used than available (to the hundredth of a day: no rounding noise flags a quarter)."""
        return round(self.used - self.available, 2) > 0

    @property
    def spare(self) -> float:
        return round(self.available - self.used, 2)


def capacity_used(
    *,
    horizon: int,
    available: Mapping[str, Sequence[float]],
    running: Iterable[Running],
    days_per_quarter: float,
) -> tuple[Load, ...]:
    """Days used against available for each skill (every skill in ``available``, then any other a review needs, with
    none available) and quarter 1..horizon, then the ``TOTAL`` of every skill for each quarter. A skill's days
    available are given for quarters 1..horizon."""
    if horizon < 1:
        raise ValueError("the horizon is 1 quarter or more")
    if days_per_quarter < 0:
        raise ValueError("a review uses 0 days a quarter or more")
    skills = list(available)
    used: dict[str, list[float]] = {skill: [0.0] * horizon for skill in skills}
    for review in running:
        shown = bar(start=review.start, end=review.end, horizon=horizon)
        if shown is None:
            continue
        if review.skill not in used:
            skills.append(review.skill)
            used[review.skill] = [0.0] * horizon
        for quarter in range(shown.first, shown.last + 1):
            used[review.skill][quarter - 1] += days_per_quarter

    def days(skill: str, quarter: int) -> float:
        given = available.get(skill, ())
        return float(given[quarter - 1]) if quarter <= len(given) else 0.0

    loads = [
        Load(
            skill=skill,
            quarter=quarter,
            available=round(days(skill, quarter), 2),
            used=round(used[skill][quarter - 1], 2),
        )
        for skill in skills
        for quarter in range(1, horizon + 1)
    ]
    totals = [
        Load(
            skill=TOTAL,
            quarter=quarter,
            available=round(sum(days(skill, quarter) for skill in skills), 2),
            used=round(sum(used[skill][quarter - 1] for skill in skills), 2),
        )
        for quarter in range(1, horizon + 1)
    ]
    return (*loads, *totals)
