"""The Analyse-to-Plan gate in a real browser: the lead commissioner records the Programme Board's sign-off of the
review's evidence pack from the gate page's link. A sign-off dated tomorrow is refused, naming the field, with the
notes typed kept and nothing saved; the corrected sign-off is recorded and the gate page then says the gate to Plan
is passed. A cabinet member reads the gate page but may not record a sign-off. A screenshot at 1280 pixels is kept in
var/screenshots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.core.forms import DATE_TODAY_OR_PAST
from commissioning.core.permissions import Role
from commissioning.governance.models import Gate, GateSignOff
from commissioning.governance.selectors import involvement as selectors
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.involvement_world import build_world
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_the_programme_board_signs_off_the_evidence_pack_and_the_gate_to_plan_is_passed(
    browsing: Browsing, council: Any
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    officer = UserFactory(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)
    world = build_world(users={Role.OFFICER: officer})
    review = world["review"]
    today = timezone.localdate()

    sign_in(browsing, officer)
    browsing.goto(f"/governance/gates/reviews/{review.pk}/")
    expect(page.get_by_test_id("gate-stage")).to_contain_text("The review is at the Analyse stage. Next: Plan.")
    expect(page.get_by_test_id("gate-missing")).to_contain_text(selectors.NOT_SIGNED_OFF)
    browsing.click_to_load(page.get_by_test_id("gate-missing").get_by_role("link", name="Record the sign-off"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record Home care Programme Board's sign-off of the evidence pack"
    )

    # Wrong first: a sign-off dated tomorrow. Refused, naming the field; the notes typed are kept; nothing saved.
    _fill_date(page, "Signed off on", today + dt.timedelta(days=1))
    page.get_by_label("Notes (optional)").fill("Signed off subject to the equality impact assessment")
    browsing.click_to_load(page.get_by_role("button", name="Record the sign-off"))
    message = DATE_TODAY_OR_PAST.format(subject="Date of the sign-off")
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_label("Notes (optional)")).to_have_value("Signed off subject to the equality impact assessment")
    assert not GateSignOff.objects.exists()

    # Put right: recorded once, and the gate to Plan is passed.
    yesterday = today - dt.timedelta(days=1)
    _fill_date(page, "Signed off on", yesterday)
    browsing.click_to_load(page.get_by_role("button", name="Record the sign-off"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Home care Programme Board's sign-off of the evidence pack has been recorded."
    )
    expect(page.get_by_text("The gate to Plan is passed.")).to_be_visible()
    expect(page.get_by_role("button", name="Move the review to Plan")).to_be_visible()
    expect(
        page.get_by_text(f"Home care Programme Board signed off the evidence pack on {yesterday.day} ")
    ).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "governance-gate-signed-off-1280.png"), full_page=True)
    sign_off = GateSignOff.objects.get()
    assert (sign_off.review, sign_off.gate, sign_off.body) == (review, Gate.ANALYSE_TO_PLAN, world["board"])
    assert (sign_off.signed_off_on, sign_off.signed_off_by) == (yesterday, officer)
    assert sign_off.notes == "Signed off subject to the equality impact assessment"
    assert sign_off.history.count() == 1

    # A cabinet member reads the gate page but may neither record a sign-off nor move the review.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, world["cabinet_user"])
    browsing.goto(f"/governance/gates/reviews/{review.pk}/")
    expect(page.get_by_text("The gate to Plan is passed.")).to_be_visible()
    expect(page.get_by_role("button", name="Move the review to Plan")).to_have_count(0)
    browsing.goto(f"/governance/gates/reviews/{review.pk}/sign-off", status=403)
    assert GateSignOff.objects.count() == 1
