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
    normalise_quarter,
    quarter_problem,
    quarter_span,
    quarter_start_year,
    service_status_from_reviews,
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
    status: str = ReviewStatus.PLANNED
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
    review.status = details.status
    review.planned_start = normalise_quarter(details.planned_start)
    review.planned_end = normalise_quarter(details.planned_end)
    review.published = details.published
    if details.reference:
        review.reference = details.reference.strip()


@transaction.atomic
def review_create(*, details: ReviewDetails, by: User, form_token: uuid.UUID | None = None) -> CommissioningReview:
    claim = claim_form_token(form_token, by=by)
    _validate(details, existing=None)
    review = CommissioningReview()
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


@transaction.atomic
def review_stage_set(*, review: CommissioningReview, stage: str, by: User, reason: str) -> CommissioningReview:
    """Move the review to another stage of the cycle (one history entry saying why), and its services' review status
    with it. The stage follows from the governance records (the gates): governance checks the gate, then calls this;
    the review's own edit form no longer sets it."""
    review = record_edited(review, version=None, already_archived=ALREADY_ARCHIVED)
    if stage not in Stage.values:
        raise ValidationError({"stage": STAGE_UNKNOWN.format(stage=stage)})
    if review.stage == stage:
        raise ValidationError({"stage": STAGE_UNCHANGED.format(stage=Stage(stage).label)})
    review.stage = stage
    record_save(review, by=by, reason=reason, exclude=["services"])
    covered = set(review.services.values_list("pk", flat=True))
    _services_follow(service_ids=covered, by=by, reason=f"{review.reference} moved to {Stage(stage).label}")
    return review
