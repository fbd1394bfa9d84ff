"""Writes for scrutiny (ADR 0034): a scrutiny committee's work programme (its items, published when the committee says
so), the inquiries and task and finish groups that come from an item, and their evidence sessions and reports.

Each is one transaction with one history entry per record changed; a refusal names the field and saves nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Councillor, User
from commissioning.core.actions import lock_row, record_edited, record_save
from commissioning.core.concurrency import claim_form_token
from commissioning.governance.models import (
    Body,
    BodyKind,
    EvidenceSession,
    Inquiry,
    InquiryKind,
    InquiryReportStatus,
    Meeting,
    SubjectKind,
    WorkItemStatus,
    WorkProgramme,
    WorkProgrammeItem,
)

NOT_SCRUTINY = "{body} is not an overview and scrutiny committee: only scrutiny committees have a work programme"
COMMITTEE_ARCHIVED = "{body} is archived: its work programme cannot change"
SUBJECT_KIND_REQUIRED = "Select what the item is about"
SUBJECT_REQUIRED = {
    SubjectKind.SERVICE: "Select the service",
    SubjectKind.REVIEW: "Select the commissioning review",
    SubjectKind.DECISION: "Select the decision",
    SubjectKind.CONTRACT: "Select the contract",
    SubjectKind.INDICATOR: "Select the indicator",
    SubjectKind.THEME: "Enter the theme",
}
SUBJECT_MISSING = "The {kind} chosen no longer exists: choose it again from the dashboard"
TITLE_REQUIRED = "Enter a title for the item"
REASON_REQUIRED = "Enter why the committee should look at this"
MEETING_OF_ANOTHER_BODY = "Select a meeting of {body}, or none"
MEETING_AND_MONTH = "Select a meeting or a planned month, not both"
SCHEDULED_NEEDS_WHEN = "A scheduled item needs a meeting or a planned month"
ITEM_ARCHIVED = "This item has been removed from the work programme"
ALREADY_PUBLISHED = "The work programme is already published"
INQUIRY_TITLE_REQUIRED = "Enter the name of the inquiry or task and finish group"
SCOPE_REQUIRED = "Enter the scope: what the inquiry will look at, and what it will not"
REPORT_DATE_REQUIRED = "Enter the date of the report"
REPORT_TEXT_REQUIRED = "Enter the report before giving it a status"
INQUIRY_ARCHIVED = "This inquiry has been closed"
SESSION_DATE_REQUIRED = "Enter the date of the evidence session"
WITNESSES_REQUIRED = "Enter who gave evidence"

ADDED = "Added to the work programme"
CHANGED = "Work programme item changed"
PUBLISHED = "Work programme published"
INQUIRY_ADDED = "Inquiry set up"
INQUIRY_CHANGED = "Inquiry changed"
SESSION_ADDED = "Evidence session recorded"


@dataclass(frozen=True)
class ItemDetails:
    subject_kind: str
    title: str
    reason: str
    subject: Any = None  # the service, review, decision or indicator; None for a contract or a theme
    contract_id: int | None = None
    theme: str = ""
    source: str = ""
    meeting: Meeting | None = None
    planned_month: str = ""
    status: str = ""  # empty on an add: proposed, or scheduled when a meeting or month is given


def _committee(body: Body) -> Body:
    if body.kind != BodyKind.SCRUTINY:
        raise ValidationError(NOT_SCRUTINY.format(body=body.name))
    if body.is_archived:
        raise ValidationError(COMMITTEE_ARCHIVED.format(body=body.name))
    return body


def _programme_of(body: Body, *, by: User) -> WorkProgramme:
    """The committee's work programme, made (unpublished) the first time an item is added, under a lock."""
    programme = WorkProgramme.objects.select_for_update().filter(body=body).first()
    if programme is None:
        programme = record_save(WorkProgramme(body=body), by=by, reason="Work programme started")
    return programme


