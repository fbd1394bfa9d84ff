"""The review pages cost the same number of queries for a district council as for a metropolitan one.

As in tests/commissioning/services/test_query_counts.py: both demo councils are seeded with the real seeder, each
inside a transaction that is rolled back. The district council has 8 reviews and the metropolitan one 60, so a page
whose count grows with the reviews, or with the services each review covers, has an N+1 problem.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.reviews.demo import REVIEWS
from commissioning.reviews.models import CommissioningReview
from commissioning.services.models import Service
from tests import demo

SCALES = ["district", "metropolitan"]


def _pages() -> dict[str, str]:
    # The published review covering the most services, and the published service covered by the most reviews.
    review = max(CommissioningReview.objects.filter(published=True), key=lambda r: (r.services.count(), r.pk))
    service = max(
        Service.objects.filter(published=True, commissioning_reviews__published=True).distinct(),
        key=lambda s: (s.commissioning_reviews.count(), s.pk),
    )
    detail = reverse("reviews:detail", args=[review.pk])
    return {
        "list": reverse("reviews:list"),
        "list page 2": reverse("reviews:list") + "?page=2",
        "list filtered": reverse("reviews:list") + "?quarter=2026/27+Q1&sort=-stage",
        "list searched": reverse("reviews:list") + "?q=review+of",
        "list of a service": reverse("reviews:list") + f"?service={service.pk}",
        "detail": detail,
        "history": detail + "history",
        "edit": detail + "edit",
        "new": reverse("reviews:create"),
        "export CSV": reverse("reviews:export-csv"),
        "export Excel": reverse("reviews:export-xlsx"),
        "service detail": reverse("services:detail", args=[service.pk]),
        "home": reverse("portal:home"),
    }


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
    assert CommissioningReview.objects.count() == REVIEWS[scale]
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    pages = _pages()
    counts = {name: _count(officer, path) for name, path in pages.items()}
    provider = Client()
    provider.force_login(User.objects.get(username="provider"))
    public = Client()
    for who, client in [("provider", provider), ("public", public)]:
        for page in ["list", "detail", "export CSV", "service detail"]:
            counts[f"{page} ({who})"] = _count(client, pages[page])
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_review_pages_cost_the_same_queries_at_both_demo_scales(
    demo_query_counts: demo.QueryCounts,
) -> None:
    counts = demo_query_counts[_measure]

    print()
    print(f"{'queries':<24}" + "".join(f"{scale:>14}" for scale in SCALES))
    for page in counts["district"]:
        print(f"{page:<24}" + "".join(f"{counts[scale][page]:>14}" for scale in SCALES))

    assert counts["district"] == counts["metropolitan"]
