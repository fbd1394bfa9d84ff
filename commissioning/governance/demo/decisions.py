"""Demo records for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in.

Made through the area's own actions (a score of decisions, so it stays fast) and dated from the demo's today
(``ctx.today``, the app's clock on the day of seeding), so the windows are live: the decision the minutes record (the
Council's approval of becoming a strategic commissioning council, 29 for and 2 abstentions, with its four
resolutions), Cabinet's recommendation before it, for every review with a submitted business case a key decision
(Cabinet's at its meeting, or the portfolio holder's) taken on that frozen version and adopting its recommended
option, each after its forward-plan notice and past its call-in window (so a review still in Plan passes the
Plan-to-Do gate), another review's decision taken on a report and still inside its call-in window, decisions by a
portfolio holder and by an officer under delegated powers, a correction, a key decision under the general exception
and one under special urgency, call-ins with each outcome (one still open), and a forward plan of the key decisions
to come.

Uses ``ctx.made["bodies"]`` and ``ctx.made["meetings"]`` from the bodies seeder, which always runs first.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from commissioning.accounts.models import Councillor, User
from commissioning.appraisals.models import BusinessCase, BusinessCaseStatus, Option
from commissioning.core.demo import SeedContext
from commissioning.governance.actions import bodies as act_bodies
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import (
    DecisionDetails,
    DeclarationDetails,
    ForwardPlanDetails,
    ResolutionDetails,
)
from commissioning.governance.models import (
    AgendaItem,
    Body,
    BodyKind,
    CallInOutcome,
    Decision,
    DecisionCategory,
    InterestAction,
    InterestKind,
    MakerKind,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    Schedule12A,
    Urgency,
    VoteCast,
)
from commissioning.governance.selectors.bodies import governance_settings
from commissioning.reviews.models import CommissioningReview

DAY = dt.timedelta(days=1)
# The decision on the first submitted business case is taken about this many days before the demo's today (at
# Cabinet's meeting on or before it), each later one this many days after the one before: all past their call-in
# windows. The appraisals demo submits the cases earlier still (its SUBMITTED_DAYS_AGO and SUBMITTED_EVERY).
BUSINESS_CASE_DECIDED_DAYS_AGO = 70
BUSINESS_CASE_DECIDED_EVERY = 20
LATEST_DECIDED_DAYS_AGO = 30  # none later: each is past its call-in window
# The decisions of the kinds the others leave out (a committee's, a community committee's, an officer's key
# decision and an exempt one), each this many days before the demo's today: all past their call-in windows.
COMMITTEE_DECIDED_DAYS_AGO = 40
COMMUNITY_DECIDED_DAYS_AGO = 50
OFFICER_KEY_DECIDED_DAYS_AGO = 35
EXEMPT_DECIDED_DAYS_AGO = (20, 200)  # the exempt one at a Cabinet meeting between these
EXEMPT_MATTER = "Award of the home care framework contract"
EXEMPT_PLANNED_MATTER = "Disposal of land at Mill Lane depot"

STRATEGIC_COMMISSIONING_RESOLUTIONS = [
    ResolutionDetails(
        number=1,
        text=(
            "The Chief Executive's proposals for a Strategic Commissioning Council be approved and the new Council "
            "structure as set out in this report and in Appendices A and B be agreed."
        ),
    ),
    ResolutionDetails(
        number=2,
        text=(
            "A 'one-off' resource of £80,000 be set aside, funded from virement as recommended by Cabinet, as "
            "outlined in section 4 of the report."
        ),
        amount=Decimal("80000.00"),
        one_off=True,
        funded_by="Virement of the unspent allocation for the sourcing strategy work streams",
    ),
    ResolutionDetails(
        number=3,
        text=(
            "It be noted that formal consultation (stage 3 as set out in Appendix C) on the proposed new structure "
            "will be undertaken with affected employees."
        ),
    ),
    ResolutionDetails(
        number=4,
        text=(
            "The newly constituted Appointments Committee (or appropriate sub-committee) be requested to conduct and "
            "complete any necessary recruitment or redundancy processes at Assistant Director level (including the "
            "AD Resources/s151 Officer) and to agree such terms and conditions of appointment or dismissal as may be "
            "necessary in order to facilitate the new structure."
        ),
    ),
]


def _meeting_from(ctx: SeedContext, body: Body, day: dt.date) -> tuple[Meeting | None, dt.date]:
    """The body's first meeting on or after the day, and its date (the day itself without one): a decision taken at
    a meeting is dated the day of the meeting."""
    meetings = ctx.made.get("meetings", {}).get(body.pk, [])
    after = [m for m in meetings if m.starts_at.date() >= day]
    return (after[0], after[0].starts_at.date()) if after else (None, day)


def _meeting(ctx: SeedContext, body: Body, day: dt.date) -> Meeting | None:
    """The body's meeting on or just before the day, from the bodies seeder's meetings (None without them)."""
    meetings = ctx.made.get("meetings", {}).get(body.pk, [])
    before = [m for m in meetings if m.starts_at.date() <= day]
    return before[-1] if before else None


def _scrutiny_members(scrutiny: Body, today: dt.date) -> tuple[User | None, list[Councillor], User | None]:
    """The scrutiny login (when it sits on the committee), the other members, and a user who chairs it."""
    seats = (
        Membership.objects.filter(body=scrutiny, councillor__isnull=False, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("councillor", "councillor__user")
        .order_by("pk")
    )
    member_user, chair_user, others = None, None, []
    for seat in seats:
        user = seat.councillor.user
        if seat.role == MemberRole.CHAIR and user is not None and user.role == "scrutiny":
            chair_user = user
        elif user is not None and user.username == "scrutiny":
            member_user = user
        else:
            others.append(seat.councillor)
    return member_user, others, chair_user


def _latest_submitted_cases() -> list[BusinessCase]:
    """Each review's latest submitted business case that recommends an option, in review reference order."""
    cases = (
        BusinessCase.objects.filter(status=BusinessCaseStatus.SUBMITTED, recommended_option__isnull=False)
        .select_related("review", "recommended_option")
        .order_by("review__reference", "-version")
    )
    latest: dict[int, BusinessCase] = {}
    for case in cases:
        latest.setdefault(case.review_id, case)
    return list(latest.values())


