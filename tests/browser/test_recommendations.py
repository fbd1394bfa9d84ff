"""A scrutiny recommendation gets its executive response and is followed up to completion, in a real browser.

The cabinet member finds the recommendation awaiting a response on the home page, records the response first without
saying whether it is accepted (refused, naming the allowed values, with the reasons and the action plan kept), then
accepted with an action plan. A scrutiny member cannot respond (no button, and the page refuses them), follows up
the implementation, is refused signing it off while an action is still in progress, then signs it off once every
action is done."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.governance.actions import recommendations as act
from commissioning.governance.models import ImplementationStatus, Recommendation
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.factories import BodyFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
D = dt.date
REASONS = "Cabinet agrees: the ratings will be on the council's website from April."


def fill_date(page: Page | Locator, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_a_recommendation_gets_its_executive_response_and_is_followed_up_to_completion(
    browsing: Browsing, council: Organisation, settings: Any
) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 10, 25)
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    member = UserFactory.create(username="sam", role=Role.SCRUTINY)
    cabinet_member = UserFactory.create(username="carol", role=Role.CABINET)
    scrutiny = BodyFactory.create(scrutiny=True, name="Overview and Scrutiny Committee")
    cabinet = BodyFactory.create(cabinet=True)
    recs = [
        act.recommendation_create(
            details=act.RecommendationDetails(
                body=scrutiny, number=number, text=text, made_on=D(2026, 9, 1), executive=cabinet
            ),
            by=member,
        )
        for number, text in (
            ("SR-2026-01", "Publish the quality rating of every care home the council commissions."),
            ("SR-2026-02", "Report home care visits made on time each quarter."),
        )
    ]
    rec = recs[0]

    # The cabinet member sees the response owed on the home page, and records it.
    sign_in(browsing, cabinet_member)
    owed = page.get_by_test_id("work-recommendation-responses")
    browsing.click_to_load(
        owed.get_by_role("link", name="Recommendation SR-2026-01 of Overview and Scrutiny Committee")
    )
    expect(page.get_by_test_id("recommendation-status")).to_contain_text("Awaiting response")
    browsing.click_to_load(page.get_by_role("button", name="Record the response"))

    # Wrong first: no response chosen. Refused, naming the allowed values; what was typed is kept; nothing saved.
    page.get_by_label("Reasons").fill(REASONS)
    page.locator("#id_action_1_text").fill("Publish the ratings on the website")
    page.locator("#id_action_1_owner_name").fill("Head of quality")
    fill_date(page.get_by_role("group", name="Action 1"), "Due", D(2027, 4, 1))
    browsing.click_to_load(page.get_by_role("button", name="Record the response"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(act.RESPONSE_NOT_ALLOWED)
    expect(page.get_by_label("Reasons")).to_have_value(REASONS)
    expect(page.locator("#id_action_1_owner_name")).to_have_value("Head of quality")
    assert Recommendation.objects.get(pk=rec.pk).response == ""

    page.get_by_label("Accepted", exact=True).check()
    browsing.click_to_load(page.get_by_role("button", name="Record the response"))
    expect(page.get_by_test_id("recommendation-status")).to_contain_text("Accepted")
    expect(page.get_by_test_id("action-plan")).to_contain_text("Head of quality")
    expect(page.get_by_role("button", name="Record the response")).to_have_count(0)

    # A scrutiny member may not respond, to this or to any recommendation; they follow it up.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, member)
    browsing.goto(f"/governance/recommendations/{recs[1].pk}/")
    expect(page.get_by_role("button", name="Record the response")).to_have_count(0)
    browsing.goto(f"/governance/recommendations/{recs[1].pk}/respond/", status=403)
    assert Recommendation.objects.get(pk=recs[1].pk).response == ""

    browsing.goto(f"/governance/recommendations/{rec.pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Follow up implementation"))
    page.get_by_label("In progress").check()
    page.get_by_label("Yes: implemented and signed off").check()
    browsing.click_to_load(page.get_by_role("button", name="Record the follow-up"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(act.SIGN_OFF_WITH_ACTIONS_OPEN.format(open="action 1"))
    assert Recommendation.objects.get(pk=rec.pk).follow_ups.count() == 0

    page.get_by_label("Done", exact=True).check()
    browsing.click_to_load(page.get_by_role("button", name="Record the follow-up"))
    expect(page.get_by_test_id("recommendation-status")).to_contain_text("Signed off")
    expect(page.get_by_test_id("action-plan")).to_contain_text("Done")
    saved = Recommendation.objects.get(pk=rec.pk)
    assert (saved.implementation, saved.signed_off_on) == (ImplementationStatus.SIGNED_OFF, D(2026, 10, 25))
