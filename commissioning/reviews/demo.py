"""Demo council records for commissioning reviews: a programme of reviews of the services due one.

Each review covers one to three services of one directorate whose drawn review status says a review is scheduled,
under way, decided or being implemented, and its stage, status and planned quarters follow from that status; then
every service's review status is set from its reviews (calculations.service_status_from_reviews), so they agree.
A review is seeded at the stage and status it has reached, like a review added to the programme already under way;
the moves that must say why (a review put on hold, or cancelled) are then made through the actions, so each has its
reason on the History tab like any review's (ADR 0021). The
choices come from a random stream of their own (derived from the seed), so the reviews do not change when
another app's seeder draws more or fewer numbers; references are the natural key, so a second run adds nothing.
"""

from __future__ import annotations

import random
from decimal import Decimal
from itertools import groupby
from typing import Any

from simple_history.utils import bulk_create_with_history

from commissioning.core import priority
from commissioning.core.actions import record_save
from commissioning.core.demo import SeedContext, add_m2m, create_missing
from commissioning.reviews.actions import (
    STATUS_HISTORY,
    ScenarioDetails,
    priority_model_revise,
    programme_scenario_create,
)
from commissioning.reviews.calculations import (
    contract_score,
    quarter_after,
    quarter_start_year,
    service_status_from_reviews,
)
from commissioning.reviews.models import (
    CommissioningOfficer,
    CommissioningReview,
    CriterionScore,
    PriorityJudgement,
    PriorityModel,
    ProgrammeScenario,
    ReviewStatus,
    ServiceSkill,
    Skill,
    Stage,
)
from commissioning.reviews.planning import current_capacity
from commissioning.reviews.selectors import priority_scores, reviews_covering
from commissioning.services.models import ReviewStatus as ServiceReviewStatus
from commissioning.services.models import Service

REVIEWS = {"district": 8, "metropolitan": 60}
DEMO_QUARTER = "2026/27 Q1"  # the demo council's "today" is 1 April 2026, as in the service catalogue
COVERED = [
    ServiceReviewStatus.SCHEDULED,
    ServiceReviewStatus.IN_REVIEW,
    ServiceReviewStatus.DECIDED,
    ServiceReviewStatus.IMPLEMENTING,
]
# For each service review status: (first and last possible start, in quarters from DEMO_QUARTER; shortest and
# longest length in quarters; the stages and statuses the review can be at).
PLANS = {
    ServiceReviewStatus.SCHEDULED: ((1, 5), (2, 4), [Stage.ANALYSE], [ReviewStatus.PLANNED]),
    ServiceReviewStatus.IN_REVIEW: (
        (-3, 0),
        (3, 6),
        [Stage.ANALYSE, Stage.PLAN, Stage.PLAN],
        [ReviewStatus.IN_PROGRESS] * 5 + [ReviewStatus.ON_HOLD],
    ),
    ServiceReviewStatus.DECIDED: ((-5, -2), (4, 7), [Stage.REVIEW], [ReviewStatus.COMPLETED]),
    ServiceReviewStatus.IMPLEMENTING: ((-8, -4), (4, 8), [Stage.DO], [ReviewStatus.IN_PROGRESS]),
}
PURPOSES = [
    "Find out what residents need from {names}, how well {it} performs and what {it} costs against comparator "
    "councils, and set out the options for how {it} should be delivered.",
    "Test whether {names} gives best value, and appraise keeping {it} in-house, sharing {it} with a neighbouring "
    "council or commissioning {it} from the voluntary and community sector.",
    "Review {names} against the outcomes residents need, with a business case for the way {it} is delivered from "
    "the next financial year.",
    "Check that {names} is delivering the outcomes, quality and savings promised when {it} was last commissioned, "
    "and recommend what happens when the current arrangement ends.",
]
# Why a demo review is on hold, or was cancelled (picked by the review's number, not drawn: the stream stays as it was).
HOLD_REASONS = [
    "Paused while the council's budget for next year is set: the options depend on it",
    "The lead commissioner is covering an urgent procurement; restarts next quarter",
    "Waiting for the new national guidance the options must follow",
]
CANCEL_REASONS = [
    "The services are now covered by a joint review with a neighbouring council",
    "The service is being decommissioned, so there is nothing left to review",
]
# The status a review is seeded at before its recorded move, for the moves a reason must be given for.
STATUS_BEFORE = {ReviewStatus.ON_HOLD: ReviewStatus.IN_PROGRESS, ReviewStatus.CANCELLED: ReviewStatus.IN_PROGRESS}


