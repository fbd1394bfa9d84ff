"""The bridge between the appraisal models and engine/: the one module in this app that calls the engine.

Options and lines go to the engine under their primary keys as names ("12"), so every result maps back to its
record whatever the officers call them. Nothing here touches the database: callers pass records already loaded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from engine.finance.appraisal import (
    DEFAULT_HORIZON_YEARS,
    AppraisalInput,
    AppraisalResult,
    Distribution,
    Line,
    LineRange,
    OptionInput,
    to_pence,
)
from engine.finance.appraisal import appraise as engine_appraise
from engine.finance.appraise_json import MAX_AMOUNT, AppraisalRequestError, dumps, parse_request, run_request
from engine.finance.discounting import GREEN_BOOK_STPR
from engine.finance.optimism_bias import (
    OPTIMISM_BIAS_TABLE,
    BiasBounds,
    OptimismBiasAdjustment,
    ProjectCategory,
)
from engine.finance.years import FinancialYear, financial_year_of, parse_financial_year
from engine.scoring.criteria import MAX_SCORE, WeightedScore, weighted_score, weights_problem
from engine.simulation.montecarlo import DEFAULT_DRAWS, DEFAULT_SEED, SimulationResult, simulate

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_HORIZON_YEARS",
    "DEFAULT_SEED",
    "MAX_AMOUNT",
    "MAX_SCORE",
    "AppraisalInput",
    "AppraisalRequestError",
    "SimulationResult",
    "dumps",
    "parse_request",
    "run_request",
]

MAX_HORIZON_YEARS = 60
MIN_DRAWS = DEFAULT_DRAWS  # the issue asks for at least 10,000 draws
MAX_DRAWS = 200_000
HUNDRED = Decimal(100)


# Financial years ---------------------------------------------------------------------------------------------------


def year_label(start_year: int) -> str:
    """2026 gives "2026/27"."""
    return FinancialYear(start_year).label


def year_labels(*, base_year: int, horizon_years: int) -> list[str]:
    return [FinancialYear(base_year + year).label for year in range(horizon_years)]


def parse_base_year(label: str) -> int:
    """ "2026/27" gives 2026. Raises ValueError naming the problem."""
    return parse_financial_year(label).start_year


def current_base_year() -> int:
    """The first calendar year of the financial year today falls in."""
    return financial_year_of(timezone.localdate()).start_year


# Optimism bias -----------------------------------------------------------------------------------------------------


def _percent(fraction: Decimal) -> str:
    return f"{(fraction * HUNDRED).normalize():f}%"


def bias_category_choices() -> list[tuple[str, str]]:
    """The Green Book categories with their range of optimism bias on costs, like "Outsourcing: 0% to 41%"."""
    return [
        (row.category.value, f"{row.label}: {_percent(row.capex.lower)} to {_percent(row.capex.upper)}")
        for row in OPTIMISM_BIAS_TABLE.values()
    ]


def bias_bounds(category: str) -> BiasBounds:
    return OPTIMISM_BIAS_TABLE[ProjectCategory(category)].capex


def applied_optimism_bias(*, category: str, mitigation: Decimal, reason: str = "") -> Decimal:
    """The uplift on costs: the category's upper bound less the evidenced reduction (0 when not assessed)."""
    if not category:
        return Decimal(0)
    return OptimismBiasAdjustment(
        category=ProjectCategory(category), mitigation=mitigation, reason=reason or "recorded"
    ).applied


def optimism_bias_summary(*, category: str, mitigation: Decimal, reason: str) -> dict[str, Any] | None:
    """What a page or the business case says about an option's optimism bias (None when not assessed)."""
    if not category:
        return None
    adjustment = OptimismBiasAdjustment(
        category=ProjectCategory(category), mitigation=mitigation, reason=reason or "recorded"
    )
    return {
        "category": category,
        "category_label": OPTIMISM_BIAS_TABLE[adjustment.category].label,
        "lower": str(adjustment.bounds.lower),
        "starting": str(adjustment.starting),
        "mitigation": str(adjustment.mitigation),
        "applied": str(adjustment.applied),
        "reason": reason,
        "below_lower_bound": adjustment.below_lower_bound,
    }


def optimism_bias_problem(*, category: str, mitigation: Decimal, reason: str) -> str | None:
    """The engine's objection to a recorded optimism bias, or None."""
    if not category:
        return None
    try:
        OptimismBiasAdjustment(category=ProjectCategory(category), mitigation=mitigation, reason=reason)
    except ValueError as exc:
        return str(exc)
    return None


# The shortlist, to the engine and back -----------------------------------------------------------------------------


def _line_range(line: Any) -> LineRange | None:
    if line.range_low is None:
        return None
    return LineRange(
        minimum=Decimal(line.range_low) / HUNDRED,
        most_likely=Decimal(line.range_likely) / HUNDRED,
        maximum=Decimal(line.range_high) / HUNDRED,
        distribution=Distribution(line.distribution or Distribution.TRIANGULAR),
    )


def engine_line(line: Any) -> Line:
    return Line(
        kind=line.kind,
        category=line.transition_category or line.kind,
        amounts=tuple(Decimal(amount) for amount in line.amounts),
        range=_line_range(line),
        label=str(line.pk),
    )


def appraisal_input(
    *, base_year: int, horizon_years: int, options: Sequence[Any], lines: Mapping[int, Sequence[Any]]
) -> AppraisalInput:
    """The engine's view of the shortlist: each current option (by id) with its current lines (by id)."""
    return AppraisalInput(
        base_year=base_year,
        horizon_years=horizon_years,
        schedule=GREEN_BOOK_STPR,
        options=tuple(
            OptionInput(
                name=str(option.pk),
                kind=option.kind,
                lines=tuple(engine_line(line) for line in lines.get(option.pk, ())),
                optimism_bias=applied_optimism_bias(
                    category=option.optimism_bias_category,
                    mitigation=option.optimism_bias_mitigation,
                    reason=option.optimism_bias_reason,
                ),
            )
            for option in options
        ),
    )


def appraise(shortlist: AppraisalInput) -> AppraisalResult:
    return engine_appraise(shortlist)


def run_simulation(shortlist: AppraisalInput, *, draws: int, seed: int) -> SimulationResult:
    return simulate(shortlist, draws=draws, seed=seed)


def inputs_hash(shortlist: AppraisalInput) -> str:
    """A fingerprint of everything the figures depend on: a simulation is current while this stays the same."""
    text = json.dumps(asdict(shortlist), default=str, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def cumulative(values: Iterable[Decimal]) -> list[Decimal]:
    """Running totals, year by year (the cumulative discounted net benefit)."""
    total = Decimal(0)
    running = []
    for value in values:
        total += value
        running.append(to_pence(total))
    return running


def line_total(amounts: Iterable[Any]) -> Decimal:
    return to_pence(sum((Decimal(amount) for amount in amounts), Decimal(0)))


# Non-financial scores ----------------------------------------------------------------------------------------------


def option_weighted_score(*, weights: Mapping[str, int], scores: Mapping[str, int | None]) -> WeightedScore:
    return weighted_score(weights=weights, scores=scores)


def weights_total_problem(weights: Mapping[str, int]) -> str | None:
    return weights_problem(weights)
