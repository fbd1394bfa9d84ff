"""The appraisal as a document: every input and result, as plain JSON-ready values.

One builder serves every page that shows figures (the workspace, the simulation results, the business case page and
its PDF), and a submitted business case stores its output as the version's snapshot. So a draft and a submitted
version render through the same templates and charts, and a submitted version, rendered from its snapshot, never
changes when the appraisal is edited later. Money and fractions are decimal strings; dates are display strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from commissioning.accounts.selectors import home_council
from commissioning.appraisals import calculations
from commissioning.appraisals.models import (
    CRITERION_HINTS,
    Appraisal,
    BusinessCase,
    Criterion,
    LineKind,
    Option,
    OptionDeliveryModel,
    OptionKind,
    SimulationRun,
    SimulationStatus,
    TransitionCategory,
)
from commissioning.core import formatting

if TYPE_CHECKING:  # the engine is reached through calculations; these are only its types
    from commissioning.appraisals.calculations import AppraisalInput, SimulationResult

SCHEMA = 1
FALLBACK_COUNCIL_NAME = "The council"


def council_name() -> str:
    council = home_council()
    return council.name if council is not None else (settings.COUNCIL_NAME or FALLBACK_COUNCIL_NAME)


def percent_label(fraction: Any, places: int = 1, signed: bool = False) -> str:
    """0.4125 gives "41.3%" (or "+41.3%" when signed); blank for None."""
    if fraction is None:
        return ""
    value = (Decimal(fraction) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{value:,.{places}f}".rstrip("0").rstrip(".") if places else f"{value:,.0f}"
    return f"{'+' if signed and value > 0 else ''}{text}%"


def engine_shortlist(appraisal: Appraisal, options: Sequence[Option]) -> AppraisalInput:
    """The engine's view of the current shortlist (options as loaded by selectors.shortlist)."""
    return calculations.appraisal_input(
        base_year=appraisal.base_year,
        horizon_years=appraisal.horizon_years,
        options=options,
        lines={option.pk: option.current_lines for option in options},  # type: ignore[attr-defined]
    )


def simulation_results(result: SimulationResult) -> dict[str, Any]:
    """A run's results as stored on SimulationRun.results: per option id, with tornado bars by line id."""
    return {
        "draws": result.draws,
        "seed": result.seed,
        "options": {
            option.name: {
                "p10": str(option.p10),
                "p50": str(option.p50),
                "p90": str(option.p90),
                "mean": str(option.mean),
                "probability_beats_bau": None
                if option.probability_beats_bau is None
                else str(option.probability_beats_bau),
                "npsv_at_most_likely": str(option.npsv_at_most_likely),
                "tornado": [
                    {
                        "line_id": int(bar.label),
                        "npsv_at_minimum": str(bar.npsv_at_minimum),
                        "npsv_at_maximum": str(bar.npsv_at_maximum),
                        "swing": str(bar.swing),
                    }
                    for bar in option.tornado
                ],
            }
            for option in result.options
        },
    }


def _padded(amounts: Sequence[str], years: int) -> list[str]:
    return [str(Decimal(amount)) for amount in amounts[:years]] + ["0.00"] * max(0, years - len(amounts))


def _line(line: Any, line_result: Any, years: int) -> dict[str, Any]:
    has_range = line.range_low is not None
    return {
        "id": line.pk,
        "kind": line.kind,
        "kind_label": LineKind(line.kind).label,
        "is_cost": line.is_cost,
        "transition_category": line.transition_category,
        "transition_category_label": TransitionCategory(line.transition_category).label
        if line.transition_category
        else "",
        "label": line.label,
        "amounts": _padded(line.amounts, years),
        "total": str(line_result.total),
        "present_value": str(line_result.present_value),
        "optimism_bias": str(line_result.optimism_bias),
        "range": {
            "low": str(line.range_low),
            "likely": str(line.range_likely),
            "high": str(line.range_high),
            "distribution": line.distribution,
            "distribution_label": line.get_distribution_display(),
        }
        if has_range
        else None,
    }


