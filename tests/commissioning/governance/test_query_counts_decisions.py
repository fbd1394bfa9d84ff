"""The decisions pages cost the same number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.governance.models import Body, BodyKind, Decision
from tests import demo

SCALES = ["district", "metropolitan"]


def _pages() -> dict[str, str]:
    cabinet = Body.objects.filter(kind=BodyKind.CABINET).order_by("pk").first()
    council_decision = Decision.objects.get(title="Becoming a Strategic Commissioning Council")
    assert cabinet is not None
    return {
        "decisions": reverse("governance:decisions"),
        "decisions filtered": reverse("governance:decisions") + "?key=yes&status=published",
        "decisions CSV": reverse("governance:decisions-csv"),
        "cabinet's decisions": reverse("governance:body-decisions", args=[cabinet.pk]),
        "forward plan": reverse("governance:forward-plan"),
        "forward plan iCalendar": reverse("governance:forward-plan-ics"),
        "forward plan CSV": reverse("governance:forward-plan-csv"),
        "urgent decisions": reverse("governance:decisions-urgent"),
        "the Council's decision": reverse("governance:decision", args=[council_decision.pk]),
    }


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    if response.streaming:
        b"".join(response.streaming_content)


def _count(client: Client, path: str) -> int:
    _get(client, path)
    with CaptureQueriesContext(connection) as queries:
        _get(client, path)
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    clerk = Client()
    clerk.force_login(User.objects.get(username="democratic"))
    counts = {name: _count(clerk, path) for name, path in _pages().items()}
    public = Client()
    counts["forward plan (public)"] = _count(public, reverse("governance:forward-plan"))
    counts["decisions (public)"] = _count(public, reverse("governance:decisions"))
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_decision_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<26}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]
