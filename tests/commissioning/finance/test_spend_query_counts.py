"""The published spend page costs the same number of queries for a district council as for a metropolitan one.

A year of spend is not part of ``seed_demo`` (``manage.py seed_spend`` loads it; the metropolitan year is a million
rows, which tests never load): each scale imports a small sample here, ten times larger for the metropolitan
council, inside a savepoint rolled back after the measurement.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import Organisation, User
from commissioning.finance.actions_spend import spend_import_file
from commissioning.finance.models import SpendTransaction
from commissioning.services.models import Service
from engine.ingest.spend_sample import spend_csv
from tests import demo

SCALES = ["district", "metropolitan"]
ROWS = {"district": 300, "metropolitan": 3_000}


def _count(client: Client, path: str) -> int:
    def get() -> None:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)

    get()
    with CaptureQueriesContext(connection) as queries:
        get()
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    with transaction.atomic():
        services = list(Service.objects.order_by("reference").values_list("name", flat=True))
        suppliers = list(Organisation.objects.filter(is_home=False).values_list("name", flat=True))
        data = spend_csv(rows=ROWS[scale], suppliers=[*suppliers, "Unknown Supplier Ltd"], areas=services, days=60)
        outcome = spend_import_file(data=data, filename="sample.csv", by=None)
        assert outcome.rows_imported == ROWS[scale]
        # A filter that finds rows at both scales (an empty page skips the query for its rows).
        row = SpendTransaction.objects.exclude(service=None).filter(redacted=False).order_by("pk").first()
        assert row is not None
        wanted = f"?month={row.date:%Y-%m}&service={row.service_id}&supplier={row.supplier_name[:4]}"
        spend = reverse("finance:spend")
        pages = {
            "spend": spend,
            "spend page 2": spend + "?page=2",
            "spend filtered": spend + wanted,
            "spend export CSV": reverse("finance:spend-export-csv") + "?month=2026-05",
        }
        counts = {f"{name} (public)": _count(Client(), path) for name, path in pages.items()}
        finance = Client()
        finance.force_login(User.objects.get(username="finance"))
        counts["mappings (finance)"] = _count(finance, reverse("finance:spend-mappings"))
        transaction.set_rollback(True)
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_spend_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<28}" + "".join(f"{counts[scale][page]:>14}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]
