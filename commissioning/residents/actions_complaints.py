"""Writes for complaints: keyword-only, one transaction each, one history entry per record changed.

A resident (no account) makes a complaint through the public form, or a ward councillor raises one for them; the
service's route decides who answers stage 1 (``route_for``); the handler acknowledges, may extend once (with a reason
the resident sees) and answers with an outcome, remedy and learning; once answered the resident may ask for stage 2,
which the council's service team answers, someone other than the stage 1 handler, and the final answer names the
Ombudsman. Each step is a ``ComplaintStep`` the resident sees on the tracking page, and each step someone must act
on queues an email (core.notifications) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User, Ward
from commissioning.accounts.selectors import home_council
from commissioning.core.audit import save_with_history
from commissioning.core.complaint_routes import contract_route
from commissioning.core.concurrency import claim_form_token
from commissioning.core.notifications import notification_queue
from commissioning.core.permissions import Role
from commissioning.core.references import save_with_reference
from commissioning.residents import calculations_complaints as calc
from commissioning.residents import selectors_complaints as selectors
from commissioning.residents.models import (
    PERSONAL_FIELDS,
    Complaint,
    ComplaintStatus,
    ComplaintStep,
    Outcome,
    ReplyBy,
    Route,
    StepKind,
)
from commissioning.services.models import EXTERNAL_DELIVERY, Service

SERVICE_NOT_PUBLISHED = "Choose a service the council publishes: this one cannot take complaints"
WHAT_REQUIRED = "Enter what happened"
HAPPENED_IN_FUTURE = "When it happened must be today or in the past"
REPLY_BY_REQUIRED = "Choose how you would like us to reply"
EMAIL_REQUIRED = "Enter an email address, or choose to be replied to by phone"
PHONE_REQUIRED = "Enter a phone number, or choose to be replied to by email"
TOO_MANY = "You have sent a lot of complaints in a short time: try again later, or phone the council"
NOT_A_COUNCILLOR = "Only a ward councillor can raise a complaint for a resident"
INFORMATION_REQUIRED = "Enter the information you want to add"
NOT_RAISER = "Only the resident, or the ward councillor who raised the complaint for them, can add information to it"
CLOSED = "This complaint has had its final answer: nothing more can be added"
NOT_YOUR_COMPLAINT = "You cannot act on this complaint: it is answered by someone else"
NOT_WAITING_ACKNOWLEDGEMENT = "This complaint has already been acknowledged at this stage"
NOT_WAITING_ANSWER = "This complaint is not waiting for an answer"
ANSWER_REQUIRED = "Enter the answer to the resident"
OUTCOME_REQUIRED = "Choose whether the complaint is upheld, partly upheld or not upheld"
REMEDY_REQUIRED = "Enter the remedy: what the council or provider will do to put it right"
STAGE2_REASON_REQUIRED = "Enter why you are not satisfied with the stage 1 answer"
STAGE2_ALREADY = "Stage 2 has already been asked for"

MADE_REASON = "Complaint made"
RAISED_REASON = "Raised by a ward councillor for a resident"
STEP_REASON = "Step added"
PURGED_REASON = "Personal details removed after the retention period"

HANDLERS_ROLES = frozenset({Role.OFFICER, Role.DIRECTOR, Role.ADMIN})


@dataclass(frozen=True)
class ComplaintDetails:
    service: Service
    kind: str
    what_happened: str
    happened_on: dt.date
    ward: Ward | None
    reply_by: str
    name: str = ""
    email: str = ""
    phone: str = ""
    share_contact: bool = False


@dataclass(frozen=True)
class RouteChoice:
    route: str
    provider: Organisation | None
    contract_manager_id: int | None


def route_for(service: Service) -> RouteChoice:
    """Who answers stage 1: what the contract says when the contracts app registered a route for the service
    (``core.complaint_routes``), else the provider when the service is delivered externally by a named provider,
    else the council's service team (the accountable officer)."""
    by_contract = contract_route(service.pk)
    if by_contract is not None:
        if by_contract.provider_id is not None:
            provider = Organisation.objects.get(pk=by_contract.provider_id)
            return RouteChoice(Route.PROVIDER, provider, by_contract.contract_manager_id)
        return RouteChoice(Route.COUNCIL, None, by_contract.contract_manager_id)
    if service.delivery_model in EXTERNAL_DELIVERY and service.provider_id is not None:
        return RouteChoice(Route.PROVIDER, service.provider, None)
    return RouteChoice(Route.COUNCIL, None, None)


