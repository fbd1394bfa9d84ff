"""The scrutiny recommendations list (and a recommendation's page) cost the same number of queries for a district
council as for a metropolitan one; the demo's recommendations are there at both scales."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.governance.models import Body, BodyKind, Recommendation
from commissioning.governance.selectors.recommendations import overdue_responses
from tests import demo


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path  # warm up per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    # The demo's recommendations (governance/demo/recommendations.py): one overdue, one with an action plan.
    accepted = Recommendation.objects.exclude(response="").order_by("pk").first()
    assert accepted is not None
    assert accepted.actions.count() == 2
    scrutiny = Body.objects.get(kind=BodyKind.SCRUTINY, name="Overview and Scrutiny Committee")
    assert overdue_responses(scrutiny).count() == 1
    assert not Recommendation.objects.filter(search_text="").exists()
    counts = {"list (public)": _count(Client(), reverse("governance:recommendations"))}
    for username in ("scrutiny", "cabinet"):
        member = Client()
        member.force_login(User.objects.get(username=username))
        counts[f"list ({username})"] = _count(member, reverse("governance:recommendations"))
        counts[f"overdue ({username})"] = _count(member, reverse("governance:recommendations") + "?status=overdue")
        counts[f"page ({username})"] = _count(member, reverse("governance:recommendation", args=[accepted.pk]))
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_recommendations_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    assert counts["district"] == counts["metropolitan"]