def seed(ctx: SeedContext) -> None:
    """Add this area's demo records."""
    if Decision.objects.exists():
        return
    today = ctx.today
    users = ctx.made["users"]
    clerk = users["democratic"]
    officer = users["officer"]
    bodies = ctx.made["bodies"]
    council, cabinet, scrutiny = bodies["council"], bodies["cabinet"], bodies["scrutiny"]
    portfolio = bodies["portfolios"][0]
    councillors = list(Councillor.objects.filter(archived_at__isnull=True).order_by("pk"))
    wards = ctx.made["wards"]
    cabinet_size = act.members_on(cabinet, today - dt.timedelta(days=200))

    def record(publish_on: dt.date | None = None, **values: Any) -> Decision:
        details = DecisionDetails(**values)
        decision = act.decision_create(details=details, by=clerk)
        if publish_on is not None:
            decision = act.decision_publish(decision=decision, by=clerk, today=publish_on)
        return decision

    def plan(matter: str, maker: Body, planned_on: dt.date, published: dt.date, **extra: Any) -> Any:
        return act.forward_plan_entry_create(
            details=ForwardPlanDetails(
                matter=matter, decision_maker=maker, planned_on=planned_on, contact_officer=officer, **extra
            ),
            by=clerk,
            publish_on=published,
        )

    # The decision the minutes record, and Cabinet's recommendation before it.
    cabinet_meeting = _meeting(ctx, cabinet, today - dt.timedelta(days=300))  # on or before: before the Council's
    cabinet_day = cabinet_meeting.starts_at.date() if cabinet_meeting else today - dt.timedelta(days=300)
    recommendation = record(
        publish_on=cabinet_day + DAY,
        title="Strategic Commissioning: recommendation to Council",
        maker_kind=MakerKind.BODY,
        body=cabinet,
        meeting=cabinet_meeting,
        decided_on=cabinet_day,
        category=DecisionCategory.BUDGET_POLICY,
        report="Strategic Commissioning: report of the Chief Executive",
        reasons="To give the programme the best possible start, with the capacity it needs during the transition.",
        options_rejected="Continuing with the present structure (the status quo), which would not deliver the savings.",
        votes_for=cabinet_size,
        resolutions=[
            ResolutionDetails(
                number=1,
                text=(
                    "It be recommended that Council approves the Chief Executive's proposals for a Strategic "
                    "Commissioning Council and supporting new Council structure."
                ),
            ),
            ResolutionDetails(
                number=2,
                text=(
                    "It be recommended that Council set aside a 'one off' resource of £80,000, funded from a "
                    "virement of the unspent allocation to fund sourcing strategy work streams."
                ),
                amount=Decimal("80000.00"),
                one_off=True,
                funded_by="Virement",
            ),
        ],
    )
    council_meeting, council_day = _meeting_from(ctx, council, today - dt.timedelta(days=280))
    voters = councillors[:31]
    becoming = record(
        publish_on=council_day + DAY,
        title="Becoming a Strategic Commissioning Council",
        summary="The Council's approval of the Chief Executive's proposals for a Strategic Commissioning Council.",
        maker_kind=MakerKind.BODY,
        body=council,
        meeting=council_meeting,
        decided_on=council_day,
        category=DecisionCategory.BUDGET_POLICY,
        report="Strategic Commissioning: report of the Chief Executive (Section 4 report)",
        reasons=(
            "Strategic commissioning gives a framework for the choices the council must make over the next few years, "
            "based on what works and on better outcomes for local people."
        ),
        options_rejected="The status quo, which is unlikely to be a realistic option given the economic situation.",
        votes_for=29,
        votes_against=0,
        votes_abstained=2,
        votes_absent=max(len(councillors) - 31, 0),
        named_votes=[(c, VoteCast.FOR) for c in voters[:29]] + [(c, VoteCast.ABSTAIN) for c in voters[29:31]],
        declarations=[
            DeclarationDetails(
                councillor=voters[3],
                kind=InterestKind.OTHER_REGISTRABLE,
                interest="A trustee of a voluntary organisation that delivers council services.",
                action=InterestAction.TOOK_PART,
            )
        ],
        resolutions=STRATEGIC_COMMISSIONING_RESOLUTIONS,
    )
    # The finance demo's virements link these (a string key: finance is a sibling app, ADR 0026).
    ctx.made["virement_decisions"] = {"cabinet": recommendation.reference, "council": becoming.reference}

    # The reviews' decisions on their submitted business cases, the first review's longest ago: each adopts the
    # case's recommended option, taken on that frozen version after the forward plan's notice.
    cases = _latest_submitted_cases()
    portfolio_of = {p.directorate_id: p for p in bodies["portfolios"]}
    for nth, case in enumerate(cases):
        review, option = case.review, case.recommended_option
        assert option is not None
        days_ago = max(BUSINESS_CASE_DECIDED_DAYS_AGO - BUSINESS_CASE_DECIDED_EVERY * nth, LATEST_DECIDED_DAYS_AGO)
        target = today - dt.timedelta(days=days_ago)
        by_cabinet = nth % 2 == 0
        maker = cabinet if by_cabinet else portfolio_of.get(review.directorate_id, portfolio)
        meeting = _meeting(ctx, cabinet, target) if by_cabinet else None
        decided = timezone.localtime(meeting.starts_at).date() if meeting is not None else target
        entry = plan(
            f"Future delivery of {review.title}",
            maker,
            decided,
            decided - dt.timedelta(days=45),
            review=review,
            documents=f"Business case (version {case.version}, as submitted to the Programme Board)\n"
            "Equality impact assessment",
            wards=wards[2 * nth : 2 * nth + 2],
        )
        rejected = Option.objects.filter(appraisal__review=review, archived_at__isnull=True).exclude(pk=option.pk)
        record(
            publish_on=decided + DAY,
            title=f"Future delivery of {review.title}",
            maker_kind=MakerKind.BODY if by_cabinet else MakerKind.PORTFOLIO_HOLDER,
            body=maker,
            meeting=meeting,
            decided_on=decided,
            category=DecisionCategory.KEY,
            review=review,
            business_case=case,
            adopted_option=option,
            report=f"Business case for {review.title}, version {case.version}",
            options_rejected="; ".join(o.name for o in rejected.order_by("pk")),
            reasons="The business case showed it to be the most effective option, with the best value for money.",
            value=Decimal(750_000 - 150_000 * (nth % 4)),
            wards=wards[2 * nth : 2 * nth + 2],
            forward_plan_entry=entry,
            votes_for=act.members_on(cabinet, decided) if by_cabinet else None,
            resolutions=[ResolutionDetails(number=1, text=f"That {option.name} be adopted.")],
        )
    decided_reviews = [case.review_id for case in cases]
    second = (
        CommissioningReview.objects.filter(archived_at__isnull=True)
        .exclude(pk__in=decided_reviews)
        .order_by("reference")
        .first()
    )
    in_window = today - dt.timedelta(days=2)
    if second is not None:
        entry = plan(f"Recommissioning {second.title}", portfolio, in_window, in_window - dt.timedelta(days=35))
        record(
            publish_on=in_window,
            title=f"Recommissioning {second.title}",
            maker_kind=MakerKind.PORTFOLIO_HOLDER,
            body=portfolio,
            decided_on=in_window,
            category=DecisionCategory.KEY,
            review=second,
            report="Options appraisal report to the cabinet member",
            reasons="Residents in the wards affected asked for the service to be recommissioned closer to home.",
            wards=wards[2:5],
            forward_plan_entry=entry,
            resolutions=[ResolutionDetails(number=1, text="That the service be recommissioned.")],
        )

    # An officer's decision under delegated powers, later corrected.
    officer_day = today - dt.timedelta(days=60)
    delegated = record(
        publish_on=officer_day,
        title="Extension of the meals on wheels contract for three months",
        maker_kind=MakerKind.OFFICER,
        officer=users["director"],
        delegation="Scheme of delegation to officers, paragraph 4.2 (contract extensions under £100,000)",
        decided_on=officer_day,
        reasons="To keep the service running while the review completes.",
        value=Decimal("45000.00"),
        resolutions=[ResolutionDetails(number=1, text="The contract be extended for three months.")],
    )
    correction = act.decision_correct(decision=delegated, by=clerk, reason="The value was entered without VAT.")
    act.decision_update(
        decision=correction,
        details=DecisionDetails(
            **{
                **act._details_of(correction).__dict__,
                "value": Decimal("54000.00"),
            }
        ),
        by=clerk,
        version=None,
    )
    act.decision_publish(decision=correction, by=clerk, today=officer_day + 2 * DAY)

    # Key decisions without the forward plan's notice.
    urgent_day = today - dt.timedelta(days=45)
    record(
        publish_on=urgent_day + DAY,
        title="Emergency accommodation: additional temporary places",
        maker_kind=MakerKind.BODY,
        body=cabinet,
        decided_on=urgent_day,
        category=DecisionCategory.KEY,
        reasons="Demand for emergency accommodation rose faster than forecast.",
        value=Decimal("620000.00"),
        urgency=Urgency.GENERAL_EXCEPTION,
        scrutiny_chair_told_on=urgent_day - dt.timedelta(days=8),
        votes_for=cabinet_size,
        resolutions=[ResolutionDetails(number=1, text="Forty further temporary places be commissioned.")],
    )
    record(
        publish_on=urgent_day - dt.timedelta(days=20),
        title="Winter pressures: hospital discharge support",
        maker_kind=MakerKind.PORTFOLIO_HOLDER,
        body=portfolio,
        decided_on=urgent_day - dt.timedelta(days=21),
        category=DecisionCategory.KEY,
        reasons="The NHS asked for support at once to free hospital beds.",
        value=Decimal("510000.00"),
        urgency=Urgency.SPECIAL_URGENCY,
        urgency_agreed_by="The chair of the Overview and Scrutiny Committee",
        resolutions=[ResolutionDetails(number=1, text="Discharge support be funded until the end of March.")],
    )

    # Call-ins, one of each outcome and one still open.
    member, co_signatories, chair = _scrutiny_members(scrutiny, today)
    caller = member or chair
    if caller is not None and (chair is not None or co_signatories):
        supporters = [] if caller == chair else co_signatories[:1]

        def called_in(title: str, days_ago: int, maker: Body) -> Any:
            day = today - dt.timedelta(days=days_ago)
            one_person = maker.kind == BodyKind.PORTFOLIO_HOLDER
            decision = record(
                publish_on=day,
                title=title,
                maker_kind=MakerKind.PORTFOLIO_HOLDER if one_person else MakerKind.BODY,
                body=maker,
                decided_on=day - DAY,
                reasons="Set out in the report.",
                votes_for=None if one_person else cabinet_size,
                resolutions=[ResolutionDetails(number=1, text=f"{title}: the recommendation be agreed.")],
            )
            return act.call_in_make(
                decision=decision,
                by=caller,
                grounds="The options were not consulted on with the ward members affected.",
                co_signatories=supporters,
                today=day + DAY,
            )

        def outcome(call_in: Any, result: str, on: dt.date, recommendations: str = "") -> None:
            act.call_in_record_outcome(
                call_in=call_in,
                by=clerk,
                outcome=result,
                meeting=_meeting(ctx, scrutiny, on),
                recommendations=recommendations,
                outcome_on=on,
            )

        first = called_in("Library opening hours", 90, cabinet)
        outcome(first, CallInOutcome.NO_FURTHER_ACTION, today - dt.timedelta(days=80))
        back = called_in("Parks café concession", 120, portfolio)
        outcome(back, CallInOutcome.REFERRED_BACK, today - dt.timedelta(days=110), "Consult the friends of the park.")
        again = act.call_in_reconsider(
            call_in=back, by=clerk, reason="Reconsidered after consulting the friends group."
        )
        act.decision_publish(decision=again, by=clerk, today=today - dt.timedelta(days=100))
        up = called_in("Leisure centre management", 150, cabinet)
        outcome(up, CallInOutcome.REFERRED_TO_COUNCIL, today - dt.timedelta(days=140), "Full Council to consider.")
        council_view = act.call_in_reconsider(call_in=up, by=clerk, reason="Reconsidered after full Council's debate.")
        act.decision_publish(decision=council_view, by=clerk, today=today - dt.timedelta(days=125))
        called_in("Closure of the Market Street public toilets", 1, cabinet)

    # The forward plan of key decisions to come.
    decided_reviews += [second.pk] if second is not None else []
    reviews = list(
        CommissioningReview.objects.filter(archived_at__isnull=True)
        .exclude(pk__in=decided_reviews)
        .order_by("reference")[:4]
    )
    for n, review in enumerate(reviews):
        planned = today + dt.timedelta(days=30 + 10 * n)
        plan(
            f"Future delivery of {review.title}",
            cabinet if n % 2 == 0 else portfolio,
            planned,
            today - dt.timedelta(days=3 * n),
            review=review,
            documents="Business case\nEquality impact assessment",
            wards=wards[n : n + 2],
        )
    _seed_every_kind(ctx, record=record, plan=plan)
    ctx.counts["decisions"] = Decision.objects.count()


