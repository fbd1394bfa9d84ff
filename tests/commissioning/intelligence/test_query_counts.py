"""The ward intelligence pages cost the same number of queries for a district council as for a metropolitan one.

As for the services and reviews: both demo councils are seeded with the real seeder, each inside a transaction
that is rolled back. The district council has 40 pieces of intelligence and the metropolitan one 300 (more than a
page of each list), so a page whose count grows with the rows, the wards or the services has an N+1 problem.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.intelligence.demo import SUBMISSIONS
from commissioning.intelligence.models import IntelligenceStatus, WardIntelligence
from commissioning.services.models import Service
from tests import demo

SCALES = ["district", "metropolitan"]


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    if response.streaming:
        b"".join(response.streaming_content)


def _count(client: Client, path: str) -> int:
    _get(client, path)  # warm up per-process caches (the bank holidays, for one)
    with CaptureQueriesContext(connection) as queries:
        _get(client, path)
    return len(queries)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    assert WardIntelligence.objects.count() == SUBMISSIONS[scale]
    councillor = User.objects.get(username="councillor")
    open_item = WardIntelligence.objects.get(
        submitted_by=councillor, status=IntelligenceStatus.SUBMITTED, archived_at=None
    )
    answered = WardIntelligence.objects.get(submitted_by=councillor, status=IntelligenceStatus.RESPONDED)
    # The published service with the most intelligence about it.
    service = Service.objects.filter(published=True).annotate(n=Count("ward_intelligence")).order_by("-n", "pk").first()
    assert service is not None
    inbox = reverse("intelligence:list")
    detail = reverse("intelligence:detail", args=[open_item.pk])
    pages = {
        "officer": {
            "inbox": inbox,
            "inbox page 2": inbox + "?scope=all&status=any&page=2",
            "inbox filtered": inbox + "?scope=all&status=any&urgency=high&overdue=on&sort=-urgency",
            "inbox searched": inbox + "?scope=all&status=any&q=residents+in",
            "inbox of a service": inbox + f"?scope=all&status=any&service={service.pk}",
            "export CSV": reverse("intelligence:export-csv") + "?scope=all&status=any&withdrawn=on",
            "export Excel": reverse("intelligence:export-xlsx") + "?scope=all&status=any&withdrawn=on",
            "detail (open)": detail,
            "detail (answered)": reverse("intelligence:detail", args=[answered.pk]),
            "history": reverse("intelligence:history", args=[answered.pk]),
            "service detail": reverse("services:detail", args=[service.pk]),
            "evidence pack": reverse("outcomes:evidence-pack", args=[service.pk]),
        },
        "director": {"inbox": inbox, "detail (open)": detail},
        "scrutiny": {
            "inbox": inbox + "?status=any",
            "detail (open)": detail,
            "service detail": reverse("services:detail", args=[service.pk]),
        },
        "councillor": {
            "my intelligence": reverse("intelligence:mine"),
            "my intelligence page 2": reverse("intelligence:mine") + "?page=2",
            "detail (open)": detail,
            "submit form": reverse("intelligence:create"),
            "edit form": reverse("intelligence:edit", args=[open_item.pk]),
            "export CSV": reverse("intelligence:export-csv") + "?status=any",
            "service detail": reverse("services:detail", args=[service.pk]),
            "evidence pack": reverse("outcomes:evidence-pack", args=[service.pk]),
        },
    }
    counts = {}
    for username, paths in pages.items():
        client = _client(username)
        for name, path in paths.items():
            counts[f"{name} ({username})"] = _count(client, path)
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_intelligence_pages_cost_the_same_queries_at_both_demo_scales(
    demo_query_counts: demo.QueryCounts,
) -> None:
    counts = demo_query_counts[_measure]

    print()
    print(f"{'queries':<36}" + "".join(f"{scale:>14}" for scale in SCALES))
    for page in counts["district"]:
        print(f"{page:<36}" + "".join(f"{counts[scale][page]:>14}" for scale in SCALES))

    assert counts["district"] == counts["metropolitan"]
