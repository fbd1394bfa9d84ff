"""The JSON face of the appraisal engine (``manage.py appraise``): parse and check a request, run it, write the report.

Input, one JSON object::

    {"base_year": 2026,
     "options": [{"name": "In-house", "kind": "bau", "costs": [100, 100, 100], "benefits": [0, 0, 0],
                  "optimism_bias": 0.0}, ...],
     "simulate": false}

``costs`` and ``benefits`` are real pounds (prices of ``base_year``) by year from year 0, the same number of years
in every option. Every cost is multiplied by (1 + ``optimism_bias``) (default 0). Costs must be 0 or more (a
saving is a benefit); benefits may be negative (a disbenefit). Exactly one option has kind "bau".

Optional, for ``"simulate": true``: per option ``"costs_range"`` and ``"benefits_range"`` (``[minimum, most likely,
maximum]`` multipliers of the whole profile, like ``[0.9, 1, 1.3]``; none means certain) and ``"distribution"``
(``"triangular"``, the default, or ``"pert"``); top-level ``"draws"`` (default 10,000) and ``"seed"`` (default
``DEFAULT_SEED``).

Output, one JSON object: ``{"options": [{"name", "pv_costs", "pv_benefits", "npsv", "bcr", "npsv_vs_bau"}],
"preferred": name}``, money as JSON numbers with exactly 2 decimal places (written from the Decimal, never via a
float), ``bcr`` to 4 places or null when the PV of costs is 0. With ``simulate`` each option also has ``p10``,
``p50``, ``p90`` and ``probability_beats_bau`` (null for business as usual), and the report has
``"simulation": {"draws", "seed"}``.

Anything wrong raises ``AppraisalRequestError`` with one message saying where and what, built from the constants
below (paths like ``options[1].benefits[3]``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.finance.appraisal import (
    AppraisalInput,
    AppraisalResult,
    Distribution,
    Line,
    LineKind,
    LineRange,
    OptionInput,
    OptionKind,
    appraise,
)
from engine.simulation.montecarlo import DEFAULT_DRAWS, DEFAULT_SEED, SimulationResult, simulate

MAX_AMOUNT = Decimal("1e12")  # a million million pounds a year: beyond any council, and within DecimalField(14, 2)
MIN_DRAWS = 100
MAX_DRAWS = 1_000_000

INVALID_JSON = "the input is not valid JSON: {detail}"
NOT_AN_OBJECT = 'the input is {value}: it must be one JSON object, like {{"base_year": 2026, "options": [...]}}'
UNKNOWN_FIELD = '{where} has an unknown field "{field}": the fields are {allowed}'
MISSING_FIELD = '{where} has no "{field}"'
BASE_YEAR_INVALID = "base_year is {value}: it must be a year like 2026 (the first year of 2026/27)"
OPTIONS_NOT_A_LIST = "options is {value}: it must be a list of options"
OPTIONS_EMPTY = "options is empty: give business as usual and the options to compare with it"
OPTION_NOT_AN_OBJECT = "options[{index}] is {value}: each option must be a JSON object"
NAME_INVALID = "options[{index}].name is {value}: it must be a non-empty string"
DUPLICATE_NAME = 'options[{index}].name is "{name}", the same as options[{first}].name: names must be unique'
KIND_INVALID = 'options[{index}].kind is {value}: it must be "bau", "do_minimum" or "option"'
NO_BAU = 'no option has kind "bau": the shortlist must include business as usual'
SECOND_BAU = 'options[{first}] and options[{index}] both have kind "bau": give exactly one business-as-usual option'
AMOUNTS_NOT_A_LIST = "options[{index}].{field} is {value}: it must be a list of amounts, one a year from year 0"
AMOUNTS_EMPTY = "options[{index}].{field} is empty: give at least one year (year 0)"
NOT_A_NUMBER = "options[{index}].{field}[{year}] is {value}: amounts must be numbers"
AMOUNT_TOO_LARGE = "options[{index}].{field}[{year}] is {value}: amounts must be under 1,000,000,000,000"
NEGATIVE_COST = "options[{index}].costs[{year}] is {value}: costs must be 0 or more (enter a saving as a benefit)"
UNEQUAL_LENGTHS = (
    "options[{index}].costs has {costs} years but options[{index}].benefits has {benefits}: "
    "costs and benefits must cover the same years"
)
UNEQUAL_HORIZON = (
    "options[{index}] covers {years} years but options[0] covers {first}: every option must cover the same years"
)
OPTIMISM_BIAS_INVALID = (
    "options[{index}].optimism_bias is {value}: it must be a number of 0 or more (0.41 adds 41% to every cost)"
)
RANGE_INVALID = (
    "options[{index}].{field} is {value}: it must be [minimum, most likely, maximum] multipliers, like [0.9, 1, 1.2], "
    "with 0 <= minimum <= most likely <= maximum"
)
DISTRIBUTION_INVALID = 'options[{index}].distribution is {value}: it must be "triangular" or "pert"'
SIMULATE_INVALID = "simulate is {value}: it must be true or false"
DRAWS_INVALID = "draws is {value}: it must be a whole number from 100 to 1,000,000"
SEED_INVALID = "seed is {value}: it must be a whole number of 0 or more"

TOP_FIELDS = ("base_year", "options", "simulate", "draws", "seed")
OPTION_FIELDS = (
    "name",
    "kind",
    "costs",
    "benefits",
    "optimism_bias",
    "costs_range",
    "benefits_range",
    "distribution",
)


class AppraisalRequestError(ValueError):
    """The request cannot be appraised; the message says where and why."""


@dataclass(frozen=True)
class AppraisalRequest:
    appraisal: AppraisalInput
    simulate: bool = False
    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED


class _NotFinite:
    """What NaN, Infinity and -Infinity parse to, so that they are reported as amounts that are not numbers."""

    def __init__(self, text: str) -> None:
        self.text = text


def _compact(value: object, depth: int = 0) -> str:
    if isinstance(value, _NotFinite):
        return value.text
    if isinstance(value, Decimal):
        return str(value)
    if depth > 3 and isinstance(value, list | dict):
        return "[...]" if isinstance(value, list) else "{...}"
    if isinstance(value, list):
        return "[" + ", ".join(_compact(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_compact(v, depth + 1)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _show(value: object) -> str:
    """A value as it appeared in the JSON, shortened."""
    text = _compact(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fail(template: str, **values: object) -> AppraisalRequestError:
    return AppraisalRequestError(template.format(**values))


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for field in data:
        if field not in allowed:
            raise _fail(UNKNOWN_FIELD, where=where, field=field, allowed=", ".join(allowed))


def _whole_number(value: object) -> int | None:
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


def _amounts(option: dict[str, Any], index: int, field: str) -> tuple[Decimal, ...]:
    if field not in option:
        raise _fail(MISSING_FIELD, where=f"options[{index}]", field=field)
    values = option[field]
    if not isinstance(values, list):
        raise _fail(AMOUNTS_NOT_A_LIST, index=index, field=field, value=_show(values))
    if not values:
        raise _fail(AMOUNTS_EMPTY, index=index, field=field)
    for year, value in enumerate(values):
        if not isinstance(value, Decimal):
            raise _fail(NOT_A_NUMBER, index=index, field=field, year=year, value=_show(value))
        if abs(value) >= MAX_AMOUNT:
            raise _fail(AMOUNT_TOO_LARGE, index=index, field=field, year=year, value=_show(value))
        if field == "costs" and value < 0:
            raise _fail(NEGATIVE_COST, index=index, year=year, value=_show(value))
    return tuple(values)


def _range(option: dict[str, Any], index: int, field: str, distribution: Distribution) -> LineRange | None:
    if field not in option or option[field] is None:
        return None
    value = option[field]
    invalid = _fail(RANGE_INVALID, index=index, field=field, value=_show(value))
    if not isinstance(value, list) or len(value) != 3 or not all(isinstance(v, Decimal) for v in value):
        raise invalid
    low, likely, high = value
    if not (all(v.is_finite() and abs(v) < MAX_AMOUNT for v in value) and 0 <= low <= likely <= high):
        raise invalid
    return LineRange(low, likely, high, distribution=distribution)


def _option(data: object, index: int, horizon: int | None) -> OptionInput:
    if not isinstance(data, dict):
        raise _fail(OPTION_NOT_AN_OBJECT, index=index, value=_show(data))
    _check_fields(data, OPTION_FIELDS, f"options[{index}]")
    for field in ("name", "kind"):
        if field not in data:
            raise _fail(MISSING_FIELD, where=f"options[{index}]", field=field)
    name = data["name"]
    if not isinstance(name, str) or not name.strip():
        raise _fail(NAME_INVALID, index=index, value=_show(name))
    kind = data["kind"]
    if kind not in tuple(OptionKind):
        raise _fail(KIND_INVALID, index=index, value=_show(kind))
    costs = _amounts(data, index, "costs")
    benefits = _amounts(data, index, "benefits")
    if len(costs) != len(benefits):
        raise _fail(UNEQUAL_LENGTHS, index=index, costs=len(costs), benefits=len(benefits))
    if horizon is not None and len(costs) != horizon:
        raise _fail(UNEQUAL_HORIZON, index=index, years=len(costs), first=horizon)
    bias = data.get("optimism_bias", Decimal(0))
    if not isinstance(bias, Decimal) or not bias.is_finite() or bias < 0 or bias >= MAX_AMOUNT:
        raise _fail(OPTIMISM_BIAS_INVALID, index=index, value=_show(bias))
    distribution = data.get("distribution", Distribution.TRIANGULAR.value)
    if distribution not in tuple(Distribution):
        raise _fail(DISTRIBUTION_INVALID, index=index, value=_show(distribution))
    lines = (
        Line(LineKind.RECURRING_COST, "costs", costs, _range(data, index, "costs_range", Distribution(distribution))),
        Line(
            LineKind.CASHABLE_BENEFIT,
            "benefits",
            benefits,
            _range(data, index, "benefits_range", Distribution(distribution)),
        ),
    )
    return OptionInput(name=name, kind=OptionKind(kind), lines=lines, optimism_bias=bias)


def _reject_constant(text: str) -> _NotFinite:
    return _NotFinite(text)


def parse_request(text: str) -> AppraisalRequest:
    """Parse and check a JSON request; raises ``AppraisalRequestError`` naming the first problem."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _fail(INVALID_JSON, detail=f"{exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except (ValueError, RecursionError) as exc:  # pragma: no cover - numbers or nesting json itself refuses
        raise _fail(INVALID_JSON, detail=str(exc) or type(exc).__name__) from exc
    if not isinstance(data, dict):
        raise _fail(NOT_AN_OBJECT, value=_show(data))
    _check_fields(data, TOP_FIELDS, "the input")
    for field in ("base_year", "options"):
        if field not in data:
            raise _fail(MISSING_FIELD, where="the input", field=field)
    base_year = _whole_number(data["base_year"])
    if base_year is None or not 1900 <= base_year <= 2999:
        raise _fail(BASE_YEAR_INVALID, value=_show(data["base_year"]))
    raw_options = data["options"]
    if not isinstance(raw_options, list):
        raise _fail(OPTIONS_NOT_A_LIST, value=_show(raw_options))
    if not raw_options:
        raise _fail(OPTIONS_EMPTY)
    options: list[OptionInput] = []
    names: dict[str, int] = {}
    bau: int | None = None
    for index, raw in enumerate(raw_options):
        option = _option(raw, index, len(options[0].lines[0].amounts) if options else None)
        if option.name in names:
            raise _fail(DUPLICATE_NAME, index=index, name=option.name, first=names[option.name])
        names[option.name] = index
        if option.kind is OptionKind.BAU:
            if bau is not None:
                raise _fail(SECOND_BAU, first=bau, index=index)
            bau = index
        options.append(option)
    if bau is None:
        raise _fail(NO_BAU)
    simulate_flag = data.get("simulate", False)
    if not isinstance(simulate_flag, bool):
        raise _fail(SIMULATE_INVALID, value=_show(simulate_flag))
    draws = _optional_whole(data, "draws", DEFAULT_DRAWS, lambda n: MIN_DRAWS <= n <= MAX_DRAWS, DRAWS_INVALID)
    seed = _optional_whole(data, "seed", DEFAULT_SEED, lambda n: n >= 0, SEED_INVALID)
    appraisal = AppraisalInput(
        base_year=base_year, options=tuple(options), horizon_years=len(options[0].lines[0].amounts)
    )
    return AppraisalRequest(appraisal=appraisal, simulate=simulate_flag, draws=draws, seed=seed)


def _optional_whole(data: dict[str, Any], field: str, default: int, valid: Callable[[int], bool], template: str) -> int:
    if field not in data:
        return default
    number = _whole_number(data[field])
    if number is None or not valid(number):
        raise _fail(template, value=_show(data[field]))
    return number


def build_report(result: AppraisalResult, simulation: SimulationResult | None = None) -> dict[str, Any]:
    """The report as plain data (Decimals for money), in the order it is printed."""
    options = []
    for option in result.options:
        entry: dict[str, Any] = {
            "name": option.name,
            "pv_costs": option.pv_costs,
            "pv_benefits": option.pv_benefits,
            "npsv": option.npsv,
            "bcr": option.bcr,
            "npsv_vs_bau": option.npsv_vs_bau,
        }
        if simulation is not None:
            simulated = simulation.option(option.name)
            entry |= {
                "p10": simulated.p10,
                "p50": simulated.p50,
                "p90": simulated.p90,
                "probability_beats_bau": simulated.probability_beats_bau,
            }
        options.append(entry)
    report: dict[str, Any] = {"options": options, "preferred": result.preferred}
    if simulation is not None:
        report["simulation"] = {"draws": simulation.draws, "seed": simulation.seed}
    return report


def run_request(request: AppraisalRequest) -> dict[str, Any]:
    result = appraise(request.appraisal)
    simulation = simulate(request.appraisal, draws=request.draws, seed=request.seed) if request.simulate else None
    return build_report(result, simulation)


def dumps(value: Any, indent: int = 2, _level: int = 0) -> str:
    """JSON text in which a Decimal is written as the number it holds (``Decimal("1234.50")`` -> ``1234.50``)."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be written as a JSON number")
        return format(value, "f")
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad, inner = " " * (indent * _level), " " * (indent * (_level + 1))
        items = [f"{inner}{json.dumps(str(key))}: {dumps(item, indent, _level + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        pad, inner = " " * (indent * _level), " " * (indent * (_level + 1))
        return "[\n" + ",\n".join(f"{inner}{dumps(item, indent, _level + 1)}" for item in value) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def appraise_json(text: str) -> str:
    """The whole round trip: JSON request in, JSON report out (raises ``AppraisalRequestError``)."""
    return dumps(run_request(parse_request(text)))
