"""The accessibility check itself: it must fail on a page with serious problems, or it proves nothing. And the
footer's pages (accessibility statement, privacy, cookies, Service status), which no journey visits, pass it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from commissioning.accounts.models import Organisation
from tests.browser import helpers
from tests.browser.helpers import Browsing, assert_accessible, page_kind

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


LOW_CONTRAST_PAGE = """<!doctype html><html lang="en"><head><title>Pale</title></head><body><main>
<h1>Pale</h1><p id="pale">Text too pale to read</p></main></body></html>"""


def test_colour_contrast_is_checked_the_first_time_a_kind_of_page_is_seen(chromium: Browser) -> None:
    assert page_kind("http://localhost:8000/reviews/12/edit?next=/x/3") == "/reviews/{n}/edit"
    page = chromium.new_page()
    try:
        page.set_content(LOW_CONTRAST_PAGE)
        page.evaluate("() => { document.getElementById('pale').className = 'pale'; }")
        page.add_style_tag(content=".pale { color: #d8d8d8; background: #ffffff; }")
        helpers._kinds_contrast_checked.discard(page_kind(page.url))
        with pytest.raises(AssertionError, match="color-contrast"):
            assert_accessible(page)
        assert_accessible(page)  # the same kind of page again: every rule but colour contrast
        with pytest.raises(AssertionError, match="color-contrast"):
            assert_accessible(page, every_rule=True)
    finally:
        page.close()


@pytest.mark.usefixtures("transactional_db")
def test_the_footer_pages_are_accessible(browsing: Browsing, council: Organisation) -> None:
    """A resident follows each footer link from the home page: every page passes axe-core."""
    page = browsing.page
    browsing.goto("/")
    footer = page.locator("footer")
    for name, heading in [
        ("Accessibility statement", "Accessibility statement for the Testshire Borough Council commissioning service"),
        ("Privacy", "Privacy notice"),
        ("Cookies", "Cookies"),
        ("Service status", "Service status"),
    ]:
        browsing.click_to_load(footer.get_by_role("link", name=name, exact=True))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
