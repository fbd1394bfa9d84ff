"""Spend put to work costs the same number of queries for a district council as for a metropolitan one
(finance-spendlinks): a savings line with its spend evidence, the page that records it, a service page with its
spend and unit cost (for the public and inside the council) and a contract page with its supplier's payments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.contracts.models import Contract
from commissioning.finance import demo_spendlinks
from commissioning.finance.models import SavingsLine
from tests import demo


def _count(client: Client, path: str, *, shows: str) -> int:
    first = client.get(path)
    assert first.status_code == 200, path
    assert shows in first.content.decode(), (path, shows)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    finance = Client()
    finance.force_login(User.objects.get(username="finance"))
    line = (
        SavingsLine.objects.filter(service__spend_transactions__spend_import__filename=demo_spendlinks.FILENAME)
        .order_by("reference")
        .first()
    )
    assert line is not None, "the demo gives at least one savings line spend evidence"
    contract = (
        Contract.objects.filter(provider__isnull=False, published=True, archived_at__isnull=True).order_by("pk").first()
    )
    assert contract is not None
    service = reverse("services:detail", args=[line.service_id])
    return {
        "a savings line with spend": _count(
            finance, reverse("finance:saving-detail", args=[line.pk]), shows='data-testid="spend-evidence"'
        ),
        "recording the saving shown by spend": _count(
            finance, reverse("finance:saving-spend-record", args=[line.pk]), shows="months from April"
        ),
        "a service with spend, inside the council": _count(finance, service, shows='data-testid="service-spend"'),
        "a service with spend, for the public": _count(Client(), service, shows='data-testid="service-spend"'),
        "a contract's payments": _count(
            Client(), reverse("contracts:detail", args=[contract.pk]), shows="Payments to the supplier"
        ),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_spend_put_to_work_costs_the_same_at_both_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print(counts)
    assert counts["district"] == counts["metropolitan"], counts
