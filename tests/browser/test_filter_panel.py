"""The "Apply filters" button stands out from the grey filter panel at 1280 pixels (it was the panel's own grey)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation
from tests.browser.helpers import Browsing

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_the_apply_filters_button_can_be_seen_on_the_filter_panel(browsing: Browsing, council: Organisation) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    browsing.goto("/services/")
    button = page.get_by_test_id("apply-filters")
    expect(button).to_be_visible()
    panel_colour = page.locator(".council-filters").evaluate("el => getComputedStyle(el).backgroundColor")
    button_colour = button.evaluate("el => getComputedStyle(el).backgroundColor")
    assert button_colour != panel_colour, f"the button's background {button_colour} is the panel's"
    assert button_colour == "rgb(255, 255, 255)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".council-filters").screenshot(path=str(SCREENSHOTS / "filter-panel-1280.png"))
