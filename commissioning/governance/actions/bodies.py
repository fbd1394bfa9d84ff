"""Writes for bodies and membership, meetings, agendas, attendance and minutes: keyword-only, checked, one
transaction, one history entry for each record changed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Councillor, User, Ward
from commissioning.core.actions import (
    lock_row,
    record_archive,
    record_edited,
    record_restore,
    record_save,
    record_save_unique,
)
from commissioning.core.concurrency import claim_form_token
from commissioning.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
)
from commissioning.governance.selectors import bodies as selectors
from commissioning.reviews.models import CommissioningReview

# Bodies
NAME_TAKEN = "There is already a body called {name}: give this one another name"
REVIEW_REQUIRED = "Choose the commissioning review this Programme Board oversees"
REVIEW_NOT_A_BOARD = "Remove the review: only a Programme Board oversees a commissioning review"
PORTFOLIO_REQUIRED = "Enter the portfolio the cabinet member holds, like Adult Social Care"
PORTFOLIO_NOT_HOLDER = "Remove the portfolio: only a cabinet member (portfolio holder) holds one"
WARDS_REQUIRED = "Choose the wards the community committee covers"
WARDS_NOT_COMMUNITY = "Remove the wards: only a community committee covers a set of wards"
PARENT_IS_ITSELF = "Choose another body: a body cannot be part of itself"
BODY_ARCHIVE_REASON_REQUIRED = "Enter why the body is being archived"
BODY_RESTORE_REASON_REQUIRED = "Enter why the body is being restored"
BODY_ALREADY_ARCHIVED = "This body is archived: restore it before changing it"
BODY_NOT_ARCHIVED = "This body is not archived"

# Membership
MEMBER_REQUIRED = "Choose a councillor, or an officer who advises the body"
MEMBER_BOTH = "Choose a councillor or an officer, not both"
OFFICER_NOT_ADVISER = "An officer can only be an adviser: a chair, vice-chair, member or substitute is a councillor"
OFFICER_PARTY = "Remove the party: an officer does not sit for a political group"
PARTY_MISMATCH = "{name} sits for {party} on the council: leave the party blank to use it, or enter {party}"
ENDS_BEFORE_STARTS = "The end date must be the same as or after the start date, {starts}"
ALREADY_A_MEMBER = "{name} is already on {body} from {starts}: end that membership first"
ALREADY_ENDED = "This membership has already ended, on {ends}"
MEMBERSHIP_END_REQUIRED = "Enter the date the membership ends"

# Meetings
MEETING_BODY_ARCHIVED = "{body} is archived: restore it before arranging its meetings"
MEETING_ALREADY_ARCHIVED = "This meeting is archived"
MEETING_ARCHIVE_REASON_REQUIRED = "Enter why the meeting is being archived"
MEETING_RESTORE_REASON_REQUIRED = "Enter why the meeting is being restored"
MEETING_NOT_ARCHIVED = "This meeting is not archived"
ITEM_ARCHIVE_REASON_REQUIRED = "Enter why the agenda item is being removed"
ITEM_RESTORE_REASON_REQUIRED = "Enter why the agenda item is being put back"
ITEM_NOT_ARCHIVED = "This agenda item is on the agenda"
ITEM_NUMBER_TAKEN_ON_RESTORE = "Item {number} is now another item on this agenda: renumber that item first"
NUMBER_TAKEN = "Item {number} is already on this agenda: choose another number"
ITEM_ALREADY_ARCHIVED = "This agenda item has been removed"
AGENDA_EMPTY = "Add at least one item to the agenda before publishing it"
AGENDA_ALREADY_PUBLISHED = "The agenda was already published on {on}"
AGENDA_CANCELLED = "The meeting is cancelled: its agenda is not published"
AGENDA_AFTER_MEETING = "The meeting has already taken place: its agenda can no longer be published"
ATTENDANCE_NOT_MEMBER = (
    "{name} was not a member of {body} on the day of the meeting: record attendance for members only"
)
ATTENDANCE_BEFORE_MEETING = "Attendance is recorded once the meeting has started, on {day}"
MINUTES_BEFORE_MEETING = "Minutes are recorded after the meeting, which is on {day}"
MINUTES_REQUIRED = "Enter the minutes of the meeting"
MINUTES_APPROVED_BEFORE_MEETING = "The minutes cannot be approved before the meeting, on {day}"
MINUTES_CANCELLED = "The meeting was cancelled: it has no minutes"
EXEMPT_MINUTES_NO_EXEMPT_ITEM = (
    "Remove the exempt minutes: no item on this meeting's agenda is exempt under Schedule 12A, so all its minutes are "
    "open"
)
OPEN_MINUTES_NAME_EXEMPT_ITEM = (
    'The open minutes name exempt item {number}, "{title}": move what is said about it to the exempt minutes'
)


# Bodies -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyDetails:
    name: str
    kind: str
    purpose: str = ""
    portfolio: str = ""
    parent: Body | None = None
    review: CommissioningReview | None = None
    wards: Sequence[Ward] = field(default_factory=tuple)
    seats: int | None = None
    published: bool = True


def _validate_body(details: BodyDetails, *, existing: Body | None) -> None:
    errors: dict[str, str] = {}
    if selectors.name_in_use(name=details.name, excluding=existing):
        errors["name"] = NAME_TAKEN.format(name=details.name.strip())
    board = details.kind == BodyKind.PROGRAMME_BOARD
    if board and details.review is None:
        errors["review"] = REVIEW_REQUIRED
    if not board and details.review is not None:
        errors["review"] = REVIEW_NOT_A_BOARD
    holder = details.kind == BodyKind.PORTFOLIO_HOLDER
    if holder and not details.portfolio.strip():
        errors["portfolio"] = PORTFOLIO_REQUIRED
    if not holder and details.portfolio.strip():
        errors["portfolio"] = PORTFOLIO_NOT_HOLDER
    community = details.kind == BodyKind.COMMUNITY_COMMITTEE
    if community and not details.wards:
        errors["wards"] = WARDS_REQUIRED
    if not community and details.wards:
        errors["wards"] = WARDS_NOT_COMMUNITY
    if existing is not None and details.parent is not None and details.parent.pk == existing.pk:
        errors["parent"] = PARENT_IS_ITSELF
    if errors:
        raise ValidationError(errors)


def _apply_body(body: Body, details: BodyDetails) -> None:
    body.name = details.name.strip()
    body.kind = details.kind
    body.purpose = details.purpose.strip()
    body.portfolio = details.portfolio.strip()
    body.parent = details.parent
    body.review = details.review
    body.seats = details.seats
    body.published = details.published


@transaction.atomic
def body_create(*, details: BodyDetails, by: User, form_token: uuid.UUID | None = None) -> Body:
    claim = claim_form_token(form_token, by=by)
    _validate_body(details, existing=None)
    body = Body()
    _apply_body(body, details)
    return record_save(body, by=by, reason="Body set up", m2m={"wards": details.wards}, claim=claim)


@transaction.atomic
def body_update(*, body: Body, details: BodyDetails, by: User, reason: str = "", version: str | None = None) -> Body:
    body = record_edited(body, version=version, already_archived=BODY_ALREADY_ARCHIVED)
    _validate_body(details, existing=body)
    _apply_body(body, details)
    return record_save(body, by=by, reason=reason.strip() or "Details updated", m2m={"wards": details.wards})


@transaction.atomic
def body_archive(*, body: Body, by: User, reason: str) -> Body:
    return record_archive(
        record=body, by=by, reason=reason, reason_required=BODY_ARCHIVE_REASON_REQUIRED, already=BODY_ALREADY_ARCHIVED
    )


@transaction.atomic
def body_restore(*, body: Body, by: User, reason: str) -> Body:
    return record_restore(
        record=body, by=by, reason=reason, reason_required=BODY_RESTORE_REASON_REQUIRED, not_archived=BODY_NOT_ARCHIVED
    )


# Membership ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipDetails:
    """A seat on a body: a councillor (party defaulted from their own), or an officer as adviser."""

    starts_on: dt.date
    councillor: Councillor | None = None
    officer: User | None = None
    role: str = MemberRole.MEMBER
    party: str = ""
    ends_on: dt.date | None = None


@transaction.atomic
def membership_add(
    *, body: Body, details: MembershipDetails, by: User, form_token: uuid.UUID | None = None
) -> Membership:
    claim = claim_form_token(form_token, by=by)
    body = lock_row(body)
    if body.is_archived:
        raise ValidationError(BODY_ALREADY_ARCHIVED)
    errors: dict[str, str] = {}
    party = details.party.strip()
    if details.councillor is None and details.officer is None:
        errors["councillor"] = MEMBER_REQUIRED
    elif details.councillor is not None and details.officer is not None:
        errors["officer"] = MEMBER_BOTH
    elif details.officer is not None:
        if details.role != MemberRole.ADVISER:
            errors["role"] = OFFICER_NOT_ADVISER
        if party:
            errors["party"] = OFFICER_PARTY
    elif details.councillor is not None:
        if party and party.casefold() != details.councillor.party.casefold():
            errors["party"] = PARTY_MISMATCH.format(name=details.councillor.name, party=details.councillor.party)
        party = details.councillor.party
        existing = selectors.open_membership_of(body=body, councillor=details.councillor, starts_on=details.starts_on)
        if existing is not None:
            errors["councillor"] = ALREADY_A_MEMBER.format(
                name=details.councillor.name, body=body.name, starts=f"{existing.starts_on:%-d %B %Y}"
            )
    if details.ends_on is not None and details.ends_on < details.starts_on:
        errors["ends_on"] = ENDS_BEFORE_STARTS.format(starts=f"{details.starts_on:%-d %B %Y}")
    if errors:
        raise ValidationError(errors)
    membership = Membership(
        body=body,
        councillor=details.councillor,
        officer=details.officer,
        role=details.role,
        party=party,
        starts_on=details.starts_on,
        ends_on=details.ends_on,
    )
    return record_save(membership, by=by, reason="Membership added", claim=claim)


@transaction.atomic
def membership_end(*, membership: Membership, ends_on: dt.date, by: User, reason: str = "") -> Membership:
    membership = lock_row(membership)
    if membership.ends_on is not None and membership.ends_on <= timezone.localdate():
        raise ValidationError({"ends_on": ALREADY_ENDED.format(ends=f"{membership.ends_on:%-d %B %Y}")})
    if ends_on < membership.starts_on:
        raise ValidationError({"ends_on": ENDS_BEFORE_STARTS.format(starts=f"{membership.starts_on:%-d %B %Y}")})
    membership.ends_on = ends_on
    return record_save(membership, by=by, reason=reason.strip() or "Membership ended")


# Meetings -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDetails:
    starts_at: dt.datetime
    place: str
    status: str = MeetingStatus.SCHEDULED


@transaction.atomic
def meeting_create(*, body: Body, details: MeetingDetails, by: User, form_token: uuid.UUID | None = None) -> Meeting:
    claim = claim_form_token(form_token, by=by)
    if body.is_archived:
        raise ValidationError(MEETING_BODY_ARCHIVED.format(body=body.name))
    meeting = Meeting(body=body, starts_at=details.starts_at, place=details.place.strip(), status=details.status)
    return record_save(meeting, by=by, reason="Meeting arranged", claim=claim)


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, details: MeetingDetails, by: User, reason: str = "", version: str | None = None
) -> Meeting:
    meeting = record_edited(meeting, version=version, already_archived=MEETING_ALREADY_ARCHIVED)
    meeting.starts_at = details.starts_at
    meeting.place = details.place.strip()
    meeting.status = details.status
    return record_save(meeting, by=by, reason=reason.strip() or "Meeting details changed")


@transaction.atomic
def meeting_archive(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    return record_archive(
        record=meeting,
        by=by,
        reason=reason,
        reason_required=MEETING_ARCHIVE_REASON_REQUIRED,
        already=MEETING_ALREADY_ARCHIVED,
    )


@transaction.atomic
def meeting_restore(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    return record_restore(
        record=meeting,
        by=by,
        reason=reason,
        reason_required=MEETING_RESTORE_REASON_REQUIRED,
        not_archived=MEETING_NOT_ARCHIVED,
    )


def _meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


@transaction.atomic
def meeting_publish_agenda(*, meeting: Meeting, by: User, on: dt.date | None = None) -> selectors.AgendaNotice:
    """Publish the agenda today (or ``on``). Returns the notice it gave: the page warns when it is late, since
    a late agenda is still published (the chair may take an urgent item), but never hides that it was."""
    meeting = lock_row(meeting)
    published_on = on or timezone.localdate()
    if meeting.agenda_published_on is not None:
        raise ValidationError(AGENDA_ALREADY_PUBLISHED.format(on=f"{meeting.agenda_published_on:%-d %B %Y}"))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(AGENDA_CANCELLED)
    if _meeting_day(meeting) < published_on:
        raise ValidationError(AGENDA_AFTER_MEETING)
    if not AgendaItem.objects.active().filter(meeting=meeting).exists():
        raise ValidationError(AGENDA_EMPTY)
    meeting.agenda_published_on = published_on
    record_save(meeting, by=by, reason="Agenda published")
    notice = selectors.agenda_notice(meeting=meeting)
    assert notice is not None
    return notice


@dataclass(frozen=True)
class AgendaItemDetails:
    number: int
    title: str
    summary: str = ""
    exempt_paragraph: str = ""
    papers: str = ""
    review: CommissioningReview | None = None


def _apply_item(item: AgendaItem, details: AgendaItemDetails) -> None:
    item.number = details.number
    item.title = details.title.strip()
    item.summary = details.summary.strip()
    item.exempt_paragraph = details.exempt_paragraph
    item.papers = details.papers.strip()
    item.review = details.review


def _check_number(meeting: Meeting, details: AgendaItemDetails, existing: AgendaItem | None) -> None:
    if selectors.item_number_in_use(meeting=meeting, number=details.number, excluding=existing):
        raise ValidationError({"number": NUMBER_TAKEN.format(number=details.number)})


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, details: AgendaItemDetails, by: User, form_token: uuid.UUID | None = None
) -> AgendaItem:
    claim = claim_form_token(form_token, by=by)
    meeting = lock_row(meeting)  # items are numbered under the meeting's lock
    _check_number(meeting, details, None)
    item = AgendaItem(meeting=meeting)
    _apply_item(item, details)
    return record_save_unique(
        item,
        constraint="one_item_number_per_meeting",
        field="number",
        taken=NUMBER_TAKEN.format(number=details.number),
        by=by,
        reason="Agenda item added",
        claim=claim,
    )


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, details: AgendaItemDetails, by: User, reason: str = "", version: str | None = None
) -> AgendaItem:
    lock_row(item.meeting)
    item = record_edited(item, version=version, already_archived=ITEM_ALREADY_ARCHIVED)
    _check_number(item.meeting, details, item)
    _apply_item(item, details)
    return record_save_unique(
        item,
        constraint="one_item_number_per_meeting",
        field="number",
        taken=NUMBER_TAKEN.format(number=details.number),
        by=by,
        reason=reason.strip() or "Agenda item changed",
    )


def _lock_item(item: AgendaItem) -> AgendaItem:
    lock_row(item.meeting)  # items are numbered under the meeting's lock
    return lock_row(item)


def _number_free(item: AgendaItem) -> None:
    if selectors.item_number_in_use(meeting=item.meeting, number=item.number, excluding=item):
        raise ValidationError({"reason": ITEM_NUMBER_TAKEN_ON_RESTORE.format(number=item.number)})


@transaction.atomic
def agenda_item_archive(*, item: AgendaItem, by: User, reason: str) -> AgendaItem:
    """Take the item off the agenda (its number may then be used again); it stays in the history."""
    return record_archive(
        record=item,
        by=by,
        reason=reason,
        reason_required=ITEM_ARCHIVE_REASON_REQUIRED,
        already=ITEM_ALREADY_ARCHIVED,
        history="Removed from the agenda",
        lock=_lock_item,
    )


@transaction.atomic
def agenda_item_restore(*, item: AgendaItem, by: User, reason: str) -> AgendaItem:
    """Put a removed item back on the agenda, unless another item has taken its number meanwhile."""
    return record_restore(
        record=item,
        by=by,
        reason=reason,
        reason_required=ITEM_RESTORE_REASON_REQUIRED,
        not_archived=ITEM_NOT_ARCHIVED,
        history="Put back on the agenda",
        lock=_lock_item,
        check=_number_free,
    )


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: Mapping[int, str], by: User) -> list[Attendance]:
    """Who was present, sent apologies or was absent (councillor id -> status): one history entry for each
    councillor whose record is new or changed. Only members on the day may be recorded."""
    meeting = lock_row(meeting)
    day = _meeting_day(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(ATTENDANCE_BEFORE_MEETING.format(day=f"{day:%-d %B %Y}"))
    members = {m.councillor_id: m for m in selectors.meeting_members(meeting=meeting)}
    councillors = Councillor.objects.in_bulk(list(statuses))
    errors = [
        ATTENDANCE_NOT_MEMBER.format(
            name=councillors[pk].name if pk in councillors else f"Councillor {pk}", body=meeting.body.name
        )
        for pk in statuses
        if pk not in members
    ]
    bad = [status for status in statuses.values() if status not in AttendanceStatus.values]
    if bad:
        raise ValueError(f"not an attendance status: {bad[0]!r}")
    if errors:
        raise ValidationError(errors)
    existing = {a.councillor_id: a for a in Attendance.objects.select_for_update(of=("self",)).filter(meeting=meeting)}
    saved = []
    for pk, status in statuses.items():
        record = existing.get(pk) or Attendance(meeting=meeting, councillor_id=pk)
        if record.pk is not None and record.status == status:
            continue
        record.status = status
        saved.append(record_save(record, by=by, reason="Attendance recorded", exclude=["meeting"]))
    return saved


@transaction.atomic
def meeting_record_minutes(
    *,
    meeting: Meeting,
    minutes: str,
    approved_on: dt.date | None,
    by: User,
    exempt_minutes: str | None = None,
    version: str | None = None,
) -> Meeting:
    """Record the open minutes and, for a meeting with items exempt under Schedule 12A, the exempt part (the minutes
    of those items, never published). ``exempt_minutes=None`` keeps the exempt part already saved."""
    meeting = record_edited(meeting, version=version, already_archived=MEETING_ALREADY_ARCHIVED)
    day = _meeting_day(meeting)
    errors: dict[str, str] = {}
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(MINUTES_CANCELLED)
    exempt = meeting.exempt_minutes if exempt_minutes is None else exempt_minutes.strip()
    exempt_items = selectors.exempt_agenda_items(meeting=meeting)
    named = next((item for item in exempt_items if item.title.strip().lower() in minutes.lower()), None)
    if meeting.starts_at > timezone.now():
        errors["minutes"] = MINUTES_BEFORE_MEETING.format(day=f"{day:%-d %B %Y}")
    elif not minutes.strip():
        errors["minutes"] = MINUTES_REQUIRED
    elif named is not None:
        errors["minutes"] = OPEN_MINUTES_NAME_EXEMPT_ITEM.format(number=named.number, title=named.title.strip())
    if exempt and not exempt_items:
        errors["exempt_minutes"] = EXEMPT_MINUTES_NO_EXEMPT_ITEM
    if approved_on is not None and approved_on < day:
        errors["approved_on"] = MINUTES_APPROVED_BEFORE_MEETING.format(day=f"{day:%-d %B %Y}")
    if errors:
        raise ValidationError(errors)
    meeting.minutes = minutes.strip()
    meeting.exempt_minutes = exempt
    meeting.minutes_approved_on = approved_on
    meeting.status = MeetingStatus.HELD
    return record_save(meeting, by=by, reason="Minutes recorded")
