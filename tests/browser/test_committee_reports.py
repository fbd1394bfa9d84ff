"""A committee report in a real browser (ADR 0037): the monitoring officer drafts it from a review's page (every
section filled from the records), tries to publish it before it is cleared (refused, naming the sign-offs still
needed, nothing saved), clears it; the finance officer clears it as section 151 officer; the monitoring officer
publishes it onto a meeting's agenda item, where it shows. Its PDF has every section of the council's format (the
June 2010 Council report). A resident, signed out, never sees a draft report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from commissioning.appraisals.models import LineKind
from commissioning.core.permissions import Role
from commissioning.governance.actions import reports as act
from commissioning.governance.actions.involvement import involvement_plan_generate
from commissioning.governance.models import CommitteeReport, ReportStatus
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.appraisals.factories import AppraisalFactory, LineFactory, OptionFactory
from tests.commissioning.governance.factories import AgendaItemFactory
from tests.commissioning.governance.involvement_world import build_world
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# Every section of the council's format, as the PDF prints it, in order.
SECTIONS = [
    "1. Executive summary and recommendations",
    "1.1 The issue",
    "1.2 Recommendations",
    "1.3 Summary of implications",
    "1.3.1 Financial",
    "1.3.2 Legal",
    "1.3.3 HR",
    "1.3.4 Equalities",
    "1.3.5 Environmental and climate",
    "1.4 Implications on corporate priorities",
    "1.5 Statement on risk",
    "2. Introduction",
    "3. Background",
    "4. Consultation",
    "Appendices",
    "Background papers",
    "Contact officer",
    "Accountability",
    "Scrutiny function",
    "Appendix 1: Risk matrix",
]


def test_a_report_is_drafted_from_a_review_cleared_by_finance_and_legal_and_published(
    browsing: Browsing, council: Any
) -> None:
    page = browsing.page
    legal = UserFactory(username="mona", first_name="Mona", last_name="Monitoring", role=Role.LEGAL)
    finance = UserFactory(username="sid", first_name="Sid", last_name="Section", role=Role.FINANCE)
    world = build_world(users={Role.DEMOCRATIC: legal})
    review = world["review"]
    involvement_plan_generate(review=review, by=legal)
    option = OptionFactory(appraisal=AppraisalFactory(review=review), name="Community provider")
    LineFactory(option=option, kind=LineKind.RECURRING_COST, amounts=["1000.00", "1000.00"])
    item = AgendaItemFactory(title="Home care: the commissioning review")
    other_draft = act.committee_report_create(
        source=review, details={"title": "Another draft", "report_of": "the Chief Executive"}, by=legal
    )

    # The monitoring officer drafts the report from the review's page.
    sign_in(browsing, legal)
    browsing.goto(f"/reviews/{review.pk}/")
    browsing.click_to_load(page.get_by_test_id("draft-committee-report"))
    expect(page.get_by_label("Title")).to_have_value(review.title)
    page.get_by_label("Report of").fill("the Director of Adult Social Care")
    browsing.click_to_load(page.get_by_role("button", name="Draft the report"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been made from the records")
    report = CommitteeReport.objects.exclude(pk=other_draft.pk).get()
    body = page.get_by_test_id("committee-report")
    # The involvement record, stage by stage.
    expect(body).to_contain_text(
        "Analyse stage: consulted: Cabinet Member for Adult Social Care, Councillor Ada North;"
    )
    expect(body).to_contain_text("The preferred option, Community provider, costs £2,000")  # the appraisal

    # Wrong first: publishing before it is cleared is refused, naming what is missing; nothing saved.
    browsing.click_to_load(page.get_by_role("button", name="Publish on an agenda"))
    page.get_by_label("Agenda item").select_option(str(item.pk))
    browsing.click_to_load(page.get_by_role("button", name="Publish the report"))
    missing = act.PUBLISH_NEEDS_SIGN_OFFS.format(missing=f"{act.FINANCE_SIGN_OFF} and {act.LEGAL_SIGN_OFF}")
    expect(page.locator(".govuk-error-summary")).to_contain_text(missing)
    report.refresh_from_db()
    assert (report.status, report.agenda_item) == (ReportStatus.DRAFT, None)

    # The monitoring officer clears it.
    browsing.click_to_load(page.get_by_role("link", name="Cancel"))
    browsing.click_to_load(page.get_by_role("button", name="Clear this report"))
    page.get_by_label("Comment (optional)").fill("Constitution checked.")
    browsing.click_to_load(page.get_by_role("button", name="Clear the report"))
    expect(page.get_by_test_id("clearance")).to_contain_text("Cleared by Mona Monitoring")
    browsing.click_to_load(page.get_by_test_id("sign-out"))

    # The finance officer (section 151) clears it.
    sign_in(browsing, finance)
    browsing.goto(f"/governance/reports/{report.pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Clear this report"))
    browsing.click_to_load(page.get_by_role("button", name="Clear the report"))
    expect(page.get_by_test_id("clearance")).to_contain_text("Cleared by Sid Section")
    browsing.click_to_load(page.get_by_test_id("sign-out"))

    # The monitoring officer publishes it onto the agenda item.
    sign_in(browsing, legal)
    browsing.goto(f"/governance/reports/{report.pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Publish on an agenda"))
    page.get_by_label("Agenda item").select_option(str(item.pk))
    browsing.click_to_load(page.get_by_role("button", name="Publish the report"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been published on the agenda")
    report.refresh_from_db()
    assert (report.status, report.agenda_item, report.finance_signed_by, report.legal_signed_by) == (
        ReportStatus.PUBLISHED,
        item,
        finance,
        legal,
    )
    assert report.legal_comment == "Constitution checked."
    browsing.goto(f"/governance/meetings/{item.meeting.pk}/")
    expect(page.get_by_test_id("agenda-report")).to_contain_text(report.title)

    # Its PDF has every section of the council's format, in order.
    pdf = page.request.get(f"/governance/reports/{report.pk}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.body())).pages)
    position = 0
    for section in SECTIONS:  # each found after the one before it
        position = text.find(section, position)
        assert position >= 0, f"{section!r} is missing from the PDF, or out of order"
    assert "Report of the Director of Adult Social Care" in text

    # A resident never sees a draft: not on the list, not by its address.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    browsing.goto("/governance/reports/")
    expect(page.get_by_role("link", name=report.title)).to_be_visible()
    expect(page.get_by_role("link", name="Another draft")).to_have_count(0)
    browsing.goto(f"/governance/reports/{other_draft.pk}/", status=404)
    assert page.request.get(f"/governance/reports/{other_draft.pk}/pdf").status == 404
