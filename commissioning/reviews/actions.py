"""Writes for commissioning reviews: keyword-only, validated, one transaction, each with one history entry."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
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
from commissioning.core.concurrency import claim_form_token, lock_for_update
from commissioning.core.permissions import Role
from commissioning.core.references import save_with_reference
from commissioning.reviews import calculations, selectors
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
    ReviewStatus,
    ScoreSource,
    ServiceSkill,
    Skill,
    Stage,
)
from commissioning.reviews.selectors import next_reference, reference_in_use, reviews_covering
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
