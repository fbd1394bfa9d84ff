"""The bodies and meetings pages cost the same number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.governance.models import AgendaItem, Body, BodyKind, Meeting
from tests import demo

SCALES = ["district", "metropolitan"]


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
    scrutiny = Body.objects.get(kind=BodyKind.SCRUTINY)
    council = Body.objects.get(kind=BodyKind.COUNCIL)
    # A held meeting of the Council with an exempt item (every fourth meeting has one).
    meeting = (
        Meeting.objects.filter(body=council, status="held", agenda_items__exempt_paragraph__gt="")
        .order_by("starts_at")
        .first()
    )
    assert meeting is not None
    assert AgendaItem.objects.filter(meeting=meeting).count() >= 4
    pages = {
        "bodies": reverse("governance:body-list"),
        "bodies filtered": reverse("governance:body-list") + "?kind=committee",
        "bodies CSV": reverse("governance:body-export-csv"),
        "scrutiny": reverse("governance:body-detail", args=[scrutiny.pk]),
        "council": reverse("governance:body-detail", args=[council.pk]),
        "meetings": reverse("governance:meeting-list"),
        "meetings past": reverse("governance:meeting-list") + "?when=past&page=2",
        "meetings CSV": reverse("governance:meeting-export-csv") + "?when=all",
        "meeting": reverse("governance:meeting-detail", args=[meeting.pk]),
        "attendance": reverse("governance:meeting-attendance", args=[meeting.pk]),
    }
    clerk = Client()
    clerk.force_login(User.objects.get(username="democratic"))
    counts = {name: _count(clerk, path) for name, path in pages.items()}
    public = Client()
    for name in ["bodies", "scrutiny", "meetings", "meeting"]:
        counts[f"{name} (public)"] = _count(public, pages[name])
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_bodies_and_meetings_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<22}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]
