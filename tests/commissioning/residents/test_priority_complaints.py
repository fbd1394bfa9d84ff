"""Complaints upheld per service feed the prioritisation model (commissioning.core.priority): residents declares the
criterion and scores every published service from its complaints over the last four quarters, in one query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.core import priority
from commissioning.residents import actions_complaints as actions
from commissioning.residents.priority_complaints import COMPLAINTS_UPHELD, complaints_upheld
from tests import matrix
from tests.commissioning.residents.complaints_world import DAY, build_world, details

world = matrix.world_fixture(build_world)


def test_the_criterion_is_declared_with_a_data_source() -> None:
    assert COMPLAINTS_UPHELD in {c.key for c in priority.criteria()}
    assert priority.has_data_source(COMPLAINTS_UPHELD)


@pytest.mark.django_db
def test_services_with_more_upheld_complaints_score_higher_in_one_query(world: dict[str, Any]) -> None:
    services = world["services"]
    ids = [s.pk for s in services.values()]
    with CaptureQueriesContext(connection) as queries:
        found = complaints_upheld(ids, today=DAY)
    assert len(queries) == 1
    assert services["hidden"].pk not in found  # not published: takes no complaints, left to a judgement
    repairs, bins = found[services["repairs"].pk], found[services["bins"].pk]
    # Repairs: three received, one answered and upheld (100%); bins: one received, not answered yet
    assert (repairs.score, bins.score) == (2, 0)
    assert repairs.summary == (
        "3 complaints received since 1 January 2026, 1 of 1 answered upheld fully or partly (100%)."
    )
    assert bins.summary == "1 complaint received since 1 January 2026, none answered yet."
    assert repairs.sources[0].url_name == "residents:complaint-statistics"
    # A complaint from before the last four quarters does not count
    assert complaints_upheld(ids, today=DAY.replace(year=2028))[services["repairs"].pk].score == 0


@pytest.mark.django_db
def test_the_bins_rank_above_repairs_once_more_of_theirs_are_upheld(world: dict[str, Any]) -> None:
    services = world["services"]
    for n in range(3):
        complaint, _token = actions.complaint_make(
            details=details(services["bins"], email=f"resident{n}@example.org"), today=DAY
        )
        actions.complaint_answer(
            complaint=complaint,
            answer="Sorry",
            outcome="partly_upheld",
            remedy="Collected",
            learning="",
            by=world["ashfield_contact"],
            today=DAY,
        )
    with CaptureQueriesContext(connection) as queries:
        found = complaints_upheld([s.pk for s in services.values()], today=DAY)
    assert len(queries) == 1  # the same, however many complaints
    assert found[services["bins"].pk].score == 3 > found[services["repairs"].pk].score  # 3 of 3 upheld
