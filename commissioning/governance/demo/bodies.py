"""Demo records for bodies, membership and political balance, meetings, agendas, attendance and minutes.

From the demo councillors: Full Council, Cabinet (the leader and the portfolio holders), a portfolio holder for each
directorate (the demo ``cabinet`` login holds the first), the Overview and Scrutiny Committee (the ``scrutiny`` login
sits on it; someone else chairs) with a task and finish group, Staff and Support Services, Appointments, a Cabinet
working group, a cross-party member group, a community committee for each cluster of wards and a Programme Board for
each commissioning review past Analyse or in progress. Then a year of meetings up to the demo's today (``ctx.today``,
the app's clock on the day of seeding) and two months ahead, with agendas (some items exempt), attendance and minutes.

Leaves for the later areas ``ctx.made["bodies"]`` and ``ctx.made["meetings"]`` (see the end of ``seed``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commissioning.accounts.models import Councillor, User
from commissioning.core.demo import SeedContext, add_m2m, create_missing
from commissioning.governance.calculations import bodies as calculations
from commissioning.governance.models import (
    BALANCED_KINDS,
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
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.services.models import Directorate

REASON = "Demo council seeded"
PLACES = ["Council Chamber, Town Hall", "Committee Room 1, Town Hall", "Committee Room 2, Town Hall"]
WARDS_PER_COMMUNITY_COMMITTEE = 5
# Months between meetings, by kind.
EVERY = {
    BodyKind.COUNCIL: 2,
    BodyKind.CABINET: 1,
    BodyKind.PORTFOLIO_HOLDER: 3,
    BodyKind.SCRUTINY: 1,
    BodyKind.COMMITTEE: 3,
    BodyKind.PROGRAMME_BOARD: 2,
    BodyKind.WORKING_GROUP: 3,
    BodyKind.TASK_AND_FINISH: 2,
    BodyKind.COMMUNITY_COMMITTEE: 3,
    BodyKind.CROSS_PARTY: 3,
}
OPEN_ITEMS = [
    "Apologies for absence",
    "Declarations of interest",
    "Minutes of the last meeting",
    "Public questions",
    "Budget monitoring: quarter {q}",
    "Performance report",
    "Forward plan of key decisions",
    "Work programme",
]
EXEMPT_ITEMS = [
    ("3", "Contract award: commercial terms"),
    ("1", "Staffing matter"),
    ("5", "Legal advice on a claim"),
    ("3", "Disposal of land: valuation"),
]


MINUTES = (
    "Present: {present}.\n"
    "1. Apologies were received and noted.\n"
    "2. No declarations of interest were made.\n"
    "3. The minutes of the last meeting were approved as a correct record.\n"
    "4. The reports were noted."
)


def members_present(count: int) -> str:
    """The count for the minutes' first line: "1 member", "7 members"."""
    return f"{count} member" if count == 1 else f"{count} members"


# A meeting with an exempt item: the open minutes say only that the public were excluded; the exempt part, seen
# inside the council only, minutes the item itself.
EXCLUSION = (
    "\nBefore item {number}, the press and public were excluded: the item involves the likely disclosure of exempt "
    "information under paragraph {paragraph} of Schedule 12A to the Local Government Act 1972."
)
EXEMPT_MINUTES = (
    "{number}. {title} (exempt under paragraph {paragraph} of Schedule 12A)\n"
    "The committee considered the confidential report, asked questions of the officers and agreed its "
    "recommendations. The report and this minute are not for publication."
)


def _attendance(roll: float) -> str:
    if roll < 0.85:
        return AttendanceStatus.PRESENT
    return AttendanceStatus.APOLOGIES if roll < 0.97 else AttendanceStatus.ABSENT


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, min(day.day, 28))


