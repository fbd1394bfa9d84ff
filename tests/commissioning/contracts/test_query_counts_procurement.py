"""The procurement list, a procurement's page (awarded, and still open) and a category's page (with the spend and
savings finance adds) cost the same number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.contracts.models import Category, Procurement
from tests import demo


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure_procurement(scale: str) -> dict[str, int]:
    officer, public = Client(), Client()
    officer.force_login(User.objects.get(username="officer"))
    awarded = Procurement.objects.filter(contract__isnull=False, published=True).order_by("pk").first()
    open_ = Procurement.objects.filter(contract__isnull=True, bids__isnull=False).order_by("pk").first()
    category = Category.objects.filter(parent__isnull=True).order_by("code").first()
    assert awarded is not None
    assert open_ is not None
    assert category is not None
    return {
        "procurements": _count(officer, reverse("contracts:procurements")),
        "awarded procurement": _count(officer, reverse("contracts:procurement", args=[awarded.pk])),
        "awarded procurement (public)": _count(public, reverse("contracts:procurement", args=[awarded.pk])),
        "open procurement": _count(officer, reverse("contracts:procurement", args=[open_.pk])),
        "category": _count(officer, reverse("contracts:category-detail", args=[category.pk])),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_procurement_and_category_pages_cost_the_same_queries_at_both_demo_scales(
    demo_query_counts: demo.QueryCounts,
) -> None:
    counts = demo_query_counts[_measure_procurement]
    print()
    for page in counts["district"]:
        print(f"{page:<24}" + "".join(f"{counts[scale][page]:>8}" for scale in ("district", "metropolitan")))
    assert counts["district"] == counts["metropolitan"]
