"""Writes for the risk register: keyword-only, validated, one transaction, each with one history entry (ADR 0033)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.actions import lock_row, record_edited, record_save
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.references import save_with_reference
from commissioning.reviews.models import CommissioningReview
from commissioning.risks import calculations
from commissioning.risks.models import Control, Level, Risk, RiskAction, RiskReview
from commissioning.risks.models.register import SCORE_FIELDS
from commissioning.risks.selectors import next_reference
from commissioning.services.models import Directorate

REFERENCE_TAKEN = "Reference {reference} is already used by another risk"
DIRECTORATE_REQUIRED = "Choose the directorate whose register the risk is on"
REVIEW_REQUIRED = "Choose the review the risk is about"
LEVEL_NOT_OFFERED = "Choose the corporate, directorate, review or contract register"
CONTRACT_REQUIRED = "Enter the reference of the contract the risk is about, as the contract register shows it"
CONTRACT_NOT_FOR_LEVEL = "Leave the contract reference empty: only a contract risk is about a contract"
ALREADY_ARCHIVED = "This risk is archived"
LEVEL_CHANGED = (
    "Keep the risk on the {level} register here: escalate a review risk to move it, so that the reason is recorded"
)
CONTROL_DESCRIPTION_REQUIRED = "Enter what the control is"
CONTROL_RESIDUAL_ABOVE_INHERENT = (
    "Re-assess the residual score first: it is {residual}, above the inherent score of {inherent}, and a control with "
    "positive effect cannot leave the risk worse than with no controls"
)
ACTION_DESCRIPTION_REQUIRED = "Enter what is to be done"
ACTION_ALREADY_DONE = "This action is already done"
REVIEW_NOTE_REQUIRED = "Enter what the review found"
REVIEW_NEXT_NOT_AFTER = "The next review date must be after the date of this review"
ESCALATION_REASON_REQUIRED = "Enter why the risk is being escalated"
ESCALATION_LEVEL = "Choose the directorate or the corporate register"
ESCALATION_NOT_REVIEW = "Only a review or contract risk can be escalated: this one is already on the {level} register"
ESCALATION_NO_DIRECTORATE = "The risk has no directorate: escalate it to the corporate register"


# The registers a risk is escalated from (ADR 0033): a review's and a contract's.
ESCALATES_FROM = (Level.REVIEW, Level.CONTRACT)


@dataclass(frozen=True)
class Scores:
    """A risk's six numbers, each 1-5."""

    inherent_likelihood: int
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int
    target_likelihood: int
    target_impact: int

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in SCORE_FIELDS}


@dataclass(frozen=True)
class RiskDetails:
    """Everything an officer edits about a risk."""

    level: str
    title: str
    owner: User
    category: str
    cause: str
    event: str
    effect: str
    scores: Scores
    response: str
    proximity: str
    next_review_on: dt.date
    directorate: Directorate | None = None
    review: CommissioningReview | None = None
    # A contracts.Contract (a sibling app: found by reference through selectors.contract_by_reference, never imported).
    contract: Any | None = None
    published: bool = False


def _has_positive_control(risk: Risk | None) -> bool:
    if risk is None or risk.pk is None:
        return False
    return Control.objects.filter(risk=risk, positive_effect=True, archived_at__isnull=True).exists()


def _check_scores(scores: Scores, *, risk: Risk | None) -> dict[str, str]:
    return calculations.score_problems(scores.as_dict(), positive_control=_has_positive_control(risk))


def _validate(details: RiskDetails, *, existing: Risk | None) -> None:
    errors = _check_scores(details.scores, risk=existing)
    if existing is not None and existing.level != details.level:
        errors["level"] = LEVEL_CHANGED.format(level=existing.get_level_display().lower())
    elif existing is None and details.level not in Level.values:
        errors["level"] = LEVEL_NOT_OFFERED
    if details.level == Level.DIRECTORATE and details.directorate is None:
        errors["directorate"] = DIRECTORATE_REQUIRED
    if details.level == Level.REVIEW and details.review is None:
        errors["review"] = REVIEW_REQUIRED
    # A contract risk is about a contract; a risk on another register is not, unless it was escalated from a
    # contract's register (it keeps its contract, as an escalated review risk keeps its review).
    kept = existing is not None and existing.escalated_from == Level.CONTRACT
    if details.level == Level.CONTRACT and details.contract is None:
        errors["contract"] = CONTRACT_REQUIRED
    elif details.level != Level.CONTRACT and details.contract is not None and not kept:
        errors["contract"] = CONTRACT_NOT_FOR_LEVEL
    if errors:
        raise ValidationError(errors)


def _apply(risk: Risk, details: RiskDetails) -> None:
    for f in fields(details):
        if f.name != "scores":
            setattr(risk, f.name, getattr(details, f.name))
    for name, value in details.scores.as_dict().items():
        setattr(risk, name, value)
    for name in ("title", "cause", "event", "effect"):
        setattr(risk, name, getattr(risk, name).strip())
    if risk.directorate is None and risk.review is not None:
        risk.directorate = risk.review.directorate
    if risk.directorate is None and risk.contract is not None:
        risk.directorate = risk.contract.directorate


