"""Signing in and out in a real browser, and the front end (styles and scripts) reaching it from live_server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from commissioning.accounts.forms import SIGN_IN_INVALID
from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_styles_and_scripts_are_served(browsing: Browsing, council: Organisation) -> None:
    page = browsing.page
    with page.expect_response(re.compile(r"/static/app\.css$")) as css:
        browsing.goto("/")
    assert css.value.status == 200
    assert css.value.headers["content-type"].startswith("text/css")
    # The council's GOV.UK Frontend build is applied: the template background is its pale teal, not the default.
    background = page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(243, 249, 249)"
    # GOV.UK Frontend's JavaScript ran (init.js imports it and starts every component).
    expect(page.locator("body.govuk-frontend-supported")).to_have_count(1)
    expect(page.locator("[data-module='govuk-service-navigation'][data-govuk-service-navigation-init]")).to_have_count(
        1
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Testshire Borough Council: commissioning")


def test_a_wrong_password_shows_the_error_summary(browsing: Browsing, council: Organisation) -> None:
    officer = UserFactory.create(username="olive", role=Role.OFFICER)
    page = browsing.page

    sign_in(browsing, officer, password="not-the-password")

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=SIGN_IN_INVALID)).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page.get_by_label("Username")).to_have_value("olive")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # still signed out


def test_an_officer_signs_in_and_out(browsing: Browsing, council: Organisation) -> None:
    officer = UserFactory.create(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)
    page = browsing.page

    sign_in(browsing, officer)
    assert page.url == f"{browsing.base_url}/"
    expect(page.get_by_text("You are signed in as Olive Okafor, commissioning officer.")).to_be_visible()
    expect(page.get_by_text("Olive Okafor (Commissioning officer)")).to_be_visible()

    # Sign out is a POST form in the header.
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out.locator("xpath=ancestor::form")).to_have_attribute("method", "post")
    browsing.click_to_load(sign_out)
    assert page.url == f"{browsing.base_url}/"
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()

    # Signed out for real: adding a service asks for a sign-in again.
    browsing.goto("/services/new")
    assert page.url == f"{browsing.base_url}/sign-in?next=/services/new"
