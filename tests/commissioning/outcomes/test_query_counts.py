"""The indicator page and the evidence pack cost the same number of queries for a district council as for a
metropolitan one.

As in tests/commissioning/services/test_query_counts.py: both demo councils are seeded with the real seeder, each
inside a transaction that is rolled back. The metropolitan council has ten times the services, twice the indicators,
ten times the unit-cost benchmarks and evidence, so a page whose count grows with any of them has an N+1 problem.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.outcomes.models import Indicator, Outcome
from commissioning.services.models import Service
from tests import demo

SCALES = ["district", "metropolitan"]
# The same kinds of indicator exist at both scales: CMH-01S (quarterly, benchmarked), CMH-02F (monthly).
INDICATORS = ["CMH-01S", "CMH-02F"]


def _pages() -> dict[str, str]:
    service = Service.objects.get(reference="CMH-001")  # Homelessness prevention, the first service at both scales
    outcome = Outcome.objects.filter(services=service).order_by("reference").first()
    assert outcome is not None
    pages = {
        f"indicator {code}": reverse("outcomes:indicator-detail", args=[Indicator.objects.get(code=code).pk])
        for code in INDICATORS
    }
    pages["evidence pack"] = reverse("outcomes:evidence-pack", args=[service.pk])
    pages["outcome"] = reverse("outcomes:detail", args=[outcome.pk])
    pages["outcome list"] = reverse("outcomes:list")
    pages["indicator list"] = reverse("outcomes:indicator-list")
    pages["indicator export"] = reverse("outcomes:indicator-export-csv")
    pages["evidence list"] = reverse("outcomes:evidence-list")
    pages["service detail"] = reverse("services:detail", args=[service.pk])
    return pages


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    if response.streaming:
        b"".join(response.streaming_content)


def _count(client: Client, path: str) -> int:
    _get(client, path)  # warm up per-process caches
    with CaptureQueriesContext(connection) as queries:
        _get(client, path)
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    pages = _pages()
    counts = {name: _count(officer, path) for name, path in pages.items()}
    published = Indicator.objects.filter(published=True, code__endswith="S").order_by("code").first()
    assert published is not None
    public_page = reverse("outcomes:indicator-detail", args=[published.pk])
    counts["indicator (public)"] = _count(Client(), public_page)
    counts["service detail (public)"] = _count(Client(), pages["service detail"])
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_indicator_and_evidence_pack_pages_cost_the_same_queries_at_both_demo_scales(
    demo_query_counts: demo.QueryCounts,
) -> None:
    counts = demo_query_counts[_measure]

    print()
    print(f"{'queries':<26}" + "".join(f"{scale:>14}" for scale in SCALES))
    for page in counts["district"]:
        print(f"{page:<26}" + "".join(f"{counts[scale][page]:>14}" for scale in SCALES))

    assert counts["district"] == counts["metropolitan"]
