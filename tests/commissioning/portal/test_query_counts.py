"""The signed-in home page (each user's work) costs the same number of queries for a district council as for a
metropolitan one, for every role that has work on it: each list is a few records and a count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import User
from tests import demo

SCALES = ["district", "metropolitan"]
ROLES = ["officer", "councillor", "cabinet", "director", "finance", "admin"]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200  # warm up: per-process caches are filled once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    """The home page as each demo login, who last signed in 90 days ago (so every "new since" list has rows)."""
    counts = {}
    for username in ROLES:
        user = User.objects.get(username=username)
        user.last_login = timezone.now() - dt.timedelta(days=90)
        user.save(update_fields=["last_login"])
        client = Client()
        client.force_login(user)
        counts[f"home ({username})"] = _count(client, reverse("portal:home"))
        counts[f"account ({username})"] = _count(client, reverse("portal:account"))
    counts["home (public)"] = _count(Client(), reverse("portal:home"))
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_the_home_page_costs_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]

    print()
    print(f"{'queries':<22}" + "".join(f"{scale:>14}" for scale in SCALES))
    for page in counts["district"]:
        print(f"{page:<22}" + "".join(f"{counts[scale][page]:>14}" for scale in SCALES))

    assert counts["district"] == counts["metropolitan"]
