"""Programme scenarios (ADR 0023): named levers solved by the optimiser through reviews/planning.py, compared side by
side. Refusals are named errors that save nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.permissions import Role
from commissioning.reviews import actions, calculations, planning, selectors
from commissioning.reviews.actions import ScenarioDetails
from commissioning.reviews.models import ProgrammeScenario, ScenarioStatus, ScheduledReview, Skill
from tests.factories import ReviewFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def levers(name: str = "Full team", *, generalist: int = 60, **more: Any) -> ScenarioDetails:
    capacity: dict[str, Decimal | None] = {skill: Decimal(0) for skill in Skill.values}
    capacity[Skill.GENERALIST] = Decimal(generalist)
    return ScenarioDetails(
        name=name,
        first_quarter=calculations.current_quarter(),
        horizon=4,
        capacity=capacity,
        priority_weight=Decimal(1000),
        **more,
    )


@pytest.fixture
def council() -> dict[str, Any]:
    director = UserFactory(role=Role.DIRECTOR)
    services = [ServiceFactory(name=f"Service {n}", gross_budget=Decimal(100000 * (n + 1))) for n in range(3)]
    review = ReviewFactory(services=[services[2]], planned_start="2035/36 Q1", planned_end="2035/36 Q2")
    return {"director": director, "services": services, "review": review}


def test_a_scenario_is_solved_and_its_programme_stored_row_by_row(council):
    scenario = actions.programme_scenario_create(details=levers(), by=council["director"])
    assert (scenario.status, scenario.solve_status) == (ScenarioStatus.SOLVED, "optimal")
    assert scenario.objective is not None
    assert scenario.greedy_objective is not None
    assert scenario.objective >= scenario.greedy_objective
    rows = selectors.scenario_rows(scenario=scenario)
    keys = {row.key for row in rows}
    assert council["review"].reference in keys  # the review already planned, re-planned within the horizon
    assert {s.reference for s in council["services"][:2]} <= keys  # new reviews of the services not covered
    first = calculations.current_quarter()
    for row in rows:
        assert row.start_quarter == calculations.quarter_after(first, row.start - 1)
        assert 1 <= row.start <= row.finish <= 4
    assert scenario.history.count() == 1  # the add and its first solve are one history entry
    assert len(scenario.capacity_used) == len(Skill.values) * 4


def test_a_scenario_with_no_capacity_is_refused_and_nothing_saved(council):
    with pytest.raises(ValidationError) as refused:
        actions.programme_scenario_create(details=levers(generalist=0), by=council["director"])
    assert refused.value.message_dict == {"__all__": [actions.SCENARIO_NO_CAPACITY]}
    assert not ProgrammeScenario.objects.exists()
    assert not ScheduledReview.objects.exists()


def test_bad_levers_are_named_field_by_field(council):
    bad = ScenarioDetails(
        name=" ",
        first_quarter="Q9",
        horizon=40,
        capacity={Skill.GENERALIST: Decimal(-1)},
        priority_weight=None,
        savings_target=Decimal(-5),
    )
    with pytest.raises(ValidationError) as refused:
        actions.programme_scenario_create(details=bad, by=council["director"])
    errors = refused.value.message_dict
    assert errors["name"] == [actions.SCENARIO_NAME_REQUIRED]
    assert errors["horizon"] == [actions.SCENARIO_HORIZON_INVALID]
    assert errors["priority_weight"] == [actions.SCENARIO_WEIGHT_INVALID]
    assert errors["savings_target"] == [actions.SCENARIO_TARGET_INVALID]
    assert errors["capacity_generalist"] == [actions.SCENARIO_CAPACITY_INVALID.format(skill="generalist")]
    assert "first_quarter" in errors
    assert not ProgrammeScenario.objects.exists()


def test_changing_the_levers_solves_again_and_archives_the_old_rows(council):
    scenario = actions.programme_scenario_create(details=levers(), by=council["director"])
    before = ScheduledReview.objects.filter(scenario=scenario).count()
    updated = actions.programme_scenario_update(
        scenario=scenario, details=levers("Half team", generalist=20), by=council["director"]
    )
    assert updated.name == "Half team"
    assert ScheduledReview.objects.filter(scenario=scenario, archived_at__isnull=False).count() == before
    assert len(selectors.scenario_rows(scenario=updated)) < before  # 20 days a quarter run one review at a time
    assert updated.history.count() == 2


def test_two_scenarios_compared_say_what_differs(council):
    full = actions.programme_scenario_create(details=levers(), by=council["director"])
    half = actions.programme_scenario_create(details=levers("One at a time", generalist=20), by=council["director"])
    comparison = selectors.scenario_compare(first=full, second=half)
    assert len(comparison.first_rows) > len(comparison.second_rows)
    assert comparison.only_second == []
    assert {row.key for row in comparison.only_first} == {row.key for row in comparison.first_rows} - {
        row.key for row in comparison.second_rows
    }
    assert sum(q.first for q in comparison.by_quarter) == len(comparison.first_rows)
    assert comparison.savings(comparison.first_rows) >= comparison.savings(comparison.second_rows)


def test_the_council_instance_takes_a_scenarios_levers(council):
    instance = planning.council_instance(
        horizon=3, capacity={Skill.GENERALIST: 45}, priority_weight=7.0, savings_target=1000.0
    )
    assert (instance.horizon, instance.priority_weight, instance.savings_target) == (3, 7.0, 1000.0)
    assert instance.capacity[Skill.GENERALIST] == (45.0, 45.0, 45.0)
    assert instance.capacity[Skill.PROCUREMENT] == (0.0, 0.0, 0.0)