def _council_name() -> str:
    council = home_council()
    return council.name if council is not None else "The council"


def _validate(details: ComplaintDetails, *, today: dt.date) -> None:
    errors: dict[str, str] = {}
    if not details.service.published or details.service.is_archived:
        errors["service"] = SERVICE_NOT_PUBLISHED
    if not details.what_happened.strip():
        errors["what_happened"] = WHAT_REQUIRED
    if details.happened_on > today:
        errors["happened_on"] = HAPPENED_IN_FUTURE
    if details.reply_by not in ReplyBy.values:
        errors["reply_by"] = REPLY_BY_REQUIRED
    elif details.reply_by == ReplyBy.EMAIL and not details.email.strip():
        errors["email"] = EMAIL_REQUIRED
    elif details.reply_by == ReplyBy.PHONE and not details.phone.strip():
        errors["phone"] = PHONE_REQUIRED
    if errors:
        raise ValidationError(errors)


def _check_limits(*, sent_from: str, contact_key: str, now: dt.datetime) -> None:
    if sent_from and selectors.sent_recently(sent_from=sent_from, since=now - dt.timedelta(hours=1)) >= int(
        settings.COMPLAINT_LIMIT_PER_ADDRESS
    ):
        raise ValidationError(TOO_MANY, code="throttled")
    if contact_key and selectors.sent_recently(contact_key=contact_key, since=now - dt.timedelta(days=1)) >= int(
        settings.COMPLAINT_LIMIT_PER_CONTACT
    ):
        raise ValidationError(TOO_MANY, code="throttled")


def handlers(complaint: Complaint) -> list[User]:
    """Who must act now: at stage 1 the provider's contacts (provider route) or the accountable officer; at stage 2
    the accountable officer and the directorate's director (current users, once each)."""
    people: list[User | None]
    if complaint.stage == 1 and complaint.route == Route.PROVIDER:
        people = list(User.objects.filter(organisation_id=complaint.provider_id, role=Role.PROVIDER, is_active=True))
    else:
        people = [complaint.service.accountable_officer]
        if complaint.stage == 2:
            people.append(complaint.service.directorate.director)
    found: dict[int, User] = {}
    for person in people:
        if person is not None and person.is_active:
            found.setdefault(person.pk, person)
    return list(found.values())


def _notify_resident(complaint: Complaint, template: str, *, token: str = "", by: User | None) -> None:
    if complaint.email and complaint.personal_removed_at is None:
        notification_queue(
            to_email=complaint.email,
            template=f"residents/email/{template}",
            context={"complaint": complaint, "token": token, "council_name": _council_name()},
            about=complaint,
            by=by,
        )


def _notify_users(complaint: Complaint, template: str, people: list[User], *, by: User | None) -> None:
    for person in {p.pk: p for p in people}.values():
        notification_queue(
            to_user=person,
            template=f"residents/email/{template}",
            context={"complaint": complaint, "council_name": _council_name()},
            about=complaint,
            by=by,
        )


def _notify_raiser(complaint: Complaint, template: str, *, by: User | None) -> None:
    """The councillor who raised the complaint for a resident is told too (they follow it from their pages)."""
    raiser = complaint.raised_by
    if raiser is not None and raiser.is_active:
        _notify_users(complaint, template, [raiser], by=by)


def _notify_handlers(complaint: Complaint, template: str, *, by: User | None, extra: list[User] | None = None) -> None:
    _notify_users(complaint, template, [*handlers(complaint), *(extra or [])], by=by)


def _step(complaint: Complaint, kind: str, *, by: User | None, text: str = "", by_resident: bool = False) -> None:
    step = ComplaintStep(
        complaint=complaint, kind=kind, stage=complaint.stage, at=timezone.now(), text=text, by_resident=by_resident
    )
    step.by = by
    save_with_history(step, by=by, reason=STEP_REASON)


