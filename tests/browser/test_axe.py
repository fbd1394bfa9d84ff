"""The accessibility check itself: it must fail on a page with serious problems, or it proves nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser]

INACCESSIBLE_PAGE = """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>
</main></body></html>"""
ACCESSIBLE_PAGE = """<!doctype html><html lang="en"><head><title>Fine</title></head><body><main>
<h1>Fine</h1><img alt="A dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button>Save</button>
</main></body></html>"""


def test_the_check_reports_serious_and_critical_violations(chromium: Browser) -> None:
    page = chromium.new_page()
    try:
        page.set_content(INACCESSIBLE_PAGE)
        with pytest.raises(AssertionError) as failure:
            assert_accessible(page)
        message = str(failure.value)
        assert "- image-alt (critical): Images must have alternative text" in message
        assert "- button-name (critical): Buttons must have discernible text" in message
        assert "at ['img']" in message

        page.set_content(ACCESSIBLE_PAGE)
        assert_accessible(page)
    finally:
        page.close()
