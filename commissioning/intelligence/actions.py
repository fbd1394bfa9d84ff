"""Writes for ward intelligence: keyword-only, validated, one transaction, each with one history entry.

Permissions are the views' job (rules.py); the actions keep the rules of the record itself: who a submission
belongs to, which ward it may be for, and the order of its statuses (submitted -> acknowledged -> responded ->
closed; withdrawn, which archives it, only before the service has acknowledged it).

Each step that someone else must hear about queues an email in the same transaction (core.notifications): a
submission to the people who answer for the service (its accountable officer and the strategic director of its
directorate, as in rules.answers_for_the_service); an acknowledgement and a response to the councillor who submitted
it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Councillor, User, Ward
from commissioning.accounts.selectors import home_council
from commissioning.core.actions import record_archive
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token, lock_for_update
from commissioning.core.notifications import notification_queue
from commissioning.core.permissions import Role
from commissioning.core.references import save_with_reference
from commissioning.intelligence.calculations import response_due
from commissioning.intelligence.models import (
    OPEN_STATUSES,
    RESPONSE_WORKING_DAYS,
    IntelligenceStatus,
    Urgency,
    WardIntelligence,
)
from commissioning.intelligence.selectors import next_reference
from commissioning.services.models import Service

NOT_A_COUNCILLOR = "Only a ward councillor can submit ward intelligence"
NO_COUNCILLOR_PROFILE = (
    "Your account is not linked to a current councillor profile: ask an administrator to link it before you submit"
)
NOT_YOUR_WARD = "You can only submit intelligence for your own wards: {ward} is not one of them"
WARD_ARCHIVED = "Choose a current ward: {ward} has been archived"
SERVICE_ARCHIVED = "Choose a current service: {service} has been archived"
TITLE_REQUIRED = "Enter a short title for the intelligence"
SAYING_REQUIRED = "Enter what residents are saying"
URGENCY_REQUIRED = "Choose how urgent it is"
RESPONSE_REQUIRED = "Enter your response to the councillor"
WITHDRAW_REASON_REQUIRED = "Enter why you are withdrawing it"
NOT_YOURS = "Only the councillor who submitted this intelligence can change it"
ALREADY_ACKNOWLEDGED = (
    "The service has already acknowledged this intelligence, so it can no longer be changed or withdrawn"
)
WITHDRAWN = "This intelligence has been withdrawn"
NOT_SUBMITTED = "Only intelligence that is waiting to be acknowledged can be acknowledged: this is {status}"
NOT_OPEN = "This intelligence has already been {status}: it cannot be responded to again"
NOT_RESPONDED = "Only intelligence that has had a response can be closed: this is {status}"

SUBMITTED_REASON = "Submitted by the ward councillor"
UPDATED_REASON = "Changed by the ward councillor before acknowledgement"
ACKNOWLEDGED_REASON = "Acknowledged by the service"
RESPONDED_REASON = "Response sent to the councillor"
CLOSED_REASON = "Closed by the service"


@dataclass(frozen=True)
class IntelligenceDetails:
    """Everything a councillor says about what they have heard."""

    service: Service
    ward: Ward
    title: str
    residents_saying: str
    urgency: str


SUBMITTED_TEMPLATE = "intelligence/email/submitted"
ACKNOWLEDGED_TEMPLATE = "intelligence/email/acknowledged"
RESPONDED_TEMPLATE = "intelligence/email/responded"


def _council_name() -> str:
    council = home_council()
    return council.name if council is not None else "The council"


def answerers(intelligence: WardIntelligence) -> list[User]:
    """Who answers for the service: its accountable officer and its directorate's director (current users, once)."""
    people = [intelligence.service.accountable_officer, intelligence.service.directorate.director]
    found: dict[int, User] = {}
    for person in people:
        if person is not None and person.is_active and person.pk not in found:
            found[person.pk] = person
    return list(found.values())


def _notify(intelligence: WardIntelligence, *, to: User, template: str, by: User) -> None:
    notification_queue(
        to_user=to,
        template=template,
        context={"intelligence": intelligence, "council_name": _council_name()},
        about=intelligence,
        by=by,
    )


def _councillor(by: User) -> Councillor:
    if by.role != Role.COUNCILLOR:
        raise ValidationError(NOT_A_COUNCILLOR)
    councillor = Councillor.objects.active().filter(user=by).first()
    if councillor is None:
        raise ValidationError(NO_COUNCILLOR_PROFILE)
    return councillor


def _validate(details: IntelligenceDetails, *, councillor: Councillor, existing: WardIntelligence | None) -> None:
    errors: dict[str, str] = {}
    if details.service.is_archived and (existing is None or existing.service_id != details.service.pk):
        errors["service"] = SERVICE_ARCHIVED.format(service=details.service.name)
    if not councillor.wards.filter(pk=details.ward.pk).exists():
        errors["ward"] = NOT_YOUR_WARD.format(ward=details.ward.name)
    elif details.ward.is_archived and (existing is None or existing.ward_id != details.ward.pk):
        errors["ward"] = WARD_ARCHIVED.format(ward=details.ward.name)
    if not details.title.strip():
        errors["title"] = TITLE_REQUIRED
    if not details.residents_saying.strip():
        errors["residents_saying"] = SAYING_REQUIRED
    if details.urgency not in Urgency.values:
        errors["urgency"] = URGENCY_REQUIRED
    if errors:
        raise ValidationError(errors)


def _apply(intelligence: WardIntelligence, details: IntelligenceDetails) -> None:
    intelligence.service = details.service
    intelligence.ward = details.ward
    intelligence.title = details.title.strip()
    intelligence.residents_saying = details.residents_saying.strip()
    intelligence.urgency = details.urgency
    intelligence.response_due = response_due(
        submitted=intelligence.submitted_at, working_days=RESPONSE_WORKING_DAYS[Urgency(details.urgency)]
    )


