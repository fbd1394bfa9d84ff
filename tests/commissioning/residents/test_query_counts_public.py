"""The finder, a "Who runs this service" page and a ward's place page cost the same number of queries for a
district council as for a metropolitan one (issue 14's performance target; bench/bench_residents.py times them)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User, Ward
from commissioning.services.models import Service
from tests import demo

SCALES = ["district", "metropolitan"]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path  # warm up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def _pages() -> dict[str, str]:
    service = Service.objects.filter(published=True, archived_at__isnull=True).order_by("reference").first()
    ward = Ward.objects.active().order_by("name").first()
    assert service is not None
    assert ward is not None
    finder = reverse("residents:finder")
    return {
        "finder": finder,
        # A word of a published service's name, so that the search finds something at both scales.
        "finder search": finder + "?q=" + service.name.split()[0].lower(),
        "finder ward": f"{finder}?ward={ward.pk}",
        "who runs": reverse("residents:who-runs", args=[service.pk]),
        "ward place": reverse("residents:ward", args=[ward.pk]),
        "places": reverse("residents:places"),
    }


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    pages = _pages()
    counts = {f"{name} (public)": _count(Client(), path) for name, path in pages.items()}
    councillor = Client()
    councillor.force_login(User.objects.get(username="councillor"))
    counts |= {f"{name} (councillor)": _count(councillor, path) for name, path in pages.items()}
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_residents_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<28}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]
