"""Writes for commissioning reviews: keyword-only, validated, one transaction, each with one history entry."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commissioning.accounts.models import User
from commissioning.core.actions import (
    record_archive,
    record_edited,
    record_restore,
    record_save,
    record_save_unique,
)
from commissioning.core.audit import history_paused, save_with_history
from commissioning.core.concurrency import claim_form_token, lock_for_update
from commissioning.core.permissions import Role
from commissioning.core.references import save_with_reference
from commissioning.reviews import calculations, planning, selectors
from commissioning.reviews.calculations import (
    STATUS_MOVES,
    normalise_quarter,
    quarter_problem,
    quarter_span,
    quarter_start_year,
    service_status_from_reviews,
    status_after_stage_move,
    status_move_allowed,
)
from commissioning.reviews.models import (
    CommissioningOfficer,
    CommissioningReview,
    CriterionScore,
    PriorityJudgement,
    PriorityModel,
    ProgrammeScenario,
    ReviewStatus,
    ScenarioStatus,
    ScheduledReview,
    ScoreSource,
    ServiceSkill,
    Skill,
    Stage,
)
from commissioning.reviews.selectors import (
    lead_commissioner_choices,
    next_reference,
    reference_in_use,
    reviews_covering,
)
from commissioning.services.actions import service_review_status_set_many
from commissioning.services.models import Directorate, Service

TITLE_REQUIRED = "Enter the title of the review"
PURPOSE_REQUIRED = "Enter the purpose of the review: what it must find out or decide"
SERVICES_REQUIRED = "Choose at least one service for the review to cover"
SERVICE_ARCHIVED = "Untick {name}: it has been archived, so a review cannot start covering it"
DIRECTORATE_ARCHIVED = "Choose a current directorate: {name} has been archived"
LEAD_NOT_COMMISSIONER = "Choose a commissioning officer or strategic director to lead the review: {name} is a {role}"
LEAD_INACTIVE = "Choose someone whose account is active to lead the review: {name}'s account is switched off"
END_BEFORE_START = "The planned end quarter must be {start} or later: the review cannot end before it starts"
REFERENCE_TAKEN = "Reference {reference} is already used by another review: choose another, or leave it blank"
ARCHIVE_REASON_REQUIRED = "Enter why the review is being archived"
RESTORE_REASON_REQUIRED = "Enter why the review is being restored"
ALREADY_ARCHIVED = "This review is archived: restore it before changing it"
NOT_ARCHIVED = "This review is not archived"

CREATED_REASON = "Review added to the programme"
UPDATED_REASON = "Details updated"


@dataclass(frozen=True)
class ReviewDetails:
    """Everything an officer edits about a commissioning review."""

    title: str
    purpose: str
    services: Sequence[Service]
    directorate: Directorate
    lead_commissioner: User
    planned_start: str
    planned_end: str
    stage: str = Stage.ANALYSE
    reference: str = ""
    published: bool = False


def _services_follow(*, service_ids: set[int], by: User, reason: str) -> None:
    """Set each service's review status from the reviews that now cover it, in the caller's transaction."""
    covering = reviews_covering(service_ids=service_ids)
    statuses = {service_id: service_status_from_reviews(reviews) for service_id, reviews in covering.items()}
    service_review_status_set_many(statuses=statuses, by=by, reason=reason)


def _validate(details: ReviewDetails, *, existing: CommissioningReview | None) -> None:
    errors: dict[str, str] = {}
    if not details.title.strip():
        errors["title"] = TITLE_REQUIRED
    if not details.purpose.strip():
        errors["purpose"] = PURPOSE_REQUIRED
    already = set(existing.services.values_list("pk", flat=True)) if existing is not None else set()
    if not details.services:
        errors["services"] = SERVICES_REQUIRED
    else:
        newly_archived = [s for s in details.services if s.is_archived and s.pk not in already]
        if newly_archived:
            errors["services"] = SERVICE_ARCHIVED.format(name=newly_archived[0].name)
    if details.directorate.is_archived and (existing is None or existing.directorate_id != details.directorate.pk):
        errors["directorate"] = DIRECTORATE_ARCHIVED.format(name=details.directorate.name)
    lead = details.lead_commissioner
    lead_name = lead.get_full_name() or lead.username
    if lead.role not in (Role.OFFICER, Role.DIRECTOR):
        errors["lead_commissioner"] = LEAD_NOT_COMMISSIONER.format(name=lead_name, role=lead.get_role_display().lower())
    elif not lead.is_active:
        errors["lead_commissioner"] = LEAD_INACTIVE.format(name=lead_name)
    start_problem = quarter_problem(details.planned_start)
    end_problem = quarter_problem(details.planned_end)
    if start_problem:
        errors["planned_start"] = start_problem
    if end_problem:
        errors["planned_end"] = end_problem
    if not start_problem and not end_problem and quarter_span(details.planned_start, details.planned_end) < 1:
        errors["planned_end"] = END_BEFORE_START.format(start=normalise_quarter(details.planned_start))
    if details.reference and reference_in_use(reference=details.reference, excluding=existing):
        errors["reference"] = REFERENCE_TAKEN.format(reference=details.reference)
    if errors:
        raise ValidationError(errors)


def _apply(review: CommissioningReview, details: ReviewDetails) -> None:
    review.title = details.title.strip()
    review.purpose = details.purpose.strip()
    review.directorate = details.directorate
    review.lead_commissioner = details.lead_commissioner
    review.stage = details.stage
    review.planned_start = normalise_quarter(details.planned_start)
    review.planned_end = normalise_quarter(details.planned_end)
    review.published = details.published
    if details.reference:
        review.reference = details.reference.strip()


@transaction.atomic
def review_create(*, details: ReviewDetails, by: User, form_token: uuid.UUID | None = None) -> CommissioningReview:
    claim = claim_form_token(form_token, by=by)
    _validate(details, existing=None)
    review = CommissioningReview(status=ReviewStatus.PLANNED)  # the status follows from records (ADR 0021)
    _apply(review, details)
    save_with_reference(
        review,
        generate=None if details.reference else lambda: next_reference(year=quarter_start_year(review.planned_start)),
        taken=REFERENCE_TAKEN,
        by=by,
        reason=CREATED_REASON,
        m2m={"services": details.services},
        exclude=["services"],
    )
    _services_follow(service_ids={s.pk for s in details.services}, by=by, reason=f"{review.reference} added")
    claim.made(review)
    return review


@transaction.atomic
def review_update(
    *, review: CommissioningReview, details: ReviewDetails, by: User, reason: str = "", version: str | None = None
) -> CommissioningReview:
    review = record_edited(review, version=version, already_archived=ALREADY_ARCHIVED)
    _validate(details, existing=review)
    covered_before = set(review.services.values_list("pk", flat=True))
    _apply(review, details)
    save_with_reference(
        review,
        generate=None,
        taken=REFERENCE_TAKEN,
        by=by,
        reason=reason.strip() or UPDATED_REASON,
        m2m={"services": details.services},
        exclude=["services"],
    )
    _services_follow(
        service_ids=covered_before | {s.pk for s in details.services}, by=by, reason=f"{review.reference} updated"
    )
    return review


@transaction.atomic
def review_archive(*, review: CommissioningReview, by: User, reason: str) -> CommissioningReview:
    archived = record_archive(
        record=review, by=by, reason=reason, reason_required=ARCHIVE_REASON_REQUIRED, already=ALREADY_ARCHIVED
    )
    covered = set(archived.services.values_list("pk", flat=True))
    _services_follow(service_ids=covered, by=by, reason=f"{archived.reference} archived")
    return archived


@transaction.atomic
def review_restore(*, review: CommissioningReview, by: User, reason: str) -> CommissioningReview:
    restored = record_restore(
        record=review, by=by, reason=reason, reason_required=RESTORE_REASON_REQUIRED, not_archived=NOT_ARCHIVED
    )
    covered = set(restored.services.values_list("pk", flat=True))
    _services_follow(service_ids=covered, by=by, reason=f"{restored.reference} restored")
    return restored


STAGE_UNKNOWN = "Choose a stage of the commissioning cycle: {stage} is not one"
STAGE_UNCHANGED = "This review is already at the {stage} stage"
STAGE_WHILE_ON_HOLD = "{reference} is on hold: resume it before it moves to another stage"
STAGE_WHILE_CLOSED = "{reference} is {status}: a {status} review does not move to another stage"


@transaction.atomic
def review_stage_set(*, review: CommissioningReview, stage: str, by: User, reason: str) -> CommissioningReview:
    """Move the review to another stage of the cycle (one history entry saying why), and its services' review status
    with it. The stage follows from the governance records (the gates): governance checks the gate, then calls this;
    the review's own edit form no longer sets it. A planned review that moves has started (in progress, in the same
    history entry); one on hold, completed or cancelled is refused (ADR 0021)."""
    review = record_edited(review, version=None, already_archived=ALREADY_ARCHIVED)
    if stage not in Stage.values:
        raise ValidationError({"stage": STAGE_UNKNOWN.format(stage=stage)})
    if review.stage == stage:
        raise ValidationError({"stage": STAGE_UNCHANGED.format(stage=Stage(stage).label)})
    status = status_after_stage_move(review.status)
    if status is None:
        message = STAGE_WHILE_ON_HOLD if review.status == ReviewStatus.ON_HOLD else STAGE_WHILE_CLOSED
        raise ValidationError(
            {"stage": message.format(reference=review.reference, status=review.get_status_display().lower())}
        )
    review.stage = stage
    review.status = status  # a planned review that passes a gate has started
    record_save(review, by=by, reason=reason, exclude=["services"])
    covered = set(review.services.values_list("pk", flat=True))
    _services_follow(service_ids=covered, by=by, reason=f"{review.reference} moved to {Stage(stage).label}")
    return review


# The review's status (ADR 0021) ------------------------------------------------------------------------------------
# Never typed in: each move below is a recorded action (who, when, why: one history entry), refused with a message
# naming what is missing when the review is not at a status (or stage) it can make the move from.

START_REASON_REQUIRED = "Enter what work has started on the review"
HOLD_REASON_REQUIRED = "Enter why the review is being put on hold"
RESUME_REASON_REQUIRED = "Enter why work on the review is resuming"
COMPLETE_REASON_REQUIRED = "Enter what the review concluded when its Review stage closed"
CANCEL_REASON_REQUIRED = "Enter why the review is being cancelled"
CANNOT_START = "{reference} cannot start: it is {status}, and only a planned review starts"
CANNOT_HOLD = "{reference} cannot be put on hold: it is {status}, and only a review in progress is put on hold"
CANNOT_RESUME = "{reference} cannot resume: it is {status}, and only a review on hold resumes"
CANNOT_COMPLETE = "{reference} cannot be completed: it is {status}, and only a review in progress is completed"
COMPLETE_NOT_AT_REVIEW = (
    "{reference} cannot be completed at the {stage} stage: a review is completed when it closes its Review stage, "
    "so it must pass the stage gates to Review first"
)
CANNOT_CANCEL = "{reference} cannot be cancelled: it is already {status}"

STATUS_REASONS = {
    "start": START_REASON_REQUIRED,
    "hold": HOLD_REASON_REQUIRED,
    "resume": RESUME_REASON_REQUIRED,
    "complete": COMPLETE_REASON_REQUIRED,
    "cancel": CANCEL_REASON_REQUIRED,
}
STATUS_REFUSALS = {
    "start": CANNOT_START,
    "hold": CANNOT_HOLD,
    "resume": CANNOT_RESUME,
    "complete": CANNOT_COMPLETE,
    "cancel": CANNOT_CANCEL,
}
# How each move reads on the History tab, before the reason given.
STATUS_HISTORY = {
    "start": "Started: {reason}",
    "hold": "Put on hold: {reason}",
    "resume": "Resumed: {reason}",
    "complete": "Completed: {reason}",
    "cancel": "Cancelled: {reason}",
}


def _status_move(*, review: CommissioningReview, move: str, by: User, reason: str) -> CommissioningReview:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": STATUS_REASONS[move]})
    review = record_edited(review, version=None, already_archived=ALREADY_ARCHIVED)
    if not status_move_allowed(move, status=review.status, stage=review.stage):
        status = review.get_status_display().lower()
        if move == "complete" and review.status == ReviewStatus.IN_PROGRESS:
            message = COMPLETE_NOT_AT_REVIEW.format(reference=review.reference, stage=review.get_stage_display())
        else:
            message = STATUS_REFUSALS[move].format(reference=review.reference, status=status)
        raise ValidationError(message)
    review.status = STATUS_MOVES[move][1]
    record_save(review, by=by, reason=STATUS_HISTORY[move].format(reason=reason), exclude=["services"])
    covered = set(review.services.values_list("pk", flat=True))
    _services_follow(service_ids=covered, by=by, reason=f"{review.reference} {review.get_status_display().lower()}")
    return review


@transaction.atomic
def review_start(*, review: CommissioningReview, by: User, reason: str) -> CommissioningReview:
    """Record that work on a planned review has started: it is in progress. (Passing a stage gate, or the Programme
    Board signing off the evidence pack, starts it too.)"""
    return _status_move(review=review, move="start", by=by, reason=reason)


@transaction.atomic
def review_hold(*, review: CommissioningReview, by: User, reason: str) -> CommissioningReview:
    """Put a review in progress on hold, saying why. It does not move stage until it resumes."""
    return _status_move(review=review, move="hold", by=by, reason=reason)


@transaction.atomic
def review_resume(*, review: CommissioningReview, by: User, reason: str) -> CommissioningReview:
    """Resume a review on hold: it is in progress again, at the stage it was held at."""
    return _status_move(review=review, move="resume", by=by, reason=reason)


@transaction.atomic
def review_complete(*, review: CommissioningReview, by: User, reason: str) -> CommissioningReview:
    """Close the Review stage, the last of the cycle, saying what the review concluded: the review is completed (the
    next review of its services is a new review)."""
    return _status_move(review=review, move="complete", by=by, reason=reason)


@transaction.atomic
def review_cancel(*, review: CommissioningReview, by: User, reason: str) -> CommissioningReview:
    """Stop a review that has not finished, saying why. Its services are no longer covered by it."""
    return _status_move(review=review, move="cancel", by=by, reason=reason)


# The plan: the prioritisation model, judgements, the skill a service needs, and commissioning officers ----------

WEIGHTS_REASON_REQUIRED = "Enter why the weights are changing: it is shown beside the new version of the model"
WEIGHTS_NOT_100 = "The weights must add up to 100%: they add up to {total}%"
WEIGHT_INVALID = "The weight of {name} must be a whole number from 0 to 100"
CRITERION_UNKNOWN = "Choose a criterion of the model: {criterion} is not one"
JUDGEMENT_REASON_REQUIRED = "Enter why you gave this score: a judgement without a reason cannot be recorded"
JUDGEMENT_SCORE_INVALID = "Choose a score from 0 to 5"
JUDGEMENT_SERVICE_ARCHIVED = "{name} has been archived: it is no longer ranked"
JUDGEMENT_RECORDED_MEANWHILE = (
    "Someone recorded a judgement of this criterion for this service after you opened this page: look at theirs first"
)
JUDGEMENT_UNCHANGED = "This is the judgement already recorded: change the score or the reason"
SKILL_INVALID = "Choose the skill a review of this service needs"
OFFICER_NAME_REQUIRED = "Enter the officer's name"
OFFICER_SKILLS_REQUIRED = "Choose at least one skill"
OFFICER_SKILL_INVALID = "Choose skills from the list"
OFFICER_GRADE_REQUIRED = "Enter the officer's grade, like PO3"
OFFICER_COST_INVALID = "Enter the annual cost as an amount of 0 or more, like £52,000"
OFFICER_DAYS_INVALID = "Enter the days a quarter available for reviews, a whole number from 0 to 66"
OFFICER_USER_NOT_COMMISSIONER = "Choose a commissioning officer or strategic director's account: {name} is a {role}"
OFFICER_ALREADY_ARCHIVED = "This officer is archived: restore them before changing their details"
OFFICER_ARCHIVE_REASON_REQUIRED = "Enter why the officer no longer runs reviews"
OFFICER_RESTORE_REASON_REQUIRED = "Enter why the officer is being restored"
OFFICER_NOT_ARCHIVED = "This officer is not archived"

FIRST_MODEL_REASON = "The first version of the prioritisation model"


def _weights_errors(weights: Mapping[str, int | None], names: Mapping[str, str]) -> dict[str, str]:
    errors = {}
    for key, weight in weights.items():
        if weight is None or isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
            errors[f"weight_{key}"] = WEIGHT_INVALID.format(name=names.get(key, key))
    if not errors:
        total = sum(int(w or 0) for w in weights.values())
        if total != calculations.WEIGHTS_TOTAL:
            errors["__all__"] = WEIGHTS_NOT_100.format(total=total)
    return errors


@transaction.atomic
def priority_model_revise(
    *, weights: Mapping[str, int], reason: str, by: User, version: str | None = None
) -> PriorityModel:
    """New weights make a new version of the model (or the first one). The version they replace keeps the scores it
    ranked by as they stand now (one CriterionScore for each current service and weighted criterion), so its ranking
    stays reproducible, and is marked superseded. Nothing is saved when the weights do not add up to 100 or no reason
    is given. ``version`` is the replaced version as the form loaded it: someone else's new version in between is an
    EditConflict."""
    names = selectors.criterion_names()
    errors = _weights_errors(weights, names)
    if not reason.strip():
        errors["reason"] = WEIGHTS_REASON_REQUIRED
    unknown = [key for key in weights if key not in names]
    if unknown:
        errors["__all__"] = CRITERION_UNKNOWN.format(criterion=unknown[0])
    if errors:
        raise ValidationError(errors)
    current = selectors.current_model()
    number = 1
    if current is not None:
        current = lock_for_update(PriorityModel, pk=current.pk, version=version)
        if current.superseded_at is not None:  # superseded between the read and the lock
            raise ValidationError(WEIGHTS_CHANGED_MEANWHILE)
        number = current.number + 1
        kept = [
            CriterionScore(
                model=current,
                service_id=service_id,
                criterion=key,
                score=found.score or 0,
                source=found.source,
                summary=found.summary,
                sources=[[s.label, s.url_name, list(s.args)] for s in found.sources],
                judged_by=None,
                reason=found.reason if found.source == ScoreSource.JUDGEMENT else "",
            )
            for service_id, key, found in selectors.frozen_scores(model=current)
        ]
        judges = selectors.judges_of(model=current)
        for score in kept:
            score.judged_by_id = judges.get((score.service_id, score.criterion))
        bulk_create_with_history(
            kept, CriterionScore, batch_size=500, default_user=by, default_change_reason=f"Kept as version {number - 1}"
        )
        current.superseded_at = timezone.now()
        record_save(current, by=by, reason=f"Superseded by version {number}: {reason.strip()}")
    model = PriorityModel(number=number, weights=dict(weights), reason=reason.strip(), made_by=by)
    record_save(model, by=by, reason=reason.strip())
    return model


WEIGHTS_CHANGED_MEANWHILE = "Someone changed the weights after you opened this page: look at the new version first"


@transaction.atomic
def priority_judgement_record(
    *,
    service: Service,
    criterion: str,
    score: int | None,
    reason: str,
    by: User,
    version: str | None = None,
    form_token: uuid.UUID | None = None,
) -> PriorityJudgement:
    """Record (or change) the judgement of a criterion for a service: the score, who gave it and why. Refused, with
    nothing saved, without a reason. ``version`` is the judgement as the form loaded it (no lost update)."""
    errors: dict[str, str] = {}
    names = selectors.criterion_names()
    if criterion not in names:
        raise ValidationError({"criterion": CRITERION_UNKNOWN.format(criterion=criterion)})
    if score is None or isinstance(score, bool) or not 0 <= score <= calculations.MAX_SCORE:
        errors["score"] = JUDGEMENT_SCORE_INVALID
    if not reason.strip():
        errors["reason"] = JUDGEMENT_REASON_REQUIRED
    if service.is_archived:
        errors["__all__"] = JUDGEMENT_SERVICE_ARCHIVED.format(name=service.name)
    if errors or score is None:
        raise ValidationError(errors)
    existing = selectors.judgement_of(service=service, criterion=criterion)
    if existing is None:
        claim = claim_form_token(form_token, by=by)
        judgement = PriorityJudgement(service=service, criterion=criterion)
    else:
        claim = None
        judgement = lock_for_update(PriorityJudgement, pk=existing.pk, version=version)
        if judgement.score == score and judgement.reason == reason.strip():
            raise ValidationError(JUDGEMENT_UNCHANGED)
    judgement.score = score
    judgement.reason = reason.strip()
    judgement.judged_by = by
    record_save_unique(
        judgement,
        constraint="one_judgement_per_service_criterion",
        field="score",
        taken=JUDGEMENT_RECORDED_MEANWHILE,
        by=by,
        reason=f"{names[criterion]}: {reason.strip()}",
        claim=claim,
    )
    return judgement


@transaction.atomic
def service_skill_set(*, service: Service, skill: str, by: User, version: str | None = None) -> ServiceSkill:
    """Set the specialist skill a review of the service needs (set or change; one history entry)."""
    if skill not in Skill.values:
        raise ValidationError({"skill": SKILL_INVALID})
    existing = selectors.service_skill(service=service)
    record = (
        ServiceSkill(service=service)
        if existing is None
        else lock_for_update(ServiceSkill, pk=existing.pk, version=version)
    )
    record.skill = skill
    record_save(record, by=by, reason=f"A review of {service.name} needs {Skill(skill).label.lower()}")
    return record


@dataclass(frozen=True)
class OfficerDetails:
    name: str
    skills: Sequence[str]
    grade: str
    annual_cost: Decimal | None
    days_per_quarter: int | None
    user: User | None = None


def _officer_validate(details: OfficerDetails) -> None:
    errors: dict[str, str] = {}
    if not details.name.strip():
        errors["name"] = OFFICER_NAME_REQUIRED
    if not details.skills:
        errors["skills"] = OFFICER_SKILLS_REQUIRED
    elif any(skill not in Skill.values for skill in details.skills):
        errors["skills"] = OFFICER_SKILL_INVALID
    if not details.grade.strip():
        errors["grade"] = OFFICER_GRADE_REQUIRED
    if details.annual_cost is None or details.annual_cost < 0:
        errors["annual_cost"] = OFFICER_COST_INVALID
    if details.days_per_quarter is None or not 0 <= details.days_per_quarter <= 66:
        errors["days_per_quarter"] = OFFICER_DAYS_INVALID
    user = details.user
    if user is not None and user.role not in (Role.OFFICER, Role.DIRECTOR):
        errors["user"] = OFFICER_USER_NOT_COMMISSIONER.format(
            name=user.get_full_name() or user.username, role=user.get_role_display().lower()
        )
    if errors:
        raise ValidationError(errors)


def _officer_apply(officer: CommissioningOfficer, details: OfficerDetails) -> None:
    officer.name = details.name.strip()
    officer.skills = [skill for skill in Skill.values if skill in details.skills]
    officer.grade = details.grade.strip()
    officer.annual_cost = details.annual_cost  # type: ignore[assignment]
    officer.days_per_quarter = details.days_per_quarter  # type: ignore[assignment]
    officer.user = details.user


@transaction.atomic
def officer_create(*, details: OfficerDetails, by: User, form_token: uuid.UUID | None = None) -> CommissioningOfficer:
    claim = claim_form_token(form_token, by=by)
    _officer_validate(details)
    officer = CommissioningOfficer()
    _officer_apply(officer, details)
    return record_save(officer, by=by, reason="Officer added to commissioning capacity", claim=claim)


@transaction.atomic
def officer_update(
    *, officer: CommissioningOfficer, details: OfficerDetails, by: User, version: str | None = None
) -> CommissioningOfficer:
    officer = record_edited(officer, version=version, already_archived=OFFICER_ALREADY_ARCHIVED)
    _officer_validate(details)
    _officer_apply(officer, details)
    return record_save(officer, by=by, reason=UPDATED_REASON)


@transaction.atomic
def officer_archive(*, officer: CommissioningOfficer, by: User, reason: str) -> CommissioningOfficer:
    return record_archive(
        record=officer,
        by=by,
        reason=reason,
        reason_required=OFFICER_ARCHIVE_REASON_REQUIRED,
        already=OFFICER_ALREADY_ARCHIVED,
    )


# Programme scenarios (issue 11, ADR 0023): named levers, solved by the optimiser (reviews/planning.py), compared, and
# one adopted by a recorded decision. Governance records the decision and calls programme_scenario_adopt.

SCENARIO_NAME_REQUIRED = "Enter a name for the scenario"
SCENARIO_NAME_TAKEN = "A scenario called {name} already exists: choose another name"
SCENARIO_HORIZON_INVALID = "Enter the horizon as a whole number of quarters from 1 to 20"
SCENARIO_CAPACITY_INVALID = "Enter the days a quarter for {skill} as a number of 0 or more"
SCENARIO_NO_CAPACITY = (
    "Give at least one skill some review days a quarter: a scenario with no capacity cannot plan any review"
)
SCENARIO_WEIGHT_INVALID = "Enter the priority weight as an amount of 0 or more, like 1000"
SCENARIO_TARGET_INVALID = "Enter the savings target as an amount of 0 or more, or leave it blank"
SCENARIO_IS_FINAL = "{name} is {status}: it stands for a recorded decision and cannot be changed. Add a new scenario"
SCENARIO_NOT_SOLVED = "{name} has no programme to adopt: the optimiser found no plan for it. Change its levers first"
SCENARIO_ALREADY_ADOPTED = "{name} is already the council's adopted programme"
SCENARIO_NO_LEAD = "No commissioning officer or strategic director can lead the new review of {service}"
SCENARIO_CREATED = "Scenario added"
SCENARIO_SOLVED = "Solved: {status}"
SCENARIO_SUPERSEDED = "Superseded by the adoption of {name}"
SCENARIO_TIME_LIMIT = 5.0  # seconds: solved while the user waits (the demo councils solve in under a second)


@dataclass(frozen=True)
class ScenarioDetails:
    """The levers of a programme scenario."""

    name: str
    first_quarter: str
    capacity: Mapping[str, Decimal | None]
    priority_weight: Decimal | None
    horizon: int | None = 12
    description: str = ""
    savings_target: Decimal | None = None
    new_reviews: bool = True
    keep_planned: bool = False


def _scenario_validate(details: ScenarioDetails, *, existing: ProgrammeScenario | None) -> None:
    errors: dict[str, str] = {}
    name = details.name.strip()
    if not name:
        errors["name"] = SCENARIO_NAME_REQUIRED
    elif ProgrammeScenario.objects.filter(name__iexact=name).exclude(pk=getattr(existing, "pk", None)).exists():
        errors["name"] = SCENARIO_NAME_TAKEN.format(name=name)
    if details.horizon is None or not 1 <= details.horizon <= 20:
        errors["horizon"] = SCENARIO_HORIZON_INVALID
    if problem := quarter_problem(details.first_quarter):
        errors["first_quarter"] = problem
    for skill in Skill:
        days = details.capacity.get(skill.value)
        if days is None or days < 0:
            errors[f"capacity_{skill.value}"] = SCENARIO_CAPACITY_INVALID.format(skill=skill.label.lower())
    if not any(key.startswith("capacity_") for key in errors) and not any(details.capacity.values()):
        errors["__all__"] = SCENARIO_NO_CAPACITY
    if details.priority_weight is None or details.priority_weight < 0:
        errors["priority_weight"] = SCENARIO_WEIGHT_INVALID
    if details.savings_target is not None and details.savings_target < 0:
        errors["savings_target"] = SCENARIO_TARGET_INVALID
    if errors:
        raise ValidationError(errors)


def _scenario_apply(scenario: ProgrammeScenario, details: ScenarioDetails) -> None:
    scenario.name = details.name.strip()
    scenario.description = details.description.strip()
    scenario.horizon = details.horizon or 12
    scenario.first_quarter = normalise_quarter(details.first_quarter)
    scenario.capacity = {skill: float(details.capacity.get(skill) or 0) for skill in Skill.values}
    scenario.priority_weight = details.priority_weight  # type: ignore[assignment]
    scenario.savings_target = details.savings_target
    scenario.new_reviews = details.new_reviews
    scenario.keep_planned = details.keep_planned


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def _solve_into(scenario: ProgrammeScenario, *, time_limit: float, scores: Mapping[int, float] | None = None) -> None:
    """Solve the scenario's levers with the optimiser and put the result on it (unsaved) and its rows (saved: the
    rows of an earlier solve are archived). The caller saves the scenario, with its history entry."""
    instance = planning.council_instance(
        horizon=scenario.horizon,
        first=scenario.first_quarter,
        capacity=scenario.capacity,
        priority_weight=float(scenario.priority_weight),
        savings_target=None if scenario.savings_target is None else float(scenario.savings_target),
        candidates=scenario.new_reviews,
        keep_planned=scenario.keep_planned,
        scores=scores,
    )
    result = planning.solve(instance, time_limit)
    model = selectors.current_model()
    scenario.model_number = model.number if model is not None else None
    scenario.solve_status = result.status
    scenario.objective = _money(result.objective)
    scenario.bound = _money(result.bound)
    scenario.gap = result.gap
    scenario.greedy_objective = _money(result.greedy_objective)
    scenario.seconds = result.seconds
    scenario.solved_at = timezone.now()
    scenario.capacity_used = [[c.skill, c.quarter, c.available, round(c.used, 2)] for c in result.capacity]
    scenario.reasons = list(result.reasons)
    scenario.status = ScenarioStatus.SOLVED
    ScheduledReview.objects.filter(scenario=scenario, archived_at__isnull=True).update(archived_at=timezone.now())
    specs = {spec.id: spec for spec in instance.reviews}
    keys = [placement.id for placement in result.schedule]
    reviews = {
        r.reference: r for r in CommissioningReview.objects.filter(reference__in=keys).prefetch_related("services")
    }
    services = {s.reference: s for s in Service.objects.filter(reference__in=keys)}
    rows = []
    for placement in result.schedule:
        spec = specs[placement.id]
        review = reviews.get(placement.id)
        service = (
            services.get(placement.id)
            if review is None
            else min(review.services.all(), key=lambda s: s.reference, default=None)
        )
        rows.append(
            ScheduledReview(
                scenario=scenario,
                key=placement.id,
                review=review,
                service=service,
                title=review.title if review is not None else f"Review of {service.name if service else placement.id}",
                skill=spec.skill,
                start=placement.start,
                finish=placement.finish,
                start_quarter=calculations.quarter_after(scenario.first_quarter, placement.start - 1),
                finish_quarter=calculations.quarter_after(scenario.first_quarter, placement.finish - 1),
                annual_saving=_money(spec.annual_saving) or Decimal(0),
                saving_in_horizon=_money(spec.annual_saving / 4 * (scenario.horizon - placement.finish)) or Decimal(0),
                priority=spec.priority,
                mandatory=spec.mandatory,
            )
        )
    ScheduledReview.objects.bulk_create(rows, batch_size=500)


@transaction.atomic
def programme_scenario_create(
    *,
    details: ScenarioDetails,
    by: User,
    form_token: uuid.UUID | None = None,
    time_limit: float = SCENARIO_TIME_LIMIT,
    scores: Mapping[int, float] | None = None,
) -> ProgrammeScenario:
    """Add a scenario and solve it (synchronously, within ``time_limit`` seconds). Nothing is saved when a lever is
    invalid, including a scenario with no capacity at all (``SCENARIO_NO_CAPACITY``). ``scores``: the services'
    priority scores when the caller already has them (``selectors.priority_scores()``)."""
    claim = claim_form_token(form_token, by=by)
    _scenario_validate(details, existing=None)
    scenario = ProgrammeScenario()
    _scenario_apply(scenario, details)
    scenario.full_clean()
    scenario._history_user = by  # type: ignore[attr-defined]
    scenario._change_reason = SCENARIO_CREATED  # type: ignore[attr-defined]
    with history_paused(scenario):  # one history entry for the add and its first solve
        scenario.save()
        _solve_into(scenario, time_limit=time_limit, scores=scores)
        scenario.save()
    post_save.send(
        sender=ProgrammeScenario,
        instance=scenario,
        created=True,
        raw=False,
        using=scenario._state.db,
        update_fields=None,
    )
    if claim is not None:
        claim.made(scenario)
    return scenario


def _scenario_editable(scenario: ProgrammeScenario) -> None:
    if scenario.is_final:
        raise ValidationError(
            SCENARIO_IS_FINAL.format(name=scenario.name, status=scenario.get_status_display().lower())
        )


@transaction.atomic
def programme_scenario_update(
    *,
    scenario: ProgrammeScenario,
    details: ScenarioDetails,
    by: User,
    version: str | None = None,
    time_limit: float = SCENARIO_TIME_LIMIT,
) -> ProgrammeScenario:
    """Change a scenario's levers and solve it again. An adopted or superseded scenario is refused."""
    scenario = record_edited(scenario, version=version, already_archived=SCENARIO_IS_FINAL)
    _scenario_editable(scenario)
    _scenario_validate(details, existing=scenario)
    _scenario_apply(scenario, details)
    _solve_into(scenario, time_limit=time_limit)
    return record_save(
        scenario, by=by, reason=f"{UPDATED_REASON}; {SCENARIO_SOLVED.format(status=scenario.solve_status)}"
    )