def _names(services: list[Service]) -> str:
    names = [s.name for s in services]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _title(services: list[Service], directorate_name: str) -> str:
    if len(services) == 1:
        return f"Review of {services[0].name}"
    if len(services) == 2:
        return f"Joint review of {services[0].name} and {services[1].name}"
    return f"Review of {services[0].name} and {len(services) - 1} related {directorate_name} services"


def _groups(rng: random.Random, count: int, drawn: dict[str, str]) -> list[tuple[str, list[Service]]]:
    """Up to `count` groups of one to three services, each of one directorate and one drawn review status (the
    status the services seeder drew, not the one stored: that follows from the reviews, so a second run plans the
    same groups)."""
    due = sorted(
        (
            service
            for service in Service.objects.filter(
                reference__in=[reference for reference, status in drawn.items() if status in COVERED],
                archived_at__isnull=True,
            ).select_related("directorate")
        ),
        key=lambda s: (s.directorate.code, drawn[s.reference], s.reference),
    )
    groups: list[tuple[str, list[Service]]] = []
    for (_code, status), members in groupby(due, key=lambda s: (s.directorate.code, drawn[s.reference])):
        pending = list(members)
        while pending:
            size = min(len(pending), rng.choice([1, 1, 1, 2, 2, 3]))
            groups.append((status, pending[:size]))
            pending = pending[size:]
    rng.shuffle(groups)
    return groups[:count]


def _review(
    rng: random.Random, index: int, status: str, services: list[Service], leads: list[Any]
) -> CommissioningReview:
    """A review of the services, without its reference: its stage, status and quarters follow the services' status."""
    (first, last), (shortest, longest), stages, statuses = PLANS[ServiceReviewStatus(status)]
    start = quarter_after(DEMO_QUARTER, rng.randint(first, last))
    end = quarter_after(start, rng.randint(shortest, longest) - 1)
    stage, review_status = rng.choice(stages), rng.choice(statuses)
    if review_status == ReviewStatus.COMPLETED:
        stage, end = Stage.REVIEW, min(end, quarter_after(DEMO_QUARTER, -1))
    if index % 17 == 11:  # now and then a review is stopped
        review_status = ReviewStatus.CANCELLED
    directorate = services[0].directorate
    return CommissioningReview(
        title=_title(services, directorate.name),
        purpose=rng.choice(PURPOSES).format(names=_names(services), it="it" if len(services) == 1 else "them"),
        directorate=directorate,
        lead_commissioner=leads[rng.randrange(len(leads))],
        stage=stage,
        planned_start=start,
        planned_end=end,
        status=review_status,
        # Most reviews are published; the rest show that drafts stay inside the council.
        published=rng.random() < 0.75,
    )


def seed(ctx: SeedContext) -> None:
    rng = random.Random(f"reviews-{ctx.seed}")  # its own stream: other seeders cannot shift it
    leads = ctx.made["officers"] + ctx.made["directors"]
    planned = [
        (_review(rng, index, status, services, leads), services)
        for index, (status, services) in enumerate(
            _groups(rng, REVIEWS[ctx.scale.name], ctx.made["drawn_review_status"])
        )
    ]
    # References number each year's reviews in the order they start, like CR-2026-001.
    planned.sort(key=lambda item: (item[0].planned_start, item[0].directorate.code, item[1][0].reference))
    if planned:  # the latest addition to the programme is still a draft, so unpublished reviews show in the demo
        planned[-1][0].published = False
    numbers: dict[int, int] = {}
    links: list[tuple[str, int]] = []
    for review, services in planned:
        year = quarter_start_year(review.planned_start)
        numbers[year] = numbers.get(year, 0) + 1
        review.reference = f"CR-{year}-{numbers[year]:03d}"
        links.extend((review.reference, service.pk) for service in services)
    # Held and cancelled reviews are seeded in progress, then moved by their recorded actions below.
    moves = {review.reference: review.status for review, _s in planned if review.status in STATUS_BEFORE}
    for review, _s in planned:
        review.status = STATUS_BEFORE.get(ReviewStatus(review.status), review.status)
    before = set(CommissioningReview.objects.values_list("pk", flat=True))
    by_reference = create_missing(CommissioningReview, [review for review, _s in planned], key="reference", ctx=ctx)
    new_ids = {review.pk for review in by_reference.values()} - before
    add_m2m(
        CommissioningReview,
        "services",
        [(by_reference[reference].pk, service) for reference, service in links],
        new_owner_ids=new_ids,
    )
    for number, (reference, status) in enumerate(sorted(moves.items())):
        review = by_reference[reference]
        if review.pk in new_ids:
            _recorded_move(review, status=status, number=number)
    services_follow_reviews()
    seed_plan(ctx)
    seed_scenarios(ctx)


