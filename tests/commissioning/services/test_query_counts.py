"""The catalogue's pages cost the same number of queries for a district council as for a metropolitan one.

Both demo councils are seeded with the real seeder, one after the other in the same test database: each inside a
transaction that is rolled back, so the second starts from an empty database. A page whose query count grows with the
number of services (or wards, or councillors) has an N+1 problem.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.services.models import Service
from tests import demo

SCALES = ["district", "metropolitan"]
SERVICES = {"district": 60, "metropolitan": 600}


def _pages() -> dict[str, str]:
    # CMH-001 (Homelessness prevention) is the first service at both scales.
    detail = reverse("services:detail", args=[Service.objects.get(reference="CMH-001").pk])
    return {
        "list": reverse("services:list"),
        "list page 2": reverse("services:list") + "?page=2",
        "list filtered": reverse("services:list") + "?statutory=yes&sort=-gross_budget",
        "detail": detail,
        "history": detail + "history",
        "export CSV": reverse("services:export-csv"),
        "export Excel": reverse("services:export-xlsx"),
        "home": reverse("portal:home"),
        "wards": reverse("accounts:ward-list"),
        "wards export CSV": reverse("accounts:ward-export-csv"),
    }


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    if response.streaming:
        b"".join(response.streaming_content)  # the CSV's queries run while it streams


def _count(client: Client, path: str) -> int:
    _get(client, path)  # warm up: per-process caches (content types, templates) are filled once
    with CaptureQueriesContext(connection) as queries:
        _get(client, path)
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    """On the seeded council, count the queries each page costs the demo officer (and the list, others)."""
    assert Service.objects.count() == SERVICES[scale]
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    counts = {name: _count(officer, path) for name, path in _pages().items()}
    provider = Client()
    provider.force_login(User.objects.get(username="provider"))
    counts["list (provider)"] = _count(provider, reverse("services:list"))
    counts["list (public)"] = _count(Client(), reverse("services:list"))
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_pages_cost_the_same_queries_at_both_demo_scales(
    demo_query_counts: demo.QueryCounts,
) -> None:
    counts = demo_query_counts[_measure]

    print()
    print(f"{'queries':<18}" + "".join(f"{scale:>14}" for scale in SCALES))
    for page in counts["district"]:
        print(f"{page:<18}" + "".join(f"{counts[scale][page]:>14}" for scale in SCALES))

    assert counts["district"] == counts["metropolitan"]
