"""Virements in a real browser: a cabinet member finds the virements under Deliver, approves one in Cabinet's band
with Cabinet's decision, and is refused one in Council's band (the named error, nothing changed); a scrutiny member
reads a virement but has no Approve button and is refused the approve page. Screenshots at 1280 pixels are kept in
var/screenshots."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from commissioning.core.permissions import Role
from commissioning.finance.models import BudgetLine, Virement, VirementStatus
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.finance.virement_world import build, request

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"finance-{name}-1280.png"), full_page=True)


def test_a_cabinet_member_approves_within_their_band_and_is_refused_above_it(browsing: Browsing) -> None:
    world = build()
    within = request(world, "c", "d", "60000", reason="Match funding for the household support grant.")
    above = request(world, "a", "b", "150000", reason="Temporary accommodation pressures this winter.")
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, world["users"][Role.CABINET])

    open_from_menu(browsing, "Deliver", "Virements")
    expect(page.get_by_role("heading", name="Virements", level=1)).to_be_visible()
    shot(page, "virements-list")
    browsing.click_to_load(page.get_by_role("link", name=within.reference))
    browsing.click_to_load(page.get_by_role("button", name="Approve", exact=True))
    expect(page.get_by_text("It needs approval by Cabinet")).to_be_visible()
    page.get_by_label("Decision reference").fill("DEC-2026-101")
    browsing.click_to_load(page.get_by_role("button", name="Approve virement"))
    expect(page.get_by_text(f"Virement {within.reference} has been approved.")).to_be_visible()
    expect(page.get_by_test_id("virement-summary")).to_contain_text("Decision on matter")
    shot(page, "virement-detail")
    assert BudgetLine.objects.get(pk=world["lines"]["d"].pk).revised == Decimal("560000.00")

    browsing.goto(f"/finance/virements/{above.pk}/approve/")
    page.get_by_label("Decision reference").fill("DEC-2026-102")
    browsing.click_to_load(page.get_by_role("button", name="Approve virement"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("You cannot approve this virement: it needs approval by Council")
    expect(summary).to_contain_text("above your band")
    shot(page, "virement-refused-above-band")
    assert Virement.objects.get(pk=above.pk).status == VirementStatus.REQUESTED
    assert BudgetLine.objects.get(pk=world["lines"]["a"].pk).revised == Decimal("500000.00")


def test_a_scrutiny_member_reads_a_virement_but_cannot_approve_it(browsing: Browsing) -> None:
    world = build()
    virement = request(world, "a", "b", "10000")
    page = browsing.page
    sign_in(browsing, world["users"][Role.SCRUTINY])
    browsing.goto(f"/finance/virements/{virement.pk}/")
    expect(page.get_by_test_id("virement-summary")).to_contain_text("£10,000.00")
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    browsing.goto(f"/finance/virements/{virement.pk}/approve/", status=403)
    assert Virement.objects.get(pk=virement.pk).status == VirementStatus.REQUESTED
