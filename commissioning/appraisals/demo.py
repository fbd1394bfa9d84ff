"""Demo council records for options appraisals: a few reviews at each scale get a shortlist, figures and scores.

For the first reviews in the Plan or Do stage (in reference order): business as usual, a do-minimum redesign, a
shared service with a partner and, for every other review, an outsourcing option, with lines sized from the
services' budgets, ranges for the risk analysis, optimism bias and scores. The second review's business case is a
draft; the first, the third and (at metropolitan scale) the last have been submitted to the Programme Board, each
with its simulation and frozen snapshot and PDF, so the governance demo can take a decision adopting each one's
recommended option (the last chosen review is one still in Plan, whose Plan-to-Do gate that decision passes).
Submitted from the demo's today (``ctx.today``): the first reviews' cases longest ago, so each is in before the
decision taken on it.

Idempotent: a review that already has an appraisal is left alone. Deterministic: its own random stream, and dates a
fixed number of days before the demo's today.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from simple_history.utils import bulk_create_with_history

from commissioning.appraisals import calculations, demo_equality, document, rendering, selectors
from commissioning.appraisals.models import (
    Appraisal,
    BusinessCase,
    BusinessCaseStatus,
    CostBenefitLine,
    Criterion,
    CriterionScore,
    Option,
    OptionDeliveryModel,
    OptionKind,
    SimulationRun,
    SimulationStatus,
)
from commissioning.core.demo import SeedContext, create_missing
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage

APPRAISALS = {"district": 3, "metropolitan": 6}
# How many appraised reviews have a submitted business case (the first ones but the second, which has a draft, and
# the last): each PDF takes a second or two to render, so a few, not all.
SUBMITTED = {"district": 2, "metropolitan": 3}
YEARS = 10
BASE_YEAR = 2026
REASON = "Demo council seeded"
# The first submitted case went in this many days before the demo's today, each later one SUBMITTED_EVERY days after
# the one before (the governance demo decides on them in that order, the first longest ago).
SUBMITTED_DAYS_AGO = 150
SUBMITTED_EVERY = 35
BOARD = "Programme Board"
PENNY = Decimal("0.01")

SCORES = {
    # kind or delivery model: (score for each criterion in Criterion order, and the justification's gist)
    OptionKind.BAU: ([3, 2, 5, 3, 3, 2], "The service as residents know it today"),
    OptionKind.DO_MINIMUM: ([3, 2, 4, 3, 3, 3], "A modest redesign the current team can deliver"),
    OptionDeliveryModel.SHARED: ([4, 3, 3, 3, 4, 4], "Shared management and a bigger team with the partner"),
    OptionDeliveryModel.PRIVATE: ([3, 3, 3, 2, 3, 3], "A contract with a provider chosen by competition"),
    OptionDeliveryModel.VCS: ([4, 5, 3, 3, 4, 4], "Local organisations that already work with the same residents"),
}
CRITERION_NOTES = {
    Criterion.QUALITY: "on outcomes, judged against the service's indicators",
    Criterion.SOCIAL_VALUE: "for local jobs and spend",
    Criterion.DELIVERABILITY: "given the time and skills it needs",
    Criterion.RISK: "for the risk it carries",
    Criterion.EQUALITY: "in the equality impact assessment",
    Criterion.STRATEGIC_FIT: "against the council plan",
}


def _amounts(values: list[Decimal]) -> list[str]:
    return [str(value.quantize(PENNY)) for value in values]


def _flat(amount: Decimal, *, start: int = 0, first: Decimal | None = None) -> list[str]:
    values = [Decimal(0)] * start + [amount] * (YEARS - start)
    if first is not None:
        values[0] = first
    return _amounts(values)


def _once(amount: Decimal, year: int) -> list[str]:
    return _amounts([amount if index == year else Decimal(0) for index in range(YEARS)])


def _line(
    kind: str,
    label: str,
    amounts: list[str],
    *,
    category: str = "",
    spread: tuple[int, int, int] | None = None,
    pert: bool = False,
) -> dict[str, Any]:
    line: dict[str, Any] = {"kind": kind, "label": label, "amounts": amounts, "transition_category": category}
    if spread is not None:
        line.update(
            range_low=Decimal(spread[0]),
            range_likely=Decimal(spread[1]),
            range_high=Decimal(spread[2]),
            distribution="pert" if pert else "triangular",
        )
    return line


def _shortlist(rng: random.Random, index: int, net: Decimal, income: Decimal, partner: Any) -> list[dict[str, Any]]:
    """The options of one appraisal, each with its lines (amounts in real pounds of 2026/27)."""
    growth = [net * Decimal("0.015") * year for year in range(YEARS)]
    demand = _line("recurring_cost", "Rising demand", _amounts(growth), spread=(50, 100, 160), pert=True)
    fees = _line("income", "Fees and charges", _flat(income), spread=(85, 100, 105))
    saving = Decimal(str(round(rng.uniform(0.16, 0.24), 3)))
    options = [
        {
            "kind": OptionKind.BAU,
            "name": "Business as usual",
            "delivery_model": "",
            "description": "The service as it is delivered today, with no change.",
            "bias": (
                "outsourcing",
                Decimal("0.9"),
                "Today's costs are outturn from the accounts; only demand is uncertain.",
            ),
            "lines": [
                _line("recurring_cost", "Staff and running costs", _flat(net), spread=(97, 100, 108)),
                demand,
                fees,
            ],
        },
        {
            "kind": OptionKind.DO_MINIMUM,
            "name": "Redesign in-house",
            "delivery_model": OptionDeliveryModel.IN_HOUSE_REDESIGN,
            "description": "Keep the service in-house with a leaner structure and online booking.",
            "bias": ("outsourcing", Decimal("0.8"), "The redesign is costed from the current structure chart."),
            "lines": [
                _line(
                    "recurring_cost",
                    "Staff and running costs",
                    _flat(net * Decimal("0.96"), first=net),
                    spread=(95, 100, 110),
                ),
                _line(
                    "transition_cost",
                    "Online booking system",
                    _once(net * Decimal("0.03"), 0),
                    category="ict",
                    spread=(90, 100, 150),
                    pert=True,
                ),
                demand,
                fees,
            ],
        },
        {
            "kind": OptionKind.OPTION,
            "name": f"Shared service with {partner.name}",
            "delivery_model": OptionDeliveryModel.SHARED,
            "partner": partner,
            "description": f"One service for both councils, hosted by {partner.name}, with a joint board.",
            "bias": ("outsourcing", Decimal("0.75"), "The partner's prices are agreed in principle for three years."),
            "lines": [
                _line(
                    "recurring_cost",
                    "Contribution to the shared service",
                    _amounts([net, net * Decimal("0.95")] + [net * (1 - saving)] * (YEARS - 2)),
                    spread=(92, 100, 125),
                    pert=True,
                ),
                _line(
                    "transition_cost",
                    "Redundancy and pension strain",
                    _once(net * Decimal("0.05"), 1),
                    category="redundancy",
                    spread=(80, 100, 140),
                ),
                _line("transition_cost", "Joining the partner's ICT", _once(net * Decimal("0.04"), 0), category="ict"),
                _line(
                    "transition_cost",
                    "Double running",
                    _once(net * Decimal("0.06"), 1),
                    category="double_running",
                    spread=(50, 100, 150),
                ),
                _line(
                    "non_cashable_benefit",
                    "Shorter waits for residents",
                    _flat(net * Decimal("0.02"), start=2),
                    spread=(40, 100, 130),
                ),
                _line(
                    "recurring_cost",
                    "Rising demand",
                    _amounts([value * Decimal("0.9") for value in growth]),
                    spread=(50, 100, 160),
                    pert=True,
                ),
                fees,
            ],
        },
    ]
    if index % 2 == 0:
        vcs = index % 4 == 0
        options.append(
            {
                "kind": OptionKind.OPTION,
                "name": "Commission from the voluntary sector" if vcs else "Outsource to a private provider",
                "delivery_model": OptionDeliveryModel.VCS if vcs else OptionDeliveryModel.PRIVATE,
                "description": "Tender the service as a five-year contract with an option to extend for two.",
                "bias": ("outsourcing", Decimal("0.7"), "A soft market test drew four credible bidders."),
                "lines": [
                    _line(
                        "recurring_cost",
                        "Contract price",
                        _flat(net * Decimal(str(round(rng.uniform(0.76, 0.86), 3))), first=net),
                        spread=(95, 100, 140),
                    ),
                    _line("recurring_cost", "Contract management", _flat(net * Decimal("0.02"), start=1)),
                    _line("transition_cost", "Procurement", _once(net * Decimal("0.02"), 0), category="procurement"),
                    _line(
                        "transition_cost",
                        "Redundancy and pension strain",
                        _once(net * Decimal("0.06"), 1),
                        category="redundancy",
                        spread=(70, 100, 150),
                    ),
                    _line(
                        "cashable_benefit",
                        "Sale of the depot lease",
                        _once(net * Decimal("0.03"), 2),
                        spread=(0, 100, 120),
                        pert=True,
                    ),
                    demand,
                    fees,
                ],
            }
        )
    return options


def _chosen_reviews(count: int) -> list[CommissioningReview]:
    reviews = CommissioningReview.objects.filter(archived_at__isnull=True).exclude(status=ReviewStatus.CANCELLED)
    in_plan = list(reviews.filter(stage__in=[Stage.PLAN, Stage.DO]).order_by("reference")[:count])
    # The last is one still in Plan when none of the others is, so the decision on its submitted business case
    # shows the Plan-to-Do gate passed (the first reviews by reference are all in Do at metropolitan scale).
    if in_plan and all(review.stage != Stage.PLAN for review in in_plan):
        waiting = reviews.filter(stage=Stage.PLAN, status=ReviewStatus.IN_PROGRESS).order_by("reference").first()
        if waiting is not None:
            in_plan[-1] = waiting
    others = list(reviews.exclude(pk__in=[r.pk for r in in_plan]).order_by("reference")[: count - len(in_plan)])
    return in_plan + others


def _budgets(review: CommissioningReview) -> tuple[Decimal, Decimal]:
    totals = review.services.aggregate(gross=Sum("gross_budget"), net=Sum("net_budget"))
    gross = (totals["gross"] or Decimal(500_000)).quantize(Decimal(1000))
    net = max(Decimal(50_000), (totals["net"] or gross).quantize(Decimal(1000)))
    return net, max(Decimal(0), gross - net)


def seed(ctx: SeedContext) -> None:
    rng = random.Random(f"appraisals-{ctx.seed}")  # its own stream: other seeders cannot shift it
    reviews = _chosen_reviews(APPRAISALS[ctx.scale.name])
    existing = set(Appraisal.objects.filter(review__in=reviews).values_list("review_id", flat=True))
    fresh = [review for review in reviews if review.pk not in existing]
    appraisals = create_missing(
        Appraisal,
        [Appraisal(review=review, base_year=BASE_YEAR, horizon_years=YEARS) for review in fresh],
        key="review_id",
        ctx=ctx,
    )
    officer = ctx.made["users"]["officer"]
    partners = ctx.made["partners"]
    planned: list[tuple[CommissioningReview, Appraisal, list[dict[str, Any]]]] = []
    for index, review in enumerate(reviews):
        net, income = _budgets(review)
        shortlist = _shortlist(rng, index, net, income, partners[index % len(partners)])
        if review.pk in existing:
            continue
        planned.append((review, appraisals[review.pk], shortlist))

    options: list[Option] = []
    for _review, appraisal, shortlist in planned:
        for spec in shortlist:
            category, mitigation, reason = spec["bias"]
            options.append(
                Option(
                    appraisal=appraisal,
                    kind=spec["kind"],
                    name=spec["name"],
                    delivery_model=spec["delivery_model"],
                    partner=spec.get("partner"),
                    description=spec["description"],
                    optimism_bias_category=category,
                    optimism_bias_mitigation=mitigation,
                    optimism_bias_reason=reason,
                )
            )
    options = bulk_create_with_history(options, Option, batch_size=500, default_change_reason=REASON)
    ctx.counts["options"] = len(options)
    lines: list[CostBenefitLine] = []
    scores: list[CriterionScore] = []
    specs = [spec for _r, _a, shortlist in planned for spec in shortlist]
    for option, spec in zip(options, specs, strict=True):
        lines.extend(CostBenefitLine(option=option, **line) for line in spec["lines"])
        values, gist = SCORES.get(spec["delivery_model"]) or SCORES[spec["kind"]]
        for criterion, score in zip(Criterion, values, strict=True):
            scores.append(
                CriterionScore(
                    option=option,
                    criterion=criterion,
                    score=score,
                    justification=f"{gist}: scores {score} {CRITERION_NOTES[criterion]}.",
                )
            )
    ctx.counts["cost and benefit lines"] = len(
        bulk_create_with_history(lines, CostBenefitLine, batch_size=1000, default_change_reason=REASON)
    )
    ctx.counts["criterion scores"] = len(
        bulk_create_with_history(scores, CriterionScore, batch_size=1000, default_change_reason=REASON)
    )
    candidates = [review.pk for index, review in enumerate(reviews) if index != 1]
    wanted = SUBMITTED[ctx.scale.name]
    to_submit = candidates if len(candidates) <= wanted else candidates[: wanted - 1] + candidates[-1:]
    for review, appraisal, _options in planned:
        if review.pk in to_submit:
            nth = to_submit.index(review.pk)
            day = ctx.today - dt.timedelta(days=SUBMITTED_DAYS_AGO - SUBMITTED_EVERY * nth)
            submitted_at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)
            _submitted_case(review, appraisal, officer, ctx, submitted_at=submitted_at)
        elif len(reviews) > 1 and review.pk == reviews[1].pk:
            bulk_create_with_history(
                [BusinessCase(review=review, version=1, risks="To follow.")],
                BusinessCase,
                default_change_reason=REASON,
            )
            ctx.counts["business cases"] = ctx.counts.get("business cases", 0) + 1
    if reviews:
        demo_equality.seed_assessment(ctx, reviews[0])  # one review's equality impact assessment (ADR 0036)


def _submitted_case(
    review: CommissioningReview, appraisal: Appraisal, officer: Any, ctx: SeedContext, *, submitted_at: dt.datetime
) -> None:
    """Version 1 submitted to the Programme Board, with the simulation it reports and its frozen snapshot."""
    options = selectors.shortlist(appraisal=appraisal)
    shortlist = document.engine_shortlist(appraisal, options)
    result = calculations.run_simulation(shortlist, draws=calculations.DEFAULT_DRAWS, seed=calculations.DEFAULT_SEED)
    (run,) = bulk_create_with_history(
        [
            SimulationRun(
                appraisal=appraisal,
                seed=calculations.DEFAULT_SEED,
                draws=calculations.DEFAULT_DRAWS,
                status=SimulationStatus.DONE,
                created_by=officer,
                inputs_hash=calculations.inputs_hash(shortlist),
                results=document.simulation_results(result),
                finished_at=submitted_at - dt.timedelta(hours=1),
            )
        ],
        SimulationRun,
        default_change_reason=REASON,
    )
    doc = document.appraisal_document(appraisal=appraisal, options=options, run=run)
    recommended = next(option for option in options if option.pk == doc["preferred_id"])
    case = BusinessCase(
        review=review,
        version=1,
        status=BusinessCaseStatus.SUBMITTED,
        recommended_option=recommended,
        reasons=(
            f"{recommended.name} has the highest net present social value and beats business as usual in most "
            "simulated outcomes. It also scores well on quality and strategic fit."
        ),
        risks="Staff may leave during the change. A communication plan and early engagement with unions manage it.",
        assumptions="Demand grows by 1.5% of today's cost a year. Prices are real 2026/27 prices.",
        sensitivities="The recommendation holds unless the contribution rises by more than the switching value.",
        board=BOARD,
        submitted_at=submitted_at,
        submitted_by=officer,
    )
    rendering.freeze_submission(case, document.business_case_snapshot(case=case, doc=doc))
    bulk_create_with_history([case], BusinessCase, default_change_reason=REASON)
    ctx.counts["simulation runs"] = ctx.counts.get("simulation runs", 0) + 1
    ctx.counts["business cases"] = ctx.counts.get("business cases", 0) + 1
