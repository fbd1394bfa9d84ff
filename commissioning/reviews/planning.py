"""The bridge between the council's reviews and the optimised programme (engine/optimisation): the council's current
data as a planning instance, and the engine's parsing and solving for ``manage.py plan_reviews``.

``council_instance`` builds one review for each current review that has not finished (planned, in progress or on
hold: its reference is its id) and one candidate review for each current service that no such review covers (its
reference is its id). Quarter 1 of the horizon is the current quarter. The defaults below are documented estimates
until the data exists:

- effort: ``EFFORT_DAYS_PER_QUARTER`` officer-days in each quarter the review runs;
- duration: its planned quarters (a review in progress: the quarters left to its planned end), clamped to 1..horizon;
  a candidate review of a service: ``CANDIDATE_DURATION`` quarters;
- skill: ``_skill`` (generalist until services record the specialist skill they need);
- annual saving: ``SAVING_SHARE`` of the services' gross budget (the appraisals app, which holds the preferred
  option's savings, sits above reviews and cannot be read from here: a later issue feeds the adopted option's
  savings in);
- deadline: the quarter of the earliest ``next_review_due`` of its services, when that falls within the horizon
  (no contract end dates exist yet: the contracts app is planned);
- mandatory: a review already in progress (or on hold) must go on; it is fixed to start in quarter 1;
- priority: ``_priority`` (a documented default until the prioritisation model supplies its scores);
- capacity: ``_capacity`` (a documented default until commissioning officers and their days are recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from commissioning.reviews.calculations import current_quarter, quarter_span
from commissioning.reviews.models import CommissioningReview, ReviewStatus
from commissioning.services.models import Service
from engine.finance.years import quarter_of
from engine.optimisation import Instance, InstanceError, Result, ReviewSpec, parse_instance, solve
from engine.optimisation.programme import DEFAULT_TIME_LIMIT, INFEASIBLE

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "INFEASIBLE",
    "Instance",
    "InstanceError",
    "Result",
    "council_instance",
    "parse_instance",
    "solve",
]

DEFAULT_HORIZON = 12
SKILLS = ("adults_safeguarding", "childrens_safeguarding", "public_health", "procurement", "generalist")
GENERALIST = "generalist"
EFFORT_DAYS_PER_QUARTER = 30
CANDIDATE_DURATION = 3
SAVING_SHARE = Decimal("0.05")  # 5% of gross budget a year: a prudent estimate of what a review saves
# Review days a quarter in each skill until officers are recorded: two officers' 60 days in each specialist skill, ten
# in the generalist one (every review is generalist by default, and the reviews under way must all fit).
DEFAULT_DAYS_PER_QUARTER = {"generalist": 600}
DEFAULT_SPECIALIST_DAYS_PER_QUARTER = 120
PRIORITY_WEIGHT = 1000.0  # pounds of expected saving one point of priority is worth
UNDER_WAY = (ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD)


def _capacity(horizon: int) -> dict[str, tuple[float, ...]]:
    """Review days available per skill and quarter. A documented default (``DEFAULT_DAYS_PER_QUARTER``, else
    ``DEFAULT_SPECIALIST_DAYS_PER_QUARTER``, in every quarter) until commissioning officers and their available days
    are recorded: the coordinator wires the officers' capacity in here."""
    return {
        skill: (float(DEFAULT_DAYS_PER_QUARTER.get(skill, DEFAULT_SPECIALIST_DAYS_PER_QUARTER)),) * horizon
        for skill in SKILLS
    }


def _priority(review: CommissioningReview | Service) -> float:
    """The priority score (0-100) of a review, or of a service not yet under review. A documented default until the
    prioritisation model's scores are wired in here: 50 for everything, so only savings and deadlines decide."""
    return 50.0


def _skill(services: Iterable[Service]) -> str:
    """The skill a review of these services needs: generalist until services record a specialist need."""
    return GENERALIST


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


def council_instance(*, horizon: int = DEFAULT_HORIZON) -> Instance:
    """The council's current reviews and services as a planning instance (see the module's docstring)."""
    first = current_quarter()
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
        specs.append(
            ReviewSpec(
                id=review.reference,
                effort_days=float(EFFORT_DAYS_PER_QUARTER * duration),
                duration=duration,
                skill=_skill(services),
                annual_saving=_saving(services),
                priority=_priority(review),
                deadline=None if under_way else _deadline(services, first, horizon, duration),
                mandatory=under_way,
                fixed_start=1 if under_way else None,
            )
        )
    candidates = Service.objects.filter(archived_at__isnull=True).exclude(pk__in=covered).order_by("reference")
    duration = min(CANDIDATE_DURATION, horizon)
    for service in candidates:
        specs.append(
            ReviewSpec(
                id=service.reference,
                effort_days=float(EFFORT_DAYS_PER_QUARTER * duration),
                duration=duration,
                skill=_skill([service]),
                annual_saving=_saving([service]),
                priority=_priority(service),
                deadline=_deadline([service], first, horizon, duration),
            )
        )
    return parse_instance(
        Instance(
            horizon=horizon,
            priority_weight=PRIORITY_WEIGHT,
            savings_target=None,
            capacity=_capacity(horizon),
            reviews=tuple(specs),
        ).as_dict()
    )