def _simulation_of(option: Option, run_results: Mapping[str, Any] | None, lines: Mapping[int, str]) -> Any:
    if not run_results:
        return None
    found = run_results.get("options", {}).get(str(option.pk))
    if found is None:
        return None
    probability = found["probability_beats_bau"]
    return {
        **found,
        "probability_label": percent_label(probability) if probability is not None else "",
        "tornado": [{**bar, "label": lines.get(bar["line_id"], f"Line {bar['line_id']}")} for bar in found["tornado"]],
    }


def appraisal_document(*, appraisal: Appraisal, options: Sequence[Option], run: SimulationRun | None) -> dict[str, Any]:
    """Every figure of the appraisal as it stands: inputs, Green Book results, scores and the latest simulation."""
    shortlist = engine_shortlist(appraisal, options)
    result = calculations.appraise(shortlist)
    years = appraisal.horizon_years
    labels = list(result.year_labels)
    current_hash = calculations.inputs_hash(shortlist)
    simulation = None
    run_results = None
    if run is not None and run.status == SimulationStatus.DONE:
        run_results = run.results
        simulation = {
            "run_id": run.pk,
            "draws": run.draws,
            "seed": run.seed,
            "finished_on": formatting.datetime(run.finished_at),
            "by": str(run.created_by),
            "current": run.inputs_hash == current_hash,
        }
    weights = appraisal.weights
    options_doc = []
    for option, option_result in zip(options, result.options, strict=True):
        line_results = {int(line.label): line for line in option_result.lines}
        lines = option.current_lines  # type: ignore[attr-defined]
        scores = {score.criterion: score for score in option.current_scores}  # type: ignore[attr-defined]
        weighted = calculations.option_weighted_score(
            weights=weights,
            scores={name: scores[name].score if name in scores else None for name in weights},
        )
        payback = option_result.discounted_payback_year
        options_doc.append(
            {
                "id": option.pk,
                "name": option.name,
                "kind": option.kind,
                "kind_label": OptionKind(option.kind).label,
                "delivery_model": option.delivery_model,
                "delivery_model_label": OptionDeliveryModel(option.delivery_model).label
                if option.delivery_model
                else "",
                "partner": option.partner.name if option.partner else "",
                "description": option.description,
                "optimism_bias": _bias(option),
                "lines": [_line(line, line_results[line.pk], years) for line in lines],
                "result": {
                    "pv_costs": str(option_result.pv_costs),
                    "pv_benefits": str(option_result.pv_benefits),
                    "npsv": str(option_result.npsv),
                    "bcr": None if option_result.bcr is None else str(option_result.bcr),
                    "npsv_vs_bau": str(option_result.npsv_vs_bau),
                    "pv_optimism_bias": str(option_result.pv_optimism_bias),
                    "payback_year": payback,
                    "payback_label": f"{labels[payback]} (year {payback})" if payback is not None else "",
                    "discounted_net_by_year": [str(value) for value in option_result.discounted_net_by_year],
                    "cumulative_net_by_year": [
                        str(value) for value in calculations.cumulative(option_result.discounted_net_by_year)
                    ],
                },
                "scores": [
                    {
                        "criterion": criterion.value,
                        "label": criterion.label,
                        "weight": weights[criterion.value],
                        "score": scores[criterion.value].score if criterion.value in scores else None,
                        "justification": scores[criterion.value].justification if criterion.value in scores else "",
                    }
                    for criterion in Criterion
                ],
                "weighted_score": str(weighted.total),
                "scores_complete": weighted.complete,
                "simulation": _simulation_of(option, run_results, {line.pk: line.label for line in lines}),
            }
        )
    preferred_id = int(result.preferred)
    preferred_lines = {line["id"]: line for doc in options_doc if doc["id"] == preferred_id for line in doc["lines"]}
    names = {doc["id"]: doc["name"] for doc in options_doc}
    return {
        "schema": SCHEMA,
        "appraisal": {
            "id": appraisal.pk,
            "base_year": appraisal.base_year,
            "base_year_label": calculations.year_label(appraisal.base_year),
            "horizon_years": years,
            "year_labels": labels,
            "discount_schedule": appraisal.get_discount_schedule_display(),
            "weights": [
                {
                    "criterion": criterion.value,
                    "label": criterion.label,
                    "weight": weights[criterion.value],
                    "hint": CRITERION_HINTS[criterion],
                }
                for criterion in Criterion
            ],
        },
        "options": options_doc,
        "preferred_id": preferred_id,
        "preferred_name": names[preferred_id],
        "rival_id": int(result.rival) if result.rival is not None else None,
        "rival_name": names[int(result.rival)] if result.rival is not None else "",
        "switching_values": [
            {
                "line_id": int(value.label),
                "label": preferred_lines[int(value.label)]["label"],
                "kind_label": LineKind(value.kind.value).label,
                "is_cost": value.kind.is_cost,
                "fraction": None if value.fraction is None else str(value.fraction),
                "fraction_label": percent_label(value.fraction, signed=True) if value.fraction is not None else "",
                "pv_change": None if value.pv_change is None else str(value.pv_change),
                "amount_change": None if value.amount_change is None else str(value.amount_change),
            }
            for value in result.switching_values
        ],
        "simulation": simulation,
        "inputs_hash": current_hash,
    }


