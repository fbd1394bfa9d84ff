"""Writes for commissioning reviews: keyword-only, validated, one transaction, each with one history entry."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.core.actions import record_archive, record_edited, record_restore, record_save
from commissioning.core.concurrency import claim_form_token
from commissioning.core.permissions import Role
from commissioning.core.references import save_with_reference
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
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
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
