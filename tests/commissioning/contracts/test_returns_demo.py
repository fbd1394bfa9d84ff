"""KPIs, returns and assessments at both demo scales: the pages cost the same queries, and the demo has returns in
every state and assessments with every rating, on contracts and in-house plans alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.contracts.models import (
    Assessment,
    ContractKind,
    KpiRating,
    PerformanceReturn,
    Rating,
    ReturnStatus,
)
from tests import demo


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer, provider = Client(), Client()
    officer.force_login(User.objects.get(username="officer"))
    provider.force_login(User.objects.get(username="provider"))
    ret = PerformanceReturn.objects.filter(status=ReturnStatus.ANSWERED).order_by("pk").first()
    assessment = Assessment.objects.order_by("pk").first()
    assert ret is not None
    assert assessment is not None
    contract = assessment.contract_id
    return {
        "returns": _count(officer, reverse("contracts:returns")),
        "provider's returns": _count(provider, reverse("contracts:returns") + "?overdue=on"),
        "kpis": _count(officer, reverse("contracts:kpis", args=[contract])),
        "contract returns": _count(officer, reverse("contracts:contract-returns", args=[contract])),
        "return": _count(officer, reverse("contracts:return", args=[ret.pk])),
        "assessments": _count(officer, reverse("contracts:assessments", args=[contract])),
        "assessment": _count(officer, reverse("contracts:assessment", args=[assessment.pk])),
        "home": _count(officer, "/"),
        "provider home": _count(provider, "/"),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_return_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    assert counts["district"] == counts["metropolitan"]


@pytest.mark.django_db
def test_the_demo_has_a_year_of_returns_in_every_state_and_every_rating(demo_district: demo.DemoCouncil) -> None:
    assert set(PerformanceReturn.objects.values_list("status", flat=True)) == set(ReturnStatus.values)
    assert set(KpiRating.objects.values_list("rating", flat=True)) == set(Rating.values)
    assert PerformanceReturn.objects.filter(contract__kind=ContractKind.IN_HOUSE).exists()
    assert Assessment.objects.filter(contract__kind=ContractKind.IN_HOUSE).exists()
    provider = User.objects.get(username="provider")
    client = Client()
    client.force_login(provider)
    assert "work-returns-" in client.get("/").content.decode()
