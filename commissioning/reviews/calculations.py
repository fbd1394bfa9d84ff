"""The bridge between commissioning reviews and engine/: the one module in this app that calls the engine.

Reviews are planned in quarters of the financial year, stored as their canonical label ("2026/27 Q1"). Labels
have a fixed width, so the database orders and compares them in time order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils import timezone

from engine.finance.years import parse_quarter, quarter_of, quarters_between
from engine.scoring import priority


def quarter_problem(label: str) -> str | None:
    """What is wrong with a quarter label, or None when it is fine."""
    try:
        parse_quarter(label)
    except ValueError as exc:
        return str(exc)
    return None


def normalise_quarter(label: str) -> str:
    """The canonical label ("2026/27 q1" gives "2026/27 Q1"). Raises ValueError naming the problem."""
    return parse_quarter(label).label


def quarter_span(start: str, end: str) -> int:
    """How many quarters a review runs for, counting both ends (zero or less when it ends before it starts)."""
    return quarters_between(parse_quarter(start), parse_quarter(end))


def quarter_start_year(label: str) -> int:
    """The first calendar year of the quarter's financial year: 2026 for "2026/27 Q3"."""
    return parse_quarter(label).year.start_year


def quarter_after(label: str, quarters: int) -> str:
    """The label of the quarter this many quarters later (earlier when negative)."""
    return parse_quarter(label).plus(quarters).label


def quarter_end(label: str) -> dt.date:
    """The last day of the quarter: 2026-06-30 for "2026/27 Q1"."""
    return parse_quarter(label).ends


def current_quarter() -> str:
    """The quarter today falls in, like "2026/27 Q3"."""
    return quarter_of(timezone.localdate()).label


# A service's review status follows from the reviews that cover it (issue 8: status that cannot contradict itself).
# The strings are the values of reviews.models.Stage / ReviewStatus and services.models.ReviewStatus; they are spelt
# out here so that the mapping stays a plain function the data migration can use too.
LIVE_REVIEW_STATUSES = ("planned", "in_progress", "on_hold")
SERVICE_STATUS_WHEN_NOT_COVERED = "not_scheduled"
# A review that is under way (in progress, or on hold), by its stage of the cycle.
SERVICE_STATUS_FOR_STAGE_UNDER_WAY = {
    "analyse": "in_review",  # Under review
    "plan": "in_review",  # Under review
    "do": "implementing",  # delivering through the chosen route
    "review": "monitoring",  # is it delivering outcomes, quality and savings?
}
# A completed review has made its decision, whatever stage it finished at.
SERVICE_STATUS_WHEN_COMPLETED = "decided"


def service_status_for_review(*, stage: str, status: str) -> str | None:
    """The review status one review gives the services it covers, or None for a cancelled review (no cover).

    A planned review: "Scheduled for review". Under way (in progress or on hold): by its stage, see
    SERVICE_STATUS_FOR_STAGE_UNDER_WAY. Completed: "Decision made".
    """
    if status == "planned":
        return "scheduled"
    if status in ("in_progress", "on_hold"):
        return SERVICE_STATUS_FOR_STAGE_UNDER_WAY.get(stage, "in_review")
    if status == "completed":
        return SERVICE_STATUS_WHEN_COMPLETED
    return None


def service_status_from_reviews(reviews: list[tuple[str, str, str, int]]) -> str:
    """A service's review status from the current (not archived) reviews covering it, each (stage, status,
    planned_start, pk). A review not yet finished (planned, in progress, on hold) speaks before a completed one;
    among those, the one that starts latest (then the newest). Cancelled reviews do not count; with none left, the
    service is "Not scheduled".
    """
    counted = [review for review in reviews if service_status_for_review(stage=review[0], status=review[1])]
    if not counted:
        return SERVICE_STATUS_WHEN_NOT_COVERED
    stage, status, _start, _pk = max(counted, key=lambda r: (r[1] in LIVE_REVIEW_STATUSES, r[2], r[3]))
    return service_status_for_review(stage=stage, status=status) or SERVICE_STATUS_WHEN_NOT_COVERED