@transaction.atomic
def risk_create(*, details: RiskDetails, by: User, form_token: uuid.UUID | None = None) -> Risk:
    claim = claim_form_token(form_token, by=by)
    _validate(details, existing=None)
    risk = Risk()
    _apply(risk, details)
    save_with_reference(
        risk, generate=next_reference, taken=REFERENCE_TAKEN, by=by, reason="Risk added to the register"
    )
    claim.made(risk)
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, details: RiskDetails, by: User, reason: str = "", version: str | None = None) -> Risk:
    risk = record_edited(risk, version=version, already_archived=ALREADY_ARCHIVED)
    _validate(details, existing=risk)
    _apply(risk, details)
    return record_save(risk, by=by, reason=reason.strip() or "Details updated")


@transaction.atomic
def control_add(
    *, risk: Risk, description: str, positive_effect: bool, by: User, form_token: uuid.UUID | None = None
) -> Control:
    claim = claim_form_token(form_token, by=by)
    if not description.strip():
        raise ValidationError({"description": CONTROL_DESCRIPTION_REQUIRED})
    risk = lock_row(risk)
    if risk.is_archived:
        raise ValidationError(ALREADY_ARCHIVED)
    if positive_effect and risk.residual > risk.inherent:
        raise ValidationError(
            {"positive_effect": CONTROL_RESIDUAL_ABOVE_INHERENT.format(residual=risk.residual, inherent=risk.inherent)}
        )
    control = Control(risk=risk, description=description.strip(), positive_effect=positive_effect)
    return record_save(control, by=by, reason="Control recorded", claim=claim)


@transaction.atomic
def risk_action_add(
    *, risk: Risk, description: str, owner: User, due_on: dt.date, by: User, form_token: uuid.UUID | None = None
) -> RiskAction:
    claim = claim_form_token(form_token, by=by)
    if not description.strip():
        raise ValidationError({"description": ACTION_DESCRIPTION_REQUIRED})
    risk = lock_row(risk)
    if risk.is_archived:
        raise ValidationError(ALREADY_ARCHIVED)
    action = RiskAction(risk=risk, description=description.strip(), owner=owner, due_on=due_on)
    return record_save(action, by=by, reason="Action added", claim=claim)


@transaction.atomic
def risk_action_complete(*, action: RiskAction, by: User) -> RiskAction:
    action = lock_row(action)
    if action.done_on is not None:
        raise ValidationError(ACTION_ALREADY_DONE)
    action.done_on = timezone.localdate()
    save_with_history(action, by=by, reason="Done")
    return action


@transaction.atomic
def risk_review_record(
    *,
    risk: Risk,
    reviewed_on: dt.date,
    scores: Scores,
    note: str,
    next_review_on: dt.date,
    by: User,
    form_token: uuid.UUID | None = None,
) -> RiskReview:
    """A review of the risk: its scores re-assessed and its next review date set, as one history entry on the risk
    ("Reviewed: <note>") and the review's own record."""
    claim = claim_form_token(form_token, by=by)
    risk = lock_row(risk)
    if risk.is_archived:
        raise ValidationError(ALREADY_ARCHIVED)
    errors = _check_scores(scores, risk=risk)
    if not note.strip():
        errors["note"] = REVIEW_NOTE_REQUIRED
    if next_review_on <= reviewed_on:
        errors["next_review_on"] = REVIEW_NEXT_NOT_AFTER
    if errors:
        raise ValidationError(errors)
    review = RiskReview(
        risk=risk,
        reviewed_on=reviewed_on,
        reviewed_by=by,
        note=note.strip(),
        next_review_on=next_review_on,
        **scores.as_dict(),
    )
    record_save(review, by=by, reason="Risk reviewed", claim=claim)
    for name, value in scores.as_dict().items():
        setattr(risk, name, value)
    risk.next_review_on = next_review_on
    risk.last_reviewed_on = reviewed_on
    record_save(risk, by=by, reason=f"Reviewed: {note.strip()}")
    return review


@transaction.atomic
def risk_escalate(*, risk: Risk, level: str, reason: str, by: User) -> Risk:
    """Move a review or contract risk onto the directorate or corporate register, saying who and why. It keeps its
    history and its review or contract (it still shows on the review's or contract's page)."""
    errors: dict[str, str] = {}
    if level not in (Level.DIRECTORATE, Level.CORPORATE):
        errors["level"] = ESCALATION_LEVEL
    if not reason.strip():
        errors["reason"] = ESCALATION_REASON_REQUIRED
    if errors:
        raise ValidationError(errors)
    risk = lock_row(risk)
    if risk.is_archived:
        raise ValidationError(ALREADY_ARCHIVED)
    if risk.level not in ESCALATES_FROM:
        raise ValidationError(ESCALATION_NOT_REVIEW.format(level=risk.get_level_display().lower()))
    if level == Level.DIRECTORATE and risk.directorate_id is None:
        raise ValidationError({"level": ESCALATION_NO_DIRECTORATE})
    risk.escalated_from = risk.level
    risk.level = level
    risk.escalated_by = by
    risk.escalated_at = timezone.now()
    risk.escalation_reason = reason.strip()
    label = Level(level).label.lower()
    save_with_history(risk, by=by, reason=f"Escalated to the {label} register: {reason.strip()}")
    return risk
