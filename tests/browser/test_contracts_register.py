"""The contract register in a real browser: an officer adds a contract (a bad CPV code first: the named error, and
nothing typed is lost), finds it late to re-procure in the expiry pipeline, then a provider contact sees their own
unpublished contract but not another supplier's. Screenshots at 1280 pixels are kept in var/screenshots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.contracts import actions
from commissioning.contracts.models import Contract
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import ContractFactory, DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"contracts-{name}-1280.png"), full_page=True)


def fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_an_officer_adds_a_contract_finds_it_late_and_a_provider_sees_only_their_own(browsing: Browsing) -> None:
    OrganisationFactory(council=True)
    officer = UserFactory(username="olivia", first_name="Olivia", last_name="Okafor", role=Role.OFFICER)
    own = OrganisationFactory(name="Own Care Ltd")
    provider = UserFactory(username="pat", first_name="Pat", last_name="Provider", role=Role.PROVIDER, organisation=own)
    other = OrganisationFactory(name="Riverside Care Ltd", is_sme=True)
    directorate = DirectorateFactory(name="Adult Social Care", code="ADL")
    service = ServiceFactory(reference="ADL-001", name="Home care", directorate=directorate)
    mine = ContractFactory(reference="CON-2025-001", title="Own day services", provider=own, published=False)
    theirs = ContractFactory(reference="CON-2025-002", title="Riverside respite", provider=other, published=False)
    today = timezone.localdate()
    end = today + dt.timedelta(days=180)  # an open procedure needs 9 months: already late to start

    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, officer)
    open_from_menu(browsing, "Deliver", "Contracts")
    browsing.click_to_load(page.get_by_role("button", name="Add a contract"))
    page.get_by_label("Contract with an external supplier").check()
    page.get_by_label("Title", exact=True).fill("Home care in the north locality")
    page.get_by_label("Department", exact=True).select_option(label="Adult Social Care")
    page.get_by_label("Supplier", exact=True).select_option(label="Riverside Care Ltd")
    page.get_by_label("How was it let?").select_option(label="Open procedure")
    page.get_by_label("CPV codes (optional)").fill("85311000-2, 8531100")
    page.get_by_label("Total value (£)").fill("1,800,000")
    page.get_by_label("Estimated annual value (£)").fill("600000")
    fill_date(page, "Start date", today - dt.timedelta(days=900))
    fill_date(page, "End date", end)
    page.get_by_label("Home care (ADL-001)").check()
    page.get_by_label("Contract manager").select_option(label="Olivia Okafor")
    browsing.click_to_load(page.get_by_role("button", name="Add to the register"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(actions.CPV_INVALID.format(codes="8531100"))
    expect(page.get_by_label("Title", exact=True)).to_have_value("Home care in the north locality")
    expect(page.get_by_label("Total value (£)")).to_have_value("1,800,000")
    assert not Contract.objects.filter(title__startswith="Home care").exists()

    page.get_by_label("CPV codes (optional)").fill("85311000-2")
    browsing.click_to_load(page.get_by_role("button", name="Add to the register"))
    made = Contract.objects.get(title="Home care in the north locality")
    expect(page.get_by_text(f"has been added to the register as {made.reference}")).to_be_visible()
    expect(page.get_by_test_id("contract-services")).to_contain_text("Home care")
    shot(page, "detail")
    assert list(made.services.all()) == [service]

    open_from_menu(browsing, "Deliver", "Contract expiry")
    row = page.get_by_test_id("pipeline-row").filter(has_text="Home care in the north locality")
    expect(row).to_contain_text("Late")
    shot(page, "pipeline")
    open_from_menu(browsing, "Deliver", "Contracts")
    shot(page, "register")

    browsing.click_to_load(page.get_by_role("button", name="Sign out"))
    sign_in(browsing, provider)
    open_from_menu(browsing, "Deliver", "Contracts")  # the register beside published spend
    table = page.get_by_test_id("contract-table")
    expect(table).to_contain_text("Own day services")
    expect(table).not_to_contain_text("Riverside respite")
    browsing.goto(f"/contracts/{mine.pk}/")
    browsing.goto(f"/contracts/{theirs.pk}/", status=404)