def _pick_balanced(
    *, pools: dict[str, list[Councillor]], entitled: dict[str, int], must: Sequence[Councillor] = ()
) -> list[Councillor]:
    chosen: list[Councillor] = list(must)
    for party, count in entitled.items():
        already = sum(1 for c in chosen if c.party == party)
        for councillor in pools.get(party, []):
            if already >= count:
                break
            if councillor not in chosen:
                chosen.append(councillor)
                already += 1
    return chosen


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng
    today = ctx.today
    zone = ZoneInfo(settings.TIME_ZONE)
    year = today.year - 1 if (today.month, today.day) >= (5, 15) else today.year - 2
    annual_meeting = dt.date(year, 5, 15)  # memberships run from the annual council meeting before the year shown

    councillors = list(Councillor.objects.active().select_related("user").prefetch_related("wards").order_by("pk"))
    by_login = {c.user.username: c for c in councillors if c.user is not None}
    cabinet_login = by_login.get("cabinet")
    scrutiny_login = by_login.get("scrutiny")
    parties = Counter(c.party for c in councillors)
    ruling = max(sorted(parties), key=lambda p: parties[p])
    council_seats = dict(parties)

    def pool(excluding: set[int]) -> dict[str, list[Councillor]]:
        pools: dict[str, list[Councillor]] = {}
        for c in councillors:
            if c.pk not in excluding:
                pools.setdefault(c.party, []).append(c)
        return pools

    directorates = list(Directorate.objects.active().order_by("name"))
    # Cabinet: the leader (of the largest group), a portfolio holder for each directorate, the first being the cabinet
    # login's councillor, and members without portfolio to make it 6 to 9 in all.
    ruling_members = [c for c in councillors if c.party == ruling and c not in (cabinet_login, scrutiny_login)]
    leader = ruling_members[0]
    holders: list[Councillor] = []
    if cabinet_login is not None:
        holders.append(cabinet_login)
    holders += [c for c in ruling_members[1:] if c not in holders][: max(0, len(directorates) - len(holders))]
    cabinet_size = min(9, max(6, len(directorates) + 2))
    cabinet_members = [leader, *holders]
    cabinet_members += [c for c in ruling_members if c not in cabinet_members][: cabinet_size - len(cabinet_members)]
    executive = {c.pk for c in cabinet_members}

    specs: list[tuple[Body, Sequence[tuple[Councillor | User, str]]]] = []

    def body(name: str, kind: str, members: Sequence[tuple[Councillor | User, str]], **fields: object) -> Body:
        record = Body(name=name, kind=kind, **fields)  # type: ignore[arg-type]
        specs.append((record, members))
        return record

    council = body(
        "Full Council",
        BodyKind.COUNCIL,
        [(c, MemberRole.CHAIR if i == 1 else MemberRole.MEMBER) for i, c in enumerate(councillors)],
        purpose="All the councillors: sets the budget and the policy framework, and appoints the Leader.",
    )
    cabinet = body(
        "Cabinet",
        BodyKind.CABINET,
        [(c, MemberRole.CHAIR if c is leader else MemberRole.MEMBER) for c in cabinet_members],
        purpose="The executive: takes key decisions within the budget and policy framework.",
    )
    portfolios = [
        body(
            f"Cabinet Member for {directorate.name}",
            BodyKind.PORTFOLIO_HOLDER,
            [(holders[i % len(holders)], MemberRole.MEMBER)],
            portfolio=directorate.name,
            directorate=directorate,
            purpose=f"Takes executive decisions on {directorate.name.lower()} delegated to the portfolio holder.",
        )
        for i, directorate in enumerate(directorates)
    ]

    def balanced(seats: int, must: Sequence[Councillor] = (), excluding: set[int] = frozenset()) -> list[Councillor]:  # type: ignore[assignment]
        balance = calculations.committee_balance(council_seats=council_seats, seats=seats, actual={})
        entitled = {p.party: p.entitled for p in balance.parties}
        return _pick_balanced(pools=pool(set(excluding)), entitled=entitled, must=must)

    # Scrutiny: non-executive members only; the scrutiny login sits on it, an opposition member chairs.
    scrutiny_seats = 9 if len(councillors) < 60 else 13
    scrutiny_members = balanced(scrutiny_seats, must=[scrutiny_login] if scrutiny_login else [], excluding=executive)
    chair = next(
        (c for c in scrutiny_members if c.party != ruling and c is not scrutiny_login),
        next(c for c in scrutiny_members if c is not scrutiny_login),
    )
    vice = next(c for c in scrutiny_members if c not in (chair, scrutiny_login))
    scrutiny = body(
        "Overview and Scrutiny Committee",
        BodyKind.SCRUTINY,
        [
            (c, MemberRole.CHAIR if c is chair else MemberRole.VICE_CHAIR if c is vice else MemberRole.MEMBER)
            for c in scrutiny_members
        ],
        seats=scrutiny_seats,
        purpose="Holds the Cabinet to account, reviews policy and can call in executive decisions.",
    )
    task_and_finish = body(
        "Task and Finish Group: Access to Early Help",
        BodyKind.TASK_AND_FINISH,
        [(c, MemberRole.CHAIR if i == 0 else MemberRole.MEMBER) for i, c in enumerate(scrutiny_members[:5])],
        parent=scrutiny,
        purpose="A short review for the scrutiny committee of how families find early help.",
    )
    staff_members = balanced(7, excluding=executive)
    staff = body(
        "Staff and Support Services Committee",
        BodyKind.COMMITTEE,
        [(c, MemberRole.CHAIR if i == 0 else MemberRole.MEMBER) for i, c in enumerate(staff_members)],
        seats=7,
        purpose="Employment policies, pay and conditions, and the council's support services.",
    )
    appointments_members = balanced(5, must=[leader])
    appointments = body(
        "Appointments Committee",
        BodyKind.COMMITTEE,
        [(c, MemberRole.CHAIR if c is leader else MemberRole.MEMBER) for c in appointments_members],
        seats=5,
        purpose="Appoints the chief officers.",
    )
    working_group = body(
        "Cabinet Working Group on Strategic Commissioning",
        BodyKind.WORKING_GROUP,
        [(c, MemberRole.CHAIR if c is leader else MemberRole.MEMBER) for c in cabinet_members[:4]]
        + [(c, MemberRole.MEMBER) for c in ruling_members if c.pk not in executive][:2],
        parent=cabinet,
        purpose="Advises Cabinet on becoming a strategic commissioning council.",
    )
    # Cross-party: balanced in principle, with the largest group one seat over (the page names it).
    cross_members = balanced(8, excluding=executive)
    extra = next((c for c in ruling_members if c.pk not in executive and c not in cross_members), None)
    if extra is not None:
        cross_members.append(extra)
    cross_party = body(
        "Cross-Party Member Group on Commissioning",
        BodyKind.CROSS_PARTY,
        [(c, MemberRole.CHAIR if i == 0 else MemberRole.MEMBER) for i, c in enumerate(cross_members)],
        seats=8,
        purpose="Fairly represents each political group in shaping the commissioning programme; it has no "
        "decision-making powers.",
    )
    wards = ctx.made.get("wards") or []
    ward_clusters = [wards[i : i + WARDS_PER_COMMUNITY_COMMITTEE] for i in range(0, len(wards), 5)]
    community: list[Body] = []
    community_wards: list[tuple[Body, list[int]]] = []
    for cluster in ward_clusters:
        ward_ids = {w.pk for w in cluster}
        ward_councillors = [c for c in councillors if any(w.pk in ward_ids for w in c.wards.all())]
        record = body(
            f"{cluster[0].name} Area Community Committee",
            BodyKind.COMMUNITY_COMMITTEE,
            [(c, MemberRole.CHAIR if i == 0 else MemberRole.MEMBER) for i, c in enumerate(ward_councillors)],
            purpose="The ward councillors of " + ", ".join(w.name for w in cluster) + ", deciding local matters.",
        )
        community.append(record)
        community_wards.append((record, sorted(ward_ids)))

    reviews = list(
        CommissioningReview.objects.active()
        .filter(~Q(stage=Stage.ANALYSE) | Q(status=ReviewStatus.IN_PROGRESS))
        .select_related("lead_commissioner")
        .order_by("reference")
    )
    holder_of = {d.pk: holders[i % len(holders)] for i, d in enumerate(directorates)}
    boards: dict[int, Body] = {}
    # A review keeps its board when it is renamed: a second run finds the board by its review, not by its name.
    existing_boards = {
        board.review_id: board
        for board in Body.objects.filter(kind=BodyKind.PROGRAMME_BOARD, review__in=reviews).order_by("pk")
    }
    for review in reviews:
        if review.pk in existing_boards:
            continue
        holder = holder_of.get(review.directorate_id, holders[0])
        boards[review.pk] = body(
            f"Programme Board: {review.title} ({review.reference})",
            BodyKind.PROGRAMME_BOARD,
            [(holder, MemberRole.CHAIR), (review.lead_commissioner, MemberRole.ADVISER)],
            review=review,
            purpose="Oversees the commissioning review and signs off its evidence pack before it moves to Plan.",
        )

    # Bodies without a parent first, then those that are part of one (pointed at the saved parent).
    before = set(Body.objects.values_list("pk", flat=True))
    parents = {record.name: record.parent.name for record, _ in specs if record.parent is not None}
    for record, _ in specs:
        record.parent = None
    made = create_missing(Body, [r for r, _ in specs if r.name not in parents], key="name", ctx=ctx)
    children = [r for r, _ in specs if r.name in parents]
    for record in children:
        record.parent = made[parents[record.name]]
    made.update(create_missing(Body, children, key="name", ctx=ctx))
    ctx.counts["bodies"] = len(set(Body.objects.values_list("pk", flat=True)) - before)
    new_ids = {b.pk for b in made.values()} - before

    def saved(record: Body) -> Body:
        return made[record.name]

    add_m2m(
        Body,
        "wards",
        [(saved(record).pk, ward_id) for record, ids in community_wards for ward_id in ids],
        new_owner_ids=new_ids,
    )

    memberships: list[Membership] = []
    for record, members in specs:
        owner = saved(record)
        if owner.pk not in new_ids:
            continue
        for who, role in members:
            if isinstance(who, Councillor):
                memberships.append(
                    Membership(body=owner, councillor=who, role=role, party=who.party, starts_on=annual_meeting)
                )
            else:
                memberships.append(Membership(body=owner, officer=who, role=role, starts_on=annual_meeting))
    # A past member: the first scrutiny seat changed hands in the year (shown under "Past members").
    if saved(scrutiny).pk in new_ids:
        leaver = next(c for c in councillors if c.pk not in executive and c not in scrutiny_members)
        memberships.append(
            Membership(
                body=saved(scrutiny),
                councillor=leaver,
                role=MemberRole.MEMBER,
                party=leaver.party,
                starts_on=annual_meeting - dt.timedelta(days=365),
                ends_on=annual_meeting - dt.timedelta(days=1),
            )
        )
    bulk_create_with_history(memberships, Membership, batch_size=1000, default_change_reason=REASON)
    ctx.counts["memberships"] = len(memberships)

    # Meetings: the twelve months to today, and two months ahead.
    first_day = _add_months(today, -12)
    last_day = _add_months(today, 2)
    now = dt.datetime.combine(today, timezone.localtime().time(), tzinfo=zone)  # the demo's today, at this hour
    members_of: dict[int, list[Councillor]] = {
        saved(record).pk: [who for who, _ in members if isinstance(who, Councillor)] for record, members in specs
    }
    review_of = {saved(record).pk: record.review for record, _ in specs if record.review is not None}
    meetings: list[Meeting] = []
    roll_calls: list[list[tuple[Councillor, str]]] = []
    for index, (record, _members) in enumerate(specs):
        owner = saved(record)
        if owner.pk not in new_ids:
            continue
        step = EVERY[BodyKind(owner.kind)]
        day = first_day + dt.timedelta(days=7 + index % 21)
        while day <= last_day:
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            starts_at = dt.datetime.combine(day, dt.time(18 if owner.kind == BodyKind.COUNCIL else 10), tzinfo=zone)
            held = starts_at < now
            published_on = day - dt.timedelta(days=8 + rng.randrange(4))
            meeting = Meeting(
                body=owner,
                starts_at=starts_at,
                place=PLACES[0] if owner.kind == BodyKind.COUNCIL else PLACES[1 + index % 2],
                status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
                agenda_published_on=published_on if published_on <= today else None,
            )
            if held:
                statuses = [(c, _attendance(rng.random())) for c in members_of.get(owner.pk, [])]
                roll_calls.append(statuses)
                present = sum(1 for _, status in statuses if status == AttendanceStatus.PRESENT)
                meeting.minutes = MINUTES.format(present=members_present(present))
                n = len(meetings)  # its index among the meetings made: every fourth has an exempt item (below)
                if n % 4 == 0:
                    paragraph, title = EXEMPT_ITEMS[n // 4 % len(EXEMPT_ITEMS)]
                    number = 5 + (owner.pk in review_of)
                    meeting.minutes += EXCLUSION.format(number=number, paragraph=paragraph)
                    meeting.exempt_minutes = EXEMPT_MINUTES.format(number=number, title=title, paragraph=paragraph)
                meeting.minutes_approved_on = min(today, _add_months(day, step))
            else:
                roll_calls.append([])
            meetings.append(meeting)
            day = _add_months(day, step)
    # One recent meeting's agenda went out late (the page warns about it).
    late = next((m for m in reversed(meetings) if m.starts_at < now and m.body.kind == BodyKind.CABINET), None)
    if late is not None:
        late.agenda_published_on = timezone.localtime(late.starts_at).date() - dt.timedelta(days=2)
    created = bulk_create_with_history(meetings, Meeting, batch_size=1000, default_change_reason=REASON)
    ctx.counts["meetings"] = len(created)

    items: list[AgendaItem] = []
    attendance: list[Attendance] = []
    for n, meeting in enumerate(created):
        local = timezone.localtime(meeting.starts_at)
        titles = [OPEN_ITEMS[0], OPEN_ITEMS[1], OPEN_ITEMS[2]]
        titles.append(OPEN_ITEMS[3 + n % 5].format(q=(local.month - 4) % 12 // 3 + 1))
        for number, title in enumerate(titles, start=1):
            items.append(AgendaItem(meeting=meeting, number=number, title=title))
        review = review_of.get(meeting.body_id)
        number = len(titles) + 1
        if review is not None:
            items.append(
                AgendaItem(
                    meeting=meeting,
                    number=number,
                    title=f"{review.title}: progress of the review",
                    summary="The lead commissioner reports on the evidence gathered so far.",
                    papers="Report of the lead commissioner\nEvidence pack summary",
                    review=review,
                )
            )
            number += 1
        if n % 4 == 0:
            paragraph, title = EXEMPT_ITEMS[n // 4 % len(EXEMPT_ITEMS)]
            items.append(
                AgendaItem(
                    meeting=meeting,
                    number=number,
                    title=title,
                    exempt_paragraph=paragraph,
                    summary="Confidential report.",
                    papers="Exempt report (not for publication)",
                )
            )
        attendance += [Attendance(meeting=meeting, councillor=c, status=status) for c, status in roll_calls[n]]
    bulk_create_with_history(items, AgendaItem, batch_size=1000, default_change_reason=REASON)
    bulk_create_with_history(attendance, Attendance, batch_size=2000, default_change_reason=REASON)
    ctx.counts["agenda items"] = len(items)
    ctx.counts["attendance records"] = len(attendance)

    ctx.made["bodies"] = {
        "council": saved(council),
        "cabinet": saved(cabinet),
        "scrutiny": saved(scrutiny),
        "portfolios": [saved(p) for p in portfolios],
        "programme_boards": {**existing_boards, **{pk: saved(b) for pk, b in boards.items()}},
        "cross_party": saved(cross_party),
        "community": [saved(c) for c in community],
        "task_and_finish": saved(task_and_finish),
        "staff": saved(staff),
        "appointments": saved(appointments),
        "working_group": saved(working_group),
    }
    by_body: dict[int, list[Meeting]] = {}
    every_body = [*made.values(), *existing_boards.values()]
    for meeting in Meeting.objects.filter(body__in=every_body).select_related("body").order_by("starts_at"):
        by_body.setdefault(meeting.body_id, []).append(meeting)
    ctx.made["meetings"] = by_body
    assert all(b.kind not in BALANCED_KINDS or b.seats for b in ctx.made["bodies"].values() if isinstance(b, Body))
