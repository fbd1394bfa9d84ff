"""Meetings, in a real browser: a democratic services officer arranges a meeting, adds an exempt item, publishes the
agenda late and is warned; a resident sees the meeting but not the exempt item's title or papers.

A wrong start time is refused with a clear error that names it, and nothing typed is lost. Screenshots at 1280
pixels are kept in var/screenshots.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.governance.forms.bodies import TIME_INVALID
from commissioning.governance.models import AgendaItem, Body, Meeting
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.factories import BodyFactory, MembershipFactory
from tests.factories import CouncillorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PLACE = "Committee Room 2, Town Hall"
EXEMPT_TITLE = "Contract award: commercial terms"
EXEMPT_PAPER = "Tender evaluation (confidential)"


@pytest.fixture
def committee(council: Organisation) -> Body:
    body = BodyFactory(name="Staff and Support Services Committee", seats=3)
    for name, party in [("Ada Lovell", "Civic Alliance"), ("Ben Okafor", "Civic Alliance"), ("Cy Moss", "Green")]:
        MembershipFactory(body=body, councillor=CouncillorFactory(name=name, party=party))
    CouncillorFactory(name="Dee Green", party="Green")
    return body


def test_a_clerk_publishes_a_late_agenda_and_a_resident_cannot_see_the_exempt_item(
    browsing: Browsing, committee: Body
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    clerk = UserFactory(username="dora", first_name="Dora", last_name="Clerk", role=Role.DEMOCRATIC)
    meeting_day = timezone.localdate() + dt.timedelta(days=4)

    sign_in(browsing, clerk)
    browsing.goto(f"/governance/bodies/{committee.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(committee.name)
    expect(page.get_by_test_id("balance-table")).to_contain_text("Civic Alliance")
    page.screenshot(path=str(SCREENSHOTS / "governance-body-1280.png"), full_page=True)
    browsing.click_to_load(page.get_by_role("button", name="Arrange a meeting"))

    # A start time that is not a time: refused by name, the date and place kept.
    page.get_by_label("Day").fill(str(meeting_day.day))
    page.get_by_label("Month").fill(str(meeting_day.month))
    page.get_by_label("Year").fill(str(meeting_day.year))
    page.get_by_label("Start time").fill("25:00")
    page.get_by_label("Place").fill(PLACE)
    browsing.click_to_load(page.get_by_role("button", name="Arrange meeting"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=TIME_INVALID)).to_have_attribute("href", "#id_time")
    expect(page.get_by_label("Place")).to_have_value(PLACE)
    expect(page.get_by_label("Day")).to_have_value(str(meeting_day.day))
    assert not Meeting.objects.exists()
    page.get_by_label("Start time").fill("10:00")
    browsing.click_to_load(page.get_by_role("button", name="Arrange meeting"))
    meeting = Meeting.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting on")

    # Two items: an open one, and one exempt under paragraph 3 of Schedule 12A.
    browsing.click_to_load(page.get_by_role("button", name="Add an agenda item"))
    expect(page.get_by_label("Item number")).to_have_value("1")
    page.get_by_label("Title").fill("Apologies for absence")
    browsing.click_to_load(page.get_by_role("button", name="Add item"))
    browsing.click_to_load(page.get_by_role("button", name="Add an agenda item"))
    expect(page.get_by_label("Item number")).to_have_value("2")
    page.get_by_label("Title").fill(EXEMPT_TITLE)
    page.get_by_role("radio", name=re.compile(r"^Exempt under paragraph 3:")).check()
    page.get_by_label("Papers (optional)").fill(EXEMPT_PAPER)
    browsing.click_to_load(page.get_by_role("button", name="Add item"))
    items = page.get_by_test_id("agenda-item")
    expect(items).to_have_count(2)
    expect(items.nth(1)).to_contain_text("Exempt: paragraph 3 of Schedule 12A")
    expect(items.nth(1)).to_contain_text(EXEMPT_PAPER)

    # Published four days before the meeting: fewer than five clear working days, so it is published with a warning.
    browsing.click_to_load(page.get_by_role("button", name="Publish the agenda"))
    expect(page.locator(".govuk-warning-text")).to_contain_text("the council's rule is at least 5")
    browsing.click_to_load(page.get_by_role("button", name="Publish agenda"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The agenda has been published. It gave less notice"
    )
    expect(page.get_by_test_id("late-agenda")).to_contain_text("clear working")
    expect(page.get_by_test_id("late-agenda")).to_contain_text("the council's rule is at least 5")
    meeting.refresh_from_db()
    assert meeting.agenda_published_on == timezone.localdate()
    assert AgendaItem.objects.filter(meeting=meeting, exempt_paragraph="3").exists()
    page.screenshot(path=str(SCREENSHOTS / "governance-meeting-late-agenda-1280.png"), full_page=True)

    # A resident sees the meeting and the open item, and that item 2 is exempt, but not its title or papers.
    page.context.clear_cookies()
    browsing.goto(f"/governance/meetings/{meeting.pk}/")
    items = page.get_by_test_id("agenda-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Apologies for absence")
    expect(items.nth(1)).to_contain_text("Exempt: paragraph 3 of Schedule 12A")
    expect(page.locator("main")).not_to_contain_text(EXEMPT_TITLE)
    expect(page.locator("main")).not_to_contain_text(EXEMPT_PAPER)
    expect(page.get_by_role("button", name="Add an agenda item")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "governance-meeting-public-1280.png"), full_page=True)
    browsing.goto(f"/governance/agenda-items/{AgendaItem.objects.get(exempt_paragraph='3').pk}/edit", status=404)
    browsing.goto("/governance/bodies/")
    expect(page.get_by_test_id("body-table")).to_contain_text(committee.name)
    page.screenshot(path=str(SCREENSHOTS / "governance-bodies-public-1280.png"), full_page=True)
    browsing.goto("/governance/meetings/")
    expect(page.get_by_test_id("meeting-table")).to_contain_text(PLACE)
    page.screenshot(path=str(SCREENSHOTS / "governance-meetings-public-1280.png"), full_page=True)
