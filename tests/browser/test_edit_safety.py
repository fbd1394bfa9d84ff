"""Two people edit one service at once, and an officer sends the same new service twice: neither loses anything.

The edit collision runs in two browser contexts (two people, two sessions). The repeated create goes back to the
form after adding the service and sends it again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from commissioning.accounts.models import Organisation, User
from commissioning.core import formatting
from commissioning.core.concurrency import ALREADY_SUBMITTED, EDIT_CONFLICT
from commissioning.core.permissions import Role
from commissioning.services.models import Service
from tests.browser.helpers import Browsing, sign_in
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.database_race, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory.create(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def director(council: Organisation) -> User:
    return UserFactory.create(username="sam", first_name="Sam", last_name="Patel", role=Role.DIRECTOR)


@pytest.fixture
def second_person(chromium: Browser, live_server: LiveServer) -> Iterator[Browsing]:
    """Another person at another computer: a second browser context with its own session."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    try:
        browsing = Browsing(page=context.new_page(), base_url=live_server.url)
        yield browsing
        browsing.assert_every_page_checked()
    finally:
        context.close()


def test_an_edit_collision_keeps_both_peoples_work(browsing, second_person, officer, director, tmp_path):
    service = ServiceFactory.create(name="Meals on wheels", description="Hot meals for older residents.")
    edit = f"/services/{service.pk}/edit"

    sign_in(browsing, officer)
    browsing.goto(edit)  # Olive opens the form ...
    sign_in(second_person, director)
    second_person.goto(edit)  # ... Sam opens it too, changes the name and saves first.
    second_person.page.get_by_label("Service name").fill("Meals at home")
    second_person.click_to_load(second_person.page.get_by_role("button", name="Save changes"))
    expect(second_person.page.get_by_text("Your changes to Meals on wheels have been saved.")).to_be_visible()

    page = browsing.page  # Olive changes the description and saves: refused, her typing kept.
    page.get_by_label("Description (optional)").fill("Hot meals and a safe-and-well check.")
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    latest = Service.objects.get(pk=service.pk).history.latest()
    message = EDIT_CONFLICT.format(who="Sam Patel", thing="service", when=formatting.time_and_date(latest.history_date))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(message)
    theirs = page.locator("#edit-conflict")
    expect(theirs.get_by_role("heading", name="What Sam Patel changed")).to_be_visible()
    expect(theirs.locator(".govuk-summary-list")).to_contain_text("Meals at home")
    expect(page.get_by_label("Description (optional)")).to_have_value("Hot meals and a safe-and-well check.")
    page.screenshot(path=tmp_path / "conflict.png", full_page=True)  # to look at: the page as Olive sees it
    assert Service.objects.get(pk=service.pk).description == "Hot meals for older residents."

    page.get_by_label("Service name").fill("Meals at home")  # she takes Sam's name, keeps her description
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(page.get_by_text("Your changes to Meals at home have been saved.")).to_be_visible()
    saved = Service.objects.get(pk=service.pk)
    assert (saved.name, saved.description) == ("Meals at home", "Hot meals and a safe-and-well check.")


def test_sending_a_new_service_again_from_the_back_button_makes_one(browsing, officer):
    DirectorateFactory.create(name="Adult Social Care", code="ASC")
    sign_in(browsing, officer)
    page = browsing.page
    browsing.goto("/services/new")
    page.get_by_label("Service name").fill("Pest control")
    page.get_by_label("Directorate").select_option(label="Adult Social Care")
    page.get_by_label("Accountable officer").select_option(label="Olive Okafor")
    page.get_by_label("Discretionary: the council chooses to provide it").check()
    page.get_by_label("In-house").check()
    page.get_by_label("Financial year of the budget").fill("2026/27")
    page.get_by_label("Gross budget (£)").fill("120000")
    page.get_by_label("Net budget (£)").fill("100000")
    page.get_by_label("Staff (full-time equivalent)").fill("3")
    page.get_by_label("Annual demand").fill("900")
    page.get_by_label("Unit of demand").fill("visits")
    browsing.click_to_load(page.get_by_role("button", name="Add service"))
    service = Service.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pest control")

    page.go_back()
    browsing.check()
    expect(page.get_by_label("Service name")).to_have_value("Pest control")
    browsing.click_to_load(page.get_by_role("button", name="Add service"))
    assert Service.objects.count() == 1
    assert page.url.endswith(f"/services/{service.pk}/")
    expect(page.get_by_text(ALREADY_SUBMITTED.format(thing="service"))).to_be_visible()
