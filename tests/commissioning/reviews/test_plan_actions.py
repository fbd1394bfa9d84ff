"""The plan's actions and selectors: versions of the prioritisation model, judgements, skills and capacity.

Refusals are named errors that save nothing; a superseded version's ranking can be shown again exactly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.concurrency import EditConflict, version_of
from commissioning.core.permissions import Role
from commissioning.reviews import actions, selectors
from commissioning.reviews.actions import OfficerDetails
from commissioning.reviews.models import (
    CommissioningOfficer,
    CriterionScore,
    PriorityJudgement,
    PriorityModel,
    ReviewStatus,
    ScoreSource,
    ServiceSkill,
    Skill,
)
from tests.factories import ReviewFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "budget": 30,
    "savings": 10,
    "performance": 10,
    "contract_end": 10,
    "risk": 20,
    "strategic_fit": 10,
    "dissatisfaction": 5,
    "statutory": 5,
}


def _snapshot() -> dict[str, Any]:
    return {
        "models": list(PriorityModel.objects.values()),
        "model_history": PriorityModel.history.count(),
        "scores": CriterionScore.objects.count(),
        "judgements": list(PriorityJudgement.objects.values()),
        "judgement_history": PriorityJudgement.history.count(),
    }


@pytest.fixture
def director() -> Any:
    return UserFactory(role=Role.DIRECTOR, first_name="Dana", last_name="Reid")


@pytest.fixture
def services() -> dict[str, Any]:
    return {
        "big": ServiceFactory(reference="TST-101", name="Home care", gross_budget=Decimal("25000000")),
        "small": ServiceFactory(reference="TST-102", name="Day care", gross_budget=Decimal("300000"), statutory=True),
    }


def _first(director: Any) -> PriorityModel:
    return actions.priority_model_revise(weights=WEIGHTS, reason="First weights", by=director)


def test_weights_that_do_not_add_up_to_100_are_refused_and_nothing_is_saved(director: Any, services: Any) -> None:
    model = _first(director)
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.priority_model_revise(
            weights={**WEIGHTS, "budget": 35}, reason="More on money", by=director, version=None
        )
    assert refused.value.message_dict == {"__all__": [actions.WEIGHTS_NOT_100.format(total=105)]}
    assert _snapshot() == before
    assert selectors.current_model() == model


def test_new_weights_need_a_reason(director: Any, services: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.priority_model_revise(weights=WEIGHTS, reason="  ", by=director)
    assert refused.value.message_dict == {"reason": [actions.WEIGHTS_REASON_REQUIRED]}
    assert not PriorityModel.objects.exists()


def test_a_judgement_without_a_reason_is_refused_and_nothing_is_saved(director: Any, services: Any) -> None:
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.priority_judgement_record(service=services["big"], criterion="risk", score=4, reason="", by=director)
    assert refused.value.message_dict == {"reason": [actions.JUDGEMENT_REASON_REQUIRED]}
    assert _snapshot() == before


def test_a_judgement_of_an_unknown_criterion_is_refused(director: Any, services: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.priority_judgement_record(service=services["big"], criterion="luck", score=4, reason="x", by=director)
    assert refused.value.message_dict == {"criterion": [actions.CRITERION_UNKNOWN.format(criterion="luck")]}


def test_scores_come_from_data_else_a_judgement_with_who_and_why(director: Any, services: Any) -> None:
    model = _first(director)
    judgement = actions.priority_judgement_record(
        service=services["big"], criterion="risk", score=4, reason="One provider delivers all of it", by=director
    )
    assert judgement.history.count() == 1
    found = selectors.rationale(user=director, model=model, service_pk=services["big"].pk)
    lines = {line.criterion.key: line for line in found.ranked.lines}
    assert (lines["budget"].source, lines["budget"].score, lines["budget"].points) == ("data", 5, Decimal("1.50"))
    assert (lines["statutory"].source, lines["statutory"].score) == ("data", 5)
    assert (lines["risk"].source, lines["risk"].score, lines["risk"].judged_by, lines["risk"].reason) == (
        "judgement",
        4,
        "Dana Reid",
        "One provider delivers all of it",
    )
    assert lines["contract_end"].source == ScoreSource.NONE
    assert found.ranked.total == sum(line.points for line in found.ranked.lines) == Decimal("2.55")
    assert found.ranked.position == 1
    assert found.below is not None
    assert found.below.service == services["small"]
    assert "Day care" in found.against_below
    assert "size of budget" in found.against_below


def test_changing_a_judgement_keeps_its_history_and_refuses_a_lost_update(director: Any, services: Any) -> None:
    first = actions.priority_judgement_record(
        service=services["big"], criterion="risk", score=4, reason="Thin market", by=director
    )
    loaded = selectors.judgement_of(service=services["big"], criterion="risk")
    version = version_of(loaded)
    actions.priority_judgement_record(
        service=services["big"], criterion="risk", score=2, reason="New providers", by=director, version=version
    )
    with pytest.raises(EditConflict):
        actions.priority_judgement_record(
            service=services["big"], criterion="risk", score=5, reason="Old page", by=director, version=version
        )
    first.refresh_from_db()
    assert (first.score, first.history.count()) == (2, 2)


def test_an_earlier_version_ranks_exactly_as_it_did(director: Any, services: Any) -> None:
    first = _first(director)
    actions.priority_judgement_record(service=services["small"], criterion="risk", score=5, reason="x", by=director)
    before = [
        (r.service.pk, r.total, [line.points for line in r.lines])
        for r in selectors.ranking(user=director, model=first)
    ]
    second = actions.priority_model_revise(
        weights={**WEIGHTS, "budget": 5, "risk": 45},
        reason="Risk matters most",
        by=director,
        version=version_of(first),
    )
    first.refresh_from_db()
    assert (first.is_current, second.number, selectors.current_model()) == (False, 2, second)
    assert CriterionScore.objects.filter(model=first).count() == 2 * len(WEIGHTS)
    # The data and judgements change afterwards; version 1 still ranks as it did.
    actions.priority_judgement_record(service=services["small"], criterion="risk", score=0, reason="y", by=director)
    services["big"].gross_budget = Decimal("10")
    services["big"].save()
    after = [
        (r.service.pk, r.total, [line.points for line in r.lines])
        for r in selectors.ranking(user=director, model=first)
    ]
    assert after == before
    now = selectors.ranking(user=director, model=second)
    assert [r.service.pk for r in now] != [pk for pk, *_ in before] or now[0].total != before[0][1]


def test_a_second_new_version_from_the_same_page_is_an_edit_conflict(director: Any, services: Any) -> None:
    first = _first(director)
    version = version_of(first)
    actions.priority_model_revise(weights=WEIGHTS, reason="Again", by=director, version=version)
    with pytest.raises(EditConflict):
        actions.priority_model_revise(weights=WEIGHTS, reason="Stale page", by=director, version=version)
    assert PriorityModel.objects.count() == 2


def test_priority_scores_for_the_optimiser(director: Any, services: Any) -> None:
    assert selectors.priority_scores() == {}
    _first(director)
    scores = selectors.priority_scores()
    # big: budget 5 x 30% + statutory 5 x 5% = 1.75; small: budget 2 x 30% + statutory 2 x 5% = 0.70
    assert scores == {services["big"].pk: 1.75, services["small"].pk: 0.7}


def test_capacity_by_skill_shares_an_officers_days_among_their_skills(director: Any) -> None:
    actions.officer_create(
        details=OfficerDetails(
            name="Ann",
            skills=[Skill.ADULTS_SAFEGUARDING, Skill.PROCUREMENT],
            grade="PO3",
            annual_cost=Decimal("50000"),
            days_per_quarter=40,
        ),
        by=director,
    )
    actions.officer_create(
        details=OfficerDetails(
            name="Bo", skills=[Skill.GENERALIST], grade="PO5", annual_cost=Decimal("60000"), days_per_quarter=30
        ),
        by=director,
    )
    assert selectors.capacity_by_skill(3) == {
        "adults_safeguarding": (20.0, 20.0, 20.0),
        "childrens_safeguarding": (0.0, 0.0, 0.0),
        "public_health": (0.0, 0.0, 0.0),
        "procurement": (20.0, 20.0, 20.0),
        "generalist": (30.0, 30.0, 30.0),
    }
    ReviewFactory(status=ReviewStatus.IN_PROGRESS, planned_start="2020/21 Q1", planned_end="2040/41 Q4")
    cost = selectors.staffing_cost()
    assert (cost.annual, cost.days_a_year, cost.per_day, cost.reviews, cost.per_review) == (
        Decimal("110000"),
        280,
        Decimal("392.86"),
        1,
        Decimal("110000.00"),
    )


def test_an_officer_needs_skills_and_days_and_keeps_history(director: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.officer_create(
            details=OfficerDetails(name="", skills=[], grade="", annual_cost=Decimal("-1"), days_per_quarter=70),
            by=director,
        )
    assert refused.value.message_dict == {
        "name": [actions.OFFICER_NAME_REQUIRED],
        "skills": [actions.OFFICER_SKILLS_REQUIRED],
        "grade": [actions.OFFICER_GRADE_REQUIRED],
        "annual_cost": [actions.OFFICER_COST_INVALID],
        "days_per_quarter": [actions.OFFICER_DAYS_INVALID],
    }
    assert not CommissioningOfficer.objects.exists()


def test_a_service_needs_the_skill_recorded_for_it(director: Any, services: Any) -> None:
    assert selectors.required_skill(service=services["big"]) == Skill.GENERALIST
    actions.service_skill_set(service=services["big"], skill=Skill.ADULTS_SAFEGUARDING, by=director)
    assert selectors.required_skill(service=services["big"]) == Skill.ADULTS_SAFEGUARDING
    assert selectors.skills_of_services({services["big"].pk, services["small"].pk}) == {
        services["big"].pk: Skill.ADULTS_SAFEGUARDING,
        services["small"].pk: Skill.GENERALIST,
    }
    with pytest.raises(ValidationError):
        actions.service_skill_set(service=services["big"], skill="magic", by=director)
    assert ServiceSkill.objects.get().history.count() == 1


def test_a_review_needs_the_most_specialist_skill_of_its_services_and_is_as_pressing_as_the_most_pressing(
    director: Any, services: Any
) -> None:
    _first(director)
    actions.service_skill_set(service=services["small"], skill=Skill.PROCUREMENT, by=director)
    joint = ReviewFactory(services=[services["big"], services["small"]])
    alone = ReviewFactory(services=[services["big"]])
    assert selectors.review_skills() == {joint.pk: Skill.PROCUREMENT, alone.pk: Skill.GENERALIST}
    assert selectors.review_priority_scores() == {joint.pk: 1.75, alone.pk: 1.75}