def _recorded_move(review: CommissioningReview, *, status: str, number: int) -> None:
    """The review's hold or cancellation, as its action records it (one history entry by the lead commissioner,
    saying why). The services follow once, at the end of seeding, in their creation entries (demo data)."""
    if status == ReviewStatus.ON_HOLD:
        move, reason = "hold", HOLD_REASONS[number % len(HOLD_REASONS)]
    else:
        move, reason = "cancel", CANCEL_REASONS[number % len(CANCEL_REASONS)]
    review.status = status
    record_save(
        review, by=review.lead_commissioner, reason=STATUS_HISTORY[move].format(reason=reason), exclude=["services"]
    )


def services_follow_reviews() -> int:
    """Set every service's review status from the reviews covering it (a service drawn as "Monitoring" that no
    review covers is "Not scheduled"; one whose review was cancelled too). Demo data: the service's creation entry
    in its history is corrected to match rather than a new entry added. Returns how many services changed."""
    current = dict(Service.objects.values_list("pk", "review_status"))
    changed = 0
    for service_id, reviews in reviews_covering(service_ids=set(current)).items():
        status = service_status_from_reviews(reviews)
        if current[service_id] != status:
            changed += Service.objects.filter(pk=service_id).update(review_status=status)
            Service.history.filter(id=service_id, history_type="+").update(review_status=status)  # type: ignore[attr-defined]
    return changed


# The plan: commissioning officers, the skill each service's review needs, judgements and two versions of the
# prioritisation model (issue 11). Its own random stream, so the reviews above do not change.
OFFICERS = {"district": 6, "metropolitan": 30}
FIRST_NAMES = ["Amira", "Ben", "Carys", "Dev", "Elin", "Farid", "Grace", "Hari", "Iona", "Jon", "Kemi", "Luca", "Mair"]
LAST_NAMES = ["Ashby", "Bryn", "Coates", "Dhillon", "Evans", "Fenwick", "Gill", "Hughes", "Iqbal", "Jenkins", "Kaur"]
GRADES = [("PO3", Decimal("48500")), ("PO5", Decimal("56200")), ("Senior commissioner", Decimal("67800"))]
# The skills of the council's commissioners: a district council has no social care or public health to commission, so
# its officers are generalists (some with procurement); a metropolitan council needs every specialism.
DISTRICT_SKILL_MIX = [
    [Skill.GENERALIST],
    [Skill.GENERALIST, Skill.PROCUREMENT],
    [Skill.GENERALIST],
    [Skill.PROCUREMENT, Skill.GENERALIST],
]
SKILL_MIX = [
    [Skill.GENERALIST],
    [Skill.GENERALIST, Skill.PROCUREMENT],
    [Skill.ADULTS_SAFEGUARDING],
    [Skill.CHILDRENS_SAFEGUARDING],
    [Skill.PUBLIC_HEALTH],
    [Skill.PROCUREMENT],
    [Skill.ADULTS_SAFEGUARDING, Skill.GENERALIST],
    [Skill.GENERALIST],
]
SKILL_OF_DIRECTORATE = {  # a word in the directorate's name -> the skill its services' reviews need
    "Adults": Skill.ADULTS_SAFEGUARDING,
    "Children": Skill.CHILDRENS_SAFEGUARDING,
    "Public Health": Skill.PUBLIC_HEALTH,
}
EARLIER_WEIGHTS = {
    "budget": 25,
    "savings": 25,
    "performance": 15,
    "contract_end": 10,
    "risk": 10,
    "strategic_fit": 5,
    "dissatisfaction": 5,
    "statutory": 5,
}
CURRENT_WEIGHTS = {
    "budget": 15,
    "savings": 25,
    "performance": 20,
    "contract_end": 10,
    "risk": 10,
    "strategic_fit": 10,
    "dissatisfaction": 5,
    "statutory": 5,
}
RISK_REASONS = [
    "Provider market is thin: one supplier delivers most of it, and failure would leave residents without support.",
    "Stable service with few incidents in the last two years; the risk of carrying on as now is small.",
    "Rising demand and staff vacancies in the team; the internal audit report rated controls as limited.",
    "Safeguarding concerns were raised at the last inspection and the action plan is behind schedule.",
    "Spend has gone over budget in each of the last three years with no agreed recovery plan.",
]
CONTRACT_REASONS = (
    "The current arrangement ends in about {months} months (from the contracts register kept by procurement)."
)
DISSATISFACTION_REASONS = [
    "Most consultation responses asked for shorter waiting times and clearer information.",
    "Residents who responded were largely satisfied; a few raised opening hours.",
    "Responses were strongly critical of recent changes to the service.",
]
IN_HOUSE_REASON = "Delivered in-house: no contract ends, so only the normal review cycle sets when it is looked at."
NOT_CONSULTED_REASON = "No consultation has asked residents about it yet; members report few concerns from residents."
FIT_JUDGED_SHARE = 0.85
FIT_REASON = "No outcome is linked to it yet; it supports the council plan's priority for {what} indirectly."


