"""Scrutiny in a real browser (issue 10, ADR 0034): a scrutiny member opens the committee's dashboard from the
navigation, adds the indicator that is off target and getting worse to the work programme (first without saying why,
which is refused with nothing lost), and finds it on the programme at the committee's next meeting; the dashboard then
shows it as on the programme. Someone who must not see the dashboard (a resident, a provider) finds no such page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.governance.actions.scrutiny import REASON_REQUIRED
from commissioning.governance.models import WorkProgrammeItem
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.governance.scrutiny_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
REASON = "Two quarters off target and getting worse: the committee wants to hear the recovery plan."


def test_a_scrutiny_member_adds_an_off_target_indicator_from_the_dashboard(browsing: Browsing) -> None:
    world = build_world()
    committee, indicator = world["committee"], world["worsening"]
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    dashboard = reverse("governance:scrutiny-dashboard", args=[committee.pk])

    browsing.goto(dashboard, status=404)  # a resident: no such page

    sign_in(browsing, world["member"])
    open_from_menu(browsing, "Decide", "Scrutiny")
    browsing.click_to_load(page.get_by_role("link", name=f"Dashboard of {committee.name}"))
    indicators = page.get_by_test_id("scrutiny-indicators")
    expect(indicators).to_contain_text(f"{indicator.code}: {indicator.name}")
    expect(indicators).not_to_contain_text(world["improving"].code)  # off target but getting better
    expect(page.get_by_test_id("scrutiny-contracts-below-good")).to_contain_text("CON-2026-401")
    expect(page.get_by_test_id("scrutiny-complaint-hot-spots")).to_contain_text("Bin collection")
    expect(page.get_by_test_id("scrutiny-overdue-responses")).to_contain_text("No response")
    browsing.click_to_load(indicators.get_by_role("button", name="Add to work programme"))

    # Asked why, with the subject filled: left empty, it is refused by name, and what was chosen stays.
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an item to the work programme")
    expect(page.get_by_text("An indicator", exact=True)).to_be_visible()
    page.get_by_label("Meeting it comes to").select_option(index=1)
    browsing.click_to_load(page.get_by_role("button", name="Add to work programme"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=REASON_REQUIRED)).to_have_attribute("href", "#id_reason")
    expect(page.get_by_label("Title on the work programme")).to_have_value(f"{indicator.code}: {indicator.name}")
    expect(page.get_by_label("Meeting it comes to").locator("option:checked")).not_to_have_text("No meeting yet")
    assert not WorkProgrammeItem.objects.exists()

    page.get_by_label("Why should the committee look at this?").fill(REASON)
    browsing.click_to_load(page.get_by_role("button", name="Add to work programme"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is on the work programme")
    programme = page.get_by_test_id("work-programme")
    expect(programme).to_contain_text(REASON)
    expect(programme).to_contain_text("Scheduled")
    expect(programme.get_by_role("link", name=indicator.code, exact=True)).to_be_visible()
    item = WorkProgrammeItem.objects.get()
    assert (item.indicator_id, item.meeting_id, item.reason) == (indicator.pk, world["meeting"].pk, REASON)

    browsing.click_to_load(page.get_by_role("button", name="Scrutiny dashboard"))
    expect(page.get_by_test_id("scrutiny-indicators")).to_contain_text("On the work programme")

    # A provider contact may not see the dashboard either (asked over HTTP: no second sign-in in the browser).
    provider = Client()
    provider.force_login(world["provider"])
    assert provider.get(dashboard).status_code == 404