@transaction.atomic
def complaint_make(
    *,
    details: ComplaintDetails,
    sent_from: str = "",
    by: User | None = None,
    today: dt.date | None = None,
    form_token: uuid.UUID | None = None,
) -> tuple[Complaint, str]:
    """A resident makes a complaint (or a ward councillor raises one for them, ``by``). Returns the complaint and
    its tracking token, shown to the resident once and stored only as a digest."""
    now = timezone.now()
    today = today or timezone.localdate()
    if by is not None and by.role != Role.COUNCILLOR:
        raise ValidationError(NOT_A_COUNCILLOR)
    # A councillor's form carries a one-time token (a repeat finds the first complaint); a resident has no account
    # to claim one with, and the limits per address and contact detail bound their repeats instead.
    claim = claim_form_token(form_token, by=by) if by is not None else None
    _validate(details, today=today)
    contact = details.email if details.reply_by == ReplyBy.EMAIL else details.phone
    contact_key = selectors.keyed_digest(contact) if contact.strip() else ""
    _check_limits(sent_from=sent_from, contact_key=contact_key, now=now)
    route = route_for(details.service)
    deadlines = calc.stage1(today)
    token = secrets.token_urlsafe(32)
    complaint = Complaint(
        kind=details.kind,
        service=details.service,
        ward=details.ward,
        happened_on=details.happened_on,
        received_on=today,
        what_happened=details.what_happened.strip(),
        name=details.name.strip(),
        email=details.email.strip(),
        phone=details.phone.strip(),
        reply_by=details.reply_by,
        share_contact=details.share_contact,
        raised_by=by,
        token_hash=selectors.token_hash(token),
        sent_from=sent_from,
        contact_key=contact_key,
        route=route.route,
        provider=route.provider,
        contract_manager_id=route.contract_manager_id,
        stage1_acknowledge_by=deadlines.acknowledge_by,
        stage1_answer_by=deadlines.answer_by,
    )
    save_with_reference(
        complaint,
        generate=lambda: selectors.next_reference(year=today.year),
        by=by,
        reason=RAISED_REASON if by is not None else MADE_REASON,
    )
    if claim is not None:
        claim.made(complaint)
    _step(complaint, StepKind.RECEIVED, by=by)
    _notify_resident(complaint, "received", token=token, by=by)
    _notify_handlers(complaint, "new", by=by)
    return complaint, token


def _locked(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("service", "service__directorate", "provider")
        .get(pk=complaint.pk)
    )


