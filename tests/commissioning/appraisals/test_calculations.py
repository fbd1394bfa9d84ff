"""The bridge gives the engine's hand-worked results for the shortlist built through the app (see conftest.py)."""

from decimal import Decimal

import pytest

from commissioning.appraisals import calculations, document, selectors
from commissioning.appraisals.models import DEFAULT_WEIGHTS, Appraisal, Criterion, weight_field

pytestmark = pytest.mark.django_db
D = Decimal


def _doc(shortlist):
    options = selectors.shortlist(appraisal=shortlist.appraisal)
    return document.appraisal_document(appraisal=shortlist.appraisal, options=options, run=None)


def test_the_shortlist_gives_the_hand_worked_results(shortlist):
    doc = _doc(shortlist)
    bau, do_minimum, outsource = doc["options"]
    assert [o["name"] for o in doc["options"]] == ["Business as usual", "Shared service", "Outsource"]
    assert doc["appraisal"]["year_labels"] == ["2026/27", "2027/28", "2028/29"]
    assert (bau["result"]["pv_costs"], bau["result"]["npsv"], bau["result"]["npsv_vs_bau"]) == (
        "2899.69",
        "-2899.69",
        "0.00",
    )
    assert (do_minimum["result"]["npsv"], do_minimum["result"]["npsv_vs_bau"], do_minimum["result"]["bcr"]) == (
        "-2714.74",
        "184.95",
        "0.0338",
    )
    result = outsource["result"]
    assert (result["pv_costs"], result["pv_benefits"], result["npsv"]) == ("2133.80", "189.97", "-1943.83")
    assert (result["npsv_vs_bau"], result["bcr"], result["pv_optimism_bias"]) == ("955.86", "0.0890", "193.98")
    assert outsource["optimism_bias"]["applied_label"] == "10%"
    assert doc["preferred_id"] == shortlist.outsource.pk
    assert doc["rival_id"] == shortlist.do_minimum.pk
    contract = next(value for value in doc["switching_values"] if value["label"] == "Contract")
    assert contract["fraction_label"] == "+40.3%"
    assert contract["amount_change"] == "725.07"


def test_cumulative_net_adds_up_the_discounted_years(shortlist):
    outsource = _doc(shortlist)["options"][2]["result"]
    by_year = [D(v) for v in outsource["discounted_net_by_year"]]
    cumulative = [D(v) for v in outsource["cumulative_net_by_year"]]
    assert cumulative[-1] == sum(by_year)
    assert cumulative[-1] == D(outsource["npsv"])


def test_optimism_bias_categories_come_from_the_green_book_table():
    choices = dict(calculations.bias_category_choices())
    assert choices["outsourcing"] == "Outsourcing: 0% to 41%"
    assert choices["equipment_development"] == "Equipment and development: 10% to 200%"
    assert calculations.applied_optimism_bias(category="outsourcing", mitigation=D("0.5")) == D("0.205")
    assert calculations.applied_optimism_bias(category="", mitigation=D(0)) == 0


def test_default_weights_add_up_to_100_and_match_the_model():
    assert sum(DEFAULT_WEIGHTS.values()) == 100
    for criterion in Criterion:
        assert Appraisal._meta.get_field(weight_field(criterion)).default == DEFAULT_WEIGHTS[criterion]


def test_the_inputs_hash_changes_with_any_amount(shortlist):
    options = selectors.shortlist(appraisal=shortlist.appraisal)
    before = calculations.inputs_hash(document.engine_shortlist(shortlist.appraisal, options))
    options[0].current_lines[0].amounts[1] = "1000.01"
    after = calculations.inputs_hash(document.engine_shortlist(shortlist.appraisal, options))
    assert before != after