# A review's status follows from its records (ADR 0021): it is never typed in. Each move is a recorded action with
# who, when and why; a move from a status it does not start from is refused. The strings are the values of
# reviews.models.ReviewStatus.
STATUS_MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    "start": (("planned",), "in_progress"),  # work on the review has started (or its first gate record is made)
    "hold": (("in_progress",), "on_hold"),
    "resume": (("on_hold",), "in_progress"),
    "complete": (("in_progress",), "completed"),  # closes the Review stage, the last of the cycle
    "cancel": (("planned", "in_progress", "on_hold"), "cancelled"),
}
# The stage a review must be at for a move (only completion: the cycle's last stage is closed, not skipped).
STATUS_MOVE_STAGE = {"complete": "review"}


def status_move_allowed(move: str, *, status: str, stage: str) -> bool:
    """Whether a review at this status and stage may make the move (a key of STATUS_MOVES)."""
    starts_from, _to = STATUS_MOVES[move]
    return status in starts_from and STATUS_MOVE_STAGE.get(move, stage) == stage


def status_after_stage_move(status: str) -> str | None:
    """A review's status once it passes a stage gate, or None when it may not move stage at its status: a planned
    review has evidently started; one in progress stays so; one on hold must be resumed first, and a completed or
    cancelled review does not move."""
    if status in ("planned", "in_progress"):
        return "in_progress"
    return None


# The prioritisation model (engine.scoring.priority): scores, ranking and the words that explain a service's place.
MAX_SCORE = priority.MAX_SCORE
WEIGHTS_TOTAL = priority.WEIGHTS_TOTAL
BUDGET_BANDS = "£0 scores 0; under £250,000 1; under £1m 2; under £5m 3; under £20m 4; £20m or more 5."
SAVINGS_BANDS = (
    "Unit cost against the comparator median: at or below it 0; up to 5% above 1; up to 10% above 2; up to 20% "
    "above 3; up to 35% above 4; more than 35% above 5."
)
PERFORMANCE_BANDS = (
    "Each indicator off target (red) scores 1, and 1 more when it is also getting worse; at most 5. None off target "
    "scores 0."
)
CONTRACT_BANDS = "6 months or fewer 5; 12 or fewer 4; 18 or fewer 3; 24 or fewer 2; 36 or fewer 1; longer 0."
FIT_BANDS = "Council priorities its outcomes serve: none 0; one 2; two 3; three 4; four or more 5."
STATUTORY_BANDS = "No statutory duty (every option open) 5; a statutory duty (only how it is delivered is open) 2."
JUDGEMENT_BANDS = "A recorded judgement: 0 none, 1 very low, 2 low, 3 moderate, 4 high, 5 very high."

CriterionScore = priority.CriterionScore
Scored = priority.Scored
WeightsInvalidError = priority.WeightsInvalidError


def budget_score(gross_budget: Decimal) -> int:
    return priority.budget_score(gross_budget)


def statutory_score(is_statutory: bool) -> int:
    return priority.statutory_score(is_statutory)


def weights_problem(weights: Mapping[str, int], names: Mapping[str, str]) -> str | None:
    return priority.weights_problem(weights, names)


def score_service(
    *, service: int, reference: str, weights: Mapping[str, int], scores: Sequence[priority.CriterionScore]
) -> priority.Scored:
    return priority.score_service(service=service, reference=reference, weights=weights, scores=scores)


def rank(scored: Sequence[priority.Scored]) -> list[priority.Scored]:
    return priority.rank(scored)


def against(
    this: priority.Scored, other: priority.Scored, *, other_name: str, above: bool, names: Mapping[str, str]
) -> str:
    return priority.against(this, other, other_name=other_name, above=above, names=names)


def contract_score(months_left: int) -> int:
    return priority.contract_score(months_left)
