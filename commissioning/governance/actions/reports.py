"""Committee reports: draft from a source, edit, clear (section 151 and monitoring officer), publish (ADR 0037).

Each action is one transaction with one history entry on the report. Edits and sign-offs lock the row at the
version the form loaded (core/concurrency.py), so nobody's change or sign-off is lost or given to a text it did not
see: an edit after a sign-off clears both sign-offs, and a sign-off on a version someone has since edited is
refused as an edit conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.actions import record_edited, record_save
from commissioning.core.concurrency import claim_form_token
from commissioning.core.permissions import Role
from commissioning.governance.models import (
    SOURCE_FIELDS,
    AgendaItem,
    CommitteeReport,
    Decision,
    ReportSource,
    ReportStatus,
    WorkProgrammeItem,
)
from commissioning.governance.selectors import reports as selectors
from commissioning.reviews.models import CommissioningReview

DRAFTED = "Drafted from the records"
EDITED = "Edited"
EDITED_SIGN_OFFS_CLEARED = "Edited: the sign-offs were cleared and are needed again"
CLEARED_FINANCE = "Cleared by the section 151 officer"
CLEARED_LEGAL = "Cleared by the monitoring officer"
PUBLISHED = "Published"

PUBLISH_NEEDS_SIGN_OFFS = (
    "This report cannot be published until both the finance officer (section 151) and the monitoring officer have "
    "cleared it. Still needed: {missing}."
)
FINANCE_SIGN_OFF = "the finance officer's (section 151) sign-off"
LEGAL_SIGN_OFF = "the monitoring officer's sign-off"
NOT_A_DRAFT = "This report has been published: it can no longer be changed or cleared."
NOT_A_CLEARING_OFFICER = "Only the finance officer (section 151) or the monitoring officer can clear a report."
ALREADY_CLEARED = "You have already cleared this version of the report."
AGENDA_ITEM_REQUIRED = "Choose the agenda item the report goes to."
ARCHIVED_REPORT = "This report has been archived."

# The fields an edit form changes (everything but the source, the status, the sign-offs and publication).
EDITABLE = (
    "title",
    "report_of",
    "executive_summary",
    "recommendations",
    "financial",
    "financial_contact",
    "legal",
    "legal_contact",
    "hr",
    "hr_contact",
    "equalities",
    "equalities_contact",
    "environmental",
    "environmental_contact",
    "corporate_priorities",
    "risk_statement",
    "introduction",
    "background",
    "consultation",
    "appendices",
    "background_papers",
    "contact_officer",
    "accountability",
    "scrutiny_function",
    "exempt_paragraph",
    "exempt_part",
)


def _apply(report: CommitteeReport, details: Mapping[str, Any]) -> bool:
    """Set the editable fields given; whether any changed."""
    changed = False
    for name in EDITABLE:
        if name in details and getattr(report, name) != details[name]:
            setattr(report, name, details[name])
            changed = True
    return changed


def _draft(source: Any, kind: str, by: Any) -> dict[str, Any]:
    if kind == ReportSource.REVIEW:
        return selectors.draft_from_review(user=by, review=source)
    if kind == ReportSource.DECISION:
        return selectors.draft_from_decision(user=by, decision=source)
    if kind == ReportSource.SCRUTINY_ITEM:
        return selectors.draft_from_scrutiny_item(user=by, item=source)
    # A source of an app governance may not import (a risk review): its app drafts it (core.report_sources).
    return selectors.draft_from_registered(source)


@transaction.atomic
def committee_report_create(
    *,
    source: CommissioningReview | Decision | WorkProgrammeItem | Any,
    details: Mapping[str, Any],
    by: Any,
    form_token: Any = None,
) -> CommitteeReport:
    """A draft report on a review, a decision, a scrutiny work-programme item or a recorded risk review, its
    sections filled from the source's records, then ``details`` (what the form gave: the title and who the report
    is from) over them."""
    claim = claim_form_token(form_token, by=by)
    kind = selectors.source_kind_of(source)
    report = CommitteeReport(source_kind=kind, **{SOURCE_FIELDS[ReportSource(kind)]: source})
    _apply(report, _draft(source, kind, by))
    _apply(report, {name: value for name, value in details.items() if value})
    return record_save(report, by=by, reason=DRAFTED, claim=claim)


def _fresh_draft(report: CommitteeReport, version: str | None) -> CommitteeReport:
    if not report.is_draft:
        raise ValidationError(NOT_A_DRAFT)
    fresh = record_edited(report, version=version, already_archived=ARCHIVED_REPORT)
    if not fresh.is_draft:
        raise ValidationError(NOT_A_DRAFT)
    return fresh


def _clear_sign_offs(report: CommitteeReport) -> bool:
    had = report.finance_signed_at is not None or report.legal_signed_at is not None
    report.finance_signed_by = report.legal_signed_by = None
    report.finance_signed_at = report.legal_signed_at = None
    report.finance_comment = report.legal_comment = ""
    return had


@transaction.atomic
def committee_report_update(
    *, report: CommitteeReport, details: Mapping[str, Any], by: Any, version: str | None
) -> CommitteeReport:
    """Change a draft's sections. A change after a sign-off clears both sign-offs: they cleared another text."""
    fresh = _fresh_draft(report, version)
    if not _apply(fresh, details):
        return fresh
    reason = EDITED_SIGN_OFFS_CLEARED if _clear_sign_offs(fresh) else EDITED
    return record_save(fresh, by=by, reason=reason)


