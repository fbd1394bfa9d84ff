"""Ward intelligence, in a real browser: a councillor reports, the service answers, the councillor reads the answer.

A ward councillor submits what residents in their ward are saying about a service. A request for a ward that is
not theirs (the ward list offers only their own, so the test adds another ward to the page, as a crafted request
would) is refused with a clear error and saves nothing. The accountable officer finds it in their inbox,
acknowledges it and responds (an empty response first: refused); the councillor then sees the status and the
response. Every page is checked with axe-core.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Locator, Page, expect

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.permissions import Role
from commissioning.intelligence.actions import NOT_YOUR_WARD, RESPONSE_REQUIRED
from commissioning.intelligence.models import IntelligenceStatus, WardIntelligence
from commissioning.services.models import Service
from tests.browser.helpers import Browsing, open_from_menu, open_own_page, sign_in
from tests.factories import CouncillorFactory, DirectorateFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "Bins missed on Mill Lane"
SAYING = "Twelve households told me at Saturday's surgery that their bins have been missed three weeks running."
RESPONSE = "Thank you. A new crew started on the round last month; we have fixed its route and will check it weekly."
WRONG_WARD = NOT_YOUR_WARD.format(ward="Riverside")


@pytest.fixture
def wards(council: Organisation) -> dict[str, Ward]:
    return {
        "Millbrook": WardFactory(name="Millbrook", ons_code="E05900001"),
        "Riverside": WardFactory(name="Riverside", ons_code="E05900002"),
    }


@pytest.fixture
def councillor(wards: dict[str, Ward]) -> Councillor:
    user = UserFactory(username="ada", first_name="Ada", last_name="Lovell", role=Role.COUNCILLOR)
    return CouncillorFactory(name="Ada Lovell", party="Civic Alliance", user=user, wards=[wards["Millbrook"]])


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def bins(officer: User, wards: dict[str, Ward]) -> Service:
    directorate = DirectorateFactory(name="Place and Environment", code="PLE")
    return ServiceFactory(
        reference="PLE-001",
        name="Household waste collection",
        directorate=directorate,
        accountable_officer=officer,
        wards=list(wards.values()),
    )


def summary_value(page: Page, key: str) -> Locator:
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator(".govuk-summary-list__key", has_text=key))
    return row.locator(".govuk-summary-list__value")


def fill_form(page: Page) -> None:
    page.get_by_label("Which service is it about?").select_option(label="Household waste collection (PLE-001)")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What are residents saying?").fill(SAYING)
    page.get_by_role("radio", name="High").check()


def test_a_councillor_reports_and_the_officer_responds(
    browsing: Browsing, councillor: Councillor, officer: User, bins: Service, wards: dict[str, Ward]
) -> None:
    page = browsing.page
    assert councillor.user is not None

    # The councillor starts from "My intelligence".
    sign_in(browsing, councillor.user)
    open_own_page(browsing, "My ward intelligence")
    expect(page.get_by_role("heading", level=1)).to_have_text("My intelligence")
    expect(page.get_by_text("You have not submitted any ward intelligence yet.")).to_be_visible()
    browsing.click_to_load(page.get_by_role("button", name="Submit ward intelligence"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit ward intelligence")
    ward_select = page.get_by_label("Which of your wards is it about?")
    expect(ward_select.locator("option")).to_have_text(["Choose a ward", "Millbrook"])
    expect(page.get_by_text("Someone may come to harm, or the service has stopped for residents.")).to_be_visible()

    # A ward that is not theirs, as a crafted request would send it: refused by name, nothing saved.
    fill_form(page)
    ward_select.evaluate(
        "(select, ward) => { select.add(new Option(ward.name, ward.pk)); select.value = String(ward.pk); }",
        {"name": "Riverside", "pk": wards["Riverside"].pk},
    )
    browsing.click_to_load(page.get_by_role("button", name="Submit intelligence"))
    expect(page).to_have_title(re.compile(r"^Error: Submit ward intelligence"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link", name=WRONG_WARD)).to_have_attribute("href", "#id_ward")
    expect(page.locator("#id_ward-error")).to_contain_text(WRONG_WARD)
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    expect(page.get_by_label("What are residents saying?")).to_have_value(SAYING)
    expect(page.get_by_role("radio", name="High")).to_be_checked()
    assert not WardIntelligence.objects.exists()

    summary.get_by_role("link", name=WRONG_WARD).click()
    expect(ward_select).to_be_focused()
    ward_select.select_option(label="Millbrook")
    browsing.click_to_load(page.get_by_role("button", name="Submit intelligence"))

    item = WardIntelligence.objects.get()
    assert (item.ward, item.councillor, item.submitted_by) == (wards["Millbrook"], councillor, councillor.user)
    assert page.url == f"{browsing.base_url}/intelligence/{item.pk}/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{TITLE} has been submitted as {item.reference}."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(summary_value(page, "Status")).to_have_text("Submitted")
    expect(page.get_by_test_id("no-response")).to_contain_text("No response yet.")
    browsing.click_to_load(page.get_by_test_id("sign-out"))

    # The accountable officer finds it in the inbox, acknowledges it and responds.
    sign_in(browsing, officer)
    open_from_menu(browsing, "Analyse", "Ward intelligence")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ward intelligence")
    expect(page.locator("#result-count")).to_have_text("1 item of ward intelligence")
    table = page.get_by_test_id("intelligence-table")
    expect(table).to_contain_text("Millbrook")
    browsing.click_to_load(table.get_by_role("link", name=TITLE))
    browsing.click_to_load(page.get_by_role("button", name="Acknowledge"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"You have acknowledged {item.reference}"
    )
    expect(summary_value(page, "Status")).to_have_text("Acknowledged")
    browsing.click_to_load(page.get_by_role("button", name="Send response"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=RESPONSE_REQUIRED)).to_have_attribute(
        "href", "#id_response"
    )
    item.refresh_from_db()
    assert item.status == IntelligenceStatus.ACKNOWLEDGED
    page.get_by_label("Your response to the councillor").fill(RESPONSE)
    browsing.click_to_load(page.get_by_role("button", name="Send response"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been sent to the councillor")
    expect(page.get_by_test_id("intelligence-response")).to_contain_text(RESPONSE)
    browsing.click_to_load(page.get_by_test_id("sign-out"))

    # The councillor sees the status and the response, and the history of how it got there.
    sign_in(browsing, councillor.user)
    open_own_page(browsing, "My ward intelligence")
    card = page.get_by_test_id("my-intelligence")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Responded")
    expect(page.get_by_test_id("my-intelligence-response")).to_contain_text(RESPONSE[:40])
    browsing.click_to_load(card.get_by_role("link", name=TITLE))
    expect(summary_value(page, "Status")).to_have_text("Responded")
    expect(page.get_by_test_id("intelligence-response")).to_contain_text(RESPONSE)
    expect(page.get_by_test_id("intelligence-response")).to_contain_text("Olive Okafor")
    expect(page.get_by_role("button", name="Change it")).to_have_count(0)
    browsing.click_to_load(page.get_by_role("link", name="History"))
    entries = page.get_by_test_id("history-entry")
    expect(entries).to_have_count(3)
    expect(entries.first).to_contain_text("Reason: Response sent to the councillor")

    # The service's page carries it too (the golden thread back).
    browsing.goto(f"/services/{bins.pk}/")
    expect(page.get_by_test_id("service-intelligence")).to_contain_text(TITLE)

    # Both steps were emailed to the councillor, and are listed on their Notifications page, newest first.
    councillor_mail = [m for m in mail.outbox if m.to == [councillor.user.email]]
    assert [m.subject for m in councillor_mail] == [
        f"{item.reference} acknowledged: {TITLE}",
        f"Response to {item.reference}: {TITLE}",
    ]
    assert RESPONSE in councillor_mail[1].body
    open_own_page(browsing, "Notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    rows = page.get_by_test_id("notification-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(f"Response to {item.reference}")
    expect(rows.first).to_contain_text("Sent")
    browsing.click_to_load(rows.first.get_by_role("link", name=str(item)))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_a_councillor_changes_then_withdraws_and_scrutiny_reads_it(
    browsing: Browsing, councillor: Councillor, officer: User, bins: Service
) -> None:
    page = browsing.page
    assert councillor.user is not None
    sign_in(browsing, councillor.user)
    browsing.goto(f"/intelligence/new?service={bins.pk}")
    expect(page.get_by_label("Which service is it about?").locator("option:checked")).to_have_text(
        "Household waste collection (PLE-001)"
    )
    expect(page.get_by_label("Which of your wards is it about?").locator("option:checked")).to_have_text("Millbrook")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What are residents saying?").fill(SAYING)
    page.get_by_role("radio", name="Low").check()
    browsing.click_to_load(page.get_by_role("button", name="Submit intelligence"))
    item = WardIntelligence.objects.get()

    # Change it before the service acknowledges it: now urgent.
    browsing.click_to_load(page.get_by_role("button", name="Change it"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Change {TITLE}")
    page.get_by_role("radio", name="Urgent").check()
    page.get_by_label("Reason for the change (optional)").fill("A care home on the lane is now affected")
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(page.get_by_test_id("intelligence-tags")).to_contain_text("Urgent")
    item.refresh_from_db()
    assert item.urgency == "urgent"

    # Withdraw it: a reason is needed.
    browsing.click_to_load(page.get_by_role("button", name="Withdraw it"))
    browsing.click_to_load(page.get_by_role("button", name="Withdraw it"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are withdrawing it")
    page.get_by_label("Why are you withdrawing it?").fill("Sorted at the ward forum")
    browsing.click_to_load(page.get_by_role("button", name="Withdraw it"))
    expect(page.get_by_test_id("intelligence-tags")).to_contain_text("Withdrawn")
    expect(page.get_by_role("button", name="Change it")).to_have_count(0)
    open_own_page(browsing, "My ward intelligence")
    expect(page.get_by_test_id("my-intelligence")).to_have_count(0)
    page.get_by_label("Include withdrawn intelligence").check()
    browsing.click_to_load(page.get_by_role("button", name="Apply filters"))
    expect(page.get_by_test_id("my-intelligence")).to_contain_text("Withdrawn")
    browsing.click_to_load(page.get_by_test_id("sign-out"))

    # Scrutiny reads everything, withdrawn included, and can act on none of it.
    scrutiny = UserFactory(username="sam", first_name="Sam", last_name="Scrutton", role=Role.SCRUTINY)
    sign_in(browsing, scrutiny)
    open_from_menu(browsing, "Analyse", "Ward intelligence")
    expect(page.locator("#result-count")).to_have_text("0 items of ward intelligence")
    page.get_by_label("Status").select_option(label="Any status")
    page.get_by_label("Include withdrawn intelligence").check()
    browsing.click_to_load(page.get_by_role("button", name="Apply filters"))
    expect(page.locator("#result-count")).to_have_text("1 item of ward intelligence")
    browsing.click_to_load(page.get_by_test_id("intelligence-table").get_by_role("link", name=TITLE))
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    expect(page.get_by_role("button", name="Send response")).to_have_count(0)
    expect(page.get_by_text("Reason: Sorted at the ward forum")).to_be_visible()
