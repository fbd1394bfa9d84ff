"""Quality triangulation at both demo scales: a provider's and a contract's quality pages cost the same queries, and
the demo shows every disagreement flag, complaints rising included (from the residents app's complaints)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import Organisation, User
from commissioning.contracts import selectors_quality
from commissioning.contracts.models import ContractKind, InspectionRating
from engine.contracts import triangulation as tri
from tests import demo


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def busiest_provider() -> Organisation:
    """The external provider with the most inspected contracts (the heaviest triangulation page)."""
    org_id = (
        InspectionRating.objects.exclude(organisation__is_home=True)
        .values_list("organisation_id", flat=True)
        .order_by("organisation_id")
        .first()
    )
    return Organisation.objects.get(pk=org_id)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer, provider = Client(), Client()
    officer.force_login(User.objects.get(username="officer"))
    provider_user = User.objects.get(username="provider")
    provider.force_login(provider_user)
    org = busiest_provider()
    contract = org.contracts.order_by("pk").first()
    plan = InspectionRating.objects.filter(organisation__is_home=True).first()
    assert contract is not None
    assert plan is not None
    in_house = org.contracts.model.objects.filter(kind=ContractKind.IN_HOUSE).order_by("pk").first()
    assert in_house is not None
    compare = reverse("contracts:quality-compare") + f"?plan={in_house.pk}&contract={contract.reference}"
    return {
        "provider quality": _count(officer, reverse("contracts:provider-quality", args=[org.pk])),
        "council quality": _count(officer, reverse("contracts:provider-quality", args=[plan.organisation_id])),
        "contract quality": _count(officer, reverse("contracts:quality", args=[contract.pk])),
        "own provider quality": _count(
            provider, reverse("contracts:provider-quality", args=[provider_user.organisation_id])
        ),
        "compare": _count(officer, compare),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_quality_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    assert counts["district"] == counts["metropolitan"]


@pytest.mark.django_db
def test_the_demo_shows_every_flag_its_records_raise(demo_district: demo.DemoCouncil) -> None:
    flags = set()
    for org in Organisation.objects.filter(inspection_ratings__isnull=False).distinct():
        found = selectors_quality.provider_quality(organisation=org)
        flags.update(found.result.flags)
        for row in found.rows:
            flags.update(row.result.flags)
    assert flags == set(tri.FLAGS)
