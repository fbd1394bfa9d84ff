"""Browser tests: Debian's chromium, driven by Playwright's sync API, against pytest-django's live_server.

Every page a test loads goes through axe-core, and a test fails if the Content-Security-Policy refused anything. The ``browsing`` fixture counts the documents the page loads and
fails the test at teardown if any of them was not checked, so a new step in a journey cannot skip the check.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import Browsing

# Playwright's sync API runs an asyncio event loop in the test thread; Django would otherwise refuse ORM calls there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000
CALL_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember whether the test body passed, so that teardown checks do not pile onto a failure."""
    report = yield
    if report.when == "call":
        item.stash[CALL_PASSED] = report.passed
    return report


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium, launched once for the session (never a browser Playwright downloads)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` to install Debian's chromium")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def browsing(
    request: pytest.FixtureRequest, chromium: Browser, live_server: LiveServer, transactional_db: None
) -> Iterator[Browsing]:
    """A fresh context and page for each test, pointed at the live server, with downloads accepted."""
    base_url = live_server.url
    context = chromium.new_context(accept_downloads=True, base_url=base_url, locale="en-GB")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    browsing = Browsing(page=page, base_url=base_url)
    try:
        yield browsing
        if request.node.stash.get(CALL_PASSED, False):
            browsing.assert_every_page_checked()
            browsing.assert_static_files_served()
            browsing.assert_nothing_refused()
    finally:
        context.close()
