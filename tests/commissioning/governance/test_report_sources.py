"""Committee reports drafted from a scrutiny work-programme item and from a recorded risk review (ADR 0037): what each
fills, the risk review reached through core.report_sources (governance never imports risks), and the risk review's
report showing that risk as its register extract. One module-scoped world; each test rolls back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from commissioning.core import report_sources
from commissioning.core.permissions import Role
from commissioning.governance.actions import reports as act
from commissioning.governance.models import (
    EvidenceSession,
    Inquiry,
    Recommendation,
    ReportSource,
    SubjectKind,
    WorkProgramme,
    WorkProgrammeItem,
)
from commissioning.governance.selectors import reports as selectors
from commissioning.risks import actions as risk_actions
from commissioning.risks.models import RiskReview
from tests import matrix
from tests.commissioning.governance.factories import BodyFactory, MeetingFactory
from tests.commissioning.risks.risk_world import SCORES
from tests.commissioning.risks.risk_world import details as risk_details
from tests.factories import OrganisationFactory, UserFactory

TODAY = dt.date(2026, 12, 4)
REPORT_TEXT = "Families cannot find early help online; the first call is often not returned."
DETAILS = {"report_of": "the Chair of the Overview and Scrutiny Committee"}


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    officer = UserFactory(username="officer", role=Role.OFFICER, first_name="Olu", last_name="Officer")
    clerk = UserFactory(
        username="dana", role=Role.DEMOCRATIC, first_name="Dana", last_name="Clerk", email="dana@example.org"
    )
    committee = BodyFactory(scrutiny=True, name="Overview and Scrutiny Committee")
    meeting, other_meeting = MeetingFactory(body=committee), MeetingFactory(body=committee)
    programme = WorkProgramme.objects.create(body=committee, published_on=TODAY)
    item = WorkProgrammeItem.objects.create(
        programme=programme,
        title="How families find early help",
        subject_kind=SubjectKind.THEME,
        theme="Early help for families",
        reason="Residents told members families struggle to find early help.",
        source="the scrutiny dashboard",
        meeting=meeting,
    )
    unlinked = WorkProgrammeItem.objects.create(
        programme=programme, title="Libraries", subject_kind=SubjectKind.THEME, theme="Libraries", reason="Asked."
    )
    inquiry = Inquiry.objects.create(
        item=item, title="Task and finish group: early help", scope="Families with children under five.", report=""
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(report=REPORT_TEXT)
    EvidenceSession.objects.create(
        inquiry=inquiry,
        held_on=TODAY - dt.timedelta(days=14),
        witnesses="Head of Early Help\nChair of the Parents' Forum",
        papers="Early help offer: a map\nParents' survey",
    )
    common = {"body": committee, "made_on": TODAY, "response_due_on": TODAY + dt.timedelta(days=60)}
    Recommendation.objects.create(number="SR-1", text="Publish the early help offer.", meeting=meeting, **common)
    Recommendation.objects.create(number="SR-2", text="Not about it.", meeting=other_meeting, **common)

    risk = risk_actions.risk_create(
        details=risk_details(owner=officer, title="Savings are not realised", published=False), by=officer
    )
    risk_review = risk_actions.risk_review_record(
        risk=risk,
        reviewed_on=TODAY,
        scores=SCORES,
        note="Still high: two savings are late.",
        next_review_on=TODAY + dt.timedelta(days=90),
        by=officer,
    )
    return {
        "officer": officer,
        "clerk": clerk,
        "item": item,
        "unlinked": unlinked,
        "inquiry": inquiry,
        "risk": risk,
        "risk_review": risk_review,
    }


world = matrix.world_fixture(_build_world)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOVERNANCE_TODAY = TODAY


def test_a_scrutiny_item_fills_the_report_from_its_inquiry(world: dict[str, Any]) -> None:
    item = world["item"]
    report = act.committee_report_create(source=item, details=DETAILS, by=world["officer"])
    assert (report.source_kind, report.scrutiny_item, report.source) == (ReportSource.SCRUTINY_ITEM, item, item)
    assert report.title == "How families find early help"
    assert report.executive_summary == REPORT_TEXT
    assert "a theme: Early help for families" in report.introduction
    assert item.reason in report.introduction
    assert "Families with children under five." in report.background
    assert "the scrutiny dashboard" in report.background
    assert "evidence from Head of Early Help, Chair of the Parents' Forum" in report.consultation
    assert "Papers: Early help offer: a map; Parents' survey." in report.consultation
    assert "Parents' survey" in report.background_papers
    # Only the committee's recommendation made at the meeting the item came to.
    assert report.recommendation_lines == ["Publish the early help offer."]
    assert report.contact_officer == "Dana Clerk, dana@example.org"
    assert report.history.latest().history_change_reason == act.DRAFTED


def test_a_scrutiny_item_without_a_link_to_recommendations_has_none(world: dict[str, Any]) -> None:
    report = act.committee_report_create(source=world["unlinked"], details=DETAILS, by=world["clerk"])
    assert report.recommendations == ""
    assert report.executive_summary == ""
    assert report.consultation == "No evidence session has been held yet."


def test_a_risk_review_fills_the_report_through_the_core_registry(world: dict[str, Any]) -> None:
    risk_review, risk = world["risk_review"], world["risk"]
    found = selectors.risk_review_detail(user=world["officer"], pk=risk_review.pk)
    assert found == risk_review
    report = act.committee_report_create(source=found, details=DETAILS, by=world["officer"])
    assert (report.source_kind, report.risk_review, report.source) == (
        ReportSource.RISK_REVIEW,
        risk_review,
        risk_review,
    )
    assert report.title == f"Risk review: Savings are not realised ({risk.reference})"
    assert "Still high: two savings are late." in report.executive_summary
    assert "residual 9 (" in report.executive_summary
    assert report.background.startswith(f"Cause: {risk.cause}")
    assert f"Agrees the response to the risk: {risk.get_response_display().lower()}." in report.recommendation_lines
    assert report.contact_officer == "Olu Officer, " + world["officer"].email
    assert report.report_of == DETAILS["report_of"]


def test_a_risk_review_the_user_may_not_see_is_not_found(world: dict[str, Any]) -> None:
    scrutiny = UserFactory(role=Role.SCRUTINY)  # sees published risks only; this one is not
    with pytest.raises(RiskReview.DoesNotExist):
        selectors.risk_review_detail(user=scrutiny, pk=world["risk_review"].pk)
    with pytest.raises(LookupError):
        report_sources.find("risks.Nothing", user=scrutiny, pk=1)


def test_a_report_has_exactly_one_source(world: dict[str, Any]) -> None:
    report = act.committee_report_create(source=world["item"], details=DETAILS, by=world["officer"])
    report.risk_review = world["risk_review"]
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()


def test_the_risk_review_report_shows_that_risk_and_the_pages_offer_the_draft(world: dict[str, Any]) -> None:
    risk_review, risk = world["risk_review"], world["risk"]
    report = act.committee_report_create(source=risk_review, details=DETAILS, by=world["officer"])
    client = Client()
    client.force_login(world["officer"])
    page = client.get(reverse("governance:report", args=[report.pk])).content.decode()
    assert 'data-testid="risk-extract"' in page
    assert f"Risk register extract: {risk.reference}" in page
    assert "Savings are not realised" in page
    risk_page = client.get(reverse("risks:detail", args=[risk.pk])).content.decode()
    assert reverse("governance:report-create-risk-review", args=[risk_review.pk]) in risk_page
    inquiry_page = client.get(reverse("governance:scrutiny-inquiry", args=[world["inquiry"].pk])).content.decode()
    assert reverse("governance:report-create-scrutiny-item", args=[world["item"].pk]) in inquiry_page
    # The form suggests the title the risk review's draft gives.
    start = client.get(reverse("governance:report-create-risk-review", args=[risk_review.pk])).content.decode()
    assert f"Risk review: Savings are not realised ({risk.reference})" in start


def test_the_scrutiny_item_report_page_and_the_work_programme_link(world: dict[str, Any]) -> None:
    item = world["item"]
    report = act.committee_report_create(source=item, details=DETAILS, by=world["clerk"])
    client = Client()
    client.force_login(world["officer"])
    page = client.get(reverse("governance:report", args=[report.pk])).content.decode()
    assert "Scrutiny work-programme item: How families find early help" in page
    assert "the risks of this scrutiny work-programme item" in page  # no risks provider for an item: the note
    programme = client.get(reverse("governance:scrutiny-programme", args=[item.programme.body_id])).content.decode()
    assert reverse("governance:report-create-scrutiny-item", args=[item.pk]) in programme
