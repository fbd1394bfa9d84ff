"""Member involvement pages cost the same number of queries for a district council as for a metropolitan one.

"My involvement" (the demo councillor and cabinet member), the protocol, a review's involvement plan, its gate page and
the review's own page (which carries the "Member involvement" section) are counted on both seeded demo councils.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.governance.models import InvolvementEntry
from commissioning.reviews.models import CommissioningReview
from tests import demo

SCALES = ["district", "metropolitan"]


def _review() -> CommissioningReview:
    """The last review at the Plan stage with an involvement plan (so its gate page asks the same questions at both
    scales: a review's stage decides which gate it shows); any review with a plan, or any review, failing that."""
    planned = InvolvementEntry.objects.values_list("review", flat=True).order_by("review")
    with_plan = planned.filter(review__stage="plan").last() or planned.last()
    return CommissioningReview.objects.get(pk=with_plan) if with_plan else CommissioningReview.objects.order_by("pk")[0]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path  # warm up per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    review = _review()
    counts = {}
    for username in ("councillor", "cabinet", "scrutiny"):
        member = Client()
        member.force_login(User.objects.get(username=username))
        counts[f"my involvement ({username})"] = _count(member, reverse("governance:my-involvement"))
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    counts["protocol"] = _count(officer, reverse("governance:protocol"))
    counts["review plan"] = _count(officer, reverse("governance:review-involvement", args=[review.pk]))
    counts["review gates"] = _count(officer, reverse("governance:review-gates", args=[review.pk]))
    counts["review page"] = _count(officer, reverse("reviews:detail", args=[review.pk]))
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_involvement_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    assert counts["district"] == counts["metropolitan"]