def _officers(rng: random.Random, count: int, mix: list[list[Skill]]) -> list[CommissioningOfficer]:
    names = sorted({f"{a} {b}" for a in FIRST_NAMES for b in LAST_NAMES})
    rng.shuffle(names)
    officers = []
    for index, name in enumerate(names[:count]):
        grade, cost = GRADES[index % len(GRADES)]
        officers.append(
            CommissioningOfficer(
                name=name,
                skills=list(mix[index % len(mix)]),
                grade=grade,
                annual_cost=cost,
                days_per_quarter=rng.choice([35, 40, 45, 50]),  # of a quarter's ~60 working days
            )
        )
    return officers


def seed_plan(ctx: SeedContext) -> None:
    rng = random.Random(f"plan-{ctx.seed}")
    create_missing(
        CommissioningOfficer,
        _officers(rng, OFFICERS[ctx.scale.name], DISTRICT_SKILL_MIX if ctx.scale.name == "district" else SKILL_MIX),
        key="name",
        ctx=ctx,
    )
    services = list(
        Service.objects.filter(archived_at__isnull=True).select_related("directorate").order_by("reference")
    )
    skills = []
    for service in services:
        skill = next((s for word, s in SKILL_OF_DIRECTORATE.items() if word in service.directorate.name), None)
        if skill is None and service.delivery_model != "in_house" and rng.random() < 0.3:
            skill = Skill.PROCUREMENT
        if skill is not None:
            skills.append(ServiceSkill(service=service, skill=skill))
    create_missing(ServiceSkill, skills, key="service_id", ctx=ctx)
    judges = ctx.made["officers"] + ctx.made["directors"]
    ids = [s.pk for s in services]
    consulted = set(priority.evidence(priority.DISSATISFACTION, ids))
    fitted = set(priority.evidence(priority.STRATEGIC_FIT, ids))
    judgements = []
    for service in services:
        judge = judges[rng.randrange(len(judges))]
        risk = rng.randrange(len(RISK_REASONS))
        judgements.append(
            PriorityJudgement(
                service=service,
                criterion=priority.RISK,
                score=[4, 1, 3, 5, 3][risk],
                reason=RISK_REASONS[risk],
                judged_by=judge,
            )
        )
        if service.delivery_model != "in_house":
            months = rng.choice([5, 11, 17, 23, 30, 48])
            judgements.append(
                PriorityJudgement(
                    service=service,
                    criterion=priority.CONTRACT_END,
                    score=contract_score(months),
                    reason=CONTRACT_REASONS.format(months=months),
                    judged_by=judge,
                )
            )
        else:
            judgements.append(
                PriorityJudgement(
                    service=service,
                    criterion=priority.CONTRACT_END,
                    score=0,
                    reason=IN_HOUSE_REASON,
                    judged_by=judge,
                )
            )
        if service.pk in consulted:
            view = rng.randrange(len(DISSATISFACTION_REASONS))
            judgements.append(
                PriorityJudgement(
                    service=service,
                    criterion=priority.DISSATISFACTION,
                    score=[3, 1, 5][view],
                    reason=DISSATISFACTION_REASONS[view],
                    judged_by=judge,
                )
            )
        else:
            judgements.append(
                PriorityJudgement(
                    service=service,
                    criterion=priority.DISSATISFACTION,
                    score=1,
                    reason=NOT_CONSULTED_REASON,
                    judged_by=judge,
                )
            )
        if service.pk not in fitted and rng.random() < FIT_JUDGED_SHARE:  # the rest: not fully scored yet
            judgements.append(
                PriorityJudgement(
                    service=service,
                    criterion=priority.STRATEGIC_FIT,
                    score=2,
                    reason=FIT_REASON.format(what=service.directorate.name.lower()),
                    judged_by=judge,
                )
            )
    existing = set(PriorityJudgement.objects.values_list("service_id", "criterion"))
    new = [j for j in judgements if (j.service.pk, j.criterion) not in existing]
    if new:
        bulk_create_with_history(new, PriorityJudgement, batch_size=500, default_change_reason="Demo council seeded")
    ctx.counts["priority judgements"] = len(new)
    director = ctx.made["directors"][0]
    if not PriorityModel.objects.exists():
        first = PriorityModel(
            number=1, weights=EARLIER_WEIGHTS, reason="Agreed by the Programme Board: money first.", made_by=director
        )
        create_missing(PriorityModel, [first], key="number", ctx=ctx)
    if not PriorityModel.objects.filter(number=2).exists():
        kept = priority_model_revise(
            weights=CURRENT_WEIGHTS,
            reason="Scrutiny asked for more weight on performance and the council's priorities.",
            by=director,
        )
        ctx.counts["criterion scores"] = CriterionScore.objects.filter(model__number=kept.number - 1).count()


