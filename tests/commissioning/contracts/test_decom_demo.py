"""The demo councils' category structure and decommissioned services, at both scales; their pages cost the same
number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.contracts import selectors_categories, selectors_decommissioning
from commissioning.contracts.models import Category, Decommissioning
from tests import demo
from tests.demo import METROPOLITAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_the_demo_has_categories_with_managers_and_two_published_decommissionings(demo_council: Any) -> None:
    officer = User.objects.get(username="officer")
    totals = selectors_categories.category_totals(user=officer)
    assert {row.category.kind for row in totals.rows} == {"cpv", "council"}
    assert all(row.category.manager_id for row in totals.rows)
    assert any(row.depth == 1 for row in totals.rows)
    assert totals.contracts > 0
    assert selectors_categories.category_totals(user=officer, manager=officer).rows
    assert selectors_decommissioning.visible_decommissionings(user=AnonymousUser()).count() == 2
    client = Client()
    client.force_login(officer)
    category = Category.objects.get(code="SOC-00")
    assert client.get(reverse("contracts:category-detail", args=[category.pk])).status_code == 200
    assert client.get(reverse("contracts:category-list")).status_code == 200


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer, public = Client(), Client()
    officer.force_login(User.objects.get(username="officer"))
    care = Category.objects.get(code="SOC-00")
    record = Decommissioning.objects.order_by("pk").first()
    assert record is not None
    return {
        "categories": _count(officer, reverse("contracts:category-list")),
        "your categories": _count(officer, reverse("contracts:category-mine")),
        "category": _count(officer, reverse("contracts:category-detail", args=[care.pk])),
        "category 36 months": _count(officer, reverse("contracts:category-detail", args=[care.pk]) + "?months=36"),
        "decommissioning": _count(officer, reverse("contracts:decommissioning-list")),
        "public register": _count(public, reverse("contracts:decommissioning-list")),
        "decommissioning record": _count(officer, reverse("contracts:decommissioning-detail", args=[record.pk])),
        "public record": _count(public, reverse("contracts:decommissioning-detail", args=[record.pk])),
    }


@pytest.mark.slow
def test_category_and_decommissioning_pages_cost_the_same_queries_at_both_scales(
    demo_query_counts: demo.QueryCounts,
) -> None:
    counts = demo_query_counts[_measure]
    assert counts["district"] == counts["metropolitan"]
