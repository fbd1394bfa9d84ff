"""Member involvement and stage gates, in a real browser.

A review is held at the Plan-to-Do gate while its decision's call-in window is open (the gate page says so and links
to the decision; the move is refused and nothing changes), and moves on the day after the window closes. A ward
councillor finds the review affecting their ward on "My involvement". An amendment to a review's plan without a
reason is refused with a clear error, keeping what was typed. A provider finds neither page (404) and a resident is
asked to sign in. "Today" is set through the involvement selectors' clock. Screenshots at 1280 pixels are kept in
var/screenshots for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from commissioning.core.permissions import Role
from commissioning.governance.actions import involvement as actions
from commissioning.governance.models import InvolvementEntry
from commissioning.governance.selectors import involvement as selectors
from commissioning.reviews.models import CommissioningReview, Stage
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.involvement_world import DEADLINE, adopting_decision_for, build_world
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def world(council: Any) -> dict[str, Any]:
    officer = UserFactory(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)
    ward_user = UserFactory(username="ada", first_name="Ada", last_name="North", role=Role.COUNCILLOR)
    return build_world(users={Role.OFFICER: officer, Role.COUNCILLOR: ward_user})


def _on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(selectors, "today", lambda: day)


def _shot(browsing: Browsing, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browsing.page.screenshot(path=str(SCREENSHOTS / f"{name}-1280.png"), full_page=True)


def test_a_review_is_held_at_the_plan_to_do_gate_until_the_call_in_window_closes(
    browsing: Browsing, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    review = world["review"]
    review.stage = Stage.PLAN
    review.save()
    adopting_decision_for(world)
    actions.involvement_plan_generate(review=review, by=world["officer"])
    _on(monkeypatch, DEADLINE)

    sign_in(browsing, world["officer"])
    browsing.goto(f"/reviews/{review.pk}/")
    expect(page.get_by_role("heading", name="Member involvement")).to_be_visible()
    expect(page.get_by_test_id("review-involvement")).to_contain_text("Decide on the business case")
    browsing.click_to_load(page.get_by_test_id("review-gate-link"))
    expect(page.get_by_test_id("gate-stage")).to_contain_text("The review is at the Plan stage. Next: Do.")
    missing = page.get_by_test_id("gate-missing")
    expect(missing).to_contain_text(
        selectors.CALL_IN_WINDOW_OPEN.format(deadline="8 June 2026", from_day="9 June 2026")
    )
    _shot(browsing, "governance-gate-held")

    # Trying anyway is refused, naming what is missing, and nothing changes.
    history = CommissioningReview.history.count()
    browsing.click_to_load(page.get_by_role("button", name="Move the review to Do"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("CR-2026-501 cannot move from Plan to Do")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The call-in window is open until 8 June 2026")
    assert CommissioningReview.objects.get(pk=review.pk).stage == Stage.PLAN
    assert CommissioningReview.history.count() == history

    # The day after the window closes (no call-in made), the gate is passed.
    _on(monkeypatch, DEADLINE + dt.timedelta(days=1))
    browsing.goto(f"/governance/gates/reviews/{review.pk}/")
    expect(page.get_by_text("The gate to Do is passed.")).to_be_visible()
    browsing.click_to_load(page.get_by_role("button", name="Move the review to Do"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Review of home care has moved to the Do stage."
    )
    expect(page.get_by_test_id("gate-stage")).to_contain_text("The review is at the Do stage.")
    assert CommissioningReview.objects.get(pk=review.pk).stage == Stage.DO
    _shot(browsing, "governance-gate-passed")


def test_a_ward_councillor_finds_the_review_affecting_their_ward(
    browsing: Browsing, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    _on(monkeypatch, dt.date(2026, 5, 10))

    sign_in(browsing, world["ward_user"])
    browsing.goto("/governance/involvement/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My involvement")
    rows = page.get_by_test_id("my-involvement").locator("tbody tr")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text("Review of home care")
    expect(row).to_contain_text("Analyse")
    expect(row).to_contain_text("Consulted")
    expect(row).to_contain_text("Say what residents of your ward tell you about the service, by 29 April 2026")
    expect(row.get_by_text("Overdue")).to_be_visible()
    _shot(browsing, "governance-my-involvement")
    browsing.click_to_load(row.get_by_role("link", name="Review of home care"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review of home care")


def test_an_amendment_without_a_reason_is_refused_and_keeps_what_was_typed(
    browsing: Browsing, world: dict[str, Any]
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    review = world["review"]
    sign_in(browsing, world["officer"])
    browsing.goto(f"/governance/involvement/reviews/{review.pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Add someone"))
    page.get_by_label("Councillor").select_option(label="Councillor Ben South")
    page.get_by_role("radio", name="Consulted").check()
    page.get_by_label("What is asked of them").fill("Meet the residents' forum")
    browsing.click_to_load(page.get_by_role("button", name="Add to the plan"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(actions.AMENDMENT_REASON_REQUIRED)
    expect(page.get_by_label("What is asked of them")).to_have_value("Meet the residents' forum")
    assert not InvolvementEntry.objects.exists()
    _shot(browsing, "governance-amendment-error")

    page.get_by_label("Why does this review depart from the council's protocol?").fill("The day centre is in South")
    browsing.click_to_load(page.get_by_role("button", name="Add to the plan"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added to the plan")
    expect(page.get_by_test_id("plan-analyse")).to_contain_text("The day centre is in South")
    assert InvolvementEntry.objects.get().amendment_reason == "The day centre is in South"


def test_a_provider_or_resident_does_not_see_my_involvement_or_the_gate_page(
    browsing: Browsing, world: dict[str, Any]
) -> None:
    page = browsing.page
    review = world["review"]
    browsing.goto("/governance/involvement/mine/")
    assert page.url.startswith(f"{browsing.base_url}/sign-in")
    browsing.goto(f"/governance/gates/reviews/{review.pk}/")
    assert page.url.startswith(f"{browsing.base_url}/sign-in")

    sign_in(browsing, UserFactory(username="pat", role=Role.PROVIDER))
    browsing.goto("/governance/involvement/mine/", status=404)
    browsing.goto(f"/governance/gates/reviews/{review.pk}/", status=404)
    browsing.goto(f"/governance/involvement/reviews/{review.pk}/", status=404)


def test_a_democratic_services_officer_amends_the_protocol_saying_why(
    browsing: Browsing, world: dict[str, Any]
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, world["democratic"])
    browsing.goto("/governance/involvement/protocol/")
    expect(page.get_by_test_id("protocol-analyse")).to_contain_text("Sign off the evidence pack")
    browsing.click_to_load(
        page.get_by_test_id("protocol-analyse").get_by_role("link", name="Change the relevant scrutiny committee")
    )
    page.get_by_label("What is asked of them").fill("Hold a challenge session on the evidence")
    browsing.click_to_load(page.get_by_role("button", name="Save the change"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(actions.PROTOCOL_REASON_REQUIRED)
    expect(page.get_by_label("What is asked of them")).to_have_value("Hold a challenge session on the evidence")
    page.get_by_label("Why is the protocol changing?").fill("Agreed at the member working group")
    browsing.click_to_load(page.get_by_role("button", name="Save the change"))
    expect(page.get_by_test_id("protocol-analyse")).to_contain_text("Hold a challenge session on the evidence")
    expect(page.get_by_test_id("protocol-changes").locator("tbody tr").first).to_contain_text(
        "Agreed at the member working group"
    )
    _shot(browsing, "governance-protocol")
