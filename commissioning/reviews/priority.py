"""The criteria every prioritisation model has (declared in commissioning.core.priority), and the two this app
scores from the service catalogue: size of budget and the statutory constraint on the options. Savings potential,
performance gap and strategic fit are scored by commissioning.outcomes; months to the end of the current contract
and risk are judgements until the contracts and risks apps register data for them. Registered in
ReviewsConfig.ready()."""

from __future__ import annotations

from collections.abc import Collection

from commissioning.core import priority
from commissioning.core.formatting import money
from commissioning.core.priority import Criterion, Evidence, Source
from commissioning.reviews import calculations, selectors

CRITERIA = [
    Criterion(
        priority.BUDGET, "Size of budget", "How much does the service cost a year?", calculations.BUDGET_BANDS, 10
    ),
    Criterion(
        priority.SAVINGS,
        "Savings potential",
        "How far does its unit cost sit above its comparator councils' median?",
        calculations.SAVINGS_BANDS,
        20,
    ),
    Criterion(
        priority.PERFORMANCE,
        "Performance gap",
        "How many of its indicators are off target, and getting worse?",
        calculations.PERFORMANCE_BANDS,
        30,
    ),
    Criterion(
        priority.CONTRACT_END,
        "Months to the end of the current contract",
        "How soon does the way it is delivered now come to an end?",
        calculations.CONTRACT_BANDS + " Until contracts are recorded: " + calculations.JUDGEMENT_BANDS,
        40,
    ),
    Criterion(
        priority.RISK,
        "Risk",
        "How great is the risk to residents, or to the council, of carrying on as now?",
        calculations.JUDGEMENT_BANDS,
        50,
    ),
    Criterion(
        priority.STRATEGIC_FIT,
        "Strategic fit",
        "How much does it serve the council's priorities?",
        calculations.FIT_BANDS + " Without outcomes linked: " + calculations.JUDGEMENT_BANDS,
        60,
    ),
    Criterion(
        priority.DISSATISFACTION,
        "Resident dissatisfaction",
        "How dissatisfied are residents with it (consultations now; complaints when they are recorded)?",
        calculations.JUDGEMENT_BANDS,
        70,
    ),
    Criterion(
        priority.STATUTORY,
        "Statutory constraint on the options",
        "How open are the options: could it be redesigned, shared, commissioned out or stopped?",
        calculations.STATUTORY_BANDS,
        80,
    ),
]


def budget(service_ids: Collection[int]) -> dict[int, Evidence]:
    return {
        facts.pk: Evidence(
            score=calculations.budget_score(facts.gross_budget),
            summary=f"Gross budget {money(facts.gross_budget)} in {facts.budget_year}.",
            sources=(Source(f"{facts.name} ({facts.reference})", "services:detail", (facts.pk,)),),
        )
        for facts in selectors.service_facts(service_ids)
    }


def statutory(service_ids: Collection[int]) -> dict[int, Evidence]:
    return {
        facts.pk: Evidence(
            score=calculations.statutory_score(facts.is_statutory),
            summary=(
                f"A statutory service ({facts.statutory_basis}): it must still be provided, so only how is open."
                if facts.is_statutory and facts.statutory_basis
                else "A statutory service: it must still be provided, so only how is open."
                if facts.is_statutory
                else "No statutory duty: every option, stopping it included, is open."
            ),
            sources=(Source(f"{facts.name} ({facts.reference})", "services:detail", (facts.pk,)),),
        )
        for facts in selectors.service_facts(service_ids)
    }


def register() -> None:
    for criterion in CRITERIA:
        priority.add_criterion(criterion)
    priority.provide(priority.BUDGET, budget)
    priority.provide(priority.STATUTORY, statutory)
