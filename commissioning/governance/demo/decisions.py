"""Demo records for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in.

Made through the area's own actions (a score of decisions, so it stays fast) and dated from the day of seeding, so
the windows are live: the decision the minutes record (the Council's approval of becoming a strategic commissioning
council, 29 for and 2 abstentions, with its four resolutions), Cabinet's recommendation before it, the first
review's decision adopting the option of its submitted business case (published and past call-in), the second
review's decision still inside its call-in window, decisions by a portfolio holder and by an officer under delegated
powers, a correction, a key decision under the general exception and one under special urgency, call-ins with each
outcome (one still open), and a forward plan of the key decisions to come.

Uses ``ctx.made["bodies"]`` and ``ctx.made["meetings"]`` from the bodies seeder; without them (the area on its own)
it makes the few bodies it needs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q

from commissioning.accounts.models import Councillor, User
from commissioning.appraisals.models import BusinessCase, BusinessCaseStatus, Option
from commissioning.core.demo import SeedContext
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import (
    DecisionDetails,
    DeclarationDetails,
    ForwardPlanDetails,
    ResolutionDetails,
)
from commissioning.governance.models import (
    Body,
    BodyKind,
    CallInOutcome,
    Decision,
    DecisionCategory,
    InterestAction,
    InterestKind,
    MakerKind,
    Meeting,
    MemberRole,
    Membership,
    Urgency,
    VoteCast,
)
from commissioning.governance.selectors.decisions import today as governance_today
from commissioning.reviews.models import CommissioningReview

DAY = dt.timedelta(days=1)

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


def _fallback_bodies(ctx: SeedContext, today: dt.date) -> dict[str, Any]:
    """The bodies this area needs when the bodies seeder has made none (the area seeded on its own)."""
    councillors = list(Councillor.objects.order_by("pk"))
    users = ctx.made["users"]
    start = today - dt.timedelta(days=400)

    def body(name: str, kind: str, **extra: Any) -> Body:
        found, _ = Body.objects.get_or_create(name=name, defaults={"kind": kind, **extra})
        return found

    council = body("Full Council", BodyKind.COUNCIL)
    cabinet = body("Cabinet", BodyKind.CABINET)
    scrutiny = body("Overview and Scrutiny Committee", BodyKind.SCRUTINY, seats=9)
    portfolio = body("Cabinet Member for Adult Social Care", BodyKind.PORTFOLIO_HOLDER, portfolio="Adult Social Care")
    cabinet_member = Councillor.objects.filter(user=users["cabinet"]).first() or councillors[0]
    scrutiny_member = Councillor.objects.filter(user=users["scrutiny"]).first()
    if scrutiny_member is None:
        # The scrutiny login is a councillor who sits on the committee: it takes the seat of the last councillor (the
        # accounts seeder gives the logins seats of their own once the bodies area is merged).
        scrutiny_member = councillors[-1]
        Councillor.objects.filter(pk=scrutiny_member.pk).update(user=users["scrutiny"])
    others = [c for c in councillors if c.pk not in {cabinet_member.pk, scrutiny_member.pk}]
    seats = [Membership(body=cabinet, councillor=c, role=MemberRole.MEMBER, starts_on=start) for c in others[:6]]
    seats.append(Membership(body=cabinet, councillor=cabinet_member, role=MemberRole.MEMBER, starts_on=start))
    seats.append(Membership(body=portfolio, councillor=cabinet_member, role=MemberRole.MEMBER, starts_on=start))
    seats.append(Membership(body=scrutiny, councillor=others[6], role=MemberRole.CHAIR, starts_on=start))
    seats.append(Membership(body=scrutiny, councillor=scrutiny_member, role=MemberRole.MEMBER, starts_on=start))
    seats += [Membership(body=scrutiny, councillor=c, role=MemberRole.MEMBER, starts_on=start) for c in others[7:14]]
    Membership.objects.bulk_create(seats)
    return {"council": council, "cabinet": cabinet, "scrutiny": scrutiny, "portfolios": [portfolio]}


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


def seed(ctx: SeedContext) -> None:
    """Add this area's demo records."""
    if Decision.objects.exists():
        return
    today = governance_today()
    users = ctx.made["users"]
    clerk = users["democratic"]
    officer = users["officer"]
    bodies = ctx.made.get("bodies") or _fallback_bodies(ctx, today)
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
    record(
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
    record(
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

    # The reviews' decisions on their business cases.
    submitted = (
        BusinessCase.objects.filter(status=BusinessCaseStatus.SUBMITTED)
        .select_related("review", "recommended_option")
        .order_by("review__reference", "version")
        .first()
    )
    if submitted is not None and submitted.recommended_option is not None:
        decided = today - dt.timedelta(days=30)
        entry = plan(
            f"Future delivery of {submitted.review.title}",
            cabinet,
            decided,
            decided - dt.timedelta(days=45),
            review=submitted.review,
            documents="Business case (version submitted to the Programme Board)\nEquality impact assessment",
        )
        rejected = Option.objects.filter(appraisal__review=submitted.review).exclude(pk=submitted.recommended_option_id)
        record(
            publish_on=decided + DAY,
            title=f"Future delivery of {submitted.review.title}",
            maker_kind=MakerKind.BODY,
            body=cabinet,
            meeting=_meeting(ctx, cabinet, decided),
            decided_on=decided,
            category=DecisionCategory.KEY,
            review=submitted.review,
            business_case=submitted,
            adopted_option=submitted.recommended_option,
            options_rejected="; ".join(o.name for o in rejected),
            reasons="The business case showed it to be the most effective option, with the best value for money.",
            value=Decimal("750000.00"),
            wards=wards[:2],
            forward_plan_entry=entry,
            votes_for=cabinet_size,
            resolutions=[ResolutionDetails(number=1, text=f"That {submitted.recommended_option.name} be adopted.")],
        )
    others = CommissioningReview.objects.filter(archived_at__isnull=True).order_by("reference")
    if submitted is not None:
        others = others.exclude(pk=submitted.review_id)
    second = others.first()
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
    reviews = list(CommissioningReview.objects.filter(archived_at__isnull=True).order_by("reference")[2:6])
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
    ctx.counts["decisions"] = Decision.objects.count()