def _locked(intelligence: WardIntelligence) -> WardIntelligence:
    return WardIntelligence.objects.select_for_update().get(pk=intelligence.pk)


def _check_councillor_may_change(intelligence: WardIntelligence, by: User) -> None:
    if intelligence.submitted_by_id != by.pk:
        raise ValidationError(NOT_YOURS)
    if intelligence.is_archived:
        raise ValidationError(WITHDRAWN)
    if intelligence.status != IntelligenceStatus.SUBMITTED:
        raise ValidationError(ALREADY_ACKNOWLEDGED)


@transaction.atomic
def intelligence_submit(
    *, details: IntelligenceDetails, by: User, form_token: uuid.UUID | None = None
) -> WardIntelligence:
    """A councillor submits what residents in one of their own wards are saying about a service.

    The ward must be one of theirs. It need not be a ward the service is recorded as serving: that record is kept
    by officers and can be wrong, and "this service does not reach our ward" is exactly what the council needs to
    hear. The pages flag the mismatch instead (ADR 0013).
    """
    claim = claim_form_token(form_token, by=by)
    councillor = _councillor(by)
    _validate(details, councillor=councillor, existing=None)
    intelligence = WardIntelligence(councillor=councillor, submitted_by=by, submitted_at=timezone.now())
    _apply(intelligence, details)
    save_with_reference(
        intelligence,
        generate=lambda: next_reference(year=timezone.localdate(intelligence.submitted_at).year),
        by=by,
        reason=SUBMITTED_REASON,
    )
    claim.made(intelligence)
    for person in answerers(intelligence):
        _notify(intelligence, to=person, template=SUBMITTED_TEMPLATE, by=by)
    return intelligence


@transaction.atomic
def intelligence_update(
    *,
    intelligence: WardIntelligence,
    details: IntelligenceDetails,
    by: User,
    reason: str = "",
    version: str | None = None,
) -> WardIntelligence:
    """The councillor changes their submission before the service has acknowledged it (the due date follows)."""
    intelligence = lock_for_update(WardIntelligence, pk=intelligence.pk, version=version)
    _check_councillor_may_change(intelligence, by)
    councillor = _councillor(by)
    _validate(details, councillor=councillor, existing=intelligence)
    _apply(intelligence, details)
    intelligence.full_clean()
    save_with_history(intelligence, by=by, reason=reason.strip() or UPDATED_REASON)
    return intelligence


@transaction.atomic
def intelligence_withdraw(*, intelligence: WardIntelligence, by: User, reason: str) -> WardIntelligence:
    """The councillor withdraws their submission before acknowledgement: it is archived, never deleted."""
    return record_archive(
        record=intelligence,
        by=by,
        reason=reason,
        reason_required=WITHDRAW_REASON_REQUIRED,
        already=WITHDRAWN,
        history="Withdrawn",
        lock=_locked,
        check=lambda locked: _check_councillor_may_change(locked, by),
    )


@transaction.atomic
def intelligence_acknowledge(*, intelligence: WardIntelligence, by: User) -> WardIntelligence:
    """The service says it has the intelligence and is looking at it."""
    intelligence = _locked(intelligence)
    if intelligence.is_archived:
        raise ValidationError(WITHDRAWN)
    if intelligence.status != IntelligenceStatus.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED.format(status=intelligence.get_status_display().lower()))
    intelligence.status = IntelligenceStatus.ACKNOWLEDGED
    intelligence.acknowledged_at = timezone.now()
    intelligence.acknowledged_by = by
    save_with_history(intelligence, by=by, reason=ACKNOWLEDGED_REASON)
    _notify(intelligence, to=intelligence.submitted_by, template=ACKNOWLEDGED_TEMPLATE, by=by)
    return intelligence


@transaction.atomic
def intelligence_respond(*, intelligence: WardIntelligence, response: str, by: User) -> WardIntelligence:
    """The service answers the councillor. Responding to intelligence not yet acknowledged acknowledges it too."""
    if not response.strip():
        raise ValidationError({"response": RESPONSE_REQUIRED})
    intelligence = _locked(intelligence)
    if intelligence.is_archived:
        raise ValidationError(WITHDRAWN)
    if intelligence.status not in OPEN_STATUSES:
        raise ValidationError(NOT_OPEN.format(status=intelligence.get_status_display().lower()))
    now = timezone.now()
    if intelligence.acknowledged_at is None:
        intelligence.acknowledged_at = now
        intelligence.acknowledged_by = by
    intelligence.status = IntelligenceStatus.RESPONDED
    intelligence.response = response.strip()
    intelligence.responded_at = now
    intelligence.responded_by = by
    save_with_history(intelligence, by=by, reason=RESPONDED_REASON)
    _notify(intelligence, to=intelligence.submitted_by, template=RESPONDED_TEMPLATE, by=by)
    return intelligence


@transaction.atomic
def intelligence_close(*, intelligence: WardIntelligence, by: User) -> WardIntelligence:
    """The service closes intelligence it has responded to: nothing more is expected of it."""
    intelligence = _locked(intelligence)
    if intelligence.is_archived:
        raise ValidationError(WITHDRAWN)
    if intelligence.status != IntelligenceStatus.RESPONDED:
        raise ValidationError(NOT_RESPONDED.format(status=intelligence.get_status_display().lower()))
    intelligence.status = IntelligenceStatus.CLOSED
    intelligence.closed_at = timezone.now()
    intelligence.closed_by = by
    save_with_history(intelligence, by=by, reason=CLOSED_REASON)
    return intelligence
