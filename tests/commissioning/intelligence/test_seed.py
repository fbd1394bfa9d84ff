"""The demo ward intelligence: the right size, consistent, deterministic, idempotent, at both scales."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from commissioning.accounts.models import User
from commissioning.intelligence.calculations import response_due
from commissioning.intelligence.demo import SUBMISSIONS
from commissioning.intelligence.models import RESPONSE_WORKING_DAYS, IntelligenceStatus, Urgency, WardIntelligence
from commissioning.intelligence.selectors import MINE, IntelligenceFilters, intelligence_list
from tests import demo
from tests.demo import DemoCouncil

pytestmark = pytest.mark.django_db

METROPOLITAN = pytest.param("metropolitan", marks=pytest.mark.slow)


def seed(scale: str = "district", **options: Any) -> str:
    out = io.StringIO()
    call_command("seed_demo", scale=scale, stdout=out, **options)
    return out.getvalue()


@demo.read_after_each_seed
def fingerprint() -> list[tuple[Any, ...]]:
    return list(
        WardIntelligence.objects.order_by("reference").values_list(
            "reference",
            "title",
            "service__reference",
            "ward__ons_code",
            "councillor__name",
            "submitted_by__username",
            "urgency",
            "status",
            "submitted_at",
            "response_due",
            "response",
            "archived_at",
        )
    )


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_each_scale_has_consistent_intelligence(demo_council: DemoCouncil) -> None:
    scale = demo_council.scale
    items = list(
        WardIntelligence.objects.select_related("councillor__user", "service", "submitted_by").prefetch_related(
            "councillor__wards"
        )
    )
    assert len(items) == SUBMISSIONS[scale]
    for item in items:
        item.full_clean()
        assert item.ward in item.councillor.wards.all(), item.reference
        assert item.submitted_by == item.councillor.user, item.reference
        assert item.reference.startswith(f"WI-{item.submitted_at.year}-")
        assert item.response_due == response_due(
            submitted=item.submitted_at, working_days=RESPONSE_WORKING_DAYS[Urgency(item.urgency)]
        )
        assert (item.acknowledged_at is None) == (item.status == IntelligenceStatus.SUBMITTED), item.reference
        answered = item.status in (IntelligenceStatus.RESPONDED, IntelligenceStatus.CLOSED)
        assert bool(item.response) == answered, item.reference
        assert (item.responded_at is not None) == answered, item.reference
        assert (item.closed_at is not None) == (item.status == IntelligenceStatus.CLOSED), item.reference
        if item.is_archived:
            assert item.status == IntelligenceStatus.SUBMITTED
            assert item.archived_by == item.submitted_by
        for moment in (item.acknowledged_at, item.responded_at, item.closed_at):
            assert moment is None or moment >= item.submitted_at
    assert {i.status for i in items} == set(IntelligenceStatus.values)
    assert {i.urgency for i in items} == set(Urgency.values)
    assert any(i.is_archived for i in items)
    assert len({i.councillor_id for i in items}) > 5


def test_the_demo_councillor_has_one_submission_in_each_state(demo_district: DemoCouncil) -> None:
    councillor = User.objects.get(username="councillor")
    mine = WardIntelligence.objects.filter(submitted_by=councillor)
    states = sorted((i.status, i.is_archived) for i in mine)
    assert states == sorted(
        [
            (IntelligenceStatus.SUBMITTED, False),
            (IntelligenceStatus.SUBMITTED, True),
            (IntelligenceStatus.ACKNOWLEDGED, False),
            (IntelligenceStatus.RESPONDED, False),
            (IntelligenceStatus.CLOSED, False),
        ]
    )
    # The demo officer answers for them, so the officer's inbox shows the other side of the same journey.
    officer = User.objects.get(username="officer")
    assert {i.service.accountable_officer_id for i in mine} == {officer.pk}
    inbox = intelligence_list(user=officer, filters=IntelligenceFilters(scope=MINE))
    assert inbox.filter(submitted_by=councillor).exists()
    assert inbox.count() >= 3


def test_same_seed_gives_the_same_intelligence_and_another_seed_another(demo_seeds: demo.Seeds) -> None:
    first, second = demo_seeds.runs(fingerprint, 2026)  # each seeded into an empty database (tests/demo.py)
    assert first == second
    assert first != demo_seeds.runs(fingerprint, 7)[0]
    assert len(first) == SUBMISSIONS["district"]


def test_second_run_creates_and_changes_nothing_and_leaves_edits_alone(demo_district: DemoCouncil) -> None:
    item = WardIntelligence.objects.order_by("reference").first()
    assert item is not None
    WardIntelligence.objects.filter(pk=item.pk).update(title="Renamed by the councillor")
    before = (list(WardIntelligence.objects.order_by("pk").values()), WardIntelligence.history.count())

    output = seed()

    assert "0 records created" in output
    assert (list(WardIntelligence.objects.order_by("pk").values()), WardIntelligence.history.count()) == before
    item.refresh_from_db()
    assert item.title == "Renamed by the councillor"


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_every_seeded_item_has_one_creation_entry(demo_council: DemoCouncil) -> None:
    created = {entry.id: entry for entry in WardIntelligence.history.filter(history_type="+")}
    assert set(created) == set(WardIntelligence.objects.values_list("pk", flat=True))
    assert WardIntelligence.history.count() == len(created)
    assert {entry.history_change_reason for entry in created.values()} == {"Demo council seeded"}
