"""Adopting a programme scenario by a recorded decision (ADR 0023): the decision is recorded and published with its
key to the scenario, the reviews follow (planned quarters; new reviews for services not yet under review), the
scenario adopted before is superseded, and reviews whose decision will be key are on the forward plan. Only the
executive adopts; a refusal saves nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.governance.actions import programme as act
from commissioning.governance.actions.programme import AdoptionDetails
from commissioning.governance.models import Decision, DecisionStatus, ForwardPlanEntry
from commissioning.reviews import actions as review_actions
from commissioning.reviews import calculations
from commissioning.reviews.actions import ScenarioDetails
from commissioning.reviews.models import CommissioningReview, ProgrammeScenario, ScenarioStatus, Skill
from tests.commissioning.governance.factories import BodyFactory
from tests.factories import ReviewFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)


def _levers(name: str, generalist: int) -> ScenarioDetails:
    capacity: dict[str, Decimal | None] = dict.fromkeys(Skill.values, Decimal(0))
    capacity[Skill.GENERALIST] = Decimal(generalist)
    return ScenarioDetails(
        name=name,
        first_quarter=calculations.current_quarter(),
        horizon=4,
        capacity=capacity,
        priority_weight=Decimal(1000),
    )


@pytest.fixture
def world() -> dict[str, Any]:
    director = UserFactory(role=Role.DIRECTOR)
    wards = [WardFactory(), WardFactory()]
    big = ServiceFactory(name="Home care", gross_budget=Decimal(2_000_000), wards=wards)
    small = ServiceFactory(name="Library", gross_budget=Decimal(100_000))
    planned = ReviewFactory(
        services=[ServiceFactory(name="Parks", gross_budget=Decimal(900_000))],
        planned_start="2035/36 Q1",
        planned_end="2035/36 Q2",
    )
    scenario = review_actions.programme_scenario_create(details=_levers("Full team", 60), by=director)
    return {
        "director": director,
        "cabinet_member": UserFactory(role=Role.CABINET),
        "cabinet": BodyFactory(cabinet=True),
        "committee": BodyFactory(),
        "big": big,
        "small": small,
        "planned": planned,
        "scenario": scenario,
    }


def _adopt(world: dict[str, Any], scenario: ProgrammeScenario | None = None, **changes: Any) -> act.Adoption:
    details = {"body": world["cabinet"], "decided_on": TODAY, "reasons": "Best value within our capacity.", **changes}
    return act.programme_adoption_record(
        scenario=scenario or world["scenario"],
        details=AdoptionDetails(**details),
        by=world["cabinet_member"],
        today=TODAY,
    )


def _counts() -> tuple[int, ...]:
    return (
        Decision.objects.count(),
        CommissioningReview.objects.count(),
        CommissioningReview.history.count(),
        ForwardPlanEntry.objects.count(),
        ProgrammeScenario.objects.filter(status=ScenarioStatus.ADOPTED).count(),
    )


def test_adopting_records_the_decision_and_the_reviews_and_forward_plan_follow(world):
    adoption = _adopt(world)
    decision = adoption.decision
    assert (decision.status, decision.scenario, decision.body) == (
        DecisionStatus.PUBLISHED,
        world["scenario"],
        world["cabinet"],
    )
    world["scenario"].refresh_from_db()
    assert world["scenario"].status == ScenarioStatus.ADOPTED
    rows = {row.key: row for row in world["scenario"].rows.filter(archived_at__isnull=True)}
    planned = CommissioningReview.objects.get(pk=world["planned"].pk)
    row = rows[planned.reference]
    assert (planned.planned_start, planned.planned_end) == (row.start_quarter, row.finish_quarter)
    new = CommissioningReview.objects.get(services=world["big"])  # a new review of a service no review covered
    assert (new.planned_start, new.lead_commissioner) == (
        rows[world["big"].reference].start_quarter,
        world["big"].accountable_officer,
    )
    assert rows[world["big"].reference].review == new
    # Home care's decision will be key (over the threshold, two wards); the library's will not.
    entry = ForwardPlanEntry.objects.get(review=new)
    assert (entry.decision_maker, entry.planned_on, entry.first_published_on) == (
        world["cabinet"],
        calculations.quarter_end(new.planned_end),
        TODAY,
    )
    library = CommissioningReview.objects.filter(services=world["small"]).first()
    assert library is None or not ForwardPlanEntry.objects.filter(review=library).exists()
    assert entry in adoption.plan_entries


def test_adopting_another_scenario_supersedes_the_first_and_moves_the_forward_plan(world):
    first = _adopt(world)
    entries = ForwardPlanEntry.objects.count()
    other = review_actions.programme_scenario_create(details=_levers("One at a time", 20), by=world["director"])
    _adopt(world, other)
    world["scenario"].refresh_from_db()
    other.refresh_from_db()
    assert (world["scenario"].status, other.status) == (ScenarioStatus.SUPERSEDED, ScenarioStatus.ADOPTED)
    assert ForwardPlanEntry.objects.count() >= entries  # updated in place where the review is the same
    for entry in first.plan_entries:
        entry.refresh_from_db()
        assert entry.planned_on == calculations.quarter_end(entry.review.planned_end)


def test_only_the_executive_adopts_and_nothing_is_saved(world):
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        _adopt(world, body=world["committee"])
    assert refused.value.message_dict == {"body": [act.ADOPT_NOT_EXECUTIVE.format(body=world["committee"].name)]}
    with pytest.raises(ValidationError) as refused:
        _adopt(world, reasons=" ")
    assert refused.value.message_dict == {"reasons": [act.ADOPT_REASONS_REQUIRED]}
    assert _counts() == before


def test_a_scenario_with_no_plan_or_adopted_already_is_refused_with_nothing_saved(world):
    _adopt(world)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        _adopt(world)
    assert refused.value.messages == [review_actions.SCENARIO_ALREADY_ADOPTED.format(name="Full team")]
    assert _counts() == before  # the decision recorded before the refusal was rolled back too


def test_the_public_sees_the_adopted_programme_of_published_services_only(world, client):
    hidden = ServiceFactory(name="Secret service", unpublished=True)
    review_actions.programme_scenario_solve(scenario=world["scenario"], by=world["director"])
    assert world["scenario"].rows.filter(archived_at__isnull=True, service=hidden).exists()
    assert "has not adopted a programme" in client.get(reverse("plan:programme")).content.decode()
    _adopt(world)
    page = client.get(reverse("plan:programme")).content.decode()
    assert "Rationale for Home care" in page
    assert reverse("plan:rationale", args=[world["big"].pk]) in page
    assert "Secret service" not in page
    assert client.get(reverse("plan:scenarios")).status_code == 302  # scenarios are internal: sign in first
