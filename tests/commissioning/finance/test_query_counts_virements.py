"""The virement pages cost the same number of queries for a district council as for a metropolitan one, and the
demo has virements in every band, the minutes' £80,000 one-off resource among them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.finance.models import Approver, Permanence, Virement, VirementStatus
from tests import demo

SCALES = ["district", "metropolitan"]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    finance = Client()
    finance.force_login(User.objects.get(username="finance"))
    minutes = Virement.objects.get(amount=Decimal("80000.00"))
    line = minutes.from_line
    return {
        "virements": _count(finance, reverse("finance:virements")),
        "virements filtered": _count(finance, reverse("finance:virements") + "?status=requested&band=1"),
        "virements page 2": _count(finance, reverse("finance:virements") + "?page=2"),
        "one virement": _count(finance, reverse("finance:virement", args=[minutes.pk])),
        "a line's virements": _count(finance, reverse("finance:budget-line-virements", args=[line.pk])),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_virement_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<26}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]


@pytest.mark.django_db
def test_the_demo_has_virements_in_every_band_and_the_minutes_one(demo_district: demo.DemoCouncil) -> None:
    approved = Virement.objects.filter(status=VirementStatus.APPROVED)
    assert set(approved.values_list("band", flat=True)) == set(Approver.values)
    assert set(Virement.objects.filter(status=VirementStatus.REQUESTED).values_list("band", flat=True)) == set(
        Approver.values
    )
    assert Virement.objects.filter(status=VirementStatus.REFUSED).exists()
    minutes = Virement.objects.select_related("decision", "decided_by").get(amount=Decimal("80000.00"))
    assert (minutes.permanence, minutes.band) == (Permanence.ONE_OFF, Approver.CABINET)
    assert minutes.decision.title == "Strategic Commissioning: recommendation to Council"
    assert minutes.decided_by.username == "cabinet"
