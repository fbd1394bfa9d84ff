"""An indicator's page at 1280 pixels: the "values by period" table beside the chart shows every column, the RAG
status included, without scrolling sideways; a screenshot is kept in the test's tmp_path for a person to look at."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import Browsing
from tests.commissioning.outcomes.factories import IndicatorFactory, MeasurementFactory, TargetFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_values_by_period_show_their_status_at_1280_pixels(browsing: Browsing, council, tmp_path):
    indicator = IndicatorFactory(
        annual=True, code="ASC-07", name="Adults supported to live at home", unit="count", published=True
    )
    for year, value in zip(range(2020, 2025), [42950, 43810, 44020, 45190, 46630], strict=True):
        period = f"{year}/{str(year + 1)[2:]}"
        MeasurementFactory(indicator=indicator, period=period, value=Decimal(value))
        TargetFactory(indicator=indicator, period=period, target=Decimal("45000"))
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 1000})
    browsing.goto(f"/outcomes/indicators/{indicator.pk}/")
    table = page.get_by_test_id("values-beside-chart")
    expect(table.locator("tbody tr")).to_have_count(5)
    page.screenshot(path=str(tmp_path / "indicator-page-1280.png"), full_page=True)
    region = page.locator('[aria-label="Values by period"]')
    # Nothing hidden to the side: the table fits its region, and every status tag lies inside the region.
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), "the values by period scroll sideways"
    box = region.bounding_box()
    assert box is not None
    for tag in table.locator("[data-rag]").all():
        tag_box = tag.bounding_box()
        assert tag_box is not None
        assert tag_box["x"] + tag_box["width"] <= box["x"] + box["width"]
