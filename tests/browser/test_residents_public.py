"""A resident finds "who runs this" in three clicks from the home page, with JavaScript on and off, and opens a
ward's place page; a service that is not published is not found. Every page (JavaScript on) is checked with axe-core.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from commissioning.accounts.models import Organisation
from commissioning.services.models import DeliveryModel, Service
from tests.browser.helpers import Browsing
from tests.factories import (
    ContractFactory,
    CouncillorFactory,
    DirectorateFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
    WardFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def services(council: Organisation) -> dict[str, Service]:
    ward = WardFactory(name="Millbrook")
    CouncillorFactory(name="Ada Lovell", party="Civic Alliance", wards=[ward])
    directorate = DirectorateFactory(name="Place and Environment", code="PLE")
    greenway = OrganisationFactory(name="Greenway Waste Ltd")
    officer = UserFactory(first_name="Olive", last_name="Okafor", job_title="Head of Waste")
    bins = ServiceFactory(
        name="Household waste collection",
        directorate=directorate,
        accountable_officer=officer,
        delivery_model=DeliveryModel.PRIVATE,
        provider=greenway,
        published=True,
        wards=[ward],
    )
    ContractFactory(
        reference="CON-2026-900",
        provider=greenway,
        directorate=directorate,
        published=True,
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2099, 3, 31),
        services=[bins],
    )
    hidden = ServiceFactory(name="Secret pilot service", directorate=directorate, published=False, wards=[ward])
    return {"bins": bins, "hidden": hidden}


def _three_clicks(page: Page, click: object) -> None:
    """Home -> Find a service by topic -> the topic -> the service: its "Who runs this" page."""
    click(page.get_by_role("link", name="Find a service by topic or by ward"))  # type: ignore[operator]
    click(page.get_by_role("link", name="Place and Environment"))  # type: ignore[operator]
    click(page.get_by_role("link", name="Household waste collection"))  # type: ignore[operator]
    expect(page.get_by_role("heading", level=1)).to_have_text("Household waste collection")
    expect(page.get_by_test_id("who-delivers")).to_contain_text("Greenway Waste Ltd runs this service")
    expect(page.get_by_test_id("who-runs-contracts")).to_contain_text("ends on 31 March 2099")
    expect(page.get_by_test_id("who-answers")).to_contain_text("Olive Okafor, Head of Waste")
    expect(page.get_by_test_id("complain-link")).to_be_visible()


def test_a_resident_finds_who_runs_a_service_and_a_wards_page(
    browsing: Browsing, chromium: Browser, services: dict[str, Service]
) -> None:
    page = browsing.page
    browsing.goto("/")
    _three_clicks(page, browsing.click_to_load)

    # The ward's place page, from the finder's link to places.
    browsing.goto("/places/")
    browsing.click_to_load(page.get_by_role("link", name="Millbrook"))
    expect(page.get_by_test_id("place-services")).to_contain_text("Household waste collection")
    expect(page.get_by_test_id("place-services")).not_to_contain_text("Secret pilot service")
    expect(page.get_by_test_id("place-councillors")).to_contain_text("Ada Lovell")

    # A service that is not published is not found.
    browsing.goto(f"/find-a-service/{services['hidden'].pk}/", status=404)

    # The same three clicks with JavaScript off.
    context = chromium.new_context(base_url=browsing.base_url, java_script_enabled=False, locale="en-GB")
    try:
        plain = context.new_page()
        plain.goto("/")

        def click(target: object) -> None:
            with plain.expect_navigation():
                target.click()  # type: ignore[attr-defined]

        _three_clicks(plain, click)
        # And a search from the home page's box, which needs no JavaScript.
        plain.goto("/")
        plain.get_by_label("Find out who runs a service").fill("waste")
        with plain.expect_navigation():
            plain.get_by_role("button", name="Search").click()
        expect(plain.get_by_test_id("finder-results")).to_contain_text("Household waste collection")
    finally:
        context.close()
