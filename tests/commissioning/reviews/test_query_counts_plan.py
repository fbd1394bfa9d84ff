"""The plan's pages (the ranking and rationale of the prioritisation model, its weights, the officers, the programme's
timeline and its downloads) cost the same number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.reviews import selectors
from commissioning.reviews.models import CommissioningOfficer, PriorityModel, ProgrammeScenario, ScenarioStatus
from tests import demo

SCALES = ["district", "metropolitan"]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    director = User.objects.get(username="director")
    assert PriorityModel.objects.count() == 2
    ranked = selectors.ranking(user=director, model=selectors.current_model())
    middle = ranked[len(ranked) // 2].service  # a service with neighbours on both sides
    officer = CommissioningOfficer.objects.order_by("pk").first()
    assert officer is not None
    pages = {
        "ranking": reverse("plan:ranking"),
        "ranking, version 1": reverse("plan:ranking") + "?version=1",
        "rationale": reverse("plan:rationale", args=[middle.pk]),
        "rationale, version 1": reverse("plan:rationale", args=[middle.pk]) + "?version=1",
        "weights": reverse("plan:weights"),
        "judge": reverse("plan:judge", args=[middle.pk, "risk"]),
        "officers": reverse("plan:officers"),
        "officer": reverse("plan:officer-detail", args=[officer.pk]),
        "timeline": reverse("plan:timeline"),
        "timeline by skill": reverse("plan:timeline") + "?by=skill",
        "timeline.xlsx": reverse("plan:timeline-xlsx"),
        "timeline.ics": reverse("plan:timeline-ics"),
    }
    client = Client()
    client.force_login(director)
    counts = {name: _count(client, path) for name, path in pages.items()}
    public = Client()
    published = next(r.service for r in ranked[1:-1] if r.service.published)
    counts["ranking (public)"] = _count(public, pages["ranking"])
    counts["rationale (public)"] = _count(public, reverse("plan:rationale", args=[published.pk]))
    counts["timeline (public)"] = _count(public, pages["timeline"])
    # Programme scenarios (ADR 0023): the demo seeds two, the first adopted by Cabinet.
    adopted, other = ProgrammeScenario.objects.order_by("pk")
    assert (adopted.status, other.status) == (ScenarioStatus.ADOPTED, ScenarioStatus.SOLVED)
    counts["scenarios"] = _count(client, reverse("plan:scenarios"))
    counts["scenario"] = _count(client, reverse("plan:scenario-detail", args=[adopted.pk]))
    counts["compare"] = _count(client, reverse("plan:scenario-compare") + f"?a={adopted.pk}&b={other.pk}")
    counts["programme (public)"] = _count(public, reverse("plan:programme"))
    cabinet = Client()
    cabinet.force_login(User.objects.get(username="cabinet"))
    counts["adopt"] = _count(cabinet, reverse("governance:programme-adopt", args=[other.pk]))
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_the_plan_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<22}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]