def _bias(option: Option) -> dict[str, Any] | None:
    summary = calculations.optimism_bias_summary(
        category=option.optimism_bias_category,
        mitigation=option.optimism_bias_mitigation,
        reason=option.optimism_bias_reason,
    )
    if summary is None:
        return None
    return {
        **summary,
        "applied_label": percent_label(summary["applied"], places=2),
        "starting_label": percent_label(summary["starting"], places=2),
        "lower_label": percent_label(summary["lower"], places=2),
        "mitigation_label": percent_label(summary["mitigation"], places=2),
    }


def business_case_snapshot(*, case: BusinessCase, doc: Mapping[str, Any]) -> dict[str, Any]:
    """The business case as a board receives it: the review, the appraisal document and the case's own text."""
    review = case.review
    recommended = next((option for option in doc["options"] if option["id"] == case.recommended_option_id), None)
    supersedes = case.supersedes
    return {
        **doc,
        "council": council_name(),
        "review": {
            "id": review.pk,
            "reference": review.reference,
            "title": review.title,
            "purpose": review.purpose,
            "directorate": review.directorate.name,
            "lead": str(review.lead_commissioner),
            "services": [f"{service.name} ({service.reference})" for service in review.services.order_by("name")],
        },
        "case": {
            "version": case.version,
            "status": case.status,
            "status_label": case.get_status_display(),
            "recommended_option_id": case.recommended_option_id,
            "recommended_option_name": recommended["name"] if recommended else "",
            "recommended_is_preferred": case.recommended_option_id == doc["preferred_id"],
            "reasons": case.reasons,
            "risks": case.risks,
            "assumptions": case.assumptions,
            "sensitivities": case.sensitivities,
            "board": case.board,
            "submitted_on": formatting.date(case.submitted_at) if case.submitted_at else "",
            "submitted_by": str(case.submitted_by) if case.submitted_by else "",
            "change_reason": case.change_reason,
            "supersedes_version": supersedes.version if supersedes is not None else None,
        },
        "generated_on": formatting.date(timezone.now()),
    }


def business_case_document(
    *, case: BusinessCase, appraisal: Appraisal | None, options: Sequence[Option], run: SimulationRun | None
) -> dict[str, Any]:
    """A submitted version's frozen snapshot, or a draft as it would be submitted now."""
    if case.is_submitted and case.snapshot:
        return case.snapshot
    if appraisal is None:
        raise ValueError("a draft business case needs its review's appraisal")
    return business_case_snapshot(case=case, doc=appraisal_document(appraisal=appraisal, options=options, run=run))
