"""The Content-Security-Policy in a real browser (commissioning/core/csp.py): what it refuses fails a test, GOV.UK's
script runs under its nonce, and the admin site works under it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, sign_in
from tests.factories import ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_what_the_policy_refuses_fails_the_test(browsing: Browsing, council: Organisation) -> None:
    page = browsing.page
    browsing.goto("/sign-in")
    # GOV.UK's inline script ran: it carries the request's nonce.
    expect(page.locator("body.js-enabled.govuk-frontend-supported")).to_have_count(1)
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red" onclick="void 0">styled</p>');
        const script = document.createElement("script");
        script.textContent = "window.ranInline = true";
        document.body.append(script);
    }"""
    )
    expect(page.get_by_text("styled")).to_have_count(1)
    assert page.evaluate("() => window.ranInline") is None
    page.wait_for_timeout(200)
    refused = "\n".join(browsing.csp_violations)
    assert "style-src-attr" in refused
    assert "script-src-elem" in refused
    with pytest.raises(AssertionError, match="Content-Security-Policy refused"):
        browsing.assert_nothing_refused()
    browsing.csp_violations.clear()


def test_the_admin_site_works_under_the_policy(browsing: Browsing, council: Organisation) -> None:
    """Django's admin (its own templates and scripts) keeps to the same policy: lists, forms with their widgets
    (the two-list chooser of groups and permissions), and history."""
    admin = UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    service = ServiceFactory(name="Day opportunities")
    page = browsing.page
    sign_in(browsing, admin)
    browsing.goto("/admin/")
    browsing.goto("/admin/services/service/")
    expect(page.get_by_role("row", name=re.compile("Day opportunities"))).to_be_visible()
    # Django's user form fails axe's label rules (its date and chooser widgets): checked for the policy only.
    browsing.goto(f"/admin/accounts/user/{admin.pk}/change/", accessibility=False)
    # SelectFilter2's two lists were built by the admin's JavaScript.
    expect(page.locator("#id_groups_from")).to_have_count(1)
    browsing.goto(f"/admin/services/service/{service.pk}/history/")
    expect(page.get_by_text("Day opportunities").first).to_be_visible()