def may_handle(complaint: Complaint, user: Any) -> bool:
    """Whether ``user`` answers the complaint at its current stage (the rules and the action agree)."""
    role = getattr(user, "role", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if complaint.stage == 1 and complaint.route == Route.PROVIDER:
        return (
            role == Role.PROVIDER and user.organisation_id is not None and user.organisation_id == complaint.provider_id
        )
    return role in HANDLERS_ROLES


def _check_handler(complaint: Complaint, by: User) -> None:
    if not may_handle(complaint, by):
        raise ValidationError(NOT_YOUR_COMPLAINT, code="not_yours")


@transaction.atomic
def complaint_add_information(*, complaint: Complaint, text: str, by: User | None = None) -> Complaint:
    """The resident (through the tracking link) or the councillor who raised it adds information."""
    complaint = _locked(complaint)
    if by is not None and by.pk != complaint.raised_by_id:
        raise ValidationError(NOT_RAISER, code="not_raiser")
    if complaint.status == ComplaintStatus.CLOSED:
        raise ValidationError(CLOSED)
    if not text.strip():
        raise ValidationError({"text": INFORMATION_REQUIRED})
    _step(complaint, StepKind.INFORMATION, by=by, text=text.strip(), by_resident=True)
    _notify_handlers(complaint, "information", by=by)
    return complaint


@transaction.atomic
def complaint_acknowledge(*, complaint: Complaint, by: User, today: dt.date | None = None) -> Complaint:
    complaint = _locked(complaint)
    _check_handler(complaint, by)
    today = today or timezone.localdate()
    if complaint.status == ComplaintStatus.STAGE1_RECEIVED:
        complaint.stage1_acknowledged_on = today
        complaint.status = ComplaintStatus.STAGE1_ACKNOWLEDGED
    elif complaint.status == ComplaintStatus.STAGE2_RECEIVED:
        complaint.stage2_acknowledged_on = today
        complaint.status = ComplaintStatus.STAGE2_ACKNOWLEDGED
    else:
        raise ValidationError(NOT_WAITING_ACKNOWLEDGEMENT)
    save_with_history(complaint, by=by, reason=f"Acknowledged at stage {complaint.stage}")
    _step(complaint, StepKind.ACKNOWLEDGED, by=by)
    return complaint


@transaction.atomic
def complaint_extend(*, complaint: Complaint, days: int, reason: str, by: User) -> Complaint:
    """Stage 1's answer extended once, by up to 10 working days; the resident sees the reason."""
    complaint = _locked(complaint)
    _check_handler(complaint, by)
    if complaint.status not in (ComplaintStatus.STAGE1_RECEIVED, ComplaintStatus.STAGE1_ACKNOWLEDGED):
        raise ValidationError(NOT_WAITING_ANSWER)
    if complaint.stage1_extended_by_days:
        raise ValidationError({"days": calc.EXTENSION_AGAIN})
    try:
        deadlines = calc.extended(complaint.received_on, days=days, reason=reason)
    except ValueError as error:
        field = "reason" if not reason.strip() else "days"
        raise ValidationError({field: str(error)}) from None
    complaint.stage1_extended_by_days = days
    complaint.stage1_extension_reason = reason.strip()
    complaint.stage1_answer_by = deadlines.answer_by
    save_with_history(complaint, by=by, reason="Stage 1 answer extended")
    _step(complaint, StepKind.EXTENDED, by=by, text=reason.strip())
    _notify_resident(complaint, "extended", by=by)
    return complaint


@transaction.atomic
def complaint_answer(
    *,
    complaint: Complaint,
    answer: str,
    outcome: str,
    remedy: str,
    learning: str,
    by: User,
    today: dt.date | None = None,
) -> Complaint:
    """The handler answers the stage the complaint is at. Stage 2's answer is final: it names the Ombudsman and
    must come from someone other than the stage 1 handler."""
    complaint = _locked(complaint)
    _check_handler(complaint, by)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not answer.strip():
        errors["answer"] = ANSWER_REQUIRED
    if outcome not in Outcome.values:
        errors["outcome"] = OUTCOME_REQUIRED
    elif outcome != Outcome.NOT_UPHELD and not remedy.strip():
        errors["remedy"] = REMEDY_REQUIRED
    if errors:
        raise ValidationError(errors)
    expires = timezone.now() + dt.timedelta(days=int(settings.COMPLAINT_TRACKING_DAYS))
    if complaint.status in (ComplaintStatus.STAGE1_RECEIVED, ComplaintStatus.STAGE1_ACKNOWLEDGED):
        complaint.stage1_acknowledged_on = complaint.stage1_acknowledged_on or today
        complaint.stage1_answered_on = today
        complaint.stage1_handler = by
        complaint.stage1_outcome = outcome
        complaint.status = ComplaintStatus.STAGE1_ANSWERED
    elif complaint.status in (ComplaintStatus.STAGE2_RECEIVED, ComplaintStatus.STAGE2_ACKNOWLEDGED):
        try:
            calc.check_stage2_handler(stage1_handler=complaint.stage1_handler_id, stage2_handler=by.pk)
        except ValueError as error:
            raise ValidationError(str(error), code="same_handler") from None
        complaint.stage2_acknowledged_on = complaint.stage2_acknowledged_on or today
        complaint.stage2_answered_on = today
        complaint.stage2_handler = by
        complaint.status = ComplaintStatus.CLOSED
        complaint.ombudsman = calc.ombudsman_for(
            names=(complaint.service.directorate.name, complaint.service.name)
        ).value
    else:
        raise ValidationError(NOT_WAITING_ANSWER)
    complaint.outcome = outcome
    complaint.remedy = remedy.strip()
    complaint.learning = learning.strip()
    complaint.token_expires_at = expires
    save_with_history(complaint, by=by, reason=f"Answered at stage {complaint.stage}")
    _step(complaint, StepKind.ANSWERED, by=by, text=answer.strip())
    _notify_resident(complaint, "answered", by=by)
    _notify_raiser(complaint, "raised_answered", by=by)
    return complaint


@transaction.atomic
def complaint_request_stage2(
    *, complaint: Complaint, reason: str, by: User | None = None, today: dt.date | None = None
) -> Complaint:
    """The resident is not satisfied with the stage 1 answer: the council's service team answers stage 2."""
    complaint = _locked(complaint)
    today = today or timezone.localdate()
    if complaint.stage2_requested_on is not None:
        raise ValidationError(STAGE2_ALREADY)
    try:
        calc.check_stage2_request(stage1_answered=complaint.stage1_answered_on is not None)
    except ValueError as error:
        raise ValidationError(str(error), code="too_early") from None
    if not reason.strip():
        raise ValidationError({"reason": STAGE2_REASON_REQUIRED})
    deadlines = calc.stage2(today)
    complaint.stage2_requested_on = today
    complaint.stage2_acknowledge_by = deadlines.acknowledge_by
    complaint.stage2_answer_by = deadlines.answer_by
    complaint.status = ComplaintStatus.STAGE2_RECEIVED
    complaint.token_expires_at = None
    save_with_history(complaint, by=by, reason="Stage 2 asked for")
    _step(complaint, StepKind.STAGE2, by=by, text=reason.strip(), by_resident=True)
    _notify_handlers(complaint, "new", by=by)
    return complaint


def overdue_step(complaint: Complaint, *, today: dt.date) -> str:
    """The first step of the complaint past its due day ("" when none)."""
    checks = (
        ("stage1_acknowledge", complaint.stage1_acknowledged_on, complaint.stage1_acknowledge_by),
        ("stage1_answer", complaint.stage1_answered_on, complaint.stage1_answer_by),
        ("stage2_acknowledge", complaint.stage2_acknowledged_on, complaint.stage2_acknowledge_by),
        ("stage2_answer", complaint.stage2_answered_on, complaint.stage2_answer_by),
    )
    for name, done, due in checks:
        if due is not None and calc.is_overdue(done=done, due=due, today=today):
            return name
    return ""


def complaints_notify_overdue(*, today: dt.date | None = None) -> int:
    """Tell the handler of each overdue step, and for a provider's complaint the contract manager (or, with no
    contract known, the service's accountable officer), once per step. Each complaint is its own transaction."""
    today = today or timezone.localdate()
    told = 0
    for complaint in selectors.overdue_complaints(today=today):
        step = overdue_step(complaint, today=today)
        if step and step != complaint.overdue_notified:
            told += _notify_overdue(complaint, step=step)
    return told


@transaction.atomic
def _notify_overdue(complaint: Complaint, *, step: str) -> int:
    complaint = _locked(complaint)
    if complaint.overdue_notified == step:
        return 0
    extra: list[User] = []
    if complaint.route == Route.PROVIDER and complaint.stage == 1:
        manager = complaint.contract_manager or complaint.service.accountable_officer
        if manager is not None and manager.is_active:
            extra.append(manager)
    complaint.overdue_notified = step
    save_with_history(complaint, by=None, reason=f"Overdue: {step.replace('_', ' ')}")
    _notify_handlers(complaint, "overdue", by=None, extra=extra)
    return 1


def complaints_purge_personal(*, now: dt.datetime | None = None) -> int:
    """Remove the resident's name, contact details and words (and the texts of the steps) from complaints closed
    more than ``COMPLAINT_RETENTION_DAYS`` ago. The anonymous figures stay for the statistics. Returns how many."""
    now = now or timezone.now()
    before = now - dt.timedelta(days=int(settings.COMPLAINT_RETENTION_DAYS))
    purged = 0
    for pk in list(selectors.complaints_to_purge(before=before).values_list("pk", flat=True)):
        purged += _purge_one(pk, now=now)
    return purged


@transaction.atomic
def _purge_one(pk: int, *, now: dt.datetime) -> int:
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=pk)
    if complaint.personal_removed_at is not None:
        return 0
    for field in PERSONAL_FIELDS:
        setattr(complaint, field, "")
    complaint.personal_removed_at = now
    complaint.token_expires_at = now
    save_with_history(complaint, by=None, reason=PURGED_REASON)
    for step in complaint.steps.exclude(text=""):
        step.text = ""
        save_with_history(step, by=None, reason=PURGED_REASON)
    return 1