def _check_item(details: ItemDetails, *, body: Body) -> None:
    errors: dict[str, str] = {}
    kind = details.subject_kind
    if kind not in SubjectKind.values:
        errors["subject_kind"] = SUBJECT_KIND_REQUIRED
    elif kind == SubjectKind.THEME:
        if not details.theme.strip():
            errors["theme"] = SUBJECT_REQUIRED[SubjectKind.THEME]
    elif kind == SubjectKind.CONTRACT:
        if details.contract_id is None:
            errors["subject_kind"] = SUBJECT_REQUIRED[SubjectKind.CONTRACT]
    elif details.subject is None:
        errors[kind] = SUBJECT_REQUIRED[SubjectKind(kind)]
    if not details.title.strip():
        errors["title"] = TITLE_REQUIRED
    if not details.reason.strip():
        errors["reason"] = REASON_REQUIRED
    if details.meeting is not None and details.meeting.body_id != body.pk:
        errors["meeting"] = MEETING_OF_ANOTHER_BODY.format(body=body.name)
    elif details.meeting is not None and details.planned_month:
        errors["planned_month"] = MEETING_AND_MONTH
    if details.status == WorkItemStatus.SCHEDULED and details.meeting is None and not details.planned_month:
        errors["status"] = SCHEDULED_NEEDS_WHEN
    if errors:
        raise ValidationError(errors)


def _fill(item: WorkProgrammeItem, details: ItemDetails) -> None:
    kind = details.subject_kind
    item.subject_kind = kind
    item.service = details.subject if kind == SubjectKind.SERVICE else None
    item.review = details.subject if kind == SubjectKind.REVIEW else None
    item.decision = details.subject if kind == SubjectKind.DECISION else None
    item.indicator = details.subject if kind == SubjectKind.INDICATOR else None
    item.contract_id = details.contract_id if kind == SubjectKind.CONTRACT else None
    item.theme = details.theme.strip() if kind == SubjectKind.THEME else ""
    item.title = details.title.strip()
    item.reason = details.reason.strip()
    item.meeting = details.meeting
    item.planned_month = details.planned_month


def _save_item(item: WorkProgrammeItem, *, by: User, reason: str, claim: Any = None) -> WorkProgrammeItem:
    try:
        return record_save(item, by=by, reason=reason, claim=claim)
    except ValidationError as error:
        if item.subject_kind == SubjectKind.CONTRACT and "contract" in getattr(error, "error_dict", {}):
            raise ValidationError({"subject_kind": SUBJECT_MISSING.format(kind="contract")}) from error
        raise


@transaction.atomic
def work_programme_item_add(
    *, body: Body, details: ItemDetails, by: User, form_token: uuid.UUID | None = None
) -> WorkProgrammeItem:
    """Put an item on a scrutiny committee's work programme (the programme is started the first time)."""
    claim = claim_form_token(form_token, by=by)
    body = _committee(lock_row(body))
    _check_item(details, body=body)
    item = WorkProgrammeItem(programme=_programme_of(body, by=by), source=details.source.strip())
    _fill(item, details)
    item.status = WorkItemStatus.SCHEDULED if item.meeting or item.planned_month else WorkItemStatus.PROPOSED
    return _save_item(item, by=by, reason=ADDED, claim=claim)


@transaction.atomic
def work_programme_item_update(
    *, item: WorkProgrammeItem, details: ItemDetails, by: User, version: str | None = None
) -> WorkProgrammeItem:
    """Change an item: its title, why, when it comes to committee, and its status (the subject stays)."""
    item = record_edited(item, version=version, already_archived=ITEM_ARCHIVED)
    body = _committee(item.programme.body)
    _check_item(details, body=body)
    _fill(item, details)
    item.status = details.status or item.status
    return _save_item(item, by=by, reason=CHANGED)