def _held_meeting(ctx: SeedContext, body: Body, day: dt.date) -> tuple[Meeting | None, dt.date]:
    """The body's held meeting on or just before the day, and its date (the day itself without one)."""
    meeting = _meeting(ctx, body, day)
    if meeting is None or meeting.status != MeetingStatus.HELD:
        return None, day
    return meeting, timezone.localtime(meeting.starts_at).date()


def _exempt_item(ctx: SeedContext, cabinet: Body, clerk: User) -> tuple[AgendaItem | None, dt.date]:
    """An exempt item (Schedule 12A, a contract award's commercial terms where there is one) on a held Cabinet
    meeting between EXEMPT_DECIDED_DAYS_AGO, and its meeting's date; without one on those meetings, one is added to
    the latest of them (the bodies seeder gives every fourth meeting an exempt item)."""
    latest = ctx.today - dt.timedelta(days=EXEMPT_DECIDED_DAYS_AGO[0])
    earliest = ctx.today - dt.timedelta(days=EXEMPT_DECIDED_DAYS_AGO[1])
    meetings = [
        m
        for m in ctx.made.get("meetings", {}).get(cabinet.pk, [])
        if m.status == MeetingStatus.HELD and earliest <= timezone.localtime(m.starts_at).date() <= latest
    ]
    if not meetings:
        return None, latest
    items = list(
        AgendaItem.objects.filter(meeting__in=meetings, archived_at__isnull=True)
        .exclude(exempt_paragraph="")
        .select_related("meeting")
        .order_by("-meeting__starts_at", "number")
    )
    item = next((i for i in items if i.exempt_paragraph == Schedule12A.P3), items[0] if items else None)
    if item is None:
        meeting = meetings[-1]
        number = max(meeting.agenda_items.values_list("number", flat=True), default=0) + 1
        item = act_bodies.agenda_item_add(
            meeting=meeting,
            details=act_bodies.AgendaItemDetails(
                number=number,
                title="Contract award: commercial terms",
                exempt_paragraph=Schedule12A.P3,
                summary="Confidential report.",
                papers="Exempt report (not for publication)",
            ),
            by=clerk,
        )
    return item, timezone.localtime(item.meeting.starts_at).date()