@transaction.atomic
def committee_report_clear(
    *, report: CommitteeReport, by: Any, comment: str, version: str | None, now: dt.datetime | None = None
) -> CommitteeReport:
    """Record the signing-off officer's clearance of this version: the finance officer as section 151 officer, the
    monitoring officer legally (who, when, comment)."""
    role = getattr(by, "role", None)
    if role not in {Role.FINANCE, Role.LEGAL}:
        raise ValidationError(NOT_A_CLEARING_OFFICER)
    fresh = _fresh_draft(report, version)
    now = now or timezone.now()
    if role == Role.FINANCE:
        if fresh.finance_signed_at is not None and fresh.finance_signed_by_id == by.pk:
            raise ValidationError(ALREADY_CLEARED)
        fresh.finance_signed_by, fresh.finance_signed_at, fresh.finance_comment = by, now, comment
        reason = CLEARED_FINANCE
    else:
        if fresh.legal_signed_at is not None and fresh.legal_signed_by_id == by.pk:
            raise ValidationError(ALREADY_CLEARED)
        fresh.legal_signed_by, fresh.legal_signed_at, fresh.legal_comment = by, now, comment
        reason = CLEARED_LEGAL
    return record_save(fresh, by=by, reason=reason)


def missing_sign_offs(report: CommitteeReport) -> list[str]:
    missing = []
    if report.finance_signed_at is None:
        missing.append(FINANCE_SIGN_OFF)
    if report.legal_signed_at is None:
        missing.append(LEGAL_SIGN_OFF)
    return missing


@transaction.atomic
def committee_report_publish(
    *, report: CommitteeReport, agenda_item: AgendaItem | None, by: Any, today: dt.date, version: str | None
) -> CommitteeReport:
    """Publish a cleared draft onto a meeting's agenda item. Without both sign-offs nothing is saved
    (``PUBLISH_NEEDS_SIGN_OFFS`` names what is missing)."""
    fresh = _fresh_draft(report, version)
    missing = missing_sign_offs(fresh)
    if missing:
        raise ValidationError(PUBLISH_NEEDS_SIGN_OFFS.format(missing=" and ".join(missing)), code="sign_offs")
    if agenda_item is None:
        raise ValidationError({"agenda_item": AGENDA_ITEM_REQUIRED})
    fresh.status = ReportStatus.PUBLISHED
    fresh.agenda_item = agenda_item
    fresh.published_on = today
    fresh.published_by = by
    return record_save(fresh, by=by, reason=PUBLISHED)
