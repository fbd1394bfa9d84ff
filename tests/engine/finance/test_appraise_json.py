"""The JSON face of the engine: every check says where and what, and money is written exactly."""

import json
from decimal import Decimal

import pytest

from engine.finance import appraise_json as aj
from engine.finance.appraise_json import AppraisalRequestError, appraise_json, dumps, parse_request


def request(*options, **top):
    return json.dumps({"base_year": 2026, "options": list(options), **top})


BAU = {"name": "In-house", "kind": "bau", "costs": [1000, 1000, 1000], "benefits": [0, 0, 0]}
OUTSOURCE = {
    "name": "Outsource",
    "kind": "option",
    "costs": [800, 600, 600],
    "benefits": [0, 100, 100],
    "optimism_bias": 0.1,
}


def test_round_trip():
    # In-house: PV costs 1,000 x 2.89969428 = 2,899.69.
    # Outsource: PV costs (800 + 600 x 1.89969428) x 1.1 = 2,133.80, PV benefits 189.97, NPSV -1,943.83,
    # BCR 0.0890, against in-house +955.86.
    text = appraise_json(request(BAU, OUTSOURCE))
    assert '"pv_costs": 2133.80' in text
    report = json.loads(text, parse_float=Decimal)
    assert report == {
        "options": [
            {
                "name": "In-house",
                "pv_costs": Decimal("2899.69"),
                "pv_benefits": Decimal("0.00"),
                "npsv": Decimal("-2899.69"),
                "bcr": Decimal("0.0000"),
                "npsv_vs_bau": Decimal("0.00"),
            },
            {
                "name": "Outsource",
                "pv_costs": Decimal("2133.80"),
                "pv_benefits": Decimal("189.97"),
                "npsv": Decimal("-1943.83"),
                "bcr": Decimal("0.0890"),
                "npsv_vs_bau": Decimal("955.86"),
            },
        ],
        "preferred": "Outsource",
    }


def test_big_amounts_are_written_exactly():
    bau = {"name": "BAU", "kind": "bau", "costs": ["x"], "benefits": [0]}
    bau["costs"] = [999999999999.99]
    big = {"name": "Big", "kind": "option", "costs": [0], "benefits": [123456789012.35]}
    text = appraise_json(request(bau, big))
    assert '"pv_costs": 999999999999.99' in text
    assert '"npsv_vs_bau": 1123456789012.34' in text  # past float's 15-16 significant digits


def test_dumps_writes_decimals_as_json_numbers():
    assert dumps({"a": Decimal("1.50"), "b": [None, True, "x"], "c": {}, "d": []}) == (
        '{\n  "a": 1.50,\n  "b": [\n    null,\n    true,\n    "x"\n  ],\n  "c": {},\n  "d": []\n}'
    )
    assert dumps(Decimal("-0.00")) == "-0.00"
    with pytest.raises(ValueError, match="cannot be written"):
        dumps(Decimal("NaN"))


def test_defaults():
    parsed = parse_request(request(BAU))
    assert (parsed.simulate, parsed.draws, parsed.seed) == (False, 10_000, 2026)
    assert parsed.appraisal.horizon_years == 3
    (option,) = parsed.appraisal.options
    assert option.optimism_bias == 0
    assert [line.kind.value for line in option.lines] == ["recurring_cost", "cashable_benefit"]


def test_simulate_adds_percentiles():
    ranged = {**OUTSOURCE, "costs_range": [0.9, 1, 1.5], "benefits_range": [0.5, 1, 1.1], "distribution": "pert"}
    report = json.loads(appraise_json(request(BAU, ranged, simulate=True, draws=2000, seed=7)), parse_float=Decimal)
    bau, outsource = report["options"]
    assert bau["p10"] == bau["p50"] == bau["p90"] == Decimal("-2899.69")
    assert bau["probability_beats_bau"] is None
    assert outsource["p10"] < outsource["p50"] < outsource["p90"]
    assert outsource["probability_beats_bau"] == Decimal("1.0000")
    assert report["simulation"] == {"draws": 2000, "seed": 7}


