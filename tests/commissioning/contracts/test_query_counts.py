"""The register and the expiry pipeline cost the same number of queries for a district council as for a
metropolitan one; the demo has what the pages need to show (suppliers of every kind, contracts ending soon and late to
start, an in-house plan); a service's page shows the contracts that deliver it (the golden thread)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.contracts import selectors
from commissioning.contracts.models import Contract, ContractKind
from tests import demo

SCALES = ["district", "metropolitan"]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer, public = Client(), Client()
    officer.force_login(User.objects.get(username="officer"))
    contract = Contract.objects.filter(kind=ContractKind.CONTRACT, published=True).order_by("pk").first()
    assert contract is not None
    return {
        "register": _count(officer, reverse("contracts:list")),
        "register page 2": _count(officer, reverse("contracts:list") + "?page=2&sort=-total_value"),
        "public register": _count(public, reverse("contracts:list")),
        "pipeline": _count(officer, reverse("contracts:pipeline")),
        "pipeline 36 months": _count(officer, reverse("contracts:pipeline") + "?months=36"),
        "one contract": _count(officer, reverse("contracts:detail", args=[contract.pk])),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_contract_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<22}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]


@pytest.mark.django_db
def test_the_demo_has_a_mix_of_suppliers_contracts_ending_late_and_an_in_house_plan(
    demo_district: demo.DemoCouncil,
) -> None:
    contracts = Contract.objects.select_related("provider")
    external = [c for c in contracts if c.provider is not None]
    assert {c.provider.is_sme for c in external} == {True, False}
    assert {c.provider.is_vcse for c in external} == {True, False}
    assert {c.kind for c in contracts} == set(ContractKind.values)
    officer = User.objects.get(username="officer")
    found = selectors.pipeline(user=officer, months=18)
    assert found.late > 0
    assert any(not entry.expiry.late for entry in found.entries)
    provider = User.objects.get(username="provider")
    own = Contract.objects.filter(provider=provider.organisation)
    assert own.filter(published=False).exists()
    assert own.filter(published=True).exists()
    # The golden thread: a service's page lists its contracts, and the contract's page links the service back.
    contract = Contract.objects.filter(kind=ContractKind.CONTRACT).exclude(services=None).order_by("pk").first()
    assert contract is not None
    service = contract.services.get()
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("services:detail", args=[service.pk])).content.decode()
    assert reverse("contracts:detail", args=[contract.pk]) in page
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert reverse("services:detail", args=[service.pk]) in page
