"""A director's savings in a real browser: the director opens the savings tracker (with the waterfall from the MTFS
gap to what is left), filters it to their directorate, opens a line and records slippage to a later year; first
without a reason, which is refused with a clear message and nothing lost, then with one. A provider cannot see the
tracker. Screenshots at 1280 pixels are kept in var/screenshots."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.finance import actions_savings as act
from commissioning.finance.actions_savings import SLIPPAGE_REASON_REQUIRED, SavingsLineDetails
from commissioning.finance.calculations import plus_years
from commissioning.finance.models import MtfsYear, SavingsSlippage, SavingsYear
from commissioning.finance.selectors_savings import current_year
from tests.browser.helpers import Browsing, sign_in
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"finance-{name}-1280.png"), full_page=True)


def test_a_director_records_slippage_with_a_reason_and_a_provider_cannot_see_the_tracker(
    browsing: Browsing, council: Organisation
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    year = current_year()
    director = UserFactory.create(username="dee", first_name="Dee", last_name="Director", role=Role.DIRECTOR)
    owner = UserFactory.create(username="omar", first_name="Omar", last_name="Owens", role=Role.OFFICER)
    adults = DirectorateFactory.create(name="Adult Social Care", code="ADL", director=director)
    place = DirectorateFactory.create(name="Place", code="PLC")
    MtfsYear.objects.create(financial_year=year, funding=Decimal("250000000"), spending=Decimal("262000000"))
    for title, directorate, amount, confidence in [
        ("Recommission day opportunities", adults, "4000000", "amber"),
        ("Reablement at home", adults, "3000000", "green"),
        ("Waste round redesign", place, "2500000", "green"),
    ]:
        act.savings_line_create(
            details=SavingsLineDetails(
                title=title,
                owner=owner,
                directorate=directorate,
                service=ServiceFactory.create(directorate=directorate),
                baseline=Decimal("20000000"),
                cashable=True,
                financial_year=year,
                in_year=Decimal(amount),
                full_year_effect=Decimal(amount),
                confidence=confidence,
                confidence_reason="Procurement under way",
            ),
            by=owner,
        )

    sign_in(browsing, director)
    browsing.goto("/finance/savings/")
    expect(page.get_by_test_id("waterfall").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("waterfall-table")).to_contain_text("Gap left")
    shot(page, "savings-tracker")
    page.get_by_label("Directorate").select_option(label="Adult Social Care")
    browsing.click_to_load(page.get_by_test_id("apply-filters"))
    table = page.get_by_test_id("tracker-table")
    expect(table).to_contain_text("Recommission day opportunities")
    expect(table).not_to_contain_text("Waste round redesign")

    browsing.click_to_load(table.get_by_role("link", name="Recommission day opportunities"))
    browsing.click_to_load(page.get_by_role("button", name="Record slippage"))
    page.get_by_label("Moves to").select_option(plus_years(year, 1))
    page.get_by_label("Amount that slips (£)").fill("1,500,000")
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(SLIPPAGE_REASON_REQUIRED)
    expect(page.get_by_label("Amount that slips (£)")).to_have_value("1,500,000")  # nothing typed is lost
    assert not SavingsSlippage.objects.exists()
    shot(page, "slippage-refused")

    page.get_by_label("Why has it slipped?").fill("The new framework starts in October, not April")
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("alert").or_(page.locator(".govuk-notification-banner"))).to_contain_text(
        "Slippage recorded"
    )
    expect(page.get_by_test_id("slippage")).to_contain_text("The new framework starts in October, not April")
    planned = dict(
        SavingsYear.objects.filter(line__title="Recommission day opportunities").values_list(
            "financial_year", "planned"
        )
    )
    assert planned == {year: Decimal("2500000.00"), plus_years(year, 1): Decimal("1500000.00")}
    browsing.goto("/finance/savings/")
    shot(page, "savings-tracker-after")

    browsing.click_to_load(page.get_by_test_id("sign-out"))
    provider = UserFactory.create(
        username="pat", role=Role.PROVIDER, organisation=OrganisationFactory.create(name="Ashfield Care Ltd")
    )
    sign_in(browsing, provider)
    browsing.goto("/finance/savings/", status=403)
