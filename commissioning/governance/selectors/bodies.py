"""Reads for bodies, membership and political balance, meetings, agendas, attendance and minutes.

Visibility: everyone inside the council reads every body and meeting; the public (and providers, who see what the
public sees) read published bodies and their meetings, an agenda once it is published, the open minutes, and never
an exempt item's title, summary or papers or the exempt part of the minutes (Local Government Act 1972, Schedule 12A):
``sees_exempt``, the permission governance.view_exempt_item, decides all of those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from commissioning.accounts.models import Councillor, User, Ward
from commissioning.core.permissions import Role, is_internal
from commissioning.core.search import search
from commissioning.governance.calculations import bodies as calculations
from commissioning.governance.models import (
    BALANCED_KINDS,
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    CommitteeReport,
    GovernanceSettings,
    Meeting,
    MemberRole,
    Membership,
    ReportStatus,
)
from commissioning.reviews.models import CommissioningReview

# Seats that count towards political balance: a substitute stands in and an adviser does not vote.
VOTING_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER)


def _internal(user: Any) -> bool:
    return bool(is_internal(user))


def sees_exempt(user: Any) -> bool:
    """Whether this user sees what Schedule 12A exempts: an exempt item's title, summary and papers, and the exempt
    part of a meeting's minutes. The one rule for all of them is the permission ``governance.view_exempt_item``."""
    return bool(user.has_perm("governance.view_exempt_item"))


def governance_settings() -> GovernanceSettings:
    """The council's one settings row (made with the defaults the first time it is asked for)."""
    found = GovernanceSettings.objects.order_by("pk").first()
    return found if found is not None else GovernanceSettings.objects.create()


# Bodies -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyFilters:
    q: str = ""
    kind: str = ""
    include_archived: bool = False


def visible_bodies(*, user: Any) -> QuerySet[Body]:
    """Internal users every body; everyone else the published, current ones."""
    bodies = Body.objects.all()
    if _internal(user):
        return bodies
    return bodies.filter(published=True, archived_at__isnull=True)


def _current(prefix: str = "", *, on: dt.date) -> Q:
    return Q(**{f"{prefix}archived_at__isnull": True}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": on})
    )


def body_list(*, user: Any, filters: BodyFilters) -> QuerySet[Body]:
    today = timezone.localdate()
    bodies = visible_bodies(user=user).select_related("parent")
    if not filters.include_archived:
        bodies = bodies.filter(archived_at__isnull=True)
    bodies = search(bodies, filters.q, "search_text")
    if filters.kind:
        bodies = bodies.filter(kind=filters.kind)
    return bodies.annotate(member_count=Count("memberships", filter=_current("memberships__", on=today))).order_by(
        "name", "pk"
    )


EXPORT_HEADERS = ["Body", "Kind", "Portfolio", "Part of", "Seats", "Current members", "Published", "Status"]


def body_export_rows(bodies: QuerySet[Body]) -> Iterator[list[Any]]:
    for body in bodies.iterator(chunk_size=500):
        yield [
            body.name,
            body.get_kind_display(),
            body.portfolio,
            body.parent.name if body.parent else "",
            body.seats,
            body.member_count,  # type: ignore[attr-defined]
            body.published,
            "Archived" if body.is_archived else "Current",
        ]


def body_detail(*, user: Any, pk: int) -> Body:
    """Raises Body.DoesNotExist when the body is missing or not visible to this user."""
    return (
        visible_bodies(user=user)
        .select_related("parent", "review", "archived_by")
        .prefetch_related(Prefetch("wards", queryset=Ward.objects.order_by("name")))
        .get(pk=pk)
    )


def body_choices(*, excluding: Body | None = None) -> QuerySet[Body]:
    bodies = Body.objects.active().order_by("name")
    return bodies.exclude(pk=excluding.pk) if excluding is not None else bodies


@dataclass(frozen=True)
class Members:
    current: list[Membership]
    past: list[Membership]


