"""Pooled budgets' statements per quarter and partners in a real browser (finfinish): the integrated care board's user
opens their pool's Q2 statement, which prints without the site's navigation, and is not shown another pool's (404);
a finance officer adds a partner whose share takes the total past 100%, is told so with what they typed kept, and
makes room for it. Screenshots at 1280 pixels are kept in var/screenshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.finance import actions_pool_partners as partners
from commissioning.finance import actions_pools as act
from commissioning.finance.models import PoolPartner
from engine.finance.years import Quarter, financial_year_of
from tests.browser.helpers import Browsing, sign_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
D = Decimal


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"finance-{name}-1280.png"), full_page=True)


def _pools() -> dict[str, Any]:
    council = OrganisationFactory(council=True)
    icb = OrganisationFactory(name="NHS Eastmoor Integrated Care Board", kind=Organisation.Kind.PARTNER)
    district = OrganisationFactory(name="Westfield District Council", kind=Organisation.Kind.PARTNER)
    finance = UserFactory(username="finance", role=Role.FINANCE)
    director = UserFactory(username="director", role=Role.DIRECTOR, first_name="Dana", last_name="Price")
    year = financial_year_of(timezone.localdate()).previous()  # a whole year behind us, so Q2 is in the past
    pools = {}
    for name, other in (("Better Care Fund", icb), ("Community equipment", district)):
        details = act.PoolDetails(
            name=name, host=council, manager=director, method="percentage", purpose="", partners=[council, other]
        )
        pool = pools[name] = act.pool_create(details=details, by=finance)
        ours, theirs = pool.partners.all()
        act.pool_update(pool=pool, details=details, shares={ours.pk: D(60), theirs.pk: D(40)}, by=finance)
        act.pool_year_set(
            pool=pool,
            financial_year=year.label,
            total=D(1000000),
            within_pool=D(0),
            risk_reserve=D(0),
            contributions={ours.pk: D(600000), theirs.pk: D(400000)},
            by=finance,
        )
        for number, spend in ((1, D(240000)), (2, D(280000))):
            quarter = Quarter(year, number)
            act.pool_spend_record(pool=pool, date=quarter.starts, description="Reablement", amount=spend, by=finance)
            for partner, paid in ((ours, D(150000)), (theirs, D(100000))):
                partners.pool_payment_record(
                    pool=pool, partner=partner, date=quarter.starts + dt.timedelta(days=14), amount=paid, by=finance
                )
    return {"pools": pools, "year": year, "icb": icb, "council": council, "finance": finance}


def test_a_partner_opens_their_pool_s_q2_statement_and_not_another_pool_s(browsing: Browsing) -> None:
    world = _pools()
    partner = UserFactory(username="partner", role=Role.PARTNER, organisation=world["icb"])
    year = world["year"].label
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, partner)
    browsing.goto(f"/finance/pools/{world['pools']['Better Care Fund'].pk}/")
    browsing.click_to_load(page.get_by_role("link", name="Statements", exact=True))
    browsing.click_to_load(page.get_by_role("link", name="Q2 (July to September)"))
    expect(page.get_by_role("heading", name=f"Statement for {year} Q2", level=2)).to_be_visible()
    icb = page.locator(
        "section", has=page.get_by_role("heading", name=f"NHS Eastmoor Integrated Care Board: statement for {year} Q2")
    )
    expect(icb.locator(".govuk-summary-list__row", has_text="Due in the period")).to_contain_text("£100,000.00")
    expect(icb.locator(".govuk-summary-list__row", has_text="Paid to date")).to_contain_text("£200,000.00")
    # Q2 spent £280,000 of £250,000 due: the £30,000 overspend shared 60:40
    expect(icb.locator(".govuk-summary-list__row", has_text="Share of the overspend")).to_contain_text("£12,000.00")
    expect(page.get_by_role("link", name="Download this statement as CSV")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Download this statement as CSV")).to_be_hidden()
    expect(icb).to_be_visible()
    shot(page, "pool-statement-q2-print")
    page.emulate_media(media="screen")
    other = world["pools"]["Community equipment"].pk
    browsing.goto(f"/finance/pools/{other}/statement/?year={year}&period=q2", status=404)


def test_a_finance_officer_adds_a_partner_past_100_per_cent_then_makes_room(browsing: Browsing) -> None:
    world = _pools()
    hospice = OrganisationFactory(name="Westfield Hospice Trust", kind=Organisation.Kind.PARTNER)
    pool = world["pools"]["Better Care Fund"]
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, world["finance"])
    browsing.goto(f"/finance/pools/{pool.pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Add a partner"))
    page.get_by_label("Partner organisation").select_option(label="Westfield Hospice Trust")
    page.get_by_label("Contact (optional)").fill("Sam Lee")
    page.get_by_label("The partner's risk share (per cent)").fill("10")
    browsing.click_to_load(page.get_by_role("button", name="Save partner"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The partners' risk shares must add up to 100%: they add up to 110%")
    expect(page.get_by_label("The partner's risk share (per cent)")).to_have_value("10")
    expect(page.get_by_label("Contact (optional)")).to_have_value("Sam Lee")
    shot(page, "pool-partner-refused")
    page.get_by_label(f"{world['council'].name}'s risk share (per cent)").fill("50")
    browsing.click_to_load(page.get_by_role("button", name="Save partner"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Westfield Hospice Trust has been added")
    expect(page.locator("#partners").get_by_role("row", name="Westfield Hospice Trust")).to_contain_text("10")
    added = PoolPartner.objects.get(pool=pool, organisation=hospice)
    assert (added.share, added.contact_name) == (D(10), "Sam Lee")
    assert sorted(pool.partners.values_list("share", flat=True)) == [10, 40, 50]
