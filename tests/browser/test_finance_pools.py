"""Pooled budgets in a real browser: the integrated care board's user finds their pool under Deliver, reads their
statement (an overspend shared by the rule) and is not shown another pool (404); then a finance officer sets
contributions that do not add up and gets the named error with what they typed kept. Screenshots at 1280 pixels are
kept in var/screenshots."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.finance import actions_pools as act
from commissioning.finance.models import PoolYear
from engine.finance.years import financial_year_of
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
D = Decimal


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"finance-{name}-1280.png"), full_page=True)


def test_a_partner_sees_only_their_pool_and_a_finance_officer_is_told_contributions_do_not_add_up(
    browsing: Browsing,
) -> None:
    council = OrganisationFactory(council=True)
    icb = OrganisationFactory(name="NHS Eastmoor Integrated Care Board", kind=Organisation.Kind.PARTNER)
    district = OrganisationFactory(name="Westfield District Council", kind=Organisation.Kind.PARTNER)
    finance = UserFactory(username="finance", role=Role.FINANCE)
    partner = UserFactory(username="partner", role=Role.PARTNER, organisation=icb)
    director = UserFactory(username="director", role=Role.DIRECTOR, first_name="Dana", last_name="Price")
    year = financial_year_of(timezone.localdate())
    pools = {}
    for name, other in (("Better Care Fund", icb), ("Community equipment", district)):
        details = act.PoolDetails(
            name=name, host=council, manager=director, method="percentage", purpose="", partners=[council, other]
        )
        pool = pools[name] = act.pool_create(details=details, by=finance)
        ours, theirs = pool.partners.all()
        ours.share, theirs.share = D(60), D(40)
        ours.save()
        theirs.save()
        act.pool_year_set(
            pool=pool,
            financial_year=year.label,
            total=D(1000000),
            within_pool=D(20000),
            risk_reserve=D(30000),
            contributions={ours.pk: D(600000), theirs.pk: D(400000)},
            by=finance,
        )
        act.pool_spend_record(pool=pool, date=year.starts, description="Reablement", amount=D(1100000), by=finance)
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in(browsing, partner)
    open_from_menu(browsing, "Deliver", "Pooled budgets")  # Deliver: their pools and the public contract register
    expect(page.get_by_role("heading", name="Pooled budgets", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Community equipment")).to_have_count(0)
    browsing.click_to_load(page.get_by_role("link", name="Better Care Fund"))
    statement = page.locator("#statement")
    expect(statement).to_contain_text("NHS Eastmoor Integrated Care Board")
    expect(statement.get_by_role("row", name="NHS Eastmoor Integrated Care Board")).to_contain_text("£20,000.00")
    expect(page.get_by_role("link", name="History")).to_have_count(0)
    shot(page, "pool-partner")
    browsing.goto(f"/finance/pools/{pools['Community equipment'].pk}/", status=404)
    browsing.click_to_load(page.get_by_test_id("sign-out"))

    sign_in(browsing, finance)
    browsing.goto(f"/finance/pools/{pools['Better Care Fund'].pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Set contributions for a year"))
    page.get_by_label("Financial year").fill(year.next().label)
    page.get_by_label("Pool total for the year (£)").fill("1,050,000")
    page.get_by_label(f"{council.name}'s contribution (£)").fill("630,000")
    page.get_by_label("NHS Eastmoor Integrated Care Board's contribution (£)").fill("400,000")
    browsing.click_to_load(page.get_by_role("button", name="Save contributions"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The partners' contributions must add up to the pool's total for the year")
    expect(summary).to_contain_text("they add up to £1,030,000.00, the total is £1,050,000.00")
    expect(page.get_by_label("Pool total for the year (£)")).to_have_value("1,050,000")
    expect(page.get_by_label(f"{council.name}'s contribution (£)")).to_have_value("630,000")
    shot(page, "pool-contributions-refused")
    assert not PoolYear.objects.filter(financial_year=year.next().label).exists()