def body_members(*, body: Body) -> Members:
    """The body's members: current ones by role then name, past ones most recently ended first (one query)."""
    today = timezone.localdate()
    memberships = list(
        Membership.objects.active().filter(body=body).select_related("councillor", "officer").order_by("starts_on")
    )
    order = {role: i for i, role in enumerate(MemberRole.values)}

    def name(m: Membership) -> str:
        return m.councillor.name if m.councillor else str(m.officer)

    current = [m for m in memberships if m.ends_on is None or m.ends_on > today]
    past = [m for m in memberships if m.ends_on is not None and m.ends_on <= today]
    current.sort(key=lambda m: (order.get(m.role, 9), name(m)))
    past.sort(key=lambda m: (m.ends_on, name(m)), reverse=True)
    return Members(current=current, past=past)


def council_seats_by_party() -> dict[str, int]:
    """How many seats each political group holds on the council: current councillors by party (one query)."""
    rows = Councillor.objects.active().values("party").annotate(seats=Count("pk")).order_by("party")
    return {row["party"]: row["seats"] for row in rows}


def body_balance(*, body: Body, members: Members) -> calculations.Balance | None:
    """For a politically balanced body (committees, scrutiny, cross-party groups): its seats by party against the
    council's balance. The body's seats are its stated size, else the voting seats filled."""
    if body.kind not in BALANCED_KINDS:
        return None
    actual: dict[str, int] = {}
    for membership in members.current:
        if membership.councillor_id is not None and membership.role in VOTING_ROLES:
            actual[membership.party] = actual.get(membership.party, 0) + 1
    seats = body.seats or sum(actual.values())
    return calculations.committee_balance(council_seats=council_seats_by_party(), seats=seats, actual=actual)


def councillor_choices() -> QuerySet[Councillor]:
    return Councillor.objects.active().order_by("name")


def officer_choices() -> QuerySet[User]:
    """Officers who can advise a body or a decision: commissioning officers, directors, finance, democratic services
    and the monitoring officer."""
    return User.objects.filter(
        is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.DEMOCRATIC, Role.LEGAL]
    ).order_by("last_name", "first_name", "username")


def review_choices() -> QuerySet[CommissioningReview]:
    return CommissioningReview.objects.active().order_by("reference")


def ward_choices() -> QuerySet[Ward]:
    return Ward.objects.active().order_by("name")


def name_in_use(*, name: str, excluding: Body | None = None) -> bool:
    bodies = Body.objects.filter(name__iexact=name.strip())
    if excluding is not None:
        bodies = bodies.exclude(pk=excluding.pk)
    return bodies.exists()


def membership_detail(*, user: Any, pk: int) -> Membership:
    """Raises Membership.DoesNotExist when missing or its body is not visible to this user."""
    return Membership.objects.select_related("body", "councillor", "officer").get(
        pk=pk, body__in=visible_bodies(user=user)
    )


def current_membership_of(*, body: Body, councillor: Councillor, on: dt.date) -> Membership | None:
    return (
        Membership.objects.active()
        .filter(body=body, councillor=councillor, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .first()
    )


def open_membership_of(*, body: Body, councillor: Councillor, starts_on: dt.date) -> Membership | None:
    """A membership of the councillor on the body that has not ended by ``starts_on``."""
    return (
        Membership.objects.active()
        .filter(body=body, councillor=councillor)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        .first()
    )


# Meetings -----------------------------------------------------------------------------------------------------------

UPCOMING, PAST, ALL = "upcoming", "past", "all"


@dataclass(frozen=True)
class MeetingFilters:
    when: str = UPCOMING
    body: int | None = None
    status: str = ""


def visible_meetings(*, user: Any) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(archived_at__isnull=True)
    if _internal(user):
        return meetings
    return meetings.filter(body__published=True, body__archived_at__isnull=True)


def meeting_list(*, user: Any, filters: MeetingFilters) -> QuerySet[Meeting]:
    now = timezone.now()
    meetings = visible_meetings(user=user).select_related("body").annotate(item_count=Count("agenda_items"))
    if filters.body:
        meetings = meetings.filter(body_id=filters.body)
    if filters.status:
        meetings = meetings.filter(status=filters.status)
    if filters.when == UPCOMING:
        return meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")
    if filters.when == PAST:
        meetings = meetings.filter(starts_at__lt=now)
    return meetings.order_by("-starts_at", "-pk")


MEETING_EXPORT_HEADERS = ["Body", "Date", "Time", "Place", "Status", "Agenda published", "Agenda items"]


def meeting_export_rows(meetings: QuerySet[Meeting]) -> Iterator[list[Any]]:
    for meeting in meetings.iterator(chunk_size=500):
        local = timezone.localtime(meeting.starts_at)
        yield [
            meeting.body.name,
            local.date(),
            local.strftime("%H:%M"),
            meeting.place,
            meeting.get_status_display(),
            meeting.agenda_published_on,
            meeting.item_count,  # type: ignore[attr-defined]
        ]


def body_meetings(*, user: Any, body: Body, limit: int = 10) -> tuple[list[Meeting], list[Meeting]]:
    """The body's next meetings (soonest first) and its latest past ones (most recent first): two queries."""
    now = timezone.now()
    meetings = visible_meetings(user=user).filter(body=body)
    upcoming = list(meetings.filter(starts_at__gte=now).order_by("starts_at")[:limit])
    past = list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:limit])
    return upcoming, past