@transaction.atomic
def work_programme_publish(*, body: Body, by: User, today: dt.date) -> WorkProgramme:
    """Publish the committee's work programme: from now the public sees it (and every change to it)."""
    body = _committee(lock_row(body))
    programme = _programme_of(body, by=by)
    if programme.published_on is not None:
        raise ValidationError(ALREADY_PUBLISHED)
    programme.published_on = today
    programme.published_by = by
    return record_save(programme, by=by, reason=PUBLISHED)


@dataclass(frozen=True)
class InquiryDetails:
    title: str
    scope: str
    kind: str = InquiryKind.TASK_AND_FINISH
    members: list[Councillor] = field(default_factory=list)
    report: str = ""
    report_on: dt.date | None = None
    report_status: str = InquiryReportStatus.NOT_STARTED


def _check_inquiry(details: InquiryDetails) -> None:
    errors: dict[str, str] = {}
    if not details.title.strip():
        errors["title"] = INQUIRY_TITLE_REQUIRED
    if not details.scope.strip():
        errors["scope"] = SCOPE_REQUIRED
    if details.report_status and not details.report.strip():
        errors["report"] = REPORT_TEXT_REQUIRED
    if details.report_status and details.report_on is None:
        errors["report_on"] = REPORT_DATE_REQUIRED
    if errors:
        raise ValidationError(errors)


def _fill_inquiry(inquiry: Inquiry, details: InquiryDetails) -> None:
    inquiry.title = details.title.strip()
    inquiry.scope = details.scope.strip()
    inquiry.kind = details.kind
    inquiry.report = details.report.strip()
    inquiry.report_on = details.report_on
    inquiry.report_status = details.report_status


@transaction.atomic
def inquiry_add(
    *, item: WorkProgrammeItem, details: InquiryDetails, by: User, form_token: uuid.UUID | None = None
) -> Inquiry:
    """Set up an inquiry or task and finish group from a work programme item."""
    claim = claim_form_token(form_token, by=by)
    item = lock_row(item)
    if item.is_archived:
        raise ValidationError(ITEM_ARCHIVED)
    _committee(item.programme.body)
    _check_inquiry(details)
    inquiry = Inquiry(item=item)
    _fill_inquiry(inquiry, details)
    return record_save(inquiry, by=by, reason=INQUIRY_ADDED, m2m={"members": details.members}, claim=claim)


@transaction.atomic
def inquiry_update(*, inquiry: Inquiry, details: InquiryDetails, by: User, version: str | None = None) -> Inquiry:
    """Change an inquiry's scope or members, or record its report."""
    inquiry = record_edited(inquiry, version=version, already_archived=INQUIRY_ARCHIVED)
    _check_inquiry(details)
    _fill_inquiry(inquiry, details)
    return record_save(inquiry, by=by, reason=INQUIRY_CHANGED, m2m={"members": details.members})


@dataclass(frozen=True)
class SessionDetails:
    held_on: dt.date | None
    witnesses: str
    papers: str = ""
    notes: str = ""


@transaction.atomic
def evidence_session_add(
    *, inquiry: Inquiry, details: SessionDetails, by: User, form_token: uuid.UUID | None = None
) -> EvidenceSession:
    """Record an evidence session of an inquiry: when, who gave evidence, and the papers."""
    claim = claim_form_token(form_token, by=by)
    inquiry = lock_row(inquiry)
    if inquiry.is_archived:
        raise ValidationError(INQUIRY_ARCHIVED)
    errors: dict[str, str] = {}
    if details.held_on is None:
        errors["held_on"] = SESSION_DATE_REQUIRED
    if not details.witnesses.strip():
        errors["witnesses"] = WITNESSES_REQUIRED
    if errors or details.held_on is None:
        raise ValidationError(errors)
    session = EvidenceSession(
        inquiry=inquiry,
        held_on=details.held_on,
        witnesses=details.witnesses.strip(),
        papers=details.papers.strip(),
        notes=details.notes.strip(),
    )
    return record_save(session, by=by, reason=SESSION_ADDED, claim=claim)
