"""A committee report's page costs the same number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.governance.actions import reports as act
from commissioning.governance.models import AgendaItem
from commissioning.governance.selectors.decisions import today
from commissioning.reviews.models import CommissioningReview
from tests import demo

SCALES = ["district", "metropolitan"]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    users = {name: User.objects.get(username=name) for name in ("officer", "finance", "legal", "democratic")}
    # The review with the fullest record: the most involvement entries, then the first by reference.
    review = (
        CommissioningReview.objects.annotate(entries=Count("involvement_entries"))
        .order_by("-entries", "reference")
        .first()
    )
    assert review is not None
    report = act.committee_report_create(
        source=review, details={"report_of": "the Chief Executive"}, by=users["officer"]
    )
    officer = Client()
    officer.force_login(users["officer"])
    counts = {"draft report (officer)": _count(officer, reverse("governance:report", args=[report.pk]))}
    for name in ("finance", "legal"):
        report = act.committee_report_clear(report=report, by=users[name], comment="", version=None)
    item = AgendaItem.objects.active().order_by("pk").first()
    report = act.committee_report_publish(
        report=report, agenda_item=item, by=users["democratic"], today=today(), version=None
    )
    counts["published report (officer)"] = _count(officer, reverse("governance:report", args=[report.pk]))
    counts["published report (public)"] = _count(Client(), reverse("governance:report", args=[report.pk]))
    counts["committee reports (officer)"] = _count(officer, reverse("governance:report-list"))
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_report_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<30}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]
