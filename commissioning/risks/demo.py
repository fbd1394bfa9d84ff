"""Demo risks: the corporate register (the risks the seeds' papers name: savings in the budget not realised,
commissioning skills, decisions on poor information, scrutiny left out of contract monitoring), two risks for each
directorate, one or two for the first reviews of the programme and one for each of the first contracts on the register
(read through the string key's model: risks imports nothing of contracts), with controls and actions, some of them
overdue. Bulk-created with history (core.demo.create_missing), a fixed number whatever the scale, so seeding stays cheap."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps

from commissioning.core.demo import SeedContext, create_missing
from commissioning.reviews.models import CommissioningReview
from commissioning.risks.models import Category, Control, Level, Proximity, Response, Risk, RiskAction
from commissioning.services.models import Directorate

SAVINGS_RISK = "RSK-0001"
REVIEWS_WITH_RISKS = 12  # the first reviews of the programme each get a risk (the first four two)
DIRECTORATES_WITH_RISKS = 8
CONTRACTS_WITH_RISKS = 4  # the first contracts with a provider, by reference, each get a contract risk

# reference, title, category, cause, event, effect, scores (inherent, residual, target), response, owner
CORPORATE = (
    (
        SAVINGS_RISK,
        "Savings in the budget are not realised",
        Category.FINANCIAL,
        "The budget counts on savings from commissioning reviews that have not yet been decided or delivered",
        "The savings claimed in the medium-term financial strategy are not realised in the year",
        "An overspend met from reserves, and further cuts to services in year",
        ((5, 5), (4, 4), (2, 3)),
        Response.TREAT,
        "finance",
    ),
    (
        "RSK-0002",
        "Commissioning knowledge and skills are not developed",
        Category.WORKFORCE,
        "Few officers and members have run a commissioning review",
        "The council fails to develop knowledge and skills about commissioning within the organisation",
        "Reviews take longer, cost more and reach weaker decisions",
        ((4, 4), (3, 3), (2, 2)),
        Response.TREAT,
        "director",
    ),
    (
        "RSK-0003",
        "Decisions are based on information of poor quality",
        Category.STRATEGIC,
        "Needs, performance and cost data are incomplete or out of date",
        "Decisions are based on inadequate quality information",
        "Services commissioned that do not meet residents' needs, and decisions open to challenge",
        ((4, 4), (3, 4), (2, 3)),
        Response.TREAT,
        "officer",
    ),
    (
        "RSK-0004",
        "Overview and scrutiny are left out of contract monitoring",
        Category.PARTNERSHIP,
        "No protocol sets out how scrutiny monitors contracts",
        "Overview and scrutiny are excluded from monitoring services delivered under contract",
        "Poor performance goes unchallenged and accountability to residents is weakened",
        ((3, 4), (2, 4), (1, 3)),
        Response.TREAT,
        "director",
    ),
)

DIRECTORATE_RISKS = (
    ("Demand rises faster than the budget", Category.FINANCIAL, ((4, 4), (4, 3), (3, 3)), Response.TREAT),
    ("A key provider fails", Category.PARTNERSHIP, ((3, 5), (2, 5), (2, 4)), Response.TRANSFER),
)
CONTRACT_RISK = (
    "The provider cannot recruit and keep enough staff",
    Category.PARTNERSHIP,
    ((4, 4), (3, 4), (2, 3)),
    Response.TREAT,
)
REVIEW_RISKS = (
    ("The review does not finish on time", Category.OPERATIONAL, ((3, 3), (3, 3), (2, 2)), Response.TREAT),
    ("Residents are not consulted enough", Category.REPUTATIONAL, ((3, 4), (2, 4), (1, 3)), Response.TREAT),
)


def _scores(scores: tuple[tuple[int, int], ...]) -> dict[str, int]:
    (il, ii), (rl, ri), (tl, ti) = scores
    return {
        "inherent_likelihood": il,
        "inherent_impact": ii,
        "residual_likelihood": rl,
        "residual_impact": ri,
        "target_likelihood": tl,
        "target_impact": ti,
    }


def seed(ctx: SeedContext) -> None:
    if Risk.objects.filter(reference=SAVINGS_RISK).exists():
        return
    users: dict[str, Any] = ctx.made["users"]
    today = ctx.today
    risks: list[Risk] = []

    def add(**values: Any) -> None:
        number = len(risks) + 1
        values.setdefault("reference", f"RSK-{number:04d}")
        # Every fifth risk is a month past its review date; the rest are due in the coming weeks.
        days = -30 if number % 5 == 0 else 7 * (number % 9 + 1)
        values.setdefault("next_review_on", today + dt.timedelta(days=days))
        risks.append(Risk(proximity=Proximity.MEDIUM, **values))

    for reference, title, category, cause, event, effect, scores, response, owner in CORPORATE:
        add(
            reference=reference, level=Level.CORPORATE, title=title, category=category, cause=cause, event=event,
            effect=effect, response=response, owner=users[owner], published=True, **_scores(scores),
        )  # fmt: skip
    for directorate in Directorate.objects.order_by("name")[:DIRECTORATES_WITH_RISKS]:
        for title, category, scores, response in DIRECTORATE_RISKS:
            add(
                level=Level.DIRECTORATE, directorate=directorate, title=f"{directorate.name}: {title.lower()}",
                category=category, cause="Pressures the directorate has recorded", event=title, effect="Services cut",
                response=response, owner=directorate.director or users["director"], published=True,
                **_scores(scores),
            )  # fmt: skip
    reviews = CommissioningReview.objects.order_by("reference").select_related("directorate")[:REVIEWS_WITH_RISKS]
    for index, review in enumerate(reviews):
        for title, category, scores, response in REVIEW_RISKS[: 2 if index < 4 else 1]:
            add(
                level=Level.REVIEW, review=review, directorate=review.directorate, title=f"{review.reference}: {title}",
                category=category, cause="The review's scope and timetable", event=title, effect="A weaker decision",
                response=response, owner=users["officer"], published=index % 2 == 0, **_scores(scores),
            )  # fmt: skip
    contract_model = apps.get_model("contracts", "Contract")
    contracts = (
        contract_model.objects.filter(archived_at__isnull=True, provider__isnull=False)
        .order_by("reference")
        .select_related("directorate")[:CONTRACTS_WITH_RISKS]
    )
    title, category, scores, response = CONTRACT_RISK
    for index, contract in enumerate(contracts):
        add(
            level=Level.CONTRACT, contract=contract, directorate=contract.directorate,
            title=f"{contract.reference}: {title.lower()}", category=category,
            cause="Vacancies and agency use reported in the provider's returns", event=title,
            effect="Visits missed or shortened", response=response, owner=users["officer"],
            published=index % 2 == 0, **_scores(scores),
        )  # fmt: skip
    made = create_missing(Risk, risks, key="reference", ctx=ctx)
    savings = made[SAVINGS_RISK]
    controls = [
        Control(risk=savings, description="Monthly budget monitoring of every savings line", positive_effect=True),
        Control(risk=savings, description="Savings tracker reviewed by the section 151 officer", positive_effect=True),
    ]
    controls += [
        Control(risk=risk, description="Reported to the programme board each month", positive_effect=True)
        for risk in list(made.values())[1:6]
    ]
    create_missing_many(Control, controls, ctx=ctx)
    actions = [
        RiskAction(risk=savings, description="Agree a recovery plan for the slipping savings lines",
                   owner=users["finance"], due_on=today - dt.timedelta(days=14)),  # overdue
        RiskAction(risk=savings, description="Report savings realised to Cabinet each quarter",
                   owner=users["finance"], due_on=today + dt.timedelta(days=60)),
    ]  # fmt: skip
    actions += [
        RiskAction(risk=risk, description="Re-check the timetable with the programme board", owner=users["officer"],
                   due_on=today + dt.timedelta(days=21))
        for risk in [made[r.reference] for r in risks if r.level == Level.REVIEW][-3:]
    ]  # fmt: skip
    create_missing_many(RiskAction, actions, ctx=ctx)


def create_missing_many(model: type[Any], objects: list[Any], *, ctx: SeedContext) -> None:
    """Bulk-create rows that have no natural key of their own (seeded once: the risks' presence guards a re-run)."""
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(objects, model, batch_size=500, default_change_reason="Demo council seeded")
    ctx.counts[str(model._meta.verbose_name_plural)] = len(objects)
