"""Writes for appraisals and business cases: the named messages, one history entry per change, nothing half-saved."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.appraisals import actions, document, selectors
from commissioning.appraisals.actions import (
    AppraisalSettings,
    BusinessCaseDetails,
    OptimismBias,
    OptionDetails,
    ScoreDetails,
)
from commissioning.appraisals.models import (
    BusinessCase,
    BusinessCaseStatus,
    CostBenefitLine,
    CriterionScore,
    Option,
    OptionDeliveryModel,
    OptionKind,
    SimulationRun,
    SimulationStatus,
)
from tests.commissioning.appraisals.conftest import row
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db
D = Decimal
WEIGHTS = {"quality": 30, "social_value": 10, "deliverability": 20, "risk": 15, "equality": 10, "strategic_fit": 15}


def messages_of(excinfo) -> list[str]:
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def field_errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# The appraisal -----------------------------------------------------------------------------------------------------


def test_starting_an_appraisal_puts_business_as_usual_on_the_shortlist(review, officer):
    appraisal = actions.appraisal_create(review=review, base_year=2026, by=officer)
    assert appraisal.horizon_years == 10
    (bau,) = appraisal.options.all()
    assert (bau.kind, bau.name) == (OptionKind.BAU, actions.BAU_NAME)
    (entry,) = appraisal.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        officer,
        "Options appraisal started",
    )
    assert bau.history.get().history_change_reason == "Business as usual is always on the shortlist"


def test_a_review_has_one_appraisal(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.appraisal_create(review=shortlist.review, base_year=2026, by=shortlist.officer)
    assert messages_of(excinfo) == [actions.APPRAISAL_EXISTS]


def test_an_archived_review_cannot_be_appraised(officer):
    review = ReviewFactory(archived=True)
    with pytest.raises(ValidationError) as excinfo:
        actions.appraisal_create(review=review, base_year=2026, by=officer)
    assert messages_of(excinfo) == [actions.REVIEW_ARCHIVED]


def test_weights_must_add_up_to_100(shortlist):
    settings = AppraisalSettings(base_year=2026, horizon_years=3, weights={**WEIGHTS, "quality": 40})
    with pytest.raises(ValidationError) as excinfo:
        actions.appraisal_update(appraisal=shortlist.appraisal, settings=settings, by=shortlist.officer)
    assert messages_of(excinfo) == [actions.WEIGHTS_TOTAL.format(total=110)]


def test_settings_change_with_one_history_entry(shortlist):
    weights = {**WEIGHTS, "quality": 20, "social_value": 20}
    actions.appraisal_update(
        appraisal=shortlist.appraisal,
        settings=AppraisalSettings(base_year=2027, horizon_years=5, weights=weights),
        by=shortlist.officer,
        reason="Board asked for more weight on social value",
    )
    shortlist.appraisal.refresh_from_db()
    assert (shortlist.appraisal.base_year, shortlist.appraisal.horizon_years) == (2027, 5)
    assert shortlist.appraisal.weights == weights
    latest = shortlist.appraisal.history.latest()
    assert latest.history_change_reason == "Board asked for more weight on social value"
    assert shortlist.appraisal.history.count() == 2


def test_the_period_cannot_be_cut_below_a_year_with_amounts(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.appraisal_update(
            appraisal=shortlist.appraisal,
            settings=AppraisalSettings(base_year=2026, horizon_years=2, weights=WEIGHTS),
            by=shortlist.officer,
        )
    assert field_errors(excinfo)["horizon_years"] == [
        actions.HORIZON_TOO_SHORT.format(year="2028/29", label="Staff and running costs", option="Business as usual")
    ]


# Options -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        (
            OptionDetails(kind=OptionKind.DO_MINIMUM, name="Another minimum", delivery_model="in_house_redesign"),
            "kind",
            actions.DO_MINIMUM_EXISTS.format(name="Shared service"),
        ),
        (OptionDetails(kind=OptionKind.BAU, name="Second baseline"), "kind", actions.BAU_EXISTS),
        (
            OptionDetails(kind=OptionKind.OPTION, name="outsource", delivery_model="private"),
            "name",
            actions.OPTION_NAME_TAKEN.format(name="outsource"),
        ),
        (OptionDetails(kind=OptionKind.OPTION, name="Mutual"), "delivery_model", actions.DELIVERY_MODEL_REQUIRED),
        (
            OptionDetails(kind=OptionKind.OPTION, name="Share it", delivery_model="shared"),
            "partner",
            actions.PARTNER_REQUIRED,
        ),
    ],
    ids=["second do-minimum", "second bau", "name taken", "no delivery model", "shared without partner"],
)
def test_option_rules(shortlist, details, field, message):
    count = Option.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        actions.option_create(appraisal=shortlist.appraisal, details=details, by=shortlist.officer)
    assert field_errors(excinfo)[field] == [message]
    assert Option.objects.count() == count


def test_in_house_and_decommission_name_no_partner(shortlist):
    details = OptionDetails(kind="option", name="Stop it", delivery_model="decommission", partner=shortlist.partner)
    with pytest.raises(ValidationError) as excinfo:
        actions.option_create(appraisal=shortlist.appraisal, details=details, by=shortlist.officer)
    assert field_errors(excinfo)["partner"] == [actions.PARTNER_NOT_ALLOWED.format(model="decommission")]


def test_business_as_usual_stays_business_as_usual(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.option_update(
            option=shortlist.bau,
            details=OptionDetails(kind=OptionKind.OPTION, name="Renamed", delivery_model="private"),
            by=shortlist.officer,
        )
    assert field_errors(excinfo)["kind"] == [actions.BAU_KIND_FIXED]


def test_business_as_usual_cannot_be_removed(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.option_archive(option=shortlist.bau, by=shortlist.officer, reason="Not needed")
    assert messages_of(excinfo) == [actions.BAU_CANNOT_BE_REMOVED]
    shortlist.bau.refresh_from_db()
    assert not shortlist.bau.is_archived


def test_an_option_is_taken_off_the_shortlist_and_put_back_with_reasons(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.option_archive(option=shortlist.do_minimum, by=shortlist.officer, reason="  ")
    assert field_errors(excinfo)["reason"] == [actions.OPTION_ARCHIVE_REASON_REQUIRED]

    actions.option_archive(option=shortlist.do_minimum, by=shortlist.officer, reason="Partner withdrew")
    assert [o.name for o in selectors.shortlist(appraisal=shortlist.appraisal)] == ["Business as usual", "Outsource"]
    assert shortlist.do_minimum.history.latest().history_change_reason == "Taken off the shortlist: Partner withdrew"

    # While it is off, another do-minimum may take its place, and then it cannot come back.
    actions.option_create(
        appraisal=shortlist.appraisal,
        details=OptionDetails(kind=OptionKind.DO_MINIMUM, name="Trimmed service", delivery_model="in_house_redesign"),
        by=shortlist.officer,
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.option_restore(option=shortlist.do_minimum, by=shortlist.officer, reason="Partner is back")
    assert messages_of(excinfo) == [actions.DO_MINIMUM_EXISTS.format(name="Trimmed service")]


def test_a_removed_option_cannot_change(shortlist):
    actions.option_archive(option=shortlist.outsource, by=shortlist.officer, reason="Market too thin")
    with pytest.raises(ValidationError) as excinfo:
        actions.option_lines_save(option=shortlist.outsource, rows=[row("income", "Fees", 10)], by=shortlist.officer)
    assert messages_of(excinfo) == [actions.OPTION_REMOVED_READ_ONLY]


# Optimism bias -----------------------------------------------------------------------------------------------------


def test_a_reduction_for_mitigated_risks_needs_its_evidence(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.option_set_optimism_bias(
            option=shortlist.do_minimum,
            bias=OptimismBias(category="outsourcing", mitigation=D("0.5"), reason=""),
            by=shortlist.officer,
        )
    assert field_errors(excinfo)["optimism_bias_reason"] == [actions.MITIGATION_REASON_REQUIRED]
    with pytest.raises(ValidationError) as excinfo:
        actions.option_set_optimism_bias(
            option=shortlist.do_minimum,
            bias=OptimismBias(category="", mitigation=D("0.5"), reason="x"),
            by=shortlist.officer,
        )
    assert field_errors(excinfo)["optimism_bias_category"] == [actions.MITIGATION_WITHOUT_CATEGORY]


def test_optimism_bias_is_recorded_with_history(shortlist):
    option = actions.option_set_optimism_bias(
        option=shortlist.do_minimum,
        bias=OptimismBias(
            category="outsourcing", mitigation=D("0.25"), reason="Partner's prices are fixed for 3 years"
        ),
        by=shortlist.officer,
    )
    assert option.optimism_bias_mitigation == D("0.25")
    assert option.history.latest().history_change_reason == "Optimism bias recorded"


# Lines -------------------------------------------------------------------------------------------------------------


def test_one_bad_row_saves_nothing_and_says_which_row_year_and_why(shortlist):
    lines_before = list(CostBenefitLine.objects.order_by("pk").values())
    history_before = CostBenefitLine.history.count()
    rows = [
        row("recurring_cost", "Agency staff", 100, 100, 100),
        row("recurring_cost", "Vehicles", 100, -5, 100),
        row("transition_cost", "Redundancy", 50),
        row("income", "", 1, 2, 3),
        row("cashable_benefit", "Fewer visits", 1, 2, 3, range_low=D("90"), range_likely=D("80"), range_high=D("120")),
        row("cashable_benefit", "Fewer calls", 1, 2, 3, range_low=D("90")),
        row("cashable_benefit", "Fewer letters", D("1.005")),
    ]
    with pytest.raises(actions.LinesInvalid) as excinfo:
        actions.option_lines_save(option=shortlist.outsource, rows=rows, by=shortlist.officer)
    cells = {(cell.row, cell.field, cell.year): cell.message for cell in excinfo.value.cells}
    assert cells == {
        (1, "amounts", 1): actions.NEGATIVE_COST,
        (2, "transition_category", None): actions.TRANSITION_CATEGORY_REQUIRED,
        (3, "label", None): actions.LABEL_REQUIRED,
        (4, "range_likely", None): actions.RANGE_ORDER,
        (5, "range_likely", None): actions.RANGE_INCOMPLETE,
        (6, "amounts", 0): actions.AMOUNT_PENCE,
    }
    assert list(CostBenefitLine.objects.order_by("pk").values()) == lines_before
    assert CostBenefitLine.history.count() == history_before


def test_saving_the_grid_adds_changes_and_removes_lines_with_one_entry_each(shortlist):
    lines = {line.label: line for line in selectors.option_lines(option=shortlist.outsource)}
    history_before = CostBenefitLine.history.count()
    contract, procurement, complaints = lines["Contract"], lines["Procurement"], lines["Fewer complaints"]
    saved = actions.option_lines_save(
        option=shortlist.outsource,
        rows=[
            row("transition_cost", "Procurement", 200, transition_category="procurement", line_id=procurement.pk),
            row(
                "recurring_cost",
                "Contract",
                600,
                650,
                700,
                range_low=D("90"),
                range_likely=D("100"),
                range_high=D("130"),
                line_id=contract.pk,
            ),
            row("non_cashable_benefit", "Fewer complaints", 0, 100, 100, line_id=complaints.pk, remove=True),
            row("income", "Charges to self-funders", 0, 20, 20),
        ],
        by=shortlist.officer,
        reason="Second market test",
    )
    assert (saved.created, saved.changed, saved.removed) == (1, 1, 1)
    assert CostBenefitLine.history.count() == history_before + 3  # the unchanged procurement line has no new entry
    contract.refresh_from_db()
    assert contract.amounts == ["600.00", "650.00", "700.00"]
    assert contract.history.latest().history_change_reason == "Second market test"
    complaints.refresh_from_db()
    assert complaints.is_archived
    assert [line.label for line in selectors.option_lines(option=shortlist.outsource)] == [
        "Procurement",
        "Contract",
        "Charges to self-funders",
    ]


def test_a_row_naming_another_options_line_is_refused(shortlist):
    other = selectors.option_lines(option=shortlist.bau)[0]
    with pytest.raises(actions.LinesInvalid) as excinfo:
        actions.option_lines_save(
            option=shortlist.outsource, rows=[row("income", "Fees", 1, line_id=other.pk)], by=shortlist.officer
        )
    assert [cell.message for cell in excinfo.value.cells] == [actions.UNKNOWN_LINE.format(line_id=other.pk)]


def test_an_import_replaces_the_lines(shortlist):
    saved = actions.option_lines_save(
        option=shortlist.outsource,
        rows=[row("recurring_cost", "New contract", 500, 500, 500)],
        by=shortlist.officer,
        replace=True,
    )
    assert (saved.created, saved.changed, saved.removed) == (1, 0, 3)
    assert [line.label for line in selectors.option_lines(option=shortlist.outsource)] == ["New contract"]


# Scores ------------------------------------------------------------------------------------------------------------


def test_a_score_needs_its_justification(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.option_scores_save(
            option=shortlist.outsource, scores=[ScoreDetails("quality", 4, " ")], by=shortlist.officer
        )
    assert field_errors(excinfo)["justification_quality"] == [
        actions.JUSTIFICATION_REQUIRED.format(option="Outsource", score=4, criterion="quality and outcomes")
    ]


def test_scores_are_saved_changed_and_cleared(shortlist):
    option = shortlist.outsource
    assert (
        actions.option_scores_save(
            option=option,
            scores=[ScoreDetails("quality", 4, "Good outcomes elsewhere"), ScoreDetails("risk", 2, "Thin market")],
            by=shortlist.officer,
        )
        == 2
    )
    assert (
        actions.option_scores_save(
            option=option,
            scores=[ScoreDetails("quality", 4, "Good outcomes elsewhere"), ScoreDetails("risk", None)],
            by=shortlist.officer,
        )
        == 1
    )
    assert dict(CriterionScore.objects.active().values_list("criterion", "score")) == {"quality": 4}


# Simulation --------------------------------------------------------------------------------------------------------


def test_the_simulation_runs_as_a_task_and_records_its_results(shortlist):
    run = actions.simulation_request(appraisal=shortlist.appraisal, by=shortlist.officer, draws=10_000, seed=7)
    run.refresh_from_db()
    assert run.status == SimulationStatus.DONE
    results = run.results["options"]
    assert set(results) == {str(o.pk) for o in (shortlist.bau, shortlist.do_minimum, shortlist.outsource)}
    outsource = results[str(shortlist.outsource.pk)]
    assert D(outsource["p10"]) < D(outsource["p50"]) < D(outsource["p90"])
    assert results[str(shortlist.bau.pk)]["probability_beats_bau"] is None
    assert outsource["probability_beats_bau"] == "1.0000"
    contract = next(line for line in selectors.option_lines(option=shortlist.outsource) if line.label == "Contract")
    assert [bar["line_id"] for bar in outsource["tornado"]] == [contract.pk]
    assert [entry.history_change_reason for entry in run.history.order_by("history_id")] == [
        "Simulation requested",
        "Simulation finished",
    ]
    doc = document.appraisal_document(
        appraisal=shortlist.appraisal, options=selectors.shortlist(appraisal=shortlist.appraisal), run=run
    )
    assert doc["simulation"]["current"]


def test_the_simulation_is_repeatable_and_goes_out_of_date_when_a_line_changes(shortlist):
    first = actions.simulation_request(appraisal=shortlist.appraisal, by=shortlist.officer, seed=11)
    second = actions.simulation_request(appraisal=shortlist.appraisal, by=shortlist.officer, seed=11)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.results == second.results
    actions.option_lines_save(option=shortlist.bau, rows=[row("income", "Fees", 5)], by=shortlist.officer)
    doc = document.appraisal_document(
        appraisal=shortlist.appraisal, options=selectors.shortlist(appraisal=shortlist.appraisal), run=second
    )
    assert not doc["simulation"]["current"]


def test_the_simulation_needs_enough_draws(shortlist):
    with pytest.raises(ValidationError) as excinfo:
        actions.simulation_request(appraisal=shortlist.appraisal, by=shortlist.officer, draws=500)
    assert field_errors(excinfo)["draws"] == [actions.DRAWS_RANGE]
    assert not SimulationRun.objects.exists()


def test_a_retried_task_changes_nothing(shortlist):
    run = actions.simulation_request(appraisal=shortlist.appraisal, by=shortlist.officer)
    history = run.history.count()
    actions.simulation_execute(run_id=run.pk)
    assert run.history.count() == history


# Business cases ----------------------------------------------------------------------------------------------------


def _ready_case(shortlist) -> BusinessCase:
    case = actions.business_case_create(review=shortlist.review, by=shortlist.officer)
    actions.business_case_update(
        case=case,
        details=BusinessCaseDetails(
            recommended_option=shortlist.outsource,
            reasons="The highest NPSV, and the market test was strong.",
            risks="A thin market.",
            assumptions="Demand stays flat.",
        ),
        by=shortlist.officer,
    )
    actions.simulation_request(appraisal=shortlist.appraisal, by=shortlist.officer)
    return case


def test_submission_is_refused_without_a_do_minimum_option(shortlist):
    case = _ready_case(shortlist)
    actions.option_archive(option=shortlist.do_minimum, by=shortlist.officer, reason="Partner withdrew")
    actions.simulation_request(appraisal=shortlist.appraisal, by=shortlist.officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_submit(case=case, board="Programme Board", by=shortlist.officer)
    assert messages_of(excinfo) == [actions.SUBMIT_NEEDS_DO_MINIMUM, actions.SUBMIT_NEEDS_THREE_OPTIONS]
    case.refresh_from_db()
    assert (case.status, case.snapshot) == (BusinessCaseStatus.DRAFT, None)


def test_submission_lists_everything_missing(shortlist):
    case = actions.business_case_create(review=shortlist.review, by=shortlist.officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_submit(case=case, board=" ", by=shortlist.officer)
    assert messages_of(excinfo) == [
        actions.SUBMIT_NEEDS_RECOMMENDATION,
        actions.SUBMIT_NEEDS_REASONS,
        actions.SUBMIT_NEEDS_SIMULATION,
        actions.SUBMIT_NEEDS_BOARD,
    ]


def test_submission_needs_a_current_simulation(shortlist):
    case = _ready_case(shortlist)
    actions.option_lines_save(option=shortlist.bau, rows=[row("income", "Fees", 5)], by=shortlist.officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_submit(case=case, board="Programme Board", by=shortlist.officer)
    assert messages_of(excinfo) == [actions.SUBMIT_SIMULATION_OUT_OF_DATE]


def test_a_submitted_version_is_frozen_whatever_changes_later(shortlist):
    case = _ready_case(shortlist)
    case = actions.business_case_submit(case=case, board="Programme Board", by=shortlist.officer)
    assert case.status == BusinessCaseStatus.SUBMITTED
    assert case.submitted_by == shortlist.officer
    frozen = copy.deepcopy(case.snapshot)
    assert frozen["case"]["recommended_option_name"] == "Outsource"
    assert [o["result"]["npsv"] for o in frozen["options"]] == ["-2899.69", "-2714.74", "-1943.83"]

    # Change everything the snapshot was made from.
    contract = next(line for line in selectors.option_lines(option=shortlist.outsource) if line.label == "Contract")
    actions.option_lines_save(
        option=shortlist.outsource,
        rows=[row("recurring_cost", "Contract", 900, 900, 900, line_id=contract.pk)],
        by=shortlist.officer,
    )
    actions.option_update(
        option=shortlist.outsource,
        details=OptionDetails(kind="option", name="Outsource to a charity", delivery_model=OptionDeliveryModel.VCS),
        by=shortlist.officer,
    )
    actions.option_archive(option=shortlist.do_minimum, by=shortlist.officer, reason="Gone")
    actions.appraisal_update(
        appraisal=shortlist.appraisal,
        settings=AppraisalSettings(base_year=2027, horizon_years=3, weights=WEIGHTS),
        by=shortlist.officer,
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_update(case=case, details=BusinessCaseDetails(reasons="New"), by=shortlist.officer)
    assert messages_of(excinfo) == [actions.CASE_FROZEN.format(version=1)]

    case.refresh_from_db()
    assert case.snapshot == frozen
    rendered = document.business_case_document(case=case, appraisal=shortlist.appraisal, options=[], run=None)
    assert rendered == frozen


def test_a_new_version_needs_a_reason_and_starts_from_the_submitted_one(shortlist):
    case = actions.business_case_submit(case=_ready_case(shortlist), board="Programme Board", by=shortlist.officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_new_version(case=case, by=shortlist.officer, reason="")
    assert field_errors(excinfo)["reason"] == [actions.NEW_VERSION_REASON_REQUIRED]

    draft = actions.business_case_new_version(case=case, by=shortlist.officer, reason="Board asked for a PERT range")
    assert (draft.version, draft.status, draft.supersedes, draft.change_reason) == (
        2,
        BusinessCaseStatus.DRAFT,
        case,
        "Board asked for a PERT range",
    )
    assert (draft.recommended_option, draft.reasons) == (shortlist.outsource, case.reasons)
    assert draft.snapshot is None
    assert draft.history.get().history_change_reason == "New version: Board asked for a PERT range"

    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_new_version(case=case, by=shortlist.officer, reason="Again")
    assert messages_of(excinfo) == [actions.NEW_VERSION_NOT_LATEST.format(version=1, newer=2)]
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_new_version(case=draft, by=shortlist.officer, reason="Again")
    assert messages_of(excinfo) == [actions.NEW_VERSION_OF_DRAFT.format(version=2)]


def test_a_review_has_one_business_case_with_versions(shortlist):
    actions.business_case_create(review=shortlist.review, by=shortlist.officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_create(review=shortlist.review, by=shortlist.officer)
    assert messages_of(excinfo) == [actions.BUSINESS_CASE_EXISTS]


def test_the_recommended_option_must_be_on_the_shortlist(shortlist):
    case = actions.business_case_create(review=shortlist.review, by=shortlist.officer)
    actions.option_archive(option=shortlist.outsource, by=shortlist.officer, reason="Gone")
    shortlist.outsource.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        actions.business_case_update(
            case=case, details=BusinessCaseDetails(recommended_option=shortlist.outsource), by=shortlist.officer
        )
    assert field_errors(excinfo)["recommended_option"] == [actions.RECOMMENDED_NOT_ON_SHORTLIST]
