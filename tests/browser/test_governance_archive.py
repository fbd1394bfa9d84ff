"""A meeting's minutes and its archive, in a real browser: a democratic services officer records the minutes of a
meeting with an exempt item (the open minutes may not name it: refused by name, nothing typed lost), archives the
meeting (a reason is required: refused by name, nothing saved) and restores it; an officer who does not keep meeting
records cannot restore it; a resident then sees the open minutes but not the exempt part. Screenshots at 1280 pixels
are kept in var/screenshots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.governance.actions.bodies import (
    MEETING_ARCHIVE_REASON_REQUIRED,
    MEETING_RESTORE_REASON_REQUIRED,
    OPEN_MINUTES_NAME_EXEMPT_ITEM,
)
from commissioning.governance.models import Meeting
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.factories import AgendaItemFactory, BodyFactory, MeetingFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
EXEMPT_TITLE = "Disposal of land: valuation"
OPEN_MINUTES = "1. Apologies were received from Councillor Moss.\nBefore item 2, the press and public were excluded."
EXEMPT_MINUTES = "2. The committee agreed to sell the depot at the valuation in the confidential report."


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"governance-{name}-1280.png"), full_page=True)


def error_link(page: Page, message: str) -> None:
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=message)).to_be_visible()


def test_a_clerk_minutes_archives_and_restores_a_meeting_and_a_resident_sees_only_the_open_minutes(
    browsing: Browsing, council: Organisation
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    committee = BodyFactory(name="Staff and Support Services Committee", seats=3)
    meeting = MeetingFactory(body=committee, starts_at=timezone.now() - dt.timedelta(days=2))
    meeting.agenda_published_on = timezone.localdate() - dt.timedelta(days=14)
    meeting.save()
    AgendaItemFactory(meeting=meeting, number=1, title="Apologies for absence")
    AgendaItemFactory(meeting=meeting, number=2, title=EXEMPT_TITLE, exempt_paragraph="3")
    clerk = UserFactory(username="dora", first_name="Dora", last_name="Clerk", role=Role.DEMOCRATIC)
    officer = UserFactory(username="oscar", first_name="Oscar", last_name="Officer", role=Role.OFFICER)
    address = f"/governance/meetings/{meeting.pk}/"

    # The minutes: the open part names the exempt item, so it is refused by name and both parts are kept.
    sign_in(browsing, clerk)
    browsing.goto(address)
    browsing.click_to_load(page.get_by_role("button", name="Record minutes"))
    page.get_by_label("Minutes", exact=True).fill(OPEN_MINUTES + "\n2. The disposal of land: valuation was agreed.")
    page.get_by_label("Exempt minutes (not for publication)").fill(EXEMPT_MINUTES)
    browsing.click_to_load(page.get_by_role("button", name="Save minutes"))
    error_link(page, OPEN_MINUTES_NAME_EXEMPT_ITEM.format(number=2, title=EXEMPT_TITLE))
    expect(page.get_by_label("Exempt minutes (not for publication)")).to_have_value(EXEMPT_MINUTES)
    assert Meeting.objects.get(pk=meeting.pk).minutes == ""
    shot(page, "minutes-error")
    page.get_by_label("Minutes", exact=True).fill(OPEN_MINUTES)
    browsing.click_to_load(page.get_by_role("button", name="Save minutes"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The minutes have been recorded.")
    expect(page.get_by_test_id("exempt-minutes")).to_contain_text(EXEMPT_MINUTES)
    expect(page.get_by_test_id("exempt-minutes")).to_contain_text("paragraph 3 of Schedule 12A")

    # Archive: without a reason it is refused by name and nothing is saved; with one, the meeting is archived.
    browsing.click_to_load(page.get_by_role("button", name="Archive meeting"))
    browsing.click_to_load(page.get_by_role("button", name="Archive meeting"))
    error_link(page, MEETING_ARCHIVE_REASON_REQUIRED)
    assert not Meeting.objects.get(pk=meeting.pk).is_archived
    page.get_by_label("Why is this meeting being archived?").fill("Arranged twice in error")
    browsing.click_to_load(page.get_by_role("button", name="Archive meeting"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The meeting has been archived.")
    expect(page.get_by_test_id("meeting-archived")).to_contain_text("Arranged twice in error")
    assert Meeting.objects.get(pk=meeting.pk).is_archived
    shot(page, "meeting-archived")

    # An officer sees it is archived but may not restore it; a resident does not find it at all.
    page.context.clear_cookies()
    sign_in(browsing, officer)
    browsing.goto(address)
    expect(page.get_by_test_id("meeting-archived")).to_be_visible()
    expect(page.get_by_role("button", name="Restore meeting")).to_have_count(0)
    browsing.goto(address + "restore", status=403)
    page.context.clear_cookies()
    browsing.goto(address, status=404)

    # Restore: without a reason it is refused by name; with one, the meeting is back.
    sign_in(browsing, clerk)
    browsing.goto(address)
    browsing.click_to_load(page.get_by_role("button", name="Restore meeting"))
    browsing.click_to_load(page.get_by_role("button", name="Restore meeting"))
    error_link(page, MEETING_RESTORE_REASON_REQUIRED)
    assert Meeting.objects.get(pk=meeting.pk).is_archived
    page.get_by_label("Why is this meeting being restored?").fill("It was the only meeting that day")
    browsing.click_to_load(page.get_by_role("button", name="Restore meeting"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The meeting has been restored.")
    expect(page.get_by_test_id("meeting-archived")).to_have_count(0)
    assert not Meeting.objects.get(pk=meeting.pk).is_archived

    # A resident sees the open minutes and that item 2's minutes are exempt, but not the exempt part.
    page.context.clear_cookies()
    browsing.goto(address)
    expect(page.get_by_test_id("open-minutes")).to_contain_text("Before item 2, the press and public were excluded.")
    expect(page.get_by_test_id("exempt-minutes-withheld")).to_contain_text(
        "The minutes of item 2 are exempt under paragraph 3 of Schedule 12A"
    )
    expect(page.get_by_test_id("exempt-minutes")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(EXEMPT_MINUTES)
    expect(page.locator("main")).not_to_contain_text(EXEMPT_TITLE)
    shot(page, "meeting-minutes-public")
