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
from commissioning.reviews.models import CommissioningReview

DAY = dt.timedelta(days=1)
# The decision on the first submitted business case is taken about this many days before the demo's today (at
# Cabinet's meeting on or before it), each later one this many days after the one before: all past their call-in
# windows. The appraisals demo submits the cases earlier still (its SUBMITTED_DAYS_AGO and SUBMITTED_EVERY).
BUSINESS_CASE_DECIDED_DAYS_AGO = 70
BUSINESS_CASE_DECIDED_EVERY = 20
LATEST_DECIDED_DAYS_AGO = 30  # none later: each is past its call-in window

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
    ctx.counts["decisions"] = Decision.objects.count()
