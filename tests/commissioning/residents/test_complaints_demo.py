"""The demo complaints (every state, several services, providers and wards, at both scales) and the cost of the
complaint pages: the same number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.residents.demo_complaints import COMPLAINTS
from commissioning.residents.models import Complaint, ComplaintStatus, Route
from tests import demo
from tests.demo import DemoCouncil

pytestmark = pytest.mark.django_db
METROPOLITAN = pytest.param("metropolitan", marks=pytest.mark.slow)


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_the_demo_has_complaints_in_every_state(demo_council: DemoCouncil) -> None:
    complaints = list(Complaint.objects.select_related("service"))
    assert len(complaints) == COMPLAINTS[demo_council.scale]
    assert {c.status for c in complaints} == set(ComplaintStatus.values)
    assert len({c.service_id for c in complaints}) > 5
    assert len({c.ward_id for c in complaints}) > 5
    assert len({c.provider_id for c in complaints if c.route == Route.PROVIDER}) > 1
    for complaint in complaints:
        assert complaint.service.published, complaint.reference
        assert (complaint.route == Route.PROVIDER) == (complaint.provider_id is not None)
        assert complaint.steps.exists()
        if complaint.status == ComplaintStatus.CLOSED:
            assert complaint.ombudsman
            assert complaint.stage2_handler_id != complaint.stage1_handler_id


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    provider = Client()
    provider.force_login(User.objects.get(username="provider"))
    closed = Complaint.objects.filter(status=ComplaintStatus.CLOSED).order_by("pk").first()
    assert closed is not None
    service = closed.service
    queue = reverse("residents:complaint-queue")
    return {
        "queue (officer)": _count(officer, queue),
        "queue page 2 (officer)": _count(officer, queue + "?show=all&page=2"),
        "detail (officer)": _count(officer, reverse("residents:complaint-detail", args=[closed.pk])),
        "queue (provider)": _count(provider, queue),
        "start (resident)": _count(Client(), reverse("residents:complain-start", args=[service.reference])),
        "statistics (resident)": _count(Client(), reverse("residents:complaint-statistics") + "?by=provider"),
    }


@pytest.mark.slow
def test_complaint_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    assert counts["district"] == counts["metropolitan"]
