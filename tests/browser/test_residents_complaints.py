"""A resident's complaint, in a real browser: made with a wrong field first, tracked, answered by the provider at
stage 1, taken to stage 2, and closed with the Ombudsman's wording.

The resident makes the complaint with JavaScript on (a wrong date first: the named error, and what they typed kept),
then follows it without JavaScript (a second browser context with it switched off): the tracking page, asking for
stage 2 and reading the final answer all work as plain HTML forms. The provider that runs the service signs in (with
JavaScript), finds the complaint in Complaints (Review) and acknowledges and answers it. The council's stage 2 answer
is given through the action (its pages are the same forms, tried in the permission matrix). Every page is checked
with axe-core and for anything the Content-Security-Policy refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.residents import actions_complaints as actions
from commissioning.residents.models import Complaint, ComplaintStatus
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

WHAT = "The bins on Mill Lane have been missed three weeks running."


def _load_without_js(resident: Browsing, target: Any = None, *, path: str = "") -> None:
    """A page load in the context without JavaScript, checked for anything the policy refused. axe-core cannot run
    where JavaScript is off: the same pages are checked with it in the context with JavaScript."""
    if path:
        response = resident.page.goto(path)
    else:
        with resident.page.expect_navigation() as navigation:
            target.click()
        response = navigation.value
    assert response is not None
    assert response.status == 200, response.url
    resident.check(accessibility=False)


def test_a_resident_complains_tracks_and_escalates_and_the_provider_answers(
    browsing: Browsing, chromium: Browser, live_server: LiveServer, council: Organisation
) -> None:
    ashfield = OrganisationFactory(name="Ashfield Waste Ltd")
    contact = UserFactory(
        username="ash", first_name="Ash", last_name="Field", role=Role.PROVIDER, organisation=ashfield
    )
    officer = UserFactory(username="olive", role=Role.OFFICER)
    WardFactory(name="Millbrook", ons_code="E05900001")
    ServiceFactory(
        reference="PLE-001",
        name="Household waste collection",
        directorate=DirectorateFactory(name="Place", code="PLE"),
        accountable_officer=officer,
        delivery_model="private",
        provider=ashfield,
    )
    page = browsing.page

    # The resident complains (JavaScript on): a date that does not exist first
    browsing.goto("/complain/PLE-001/")
    expect(page.get_by_text("Ashfield Waste Ltd runs this service")).to_be_visible()
    page.get_by_label("What happened?").fill(WHAT)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Where did it happen? (optional)").select_option(label="Millbrook")
    page.get_by_role("radio", name="Email").check()
    page.get_by_label("Email address").fill("pat@example.org")
    browsing.click_to_load(page.get_by_role("button", name="Send complaint"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("When it happened must be a real date")
    expect(page.get_by_label("What happened?")).to_have_value(WHAT)
    expect(page.get_by_label("Email address")).to_have_value("pat@example.org")
    page.get_by_label("Day").fill("20")
    browsing.click_to_load(page.get_by_role("button", name="Send complaint"))
    reference = page.get_by_test_id("complaint-reference").inner_text()
    tracking = page.url.split("?")[0]
    assert Complaint.objects.get(reference=reference).provider == ashfield

    # The resident follows it without JavaScript
    context = chromium.new_context(java_script_enabled=False, base_url=live_server.url, locale="en-GB")
    try:
        resident = Browsing(page=context.new_page(), base_url=live_server.url)
        _load_without_js(resident, path=tracking)
        expect(resident.page.get_by_test_id("complaint-summary")).to_contain_text("Ashfield Waste Ltd")
        # Stage 2 before stage 1 is answered: refused by name
        resident.page.get_by_label("Why are you not satisfied with the answer?").fill("Nothing has changed")
        _load_without_js(resident, resident.page.get_by_role("button", name="Ask for stage 2"))
        expect(resident.page.locator(".govuk-error-summary")).to_contain_text("Stage 2 can be asked for only once")

        # The provider answers at stage 1 (JavaScript on)
        sign_in(browsing, contact)
        open_from_menu(browsing, "Review", "Complaints")
        browsing.click_to_load(page.get_by_role("link", name=reference))
        expect(page.get_by_test_id("complaint-summary")).to_contain_text("did not agree to share")
        browsing.click_to_load(page.get_by_role("button", name="Acknowledge"))
        page.get_by_label("Answer to the resident").fill("We are sorry: the crew missed the lane. It is fixed.")
        page.get_by_role("radio", name="Upheld", exact=True).check()
        page.get_by_label("Remedy").fill("An extra collection this week")
        browsing.click_to_load(page.get_by_role("button", name="Send answer"))
        expect(page.get_by_test_id("complaint-outcome")).to_contain_text("Upheld")

        # The resident asks for stage 2, then reads the council's final answer
        _load_without_js(resident, path=tracking)
        expect(resident.page.get_by_test_id("complaint-steps")).to_contain_text("We are sorry")
        resident.page.get_by_label("Why are you not satisfied with the answer?").fill("Missed again this week")
        _load_without_js(resident, resident.page.get_by_role("button", name="Ask for stage 2"))
        complaint = Complaint.objects.get(reference=reference)
        assert complaint.status == ComplaintStatus.STAGE2_RECEIVED
        actions.complaint_answer(
            complaint=complaint,
            answer="We have moved the lane to another round.",
            outcome="partly_upheld",
            remedy="A new round",
            learning="Check new crews' rounds",
            by=officer,
        )
        _load_without_js(resident, path=tracking)
        expect(resident.page.get_by_test_id("ombudsman")).to_contain_text("Local Government and Social Care Ombudsman")
        expect(resident.page.get_by_test_id("ombudsman")).to_contain_text("within twelve months")
        resident.assert_every_page_checked()
        resident.assert_nothing_refused()
    finally:
        context.close()