def with_bau(option):
    return request(BAU, option)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "the input is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
        ("[]", "the input is []: it must be one JSON object"),
        (request(BAU, colour="red"), 'the input has an unknown field "colour"'),
        (json.dumps({"options": [BAU]}), 'the input has no "base_year"'),
        (json.dumps({"base_year": 2026}), 'the input has no "options"'),
        (request(BAU).replace("2026", "2026.5", 1), "base_year is 2026.5: it must be a year like 2026"),
        (json.dumps({"base_year": 2026, "options": {}}), "options is {}: it must be a list of options"),
        (request(), "options is empty"),
        (request(BAU, 5), "options[1] is 5: each option must be a JSON object"),
        (with_bau({**OUTSOURCE, "colour": 1}), 'options[1] has an unknown field "colour"'),
        (with_bau({k: v for k, v in OUTSOURCE.items() if k != "kind"}), 'options[1] has no "kind"'),
        (with_bau({k: v for k, v in OUTSOURCE.items() if k != "costs"}), 'options[1] has no "costs"'),
        (with_bau({**OUTSOURCE, "name": ""}), 'options[1].name is "": it must be a non-empty string'),
        (with_bau({**OUTSOURCE, "name": "In-house"}), 'options[1].name is "In-house", the same as options[0].name'),
        (with_bau({**OUTSOURCE, "kind": "best"}), 'options[1].kind is "best": it must be "bau", "do_minimum" or'),
        (request(OUTSOURCE), 'no option has kind "bau": the shortlist must include business as usual'),
        (request(BAU, {**BAU, "name": "B"}), 'options[0] and options[1] both have kind "bau"'),
        (with_bau({**OUTSOURCE, "costs": 5}), "options[1].costs is 5: it must be a list of amounts"),
        (with_bau({**OUTSOURCE, "benefits": []}), "options[1].benefits is empty: give at least one year"),
        (
            with_bau({**OUTSOURCE, "benefits": [0, 1, 2, "abc"]}),
            'options[1].benefits[3] is "abc": amounts must be numbers',
        ),
        (with_bau({**OUTSOURCE, "costs": [1, None, 1]}), "options[1].costs[1] is null: amounts must be numbers"),
        (with_bau({**OUTSOURCE, "costs": [1, True, 1]}), "options[1].costs[1] is true: amounts must be numbers"),
        (with_bau({**OUTSOURCE, "costs": [1, "NaN", 1]}).replace('"NaN"', "NaN"), "costs[1] is NaN: amounts must"),
        (
            with_bau({**OUTSOURCE, "costs": [1, 1e12, 1]}),
            "options[1].costs[1] is 1000000000000.0: amounts must be under",
        ),
        (with_bau({**OUTSOURCE, "costs": [1, -5, 1]}), "options[1].costs[1] is -5: costs must be 0 or more"),
        (
            with_bau({**OUTSOURCE, "benefits": [0, 100]}),
            "options[1].costs has 3 years but options[1].benefits has 2: costs and benefits must cover the same years",
        ),
        (
            with_bau({**OUTSOURCE, "costs": [1, 2], "benefits": [1, 2]}),
            "options[1] covers 2 years but options[0] covers 3: every option must cover the same years",
        ),
        (with_bau({**OUTSOURCE, "optimism_bias": -0.1}), "options[1].optimism_bias is -0.1: it must be a number of 0"),
        (with_bau({**OUTSOURCE, "optimism_bias": "41%"}), 'options[1].optimism_bias is "41%"'),
        (with_bau({**OUTSOURCE, "costs_range": [1.2, 1, 0.9]}), "options[1].costs_range is [1.2, 1, 0.9]: it must be"),
        (with_bau({**OUTSOURCE, "costs_range": [1, 2]}), "options[1].costs_range is [1, 2]"),
        (with_bau({**OUTSOURCE, "distribution": "normal"}), 'options[1].distribution is "normal"'),
        (request(BAU, simulate="yes"), 'simulate is "yes": it must be true or false'),
        (request(BAU, draws=10), "draws is 10: it must be a whole number from 100"),
        (request(BAU, seed=-1), "seed is -1: it must be a whole number of 0 or more"),
    ],
)
def test_each_problem_is_named(text, message):
    with pytest.raises(AppraisalRequestError) as caught:
        parse_request(text)
    assert message in str(caught.value)


def test_messages_are_named_constants():
    with pytest.raises(AppraisalRequestError) as caught:
        parse_request(request(OUTSOURCE))
    assert str(caught.value) == aj.NO_BAU
