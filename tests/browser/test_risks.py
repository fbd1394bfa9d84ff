"""The risk register in a real browser: an officer finds their review's risk from the Review menu, looks at the heat
map, and escalates the risk to the corporate register: first without a reason (the named error, their choice of
register kept, nothing saved), then with one; the risk's page and the corporate register say who escalated it and why. A provider contact
signed in afterwards finds no register and no risk (403 and 404)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from commissioning.core.permissions import Role
from commissioning.risks.actions import ESCALATION_REASON_REQUIRED
from commissioning.risks.models import Level, Risk
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.risks.risk_world import build

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"risks-{name}-1280.png"), full_page=True)


def test_a_review_risk_is_escalated_to_the_corporate_register(browsing: Browsing) -> None:
    world = build()
    risk = world["risks"]["unpublished"]
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, world["users"][Role.OFFICER])

    open_from_menu(browsing, "Review", "Risks")
    expect(page.get_by_role("heading", name="Risk register", level=1)).to_be_visible()
    browsing.click_to_load(page.get_by_role("link", name="See these risks on the heat map"))
    expect(page.get_by_test_id("heat-map-svg")).to_be_visible()
    expect(page.get_by_test_id("heat-map-table")).to_contain_text(risk.reference)
    shot(page, "heat-map")
    browsing.click_to_load(page.get_by_role("link", name="Back to the register"))
    page.get_by_label("Register").select_option(Level.REVIEW)
    browsing.click_to_load(page.get_by_test_id("apply-filters"))
    browsing.click_to_load(page.get_by_role("link", name="Review risk"))

    browsing.click_to_load(page.get_by_role("button", name="Escalate"))
    page.get_by_label("The corporate register").check()
    browsing.click_to_load(page.get_by_role("button", name="Escalate risk"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(ESCALATION_REASON_REQUIRED)
    expect(page.get_by_label("The corporate register")).to_be_checked()
    assert Risk.objects.get(pk=risk.pk).level == Level.REVIEW

    page.get_by_label("Why is the risk being escalated?").fill("The overspend would fall on every directorate.")
    browsing.click_to_load(page.get_by_role("button", name="Escalate risk"))
    expect(page.get_by_text(f"{risk.reference} has been escalated to the corporate register.")).to_be_visible()
    expect(page.get_by_test_id("escalation")).to_contain_text("The overspend would fall on every directorate.")
    expect(page.get_by_test_id("escalation")).to_contain_text(str(world["users"][Role.OFFICER]))
    shot(page, "escalated")
    escalated = Risk.objects.get(pk=risk.pk)
    assert (escalated.level, escalated.escalated_from, escalated.review) == (
        Level.CORPORATE,
        Level.REVIEW,
        world["review"],
    )
    assert escalated.history.count() == 2  # added, escalated: its history is kept
    browsing.goto("/risks/?level=corporate")
    expect(page.get_by_test_id("risk-table")).to_contain_text("Escalated from the review register by")

    page.context.clear_cookies()
    sign_in(browsing, world["users"][Role.PROVIDER])
    browsing.goto(f"/risks/{risk.pk}/", status=404)
    browsing.goto("/risks/", status=403)
    browsing.assert_every_page_checked()
