"""The demo's committee report (ADR 0037): drafted from a review's records, cleared by both officers and published on
that review's agenda item; its page shows it to the public."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.governance.models import CommitteeReport, ReportSource, ReportStatus


@pytest.mark.django_db
def test_the_demo_has_a_published_report_drafted_from_a_review(demo_district: object) -> None:
    report = CommitteeReport.objects.select_related("review", "agenda_item", "finance_signed_by").get()
    assert (report.source_kind, report.status) == (ReportSource.REVIEW, ReportStatus.PUBLISHED)
    assert report.is_cleared
    assert (report.finance_signed_by.username, report.legal_signed_by.username) == ("finance", "legal")
    assert report.agenda_item.review == report.review
    assert report.title == report.review.title
    assert report.introduction.startswith(f"This report presents the commissioning review {report.review.reference}")
    assert report.contact_officer
    assert report.history.get().history_change_reason == "Demo council seeded"
    page = Client().get(reverse("governance:report", args=[report.pk]))
    assert page.status_code == 200
