"""The wrong people, in a real browser: a scrutiny member who may read but not add, and a resident who is not signed in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.services.models import Directorate, Service
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def directorate(council: Organisation) -> Directorate:
    return DirectorateFactory.create(name="Place", code="PLC")


@pytest.fixture
def published(directorate: Directorate) -> Service:
    return ServiceFactory.create(name="Household waste collection", directorate=directorate, published=True)


@pytest.fixture
def unpublished(directorate: Directorate) -> Service:
    return ServiceFactory.create(name="Fleet replacement pilot", directorate=directorate, unpublished=True)


def service_links(page: Page) -> Locator:
    return page.get_by_test_id("service-table").locator("tbody tr td:first-child a")


def add_service(page: Page) -> Locator:
    return page.get_by_text("Add a service")


def test_a_scrutiny_member_can_read_the_catalogue_but_not_add_to_it(
    browsing: Browsing, published: Service, unpublished: Service
) -> None:
    member = UserFactory.create(username="sam", first_name="Sam", last_name="Sutton", role=Role.SCRUTINY)
    page = browsing.page

    sign_in(browsing, member)
    open_from_menu(browsing, "Services", "Services")  # the group holds Find a service too
    # Scrutiny members see the whole catalogue, published or not, but have no button to add to it.
    expect(service_links(page)).to_have_text(["Fleet replacement pilot", "Household waste collection"])
    expect(add_service(page)).to_have_count(0)

    browsing.click_to_load(service_links(page).filter(has_text="Fleet replacement pilot"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fleet replacement pilot")
    expect(page.get_by_text("Edit service")).to_have_count(0)
    expect(page.get_by_text("Archive service")).to_have_count(0)

    # Typing the address in does not get round it.
    browsing.goto("/services/new", status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")
    browsing.goto(f"/services/{published.pk}/edit", status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")
    assert Service.objects.count() == 2


def test_a_resident_sees_only_published_services(browsing: Browsing, published: Service, unpublished: Service) -> None:
    page = browsing.page

    browsing.goto("/")
    open_from_menu(browsing, "Services", "Services")  # the group holds Find a service too
    expect(page.locator("#result-count")).to_have_text("1 service")
    expect(service_links(page)).to_have_text(["Household waste collection"])
    expect(add_service(page)).to_have_count(0)

    browsing.click_to_load(service_links(page).first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Household waste collection")
    expect(page.get_by_role("link", name="History")).to_have_count(0)  # the audit trail is internal
    expect(page.get_by_text("Edit service")).to_have_count(0)

    # The unpublished service is not there even for someone who knows its address.
    browsing.goto(f"/services/{unpublished.pk}/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("Fleet replacement pilot")).to_have_count(0)
    browsing.goto(f"/services/{unpublished.pk}/history", status=404)
