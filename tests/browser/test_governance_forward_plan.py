"""The forward plan of key decisions in a real browser: a democratic services officer changes an entry from its
"Change" link. A date of the decision already past is refused, naming the field, with everything typed kept and
nothing saved; the corrected change is saved with one history entry and shows on the plan. A scrutiny councillor
reads the plan but has no "Change" link and is refused the change page. A screenshot at 1280 pixels is kept in
var/screenshots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.forms import DATE_TODAY_OR_FUTURE
from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import ForwardPlanDetails
from commissioning.governance.forms.decisions import PLANNED_ON_SUBJECT
from commissioning.governance.models import ForwardPlanEntry
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.factories import BodyFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_a_democratic_services_officer_changes_a_forward_plan_entry(browsing: Browsing, council: Organisation) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    today = timezone.localdate()
    clerk = UserFactory.create(username="dana", first_name="Dana", last_name="Democratic", role=Role.DEMOCRATIC)
    cabinet = BodyFactory.create(cabinet=True)
    entry = act.forward_plan_entry_create(
        details=ForwardPlanDetails(
            matter="Parks café concession",
            decision_maker=cabinet,
            planned_on=today + dt.timedelta(days=60),
            contact_officer=clerk,
            documents="Report of the Director of Place",
        ),
        by=clerk,
        publish_on=today - dt.timedelta(days=1),
    )
    history = entry.history.count()

    sign_in(browsing, clerk)
    browsing.goto("/governance/forward-plan/")
    row = page.locator(f"#{entry.reference}")
    expect(row).to_contain_text("Parks café concession")
    browsing.click_to_load(row.get_by_role("link", name=f"Change {entry.reference}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Parks café concession")

    # Wrong first: the decision moved to a day already past. Refused, naming the field; what was typed is kept.
    page.get_by_label("Matter").fill("Parks café lease")
    page.get_by_label("Documents to be considered").fill("Report of the Director of Place\nValuation summary")
    _fill_date(page, "Date of the decision", today - dt.timedelta(days=3))
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    message = DATE_TODAY_OR_FUTURE.format(subject=PLANNED_ON_SUBJECT)
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_label("Matter")).to_have_value("Parks café lease")
    expect(page.get_by_label("Documents to be considered")).to_have_value(
        "Report of the Director of Place\nValuation summary"
    )
    entry.refresh_from_db()
    assert (entry.matter, entry.planned_on) == ("Parks café concession", today + dt.timedelta(days=60))
    assert entry.history.count() == history

    # Put right: saved once, with its history, and shown on the plan under the new date.
    later = today + dt.timedelta(days=90)
    _fill_date(page, "Date of the decision", later)
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Your changes to {entry.reference} have been saved."
    )
    row = page.locator(f"#{entry.reference}")
    expect(row).to_contain_text("Parks café lease")
    expect(row).to_contain_text(_long(later))
    expect(row).to_contain_text("Valuation summary")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "governance-forward-plan-changed-1280.png"), full_page=True)
    entry.refresh_from_db()
    assert (entry.matter, entry.planned_on) == ("Parks café lease", later)
    assert entry.first_published_on == today - dt.timedelta(days=1)  # the notice still runs from first publication
    assert entry.history.count() == history + 1
    assert ForwardPlanEntry.objects.count() == 1

    # A scrutiny councillor reads the plan but may not change it.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, UserFactory.create(username="sam", role=Role.SCRUTINY))
    browsing.goto("/governance/forward-plan/")
    expect(page.locator(f"#{entry.reference}")).to_contain_text("Parks café lease")
    expect(page.get_by_test_id("forward-plan").get_by_role("link", name=re.compile(r"^Change"))).to_have_count(0)
    browsing.goto(f"/governance/forward-plan/{entry.pk}/edit/", status=403)
    entry.refresh_from_db()
    assert entry.matter == "Parks café lease"
