"""Demo quality triangulation records: inspection ratings (some falling), safeguarding concerns and financial health
notes for the providers of the contracts with KPIs (and the council itself, for its in-house plans), arranged so that
the demo shows each disagreement flag the records can raise (complaints rising waits for the residents app's counts).
Bulk-created without per-row history, with its own random stream: a few queries at either scale."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from commissioning.accounts.models import Organisation
from commissioning.contracts.calculations_quality import triangulation as tri
from commissioning.contracts.models import (
    AssessmentStatus,
    ConcernCategory,
    ConcernStatus,
    Contract,
    FinancialHealthNote,
    FinancialRisk,
    InspectionGrade,
    InspectionRating,
    Inspectorate,
    KpiRating,
    PerformanceReturn,
    SafeguardingConcern,
)
from commissioning.core.demo import SeedContext

G = InspectionGrade
# For providers whose KPIs are good, in turn: (previous overall, latest overall, concern, financial risk, workforce)
SCENARIOS = (
    (G.OUTSTANDING, G.GOOD, None, FinancialRisk.HIGH, False),  # KPIs good but inspection fell; finances at risk
    (G.GOOD, G.REQUIRES_IMPROVEMENT, None, FinancialRisk.LOW, False),  # ... and inspection below Good
    (G.GOOD, G.GOOD, (ConcernStatus.OPEN, True), FinancialRisk.MEDIUM, False),  # substantiated safeguarding open
    (G.GOOD, G.GOOD, None, FinancialRisk.HIGH, False),  # finances at high risk
    (G.REQUIRES_IMPROVEMENT, G.GOOD, None, FinancialRisk.LOW, True),  # employment practice a concern
)
OTHERS = (G.GOOD, G.GOOD, G.REQUIRES_IMPROVEMENT, G.OUTSTANDING, G.INADEQUATE)


def seed(ctx: SeedContext) -> None:
    if InspectionRating.objects.exists():
        return
    rng = random.Random(ctx.seed * 104729 + 7)  # noqa: S311 - demo data, not security
    today = ctx.today
    home = ctx.made.get("council")
    home_id = getattr(home, "pk", None) or _home_id()
    ratings: dict[int, list[str]] = defaultdict(list)
    for contract_id, rating in KpiRating.objects.filter(assessment__status=AssessmentStatus.CONFIRMED).values_list(
        "assessment__contract_id", "rating"
    ):
        ratings[contract_id].append(rating)
    contracts = list(
        Contract.objects.filter(kpis__isnull=False).distinct().order_by("pk").values_list("pk", "provider_id", "kind")
    )
    good_orgs: dict[int, int] = {}  # organisation -> a contract of it whose KPIs are good
    orgs: list[int] = []
    for pk, provider_id, _kind in contracts:
        org = provider_id or home_id
        if org is None:
            continue
        if org not in orgs:
            orgs.append(org)
        score = tri.kpi_score(ratings[pk])
        if org != home_id and score is not None and score >= tri.KPIS_GOOD_AT:
            good_orgs.setdefault(org, pk)
    inspections, concerns, notes = [], [], []
    workforce_contracts = []
    scenario_of = {org: SCENARIOS[i % len(SCENARIOS)] for i, org in enumerate(good_orgs)}
    for n, org in enumerate(orgs):
        kind = Inspectorate.CQC if n % 4 else Inspectorate.OFSTED
        if org in scenario_of:
            before, latest, concern, risk, workforce = scenario_of[org]
        elif org == home_id:
            before, latest, concern, risk, workforce = G.GOOD, G.GOOD, None, FinancialRisk.LOW, False
        else:
            latest = OTHERS[n % len(OTHERS)]
            before = OTHERS[(n + 1) % len(OTHERS)]
            concern = (ConcernStatus.CLOSED, n % 3 == 0) if n % 2 else None
            risk = (FinancialRisk.LOW, FinancialRisk.MEDIUM)[n % 2]
            workforce = False
        keys = dict.fromkeys(("effective", "caring", "responsive", "well_led"), latest)
        keys["safe"] = G.REQUIRES_IMPROVEMENT if latest == G.GOOD and n % 3 == 0 else latest
        inspections.append(
            InspectionRating(
                organisation_id=org,
                inspectorate=kind,
                inspected_on=today - dt.timedelta(days=900 + rng.randint(0, 200)),
                overall=before,
                safe=before,
                effective=before,
                caring=before,
                responsive=before,
                well_led=before,
            )
        )
        inspections.append(
            InspectionRating(
                organisation_id=org,
                inspectorate=kind,
                inspected_on=today - dt.timedelta(days=60 + rng.randint(0, 200)),
                overall=latest,
                **keys,
            )
        )
        if concern is not None:
            concerns.append(
                SafeguardingConcern(
                    organisation_id=org,
                    raised_on=today - dt.timedelta(days=rng.randint(10, 300)),
                    category=list(ConcernCategory)[n % len(ConcernCategory)],
                    status=concern[0],
                    substantiated=concern[1],
                )
            )
        notes.append(
            FinancialHealthNote(
                organisation_id=org,
                noted_on=today - dt.timedelta(days=rng.randint(20, 120)),
                risk=risk,
                note="Annual accounts reviewed: "
                + {"low": "healthy reserves.", "medium": "thin margins.", "high": "losses two years running."}[risk],
            )
        )
        if workforce and org in good_orgs:
            workforce_contracts.append(good_orgs[org])
    InspectionRating.objects.bulk_create(inspections)
    SafeguardingConcern.objects.bulk_create(concerns)
    FinancialHealthNote.objects.bulk_create(notes)
    if workforce_contracts:  # poor employment practice in those providers' returns
        PerformanceReturn.objects.filter(contract_id__in=workforce_contracts).exclude(staff_turnover=None).update(
            staff_turnover=34, agency_use=26, living_wage_share=62
        )
    ctx.counts["inspection ratings"] = len(inspections)


def _home_id() -> int | None:
    return Organisation.objects.filter(is_home=True).values_list("pk", flat=True).first()
