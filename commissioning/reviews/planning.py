"""The bridge between the council's reviews and the optimised programme (engine/optimisation): the council's current
data as a planning instance, and the engine's parsing and solving for ``manage.py plan_reviews``.

``council_instance`` builds one review for each current review that has not finished (planned, in progress or on
hold: its reference is its id) and one candidate review for each current service that no such review covers (its
reference is its id). Quarter 1 of the horizon is the current quarter. The defaults below are documented estimates
until the data exists:

- effort: ``EFFORT_DAYS_PER_QUARTER`` officer-days in each quarter the review runs;
- duration: its planned quarters (a review in progress: the quarters left to its planned end), clamped to 1..horizon;
  a candidate review of a service: ``CANDIDATE_DURATION`` quarters;
- skill: the most specialist skill its services need (``reviews.selectors.review_skills``, ``skills_of_services``; none
  recorded: generalist);
- annual saving: ``SAVING_SHARE`` of the services' gross budget (the appraisals app, which holds the preferred
  option's savings, sits above reviews and cannot be read from here: a later issue feeds the adopted option's
  savings in);
- deadline: the quarter of the earliest ``next_review_due`` of its services, when that falls within the horizon
  (no contract end dates exist yet: the contracts app is planned);
- mandatory: a review already in progress (or on hold) must go on; it is fixed to start in quarter 1;
- priority: the prioritisation model's score of its most pressing service (0-5, ``reviews.selectors.priority_scores``)
  on a 0-100 scale, ``DEFAULT_PRIORITY`` before the first model;
- capacity: the commissioning officers' days a quarter per skill (``reviews.selectors.capacity_by_skill``), a
  documented default until any officer is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from commissioning.reviews import selectors
from commissioning.reviews.calculations import current_quarter, quarter_span
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Skill
from commissioning.services.models import Service
from engine.finance.years import parse_quarter, quarter_of
from engine.optimisation import Instance, InstanceError, Result, ReviewSpec, parse_instance, solve
from engine.optimisation.programme import DEFAULT_TIME_LIMIT, INFEASIBLE
from engine.optimisation.timeline import TOTAL, Bar, Load, Running, bar, capacity_used

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "INFEASIBLE",
    "TOTAL",
    "Bar",
    "Instance",
    "InstanceError",
    "Load",
    "Result",
    "council_instance",
    "current_capacity",
    "parse_instance",
    "solve",
]

DEFAULT_HORIZON = 12
SKILLS: tuple[str, ...] = tuple(Skill.values)  # most specialist first: a review needs the first its services need
GENERALIST = "generalist"
EFFORT_DAYS_PER_QUARTER = 20  # a lead commissioner spends about a third of a quarter's ~60 working days on a review
CANDIDATE_DURATION = 3
SAVING_SHARE = Decimal("0.05")  # 5% of gross budget a year: a prudent estimate of what a review saves
# Review days a quarter in each skill until officers are recorded: two officers' 60 days in each specialist skill, ten
# in the generalist one (every review is generalist by default, and the reviews under way must all fit).
DEFAULT_DAYS_PER_QUARTER = {"generalist": 600}
DEFAULT_SPECIALIST_DAYS_PER_QUARTER = 120
DEFAULT_PRIORITY = 50.0
PRIORITY_SCALE = 20.0  # the model scores 0-5; the instance's priority is 0-100
PRIORITY_WEIGHT = 1000.0  # pounds of expected saving one point of priority is worth
UNDER_WAY = (ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD)


def _recorded(capacity: dict[str, tuple[float, ...]]) -> bool:
    return any(any(days) for days in capacity.values())


def current_capacity() -> dict[str, float]:
    """Review days a quarter per skill as the council has them now (the officers', or the documented default): what a
    new scenario's capacity starts from."""
    return {skill: days[0] for skill, days in _capacity(1).items()}


def _capacity(horizon: int, recorded: dict[str, tuple[float, ...]] | None = None) -> dict[str, tuple[float, ...]]:
    """Review days available per skill and quarter: the commissioning officers' (``capacity_by_skill``, or
    ``recorded`` when the caller has it), or a documented default (``DEFAULT_DAYS_PER_QUARTER``, else
    ``DEFAULT_SPECIALIST_DAYS_PER_QUARTER``) until any officer is recorded."""
    recorded = selectors.capacity_by_skill(horizon) if recorded is None else recorded
    if _recorded(recorded):
        return {skill: tuple(float(day) for day in recorded.get(skill, (0.0,) * horizon)) for skill in SKILLS}
    return {
        skill: (float(DEFAULT_DAYS_PER_QUARTER.get(skill, DEFAULT_SPECIALIST_DAYS_PER_QUARTER)),) * horizon
        for skill in SKILLS
    }


def _priority(score: float | None) -> float:
    """The instance's priority (0-100) from the model's score (0-5: ``reviews.selectors.priority_scores`` for a
    service, ``review_priority_scores`` for a review), or ``DEFAULT_PRIORITY`` before the first model (then only
    savings and deadlines decide)."""
    return DEFAULT_PRIORITY if score is None else round(score * PRIORITY_SCALE, 2)


def _quarter_index(first: str, when: dt.date) -> int:
    """The horizon quarter (1 = the quarter ``first``) that a date falls in; 0 or less when before it."""
    return quarter_span(first, quarter_of(when).label)


def _deadline(services: Iterable[Service], first: str, horizon: int, duration: int) -> int | None:
    dues = [service.next_review_due for service in services if service.next_review_due is not None]
    if not dues:
        return None
    quarter = _quarter_index(first, min(dues))
    if quarter > horizon:
        return None
    return max(quarter, duration)  # a date already past: as soon as it can finish


def _saving(services: Iterable[Service]) -> float:
    return float(sum((service.gross_budget for service in services), Decimal(0)) * SAVING_SHARE)


def council_instance(
    *,
    horizon: int = DEFAULT_HORIZON,
    first: str | None = None,
    capacity: Mapping[str, float] | None = None,
    priority_weight: float = PRIORITY_WEIGHT,
    savings_target: float | None = None,
    candidates: bool = True,
    keep_planned: bool = False,
    scores: Mapping[int, float] | None = None,
) -> Instance:
    """The council's current reviews and services as a planning instance (see the module's docstring). A programme
    scenario passes its own levers: the first quarter (default the current one), the review days a quarter per skill
    (the same in each quarter; default the officers'), the priority weight, the savings target, and whether to plan
    candidate reviews of the services no review covers (``candidates``); with ``keep_planned`` a planned review that
    fits the horizon is fixed to start in its planned quarter (or left out). ``scores``: ``priority_scores()`` when the
    caller already has them (the demo solves two scenarios from one ranking)."""
    first = first or current_quarter()
    scores = selectors.priority_scores() if scores is None else scores
    review_scores = selectors.review_priority_scores(scores)
    review_skills = selectors.review_skills()
    live = Service.objects.filter(archived_at__isnull=True)
    skills = selectors.skills_of_services(set(live.values_list("pk", flat=True)))
    specs: list[ReviewSpec] = []
    covered: set[int] = set()
    reviews = (
        CommissioningReview.objects.filter(
            archived_at__isnull=True,
            status__in=[ReviewStatus.PLANNED, *UNDER_WAY],
        )
        .prefetch_related("services")
        .order_by("planned_start", "reference")
    )
    for review in reviews:
        services = list(review.services.all())
        covered.update(service.pk for service in services)
        under_way = review.status in UNDER_WAY
        duration = quarter_span(first, review.planned_end) if under_way else review.planned_quarters
        duration = min(max(duration, 1), horizon)
        fixed = 1 if under_way else None
        if keep_planned and not under_way:
            start = quarter_span(first, review.planned_start)
            fixed = start if start >= 1 and start + duration - 1 <= horizon else None
        specs.append(
            ReviewSpec(
                id=review.reference,
                effort_days=float(EFFORT_DAYS_PER_QUARTER * duration),
                duration=duration,
                skill=str(review_skills.get(review.pk, GENERALIST)),
                annual_saving=_saving(services),
                priority=_priority(review_scores.get(review.pk, 0.0) if scores else None),
                deadline=None if under_way else _deadline(services, first, horizon, duration),
                mandatory=under_way,
                fixed_start=fixed,
            )
        )
    uncovered = live.exclude(pk__in=covered).order_by("reference") if candidates else live.none()
    duration = min(CANDIDATE_DURATION, horizon)
    for service in uncovered:
        specs.append(
            ReviewSpec(
                id=service.reference,
                effort_days=float(EFFORT_DAYS_PER_QUARTER * duration),
                duration=duration,
                skill=str(skills[service.pk]),
                annual_saving=_saving([service]),
                priority=_priority(scores.get(service.pk, 0.0) if scores else None),
                deadline=_deadline([service], first, horizon, duration),
            )
        )
    return parse_instance(
        Instance(
            horizon=horizon,
            priority_weight=priority_weight,
            savings_target=savings_target,
            capacity=_capacity(horizon)
            if capacity is None
            else {skill: (float(capacity.get(skill, 0) or 0),) * horizon for skill in SKILLS},
            reviews=tuple(specs),
        ).as_dict()
    )


# The timeline of the programme (issue 11): the reviews planned, in progress or on hold over the horizon, grouped by
# directorate or by the skill they need, and the days each skill uses against the days available in each quarter.
BY_DIRECTORATE = "directorate"
BY_SKILL = "skill"
GROUPINGS = {BY_DIRECTORATE: "Directorate", BY_SKILL: "Skill"}


@dataclass(frozen=True)
class TimelineRow:
    """A review on the timeline: its bar (quarters of the horizon), the skill it needs and whether it is under way
    past its planned end (shown in the first quarter: it still runs, as the optimiser counts it)."""

    review: CommissioningReview
    skill: str
    bar: Bar
    late: bool

    @property
    def skill_label(self) -> str:
        return skill_label(self.skill)


def skill_label(skill: str) -> str:
    return str(Skill(skill).label) if skill in Skill.values else skill


@dataclass(frozen=True)
class TimelineGroup:
    name: str
    rows: tuple[TimelineRow, ...]


@dataclass(frozen=True)
class CapacityQuarter:
    """One quarter's days used against available: each skill's (in ``Timeline.skills`` order), then every skill's."""

    quarter: str
    loads: tuple[Load, ...]
    total: Load


@dataclass(frozen=True)
class Timeline:
    by: str
    quarters: tuple[str, ...]
    groups: tuple[TimelineGroup, ...]
    skills: tuple[str, ...]  # the labels of the capacity's skills
    capacity: tuple[CapacityQuarter, ...]  # empty unless asked for
    assumed: bool = False  # no officer is recorded: the capacity is planning.py's documented default

    @property
    def rows(self) -> Iterator[TimelineRow]:
        for group in self.groups:
            yield from group.rows

    @property
    def over(self) -> list[tuple[str, list[str]]]:
        """The quarters where reviews need more days than available: each with the skills over (or "every skill
        together" when only the total is)."""
        found = []
        for quarter in self.capacity:
            skills = [label for label, load in zip(self.skills, quarter.loads, strict=True) if load.over]
            if skills or quarter.total.over:
                found.append((quarter.quarter, skills or ["every skill together"]))
        return found


def _skill_order(skill: str) -> int:
    return SKILLS.index(skill) if skill in SKILLS else len(SKILLS)


def programme_timeline(
    *, user: Any, by: str = BY_DIRECTORATE, horizon: int = DEFAULT_HORIZON, with_capacity: bool = False
) -> Timeline:
    """The programme as this user may see it over ``horizon`` quarters from the current one, grouped ``by``
    directorate or skill; ``with_capacity``: the days used against available per skill and quarter too (the reviews
    this user sees use ``EFFORT_DAYS_PER_QUARTER`` days of their skill in each quarter they run). Four queries."""
    first = parse_quarter(current_quarter())
    labels = tuple(first.plus(offset).label for offset in range(horizon))
    skills = selectors.review_skills()
    rows: list[TimelineRow] = []
    for review in selectors.programme_reviews(user=user, first=labels[0], last=labels[-1]):
        start = quarter_span(first.label, review.planned_start)
        end = quarter_span(first.label, review.planned_end)
        late = review.status in UNDER_WAY and end < 1
        shown = bar(start=start, end=max(end, 1) if late else end, horizon=horizon)
        if shown is not None:
            rows.append(TimelineRow(review=review, skill=str(skills.get(review.pk, GENERALIST)), bar=shown, late=late))
    if by == BY_SKILL:
        keyed = sorted({row.skill for row in rows}, key=_skill_order)
        groups = [
            TimelineGroup(
                name=skill_label(skill),
                rows=tuple(row for row in rows if row.skill == skill),
            )
            for skill in keyed
        ]
    else:
        names = sorted({row.review.directorate.name for row in rows})
        groups = [
            TimelineGroup(name=name, rows=tuple(row for row in rows if row.review.directorate.name == name))
            for name in names
        ]
    capacity: tuple[CapacityQuarter, ...] = ()
    skill_labels: tuple[str, ...] = ()
    assumed = False
    if with_capacity:
        recorded = selectors.capacity_by_skill(horizon)
        assumed = not _recorded(recorded)
        loads = capacity_used(
            horizon=horizon,
            available=_capacity(horizon, recorded),
            running=[Running(row.skill, start=row.bar.first, end=row.bar.last) for row in rows],
            days_per_quarter=EFFORT_DAYS_PER_QUARTER,
        )
        keys = [load.skill for load in loads if load.quarter == 1 and load.skill != TOTAL]
        skill_labels = tuple(skill_label(key) for key in keys)
        by_quarter: dict[int, list[Load]] = {}
        totals: dict[int, Load] = {}
        for load in loads:
            if load.skill == TOTAL:
                totals[load.quarter] = load
            else:
                by_quarter.setdefault(load.quarter, []).append(load)
        capacity = tuple(
            CapacityQuarter(quarter=label, loads=tuple(by_quarter[number]), total=totals[number])
            for number, label in enumerate(labels, start=1)
        )
    return Timeline(
        by=by if by in GROUPINGS else BY_DIRECTORATE,
        quarters=labels,
        groups=tuple(groups),
        skills=skill_labels,
        capacity=capacity,
        assumed=assumed,
    )


TIMELINE_HEADERS = ("Reference", "Title", "Directorate", "Skill", "Status", "Published", "Planned start", "Planned end")


def timeline_rows(timeline: Timeline) -> Iterator[list[Any]]:
    """The timeline as a sheet's rows: each review, then the days of its skill it uses in each quarter of the
    horizon (blank where it does not run), under ``TIMELINE_HEADERS`` and the quarters' labels."""
    for row in timeline.rows:
        review = row.review
        yield [
            review.reference,
            review.title,
            review.directorate.name,
            row.skill_label,
            review.get_status_display(),
            review.published,
            review.planned_start,
            review.planned_end,
            *(
                EFFORT_DAYS_PER_QUARTER if row.bar.first <= number <= row.bar.last else None
                for number in range(1, len(timeline.quarters) + 1)
            ),
        ]


def quarter_dates(start: str, end: str) -> tuple[dt.date, dt.date]:
    """The first day of quarter ``start`` and the day after quarter ``end`` ends (an all-day event's end)."""
    return parse_quarter(start).starts, parse_quarter(end).next().starts