def meeting_detail(*, user: Any, pk: int) -> Meeting:
    """Raises Meeting.DoesNotExist when missing or its body is not visible to this user. Users inside the council
    also see an archived meeting (shown as archived); the public and providers do not."""
    meetings = Meeting.objects.all() if _internal(user) else visible_meetings(user=user)
    return meetings.select_related("body", "archived_by").get(pk=pk)


@dataclass(frozen=True)
class ShownItem:
    """An agenda item as this user may see it: an exempt item shows the public its number and paragraph only."""

    item: AgendaItem
    restricted: bool  # the title, summary and papers are withheld

    @property
    def papers(self) -> list[str]:
        return [] if self.restricted else [line.strip() for line in self.item.papers.splitlines() if line.strip()]


def meeting_agenda(*, user: Any, meeting: Meeting) -> list[ShownItem] | None:
    """The agenda as this user may see it, in order; None when it is not published yet and the user is not internal."""
    internal = _internal(user)
    if not internal and meeting.agenda_published_on is None:
        return None
    # The item's published committee report (ADR 0037), in the same query: its id and title.
    reports = CommitteeReport.objects.active().filter(agenda_item=OuterRef("pk"), status=ReportStatus.PUBLISHED)
    items = (
        AgendaItem.objects.active()
        .filter(meeting=meeting)
        .select_related("review")
        .annotate(
            report_pk=Subquery(reports.order_by("pk").values("pk")[:1]),
            report_title=Subquery(reports.order_by("pk").values("title")[:1]),
        )
        .order_by("number")
    )
    exempt_shown = sees_exempt(user)
    return [ShownItem(item=item, restricted=item.is_exempt and not exempt_shown) for item in items]


@dataclass(frozen=True)
class ShownMinutes:
    """A meeting's minutes as this user may see them. The open minutes are public; the exempt part (the minutes of
    the items taken in private) is shown only to those who may see exempt items, and to everyone else only the
    numbers and paragraphs of the items it covers."""

    open: str
    exempt: str  # empty when there is none, or when this user may not see it
    exempt_items: list[AgendaItem]  # the meeting's exempt items on the agenda, in order
    restricted: bool  # the meeting has an exempt part this user may not see

    @property
    def open_paragraphs(self) -> list[str]:
        return _paragraphs(self.open)

    @property
    def exempt_paragraphs(self) -> list[str]:
        return _paragraphs(self.exempt)

    @property
    def schedule_paragraphs(self) -> str:
        """The paragraphs of Schedule 12A the exempt items fall under, like "1 and 3"."""
        found = sorted({item.exempt_paragraph for item in self.exempt_items})
        return " and ".join([", ".join(found[:-1]), found[-1]] if len(found) > 1 else found)


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def exempt_agenda_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items on the agenda that are exempt under Schedule 12A, in order (for those who keep minutes)."""
    return list(AgendaItem.objects.active().filter(meeting=meeting).exclude(exempt_paragraph="").order_by("number"))


def meeting_minutes(*, user: Any, meeting: Meeting, agenda: list[ShownItem] | None = None) -> ShownMinutes:
    """The minutes of the meeting for this user: the exempt part only for those who may see exempt items. Reuses the
    agenda already read for the page (``meeting_agenda``), else reads the exempt items (one query)."""
    if agenda is not None:
        exempt_items = [shown.item for shown in agenda if shown.item.is_exempt]
    else:
        exempt_items = exempt_agenda_items(meeting=meeting)
    shown = sees_exempt(user)
    return ShownMinutes(
        open=meeting.minutes,
        exempt=meeting.exempt_minutes if shown else "",
        exempt_items=exempt_items,
        restricted=bool(meeting.exempt_minutes) and not shown,
    )


def removed_agenda_items(*, meeting: Meeting) -> list[AgendaItem]:
    """Items taken off the meeting's agenda (archived), in order: for those who may put them back."""
    return list(
        AgendaItem.objects.filter(meeting=meeting, archived_at__isnull=False)
        .select_related("archived_by")
        .order_by("number", "pk")
    )