@transaction.atomic
def programme_scenario_solve(
    *, scenario: ProgrammeScenario, by: User, time_limit: float = SCENARIO_TIME_LIMIT
) -> ProgrammeScenario:
    """Solve the scenario again on the council's data as it is now (reviews, services, scores)."""
    scenario = ProgrammeScenario.objects.select_for_update(of=("self",)).get(pk=scenario.pk)
    _scenario_editable(scenario)
    _solve_into(scenario, time_limit=time_limit)
    return record_save(scenario, by=by, reason=SCENARIO_SOLVED.format(status=scenario.solve_status))


@dataclass(frozen=True)
class AdoptedReview:
    review: CommissioningReview
    created: bool
    moved: bool
    services: tuple[Service, ...]

    @property
    def ends_on(self) -> dt.date:
        """The last day of its planned end quarter: when the decision it leads to is due."""
        return calculations.quarter_end(self.review.planned_end)


def _lead_for(service: Service, fallback: User | None) -> User | None:
    for user in (service.accountable_officer, service.directorate.director):
        if user is not None and user.is_active and user.role in (Role.OFFICER, Role.DIRECTOR):
            return user
    return fallback


@transaction.atomic
def programme_scenario_adopt(*, scenario: ProgrammeScenario, by: User, reason: str) -> list[AdoptedReview]:
    """Make the scenario the council's programme (called by governance when the executive's decision is recorded,
    ADR 0023): each planned review in it takes its planned quarters, a new review is planned for each service it
    schedules that no review covers yet, the scenario is marked adopted and the one adopted before it superseded.
    Reviews under way keep their quarters. Returns the reviews of the programme that are still to run (planned)."""
    scenario = ProgrammeScenario.objects.select_for_update(of=("self",)).get(pk=scenario.pk)
    if scenario.status == ScenarioStatus.ADOPTED:
        raise ValidationError(SCENARIO_ALREADY_ADOPTED.format(name=scenario.name))
    _scenario_editable(scenario)
    rows = list(
        scenario.rows.filter(archived_at__isnull=True).select_related(
            "review", "service__directorate__director", "service__accountable_officer"
        )
    )
    if scenario.status != ScenarioStatus.SOLVED or not rows:
        raise ValidationError(SCENARIO_NOT_SOLVED.format(name=scenario.name))
    for earlier in ProgrammeScenario.objects.select_for_update().filter(status=ScenarioStatus.ADOPTED):
        earlier.status = ScenarioStatus.SUPERSEDED
        save_with_history(earlier, by=by, reason=SCENARIO_SUPERSEDED.format(name=scenario.name))
    fallback = lead_commissioner_choices().filter(is_active=True).first()
    adopted: list[AdoptedReview] = []
    followed: set[int] = set()
    for row in rows:
        review = row.review
        if review is not None:
            if review.status != ReviewStatus.PLANNED or review.is_archived:
                continue  # under way (or closed since the solve): it keeps its quarters
            moved = (review.planned_start, review.planned_end) != (row.start_quarter, row.finish_quarter)
            if moved:
                review.planned_start, review.planned_end = row.start_quarter, row.finish_quarter
                save_with_history(review, by=by, reason=reason)
            adopted.append(AdoptedReview(review, False, moved, tuple(review.services.all())))
            continue
        service = row.service
        if service is None or service.is_archived:
            continue
        lead = _lead_for(service, fallback)
        if lead is None:
            raise ValidationError(SCENARIO_NO_LEAD.format(service=service.name))
        review = CommissioningReview(
            title=row.title,
            purpose=f"Planned by the adopted programme ({scenario.name}): {reason}",
            directorate=service.directorate,
            lead_commissioner=lead,
            planned_start=row.start_quarter,
            planned_end=row.finish_quarter,
            status=ReviewStatus.PLANNED,
            published=service.published,
        )
        save_with_reference(
            review,
            generate=functools.partial(next_reference, year=quarter_start_year(row.start_quarter)),
            taken=REFERENCE_TAKEN,
            by=by,
            reason=reason,
            m2m={"services": [service]},
            exclude=["services"],
        )
        row.review = review
        row.save(update_fields=["review"])
        followed.add(service.pk)
        adopted.append(AdoptedReview(review, True, False, (service,)))
    if followed:
        _services_follow(service_ids=followed, by=by, reason=reason)
    scenario.status = ScenarioStatus.ADOPTED
    scenario.adopted_at = timezone.now()
    save_with_history(scenario, by=by, reason=reason)
    return adopted
