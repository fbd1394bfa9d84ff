"""Writes for decommissioning: keyword-only, validated, one transaction, each with one history entry."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.appraisals import actions as appraisal_actions
from commissioning.contracts import calculations_decommissioning
from commissioning.contracts.models import (
    Contract,
    Decommissioning,
    DecommissioningStatus,
    MonitoringNote,
    TransitionStep,
)
from commissioning.contracts.selectors import today
from commissioning.contracts.selectors_decommissioning import next_reference
from commissioning.core.actions import record_edited, record_save
from commissioning.core.concurrency import claim_form_token
from commissioning.core.references import save_with_reference
from commissioning.outcomes.models import Indicator
from commissioning.services.models import Service

SUBJECT_REQUIRED = "Choose the service or the contract being decommissioned"
REFERENCE_TAKEN = "Reference {reference} is already used by another decommissioning"
CONSULTATION_END_BEFORE_START = "The consultation must close on or after the day it opened"
NOTICE_END_REQUIRED = "Enter the date the service ends under this notice"
NOTICE_ENDS_BEFORE_GIVEN = "The service must end after the day notice is given"
NOTICE_TOO_SHORT = (
    "The notice is too short: {contract} has a notice period of {months} months, so notice given on {given} "
    "lets the service end on {earliest} at the earliest"
)
DECISION_REQUIRED = "Choose the decision: a decommissioning cannot be recorded as decided without one"
ALREADY_DECIDED = "This decommissioning is already recorded as decided"
MONITORING_BEFORE_DECISION = "Monitoring starts after the decision: record the decision first"
ALREADY_ARCHIVED = "This decommissioning is archived"

# Each section of the record, and the fields its page edits.
SECTIONS: Mapping[str, tuple[str, ...]] = {
    "overview": ("title", "public_summary", "lead"),
    "evidence": ("evidence_outcomes", "evidence_use", "evidence_cost", "evidence_need"),
    "eia": ("eia_summary",),
    "consultation": ("consultation_start", "consultation_end", "consultation_summary"),
    "notice": ("notice_given_on", "service_ends_on"),
    "workforce": ("tupe", "staff_affected", "workforce_notes"),
}


@dataclass(frozen=True)
class DecommissioningStart:
    title: str
    lead: User
    service: Service | None = None
    contract: Contract | None = None
    public_summary: str = ""


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


@transaction.atomic
def decommissioning_create(
    *, details: DecommissioningStart, by: User, form_token: uuid.UUID | None = None
) -> Decommissioning:
    claim = claim_form_token(form_token, by=by)
    if details.service is None and details.contract is None:
        raise ValidationError({"service": SUBJECT_REQUIRED})
    record = Decommissioning(
        title=details.title.strip(),
        lead=details.lead,
        service=details.service,
        contract=details.contract,
        public_summary=details.public_summary.strip(),
    )
    year = today().year
    save_with_reference(
        record,
        generate=lambda: next_reference(year=year),
        taken=REFERENCE_TAKEN,
        by=by,
        reason="Decommissioning started",
    )
    claim.made(record)
    return record


def _check(record: Decommissioning, section: str) -> None:
    errors: dict[str, str] = {}
    if section == "consultation":
        start, end = record.consultation_start, record.consultation_end
        if start and end and end < start:
            errors["consultation_end"] = CONSULTATION_END_BEFORE_START
    if section == "notice" and record.notice_given_on:
        given, ends = record.notice_given_on, record.service_ends_on
        if ends is None:
            errors["service_ends_on"] = NOTICE_END_REQUIRED
        elif ends <= given:
            errors["service_ends_on"] = NOTICE_ENDS_BEFORE_GIVEN
        elif record.contract is not None:
            months = record.contract.notice_period_months
            notice = calculations_decommissioning.notice(given_on=given, ends_on=ends, period_months=months)
            if notice.short:
                errors["service_ends_on"] = NOTICE_TOO_SHORT.format(
                    contract=record.contract.reference,
                    months=months,
                    given=_day(given),
                    earliest=_day(notice.earliest_end),
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decommissioning_update(
    *,
    decommissioning: Decommissioning,
    section: str,
    values: Mapping[str, Any],
    by: User,
    indicators: Sequence[Indicator] | None = None,
    version: str | None = None,
) -> Decommissioning:
    """Save one section (``SECTIONS``) of the record: ``values`` holds its fields (others are ignored), and the
    evidence section also its ``indicators``."""
    record = record_edited(decommissioning, version=version, already_archived=ALREADY_ARCHIVED)
    for name in SECTIONS[section]:
        if name in values:
            value = values[name]
            setattr(record, name, value.strip() if isinstance(value, str) else value)
    _check(record, section)
    m2m = {"indicators": list(indicators)} if section == "evidence" and indicators is not None else None
    return record_save(record, by=by, reason=f"{section.capitalize()} updated", m2m=m2m)


@transaction.atomic
def decommissioning_decide(
    *, decommissioning: Decommissioning, decision: Any, by: User, version: str | None = None
) -> Decommissioning:
    """Record the decision that decommissions the service: refused without one (DECISION_REQUIRED)."""
    record = record_edited(decommissioning, version=version, already_archived=ALREADY_ARCHIVED)
    if record.is_decided:
        raise ValidationError({"decision": ALREADY_DECIDED})
    if decision is None:
        raise ValidationError({"decision": DECISION_REQUIRED})
    record.decision = decision
    record.status = DecommissioningStatus.DECIDED
    return record_save(record, by=by, reason=f"Decided: {decision.reference}")


@dataclass(frozen=True)
class StepDetails:
    description: str
    due_on: dt.date
    owner: str


@transaction.atomic
def transition_step_add(
    *, decommissioning: Decommissioning, details: StepDetails, by: User, form_token: uuid.UUID | None = None
) -> TransitionStep:
    claim = claim_form_token(form_token, by=by)
    step = TransitionStep(
        decommissioning=decommissioning,
        description=details.description.strip(),
        due_on=details.due_on,
        owner=details.owner.strip(),
    )
    return record_save(step, by=by, reason="Step added to the exit and transition plan", claim=claim)


@transaction.atomic
def monitoring_note_add(
    *, decommissioning: Decommissioning, noted_on: dt.date, note: str, by: User, form_token: uuid.UUID | None = None
) -> MonitoringNote:
    claim = claim_form_token(form_token, by=by)
    if not decommissioning.is_decided:
        raise ValidationError({"note": MONITORING_BEFORE_DECISION})
    made = MonitoringNote(decommissioning=decommissioning, noted_on=noted_on, note=note.strip(), author=by)
    return record_save(made, by=by, reason="Monitoring note added", claim=claim)


@transaction.atomic
def decommissioning_eia_start(*, record: Decommissioning, by: Any, version: str | None = None) -> Decommissioning:
    """Start the record's equality impact assessment (appraisals' record, ADR 0036) and link it; a record that has
    one already keeps it."""
    fresh = record_edited(record, version=version, already_archived=ALREADY_ARCHIVED)
    if fresh.eia_id is not None:
        return fresh
    fresh.eia = appraisal_actions.eia_create(title=f"{fresh.title} ({fresh.reference})", by=by)
    return record_save(fresh, by=by, reason="Equality impact assessment started")
