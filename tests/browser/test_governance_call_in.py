"""The end of a call-in in a real browser: a democratic services officer records the scrutiny meeting's outcome
(referred back to the decision maker with recommendations; first without the recommendations, which is refused with
nothing lost), then the decision maker's reconsideration as a new version of the decision, which is published. Both
versions stay readable, and the decision may be implemented only once the reconsideration is published. A ward
councillor may read the decision but not record the reconsideration. Screenshots at 1280 pixels are kept in
var/screenshots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import DecisionDetails, ResolutionDetails
from commissioning.governance.models import CallIn, CallInOutcome, Decision, DecisionStatus, MakerKind
from commissioning.governance.selectors.decisions import decision_implementable
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.factories import BodyFactory, MeetingFactory, MembershipFactory
from tests.factories import CouncillorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
D = dt.date
FIRST_TEXT = "Library opening hours be reduced to four days a week."
SECOND_TEXT = "Library opening hours be reduced to four days a week, keeping Saturdays at the three busiest libraries."
RECOMMENDATIONS = "Keep Saturday opening at the three busiest libraries."


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"governance-{name}-1280.png"), full_page=True)


def fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def clerk(council: Organisation) -> User:
    return UserFactory.create(username="dana", first_name="Dana", last_name="Democratic", role=Role.DEMOCRATIC)


def called_in_decision(clerk: User) -> tuple[Decision, CallIn]:
    """Cabinet's decision, published on 3 December 2026 (call-in until 10 December) and called in on the 8th by two
    members of the scrutiny committee, whose meeting on the 15th considers it."""
    cabinet = BodyFactory.create(cabinet=True)
    MembershipFactory.create(body=cabinet)
    scrutiny = BodyFactory.create(scrutiny=True, name="Overview and Scrutiny Committee")
    member = UserFactory.create(username="sam", role=Role.SCRUTINY)
    sam = CouncillorFactory.create(user=member, name="Sam Scrutiny")
    rosa = CouncillorFactory.create(name="Rosa Reed")
    MembershipFactory.create(body=scrutiny, councillor=sam)
    MembershipFactory.create(body=scrutiny, councillor=rosa)
    MeetingFactory.create(body=scrutiny, starts_at=dt.datetime(2026, 12, 15, 18, 0, tzinfo=dt.UTC))
    decision = act.decision_create(
        details=DecisionDetails(
            title="Library opening hours",
            maker_kind=MakerKind.BODY,
            body=cabinet,
            decided_on=D(2026, 12, 2),
            reasons="Savings.",
            resolutions=[ResolutionDetails(number=1, text=FIRST_TEXT)],
        ),
        by=clerk,
    )
    decision = act.decision_publish(decision=decision, by=clerk, today=D(2026, 12, 3))
    call_in = act.call_in_make(
        decision=decision,
        by=member,
        grounds="The ward members were not consulted.",
        co_signatories=[rosa],
        today=D(2026, 12, 8),
    )
    return decision, call_in


def test_the_call_in_outcome_and_the_reconsideration_are_recorded_and_both_versions_stay_readable(
    browsing: Browsing, clerk: User, settings: Any
) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 12, 16)
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    decision, call_in = called_in_decision(clerk)

    sign_in(browsing, clerk)
    browsing.goto(f"/governance/decisions/{decision.pk}/")
    expect(page.get_by_test_id("implementable")).to_contain_text("Held while the call-in is open")
    browsing.click_to_load(page.get_by_test_id("call-in").get_by_role("link", name="Record the outcome"))

    # Wrong first: referred back without the committee's recommendations. Refused, naming what is missing, and the
    # rest of the form keeps what was entered.
    page.get_by_label("Referred back to the decision maker with recommendations").check()
    page.get_by_label("Scrutiny meeting").select_option(label="Overview and Scrutiny Committee, 15 December 2026")
    fill_date(page, "Date of the committee's decision", D(2026, 12, 15))
    browsing.click_to_load(page.get_by_role("button", name="Record the outcome"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=act.RECOMMENDATIONS_REQUIRED)).to_have_attribute(
        "href", "#id_recommendations"
    )
    expect(page.locator("#id_recommendations-error")).to_contain_text(act.RECOMMENDATIONS_REQUIRED)
    expect(page.get_by_label("Referred back to the decision maker with recommendations")).to_be_checked()
    expect(page.get_by_label("Scrutiny meeting").locator("option:checked")).to_have_text(
        "Overview and Scrutiny Committee, 15 December 2026"
    )
    expect(
        page.get_by_role("group", name=re.compile("^Date of the committee's decision")).get_by_label("Day")
    ).to_have_value("15")
    call_in.refresh_from_db()
    assert call_in.outcome == CallInOutcome.OPEN
    shot(page, "call-in-outcome-error")

    page.get_by_label("Recommendations (when referred)").fill(RECOMMENDATIONS)
    browsing.click_to_load(page.get_by_role("button", name="Record the outcome"))
    record = page.get_by_test_id("call-in")
    expect(record).to_contain_text("Referred back to the decision maker with recommendations")
    expect(record).to_contain_text("15 December 2026")
    expect(record).to_contain_text(f"Recommendations: {RECOMMENDATIONS}")
    expect(record.get_by_role("link", name="Record the outcome")).to_have_count(0)
    # Referred back: still held until the decision maker has reconsidered.
    expect(page.get_by_test_id("implementable")).to_contain_text("Held while the call-in is open")
    assert not decision_implementable(Decision.objects.get(pk=decision.pk), D(2026, 12, 16))

    # A ward councillor may read the decision but not record the reconsideration.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, UserFactory.create(username="cllr", role=Role.COUNCILLOR))
    browsing.goto(f"/governance/decisions/{decision.pk}/")
    expect(page.get_by_test_id("call-in")).to_contain_text(RECOMMENDATIONS)
    expect(page.get_by_role("link", name="Record the decision maker's reconsideration")).to_have_count(0)
    browsing.goto(f"/governance/call-ins/{call_in.pk}/reconsider/", status=403)
    assert Decision.objects.filter(reference=decision.reference).count() == 1

    # The decision maker's reconsideration: a new version, with its reason (left empty first).
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, clerk)
    browsing.goto(f"/governance/decisions/{decision.pk}/")
    browsing.click_to_load(page.get_by_role("link", name="Record the decision maker's reconsideration"))
    expect(page.get_by_text(f"Scrutiny recommended: {RECOMMENDATIONS}")).to_be_visible()
    browsing.click_to_load(page.get_by_role("button", name="Start the reconsideration"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(act.CHANGE_REASON_REQUIRED)
    assert Decision.objects.filter(reference=decision.reference).count() == 1
    page.get_by_label("What is the decision maker reconsidering, and why?").fill(
        "Cabinet accepted scrutiny's recommendation on Saturday opening."
    )
    browsing.click_to_load(page.get_by_role("button", name="Start the reconsideration"))
    browsing.click_to_load(page.get_by_test_id("call-in").get_by_role("link", name="version 2"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(page.get_by_test_id("implementable")).to_contain_text("Not yet published")
    browsing.click_to_load(page.get_by_role("button", name="Edit the draft"))
    page.locator("#id_resolution_1_text").fill(SECOND_TEXT)
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    browsing.click_to_load(page.get_by_role("button", name="Publish"))
    browsing.click_to_load(page.get_by_role("button", name="Publish the decision"))

    # Published: the call-in is over and the decision may be implemented; both versions are readable.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Published")
    expect(page.get_by_test_id("resolutions")).to_contain_text(SECOND_TEXT)
    expect(page.get_by_test_id("implementable")).to_contain_text("16 December 2026")
    expect(page.get_by_test_id("implementable")).to_contain_text("It may be implemented today.")
    versions = page.get_by_test_id("versions")
    expect(versions).to_contain_text("Cabinet accepted scrutiny's recommendation on Saturday opening.")
    expect(versions).to_contain_text("Superseded")
    shot(page, "call-in-reconsidered")
    current = Decision.objects.get(reference=decision.reference, version=2)
    assert current.status == DecisionStatus.PUBLISHED
    assert decision_implementable(current, D(2026, 12, 16))
    browsing.click_to_load(versions.get_by_role("link", name="Version 1"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Superseded")
    expect(page.get_by_test_id("resolutions")).to_contain_text(FIRST_TEXT)
    expect(page.get_by_test_id("resolutions")).not_to_contain_text("keeping Saturdays")
    expect(page.get_by_test_id("call-in")).to_contain_text("Reconsidered as version 2")