def meeting_attendance(*, meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.active().filter(meeting=meeting).select_related("councillor").order_by("councillor__name")
    )


def meeting_members(*, meeting: Meeting) -> list[Membership]:
    """The councillors on the body on the day of the meeting (whose attendance is recorded), by name."""
    day = timezone.localtime(meeting.starts_at).date()
    return list(
        Membership.objects.active()
        .filter(body_id=meeting.body_id, councillor__isnull=False, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("councillor")
        .order_by("councillor__name")
    )


def agenda_item_detail(*, user: Any, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "meeting__body").get(
        pk=pk, meeting__in=visible_meetings(user=user)
    )
    if item.is_exempt and not sees_exempt(user):
        raise AgendaItem.DoesNotExist
    return item


def item_number_in_use(*, meeting: Meeting, number: int, excluding: AgendaItem | None = None) -> bool:
    items = AgendaItem.objects.active().filter(meeting=meeting, number=number)
    if excluding is not None:
        items = items.exclude(pk=excluding.pk)
    return items.exists()


def next_item_number(*, meeting: Meeting) -> int:
    numbers = AgendaItem.objects.active().filter(meeting=meeting).values_list("number", flat=True)
    return max(numbers, default=0) + 1


@dataclass(frozen=True)
class AgendaNotice:
    """How much notice a published agenda gave: clear working days against the council's minimum."""

    clear_working_days: int
    required: int

    @property
    def late(self) -> bool:
        return self.clear_working_days < self.required


def agenda_notice(*, meeting: Meeting, settings: GovernanceSettings | None = None) -> AgendaNotice | None:
    if meeting.agenda_published_on is None:
        return None
    required = (settings or governance_settings()).agenda_clear_working_days
    days = calculations.agenda_clear_working_days(
        published_on=meeting.agenda_published_on, meeting_on=timezone.localtime(meeting.starts_at).date()
    )
    return AgendaNotice(clear_working_days=days, required=required)


def kind_label(kind: str) -> str:
    return BodyKind(kind).label if kind in BodyKind.values else kind


@dataclass(frozen=True)
class ReviewBoard:
    board: Body
    members: list[Membership]
    next_meeting: dt.datetime | None


def programme_board_for_review(*, user: Any, review: Any) -> ReviewBoard | None:
    """The review's Programme Board that this user may see, with its current members and next meeting: one query
    whether or not the review has a board (its current memberships, each with the board and its next meeting)."""
    today = timezone.localdate()
    next_meeting = (
        Meeting.objects.filter(body=OuterRef("body_id"), archived_at__isnull=True, starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    boards = visible_bodies(user=user).filter(
        review_id=review.pk, kind=BodyKind.PROGRAMME_BOARD, archived_at__isnull=True
    )
    memberships = list(
        Membership.objects.filter(_current(on=today), body__in=boards)
        .select_related("body", "councillor", "officer")
        .annotate(next_meeting=Subquery(next_meeting))
        .order_by("body_id", "pk")
    )
    if not memberships:
        return None
    board = memberships[0].body
    order = {role: i for i, role in enumerate(MemberRole.values)}
    members = sorted((m for m in memberships if m.body_id == board.pk), key=lambda m: (order.get(m.role, 9), m.pk))
    return ReviewBoard(board=board, members=members, next_meeting=memberships[0].next_meeting)  # type: ignore[attr-defined]