def _seed_every_kind(ctx: SeedContext, *, record: Any, plan: Any) -> None:
    """A decision of each kind the ones above leave out: a committee's at its meeting, with a vote; a community
    committee's for its area; an officer's key decision under delegated powers (no vote, on the forward plan); and
    a key decision taken on an exempt item (Schedule 12A) with its exempt forward plan entry, seen inside the
    council only; and an exempt key decision still to come on the forward plan. Each past its call-in window."""
    today = ctx.today
    users = ctx.made["users"]
    clerk, director = users["democratic"], users["director"]
    bodies = ctx.made["bodies"]
    cabinet, portfolio = bodies["cabinet"], bodies["portfolios"][0]
    threshold = governance_settings().key_decision_threshold

    # A committee's decision at its meeting, with a vote.
    staff = bodies["staff"]
    meeting, day = _held_meeting(ctx, staff, today - dt.timedelta(days=COMMITTEE_DECIDED_DAYS_AGO))
    members = act.members_on(staff, day)
    record(
        publish_on=day + DAY,
        title="Flexible working policy for council staff",
        summary="The committee's approval of the revised flexible working policy.",
        maker_kind=MakerKind.BODY,
        body=staff,
        meeting=meeting,
        decided_on=day,
        report="Flexible working policy: report of the Head of People",
        reasons="The policy had not been revised since 2019 and did not reflect hybrid working.",
        options_rejected="Keeping the present policy.",
        votes_for=max(members - 2, 1),
        votes_against=1 if members > 2 else None,
        votes_abstained=1 if members > 2 else None,
        resolutions=[ResolutionDetails(number=1, text="The revised flexible working policy be approved.")],
    )

    # A community committee's decision for its area.
    community = bodies["community"][0] if bodies["community"] else None
    if community is not None:
        meeting, day = _held_meeting(ctx, community, today - dt.timedelta(days=COMMUNITY_DECIDED_DAYS_AGO))
        area = list(community.wards.order_by("name"))
        present = act.members_on(community, day)
        record(
            publish_on=day + DAY,
            title=f"{community.name}: community grants for the year",
            summary="Community grants to local groups in " + ", ".join(w.name for w in area) + ".",
            maker_kind=MakerKind.BODY,
            body=community,
            meeting=meeting,
            decided_on=day,
            report="Community grants: report of the area coordinator",
            reasons="The groups funded met the committee's local priorities for the area.",
            value=Decimal("24000.00"),
            # Every ward of its area: a committee's decision is never a key decision (only the executive's are).
            wards=area,
            votes_for=present or None,
            resolutions=[
                ResolutionDetails(
                    number=1,
                    text="Grants totalling £24,000 be made to the groups listed in the appendix.",
                    amount=Decimal("24000.00"),
                    one_off=True,
                )
            ],
        )

    # An officer's key decision under delegated powers, on the forward plan (no vote).
    day = today - dt.timedelta(days=OFFICER_KEY_DECIDED_DAYS_AGO)
    entry = plan(
        "Purchase of community equipment for the next two years",
        portfolio,
        day,
        day - dt.timedelta(days=40),
        summary=f"To be taken by {director} under delegated powers.",
        documents="Report of the director\nEquality impact assessment",
    )
    record(
        publish_on=day + DAY,
        title="Purchase of community equipment for the next two years",
        maker_kind=MakerKind.OFFICER,
        officer=director,
        delegation="Cabinet delegation to directors, paragraph 6.1 (key decisions within the approved budget)",
        decided_on=day,
        category=DecisionCategory.KEY,
        report="Community equipment: report of the director",
        reasons="The framework was due to end; a further call-off keeps people safe at home.",
        options_rejected="A new tender, which would not be in place before the framework ends.",
        value=threshold + Decimal("60000.00"),
        forward_plan_entry=entry,
        resolutions=[ResolutionDetails(number=1, text="Equipment be bought under the regional framework.")],
    )

    # A key decision taken on an exempt item, with its exempt forward plan entry.
    item, day = _exempt_item(ctx, cabinet, clerk)
    paragraph = item.exempt_paragraph if item is not None else Schedule12A.P3
    entry = plan(
        EXEMPT_MATTER,
        cabinet,
        day,
        day - dt.timedelta(days=42),
        summary="The tender evaluation and the bidders' prices are exempt information.",
        documents="Exempt report (not for publication)",
        exempt_paragraph=paragraph,
    )
    record(
        publish_on=day + DAY,
        title=EXEMPT_MATTER,
        maker_kind=MakerKind.BODY,
        body=cabinet,
        meeting=item.meeting if item is not None else None,
        agenda_item=item,
        decided_on=day,
        category=DecisionCategory.KEY,
        report="Contract award: report of the director (exempt)",
        reasons="The preferred bidder gave the best value for money on the published evaluation criteria.",
        value=threshold * 3,
        forward_plan_entry=entry,
        exempt_paragraph=paragraph,
        votes_for=act.members_on(cabinet, day),
        resolutions=[ResolutionDetails(number=1, text="The contract be awarded to the preferred bidder.")],
    )
    # An exempt key decision still to come (inside the council only, as the one taken).
    plan(
        EXEMPT_PLANNED_MATTER,
        cabinet,
        today + dt.timedelta(days=35),
        today - dt.timedelta(days=5),
        summary="The valuation is exempt information.",
        documents="Exempt report (not for publication)",
        exempt_paragraph=Schedule12A.P3,
    )
