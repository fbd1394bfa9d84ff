"""Decommissioning in a real browser: an officer starts a decommissioning of a contract, gives notice shorter than
the contract's notice period first (the named error, and the dates typed are kept), then records the decision; the
public sees it on the register of decommissioned services only once that decision is published."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from commissioning.contracts import actions_decommissioning as actions
from commissioning.contracts.models import Decommissioning
from commissioning.core.permissions import Role
from commissioning.governance.models import DecisionStatus
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.governance.factories import DecisionFactory
from tests.factories import ContractFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def task(page: Page, title: str) -> Locator:
    return page.locator(".govuk-task-list__item").filter(has=page.get_by_text(title, exact=True))


def fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_an_officer_records_a_decommissioning_to_its_decision_and_the_public_sees_it_once_published(
    browsing: Browsing,
) -> None:
    OrganisationFactory(council=True)
    officer = UserFactory(username="olivia", first_name="Olivia", last_name="Okafor", role=Role.OFFICER)
    service = ServiceFactory(reference="ADL-007", name="Riverside day centre")
    contract = ContractFactory(
        reference="CON-2024-031", title="Riverside day centre", notice_period_months=6, services=[service]
    )
    decision = DecisionFactory(reference="DEC-2026-041", title="Close the Riverside day centre")

    page = browsing.page
    sign_in(browsing, officer)
    open_from_menu(browsing, "Review", "Decommissioning")
    browsing.click_to_load(page.get_by_role("button", name="Start a decommissioning"))
    page.get_by_label("What is being decommissioned?").fill("Riverside day centre")
    page.get_by_label("Contract (optional if you choose a service)").select_option(label=str(contract))
    page.get_by_label("Lead officer").select_option(label="Olivia Okafor")
    page.get_by_label("Why it is being decommissioned (optional)").fill(
        "Few people use it; support moves closer to home."
    )
    browsing.click_to_load(page.get_by_role("button", name="Start"))
    record = Decommissioning.objects.get(title="Riverside day centre")
    expect(task(page, "Notice to the provider")).to_contain_text("Not yet started")

    browsing.click_to_load(page.get_by_role("link", name="Notice to the provider"))
    given, short_end = dt.date(2027, 1, 15), dt.date(2027, 5, 15)
    fill_date(page, "Notice given on", given)
    fill_date(page, "Service ends on", short_end)
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    message = actions.NOTICE_TOO_SHORT.format(
        contract="CON-2024-031", months=6, given="15 January 2027", earliest="15 July 2027"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    ends = page.get_by_role("group", name=re.compile("^Service ends on"))
    expect(ends.get_by_label("Month")).to_have_value("5")
    record.refresh_from_db()
    assert record.notice_given_on is None

    ends.get_by_label("Month").fill("7")
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    expect(task(page, "Notice to the provider")).to_contain_text("Completed")

    browsing.click_to_load(page.get_by_role("link", name="Decision"))
    browsing.click_to_load(page.get_by_role("button", name="Record as decided"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(actions.DECISION_REQUIRED)
    page.get_by_label("Decision").select_option(label=str(decision))
    browsing.click_to_load(page.get_by_role("button", name="Record as decided"))
    expect(task(page, "Decision")).to_contain_text("Completed")
    record.refresh_from_db()
    assert (record.status, record.decision_id) == ("decided", decision.pk)

    browsing.click_to_load(page.get_by_role("button", name="Sign out"))
    browsing.goto("/contracts/decommissioning/")
    expect(page.get_by_text("No decommissioned services published.")).to_be_visible()
    browsing.goto(f"/contracts/decommissioning/{record.pk}/", status=404)

    decision.status = DecisionStatus.PUBLISHED  # democratic services publish it (governance's page)
    decision.save()
    browsing.goto("/contracts/decommissioning/")
    browsing.click_to_load(
        page.get_by_test_id("decommissioning-table").get_by_role("link", name="Riverside day centre")
    )
    expect(page.get_by_test_id("public-summary")).to_contain_text("support moves closer to home")
    expect(page.get_by_test_id("decommissioning-summary")).to_contain_text("DEC-2026-041")
    expect(page.get_by_text("Stages")).to_have_count(0)
