"""The involvement seeder on a small council: the protocol and power rules, a plan for every review with a Programme
Board, and the board's sign-off for every such review past Analyse (the bodies seeder makes the boards)."""

from __future__ import annotations

import random

import pytest

from commissioning.core.demo import SCALES, SeedContext
from commissioning.core.permissions import Role
from commissioning.governance.demo import involvement
from commissioning.governance.models import DecisionPowerRule, GateSignOff, InvolvementEntry, ProtocolStep
from commissioning.governance.selectors import involvement as selectors
from commissioning.reviews.models import Stage
from tests.commissioning.governance.factories import BodyFactory
from tests.commissioning.governance.involvement_world import build_world
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_seeder_plans_every_review_with_a_board_and_signs_off_those_past_analyse():
    world = build_world(protocol=False)
    planned = ReviewFactory(reference="CR-2026-701", services=[world["service"]], stage=Stage.PLAN)
    BodyFactory(kind="programme_board", name="Second board", review=planned)
    ReviewFactory(reference="CR-2026-702", services=[world["service"]])  # no board: no plan
    users = {"democratic": world["democratic"], "admin": UserFactory(role=Role.ADMIN), "councillor": world["ward_user"]}
    ctx = SeedContext(scale=SCALES["district"], seed=1, password="x", rng=random.Random(1), made={"users": users})

    involvement.seed(ctx)

    assert ProtocolStep.objects.count() == 16
    assert DecisionPowerRule.objects.count() == 3
    assert set(InvolvementEntry.objects.values_list("review__reference", flat=True)) == {"CR-2026-501", "CR-2026-701"}
    assert list(GateSignOff.objects.values_list("review__reference", flat=True)) == ["CR-2026-701"]
    assert InvolvementEntry.history.count() == InvolvementEntry.objects.count()
    assert [row.review.reference for row in selectors.my_involvement(user=world["ward_user"], on=ctx.today)] == [
        "CR-2026-501",
        "CR-2026-701",
    ]
    # Seeding again adds nothing.
    entries = InvolvementEntry.objects.count()
    involvement.seed(ctx)
    assert InvolvementEntry.objects.count() == entries
    assert GateSignOff.objects.count() == 1


def test_the_demo_has_done_what_was_asked_at_the_stages_a_review_has_left(demo_district) -> None:
    from commissioning.governance.models import InvolvementEntry
    from commissioning.reviews.models import Stage

    stages = list(Stage.values)
    entries = list(InvolvementEntry.objects.select_related("review"))
    assert entries
    for entry in entries:
        left = stages.index(entry.stage) < stages.index(entry.review.stage)
        assert (entry.done_on is not None) == (left and entry.due_on is not None), entry.pk
