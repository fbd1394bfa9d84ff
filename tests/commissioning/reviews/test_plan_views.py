"""The plan's pages: refusals shown on the form with nothing saved, and what a resident is shown of a rationale."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.reviews import actions
from commissioning.reviews.models import PriorityJudgement, PriorityModel
from tests.commissioning.outcomes.factories import OutcomeFactory, PriorityFactory
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "budget": 40,
    "savings": 10,
    "performance": 10,
    "contract_end": 10,
    "risk": 10,
    "strategic_fit": 10,
    "dissatisfaction": 5,
    "statutory": 5,
}


@pytest.fixture
def world() -> dict[str, Any]:
    director = UserFactory(role=Role.DIRECTOR)
    service = ServiceFactory(name="Home care", gross_budget=Decimal("2000000"))
    ServiceFactory(name="Day care")
    # A draft council priority: it scores strategic fit, but a resident is not linked to it.
    OutcomeFactory(priority=PriorityFactory(code="P9", name="Draft priority", unpublished=True), services=[service])
    actions.priority_model_revise(weights=WEIGHTS, reason="First", by=director)
    client = Client()
    client.force_login(director)
    return {"director": director, "service": service, "client": client}


def test_a_judgement_without_a_reason_is_refused_on_the_page(world: dict[str, Any]) -> None:
    url = reverse("plan:judge", args=[world["service"].pk, "risk"])
    response = world["client"].post(url, {"score": "4", "reason": " "})
    assert response.status_code == 200
    assert actions.JUDGEMENT_REASON_REQUIRED in response.content.decode()
    assert not PriorityJudgement.objects.exists()


def test_weights_not_adding_up_to_100_are_refused_on_the_page_and_keep_what_was_typed(world: dict[str, Any]) -> None:
    data = {f"weight_{key}": str(value) for key, value in WEIGHTS.items()} | {"weight_budget": "45", "reason": "Why"}
    response = world["client"].post(reverse("plan:weights"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert actions.WEIGHTS_NOT_100.format(total=105) in content
    assert 'value="45"' in content
    assert PriorityModel.objects.count() == 1


def test_a_resident_reads_the_figures_but_is_not_linked_to_unpublished_records(world: dict[str, Any]) -> None:
    url = reverse("plan:rationale", args=[world["service"].pk])
    inside = world["client"].get(url).content.decode()
    public = Client().get(url).content.decode()
    for content in (inside, public):
        assert "Its outcomes serve 1 council priority." in content
        assert "Gross budget £2,000,000.00 in 2026/27." in content
    assert "P9: Draft priority" in inside
    assert "Draft priority" not in public
    assert "Record a judgement" in inside
    assert "Record a judgement" not in public