# Programme scenarios (ADR 0023): two named scenarios solved by the optimiser from one ranking, both of the reviews
# already in the programme (cheap to solve: new reviews of every other service make a metropolitan instance of ~600
# reviews), from the demo's first quarter: "Reviews in the programme" at the officers' capacity now, keeping planned
# reviews in their quarters (so adopting it changes no review: the demo's reviews keep their seeded history), and "A
# smaller team" at four-fifths of it, free to move them. Governance's seeder adopts the first by a recorded Cabinet decision (ctx.made["scenarios"]).
SCENARIO_TIME_LIMIT = 2.0
SMALLER_TEAM = Decimal("0.8")


def seed_scenarios(ctx: SeedContext) -> None:
    if ProgrammeScenario.objects.exists():
        ctx.made["scenarios"] = list(ProgrammeScenario.objects.order_by("pk"))
        return
    director = ctx.made["directors"][0]
    capacity = {skill: Decimal(round(days)) for skill, days in current_capacity().items()}
    first = DEMO_QUARTER  # the demo's "today" (1 April 2026), from which its reviews are planned
    scores = priority_scores()
    kept = programme_scenario_create(
        details=ScenarioDetails(
            name="Reviews in the programme",
            description="The reviews already in the programme, in their planned quarters, at the officers' capacity.",
            first_quarter=first,
            capacity=capacity,
            priority_weight=Decimal(1000),
            new_reviews=False,
            keep_planned=True,
        ),
        by=director,
        time_limit=SCENARIO_TIME_LIMIT,
        scores=scores,
    )
    smaller = programme_scenario_create(
        details=ScenarioDetails(
            name="A smaller team",
            description="The same reviews with four-fifths of the commissioning officers' days.",
            first_quarter=first,
            capacity={skill: (days * SMALLER_TEAM).quantize(Decimal(1)) for skill, days in capacity.items()},
            priority_weight=Decimal(1000),
            new_reviews=False,
        ),
        by=director,
        time_limit=SCENARIO_TIME_LIMIT,
        scores=scores,
    )
    ctx.made["scenarios"] = [kept, smaller]
    ctx.counts["programme scenarios"] = 2
