"""Decisions in a real browser: a democratic services officer records the Council's 29-for, 2-abstentions decision
and cannot edit it once published, then corrects it as a new version; a scrutiny member calls in an executive
decision on day 5 of its window and is refused on day 6; a key decision with 20 days' notice is refused until the
general exception is recorded. Each with a wrong input first and a user who must not do it. Screenshots at 1280
pixels are kept in var/screenshots."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import DecisionDetails, ForwardPlanDetails, ResolutionDetails
from commissioning.governance.models import Decision, DecisionStatus, MakerKind, MemberRole
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.factories import BodyFactory, MembershipFactory
from tests.factories import CouncillorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
D = dt.date


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"governance-{name}-1280.png"), full_page=True)


@pytest.fixture
def clerk(council: Organisation) -> User:
    return UserFactory.create(username="dana", first_name="Dana", last_name="Democratic", role=Role.DEMOCRATIC)


def fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def test_the_council_decision_is_recorded_published_and_corrected_as_a_new_version(
    browsing: Browsing, clerk: User, settings: Any
) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 12, 1)
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    BodyFactory.create(council=True)
    CouncillorFactory.create_batch(35)

    sign_in(browsing, clerk)
    browsing.goto("/governance/decisions/")
    browsing.click_to_load(page.get_by_role("button", name="Record a decision"))
    page.get_by_label("Matter").fill("Becoming a Strategic Commissioning Council")
    page.get_by_label("A body (Council, Cabinet or a committee)").check()
    page.get_by_label("Body or cabinet member").select_option(label="Full Council")
    fill_date(page, "Date of the decision", D(2026, 11, 26))
    page.get_by_label("Reasons for the decision").fill("A framework for the choices the council must make.")
    resolutions = [
        "The Chief Executive's proposals for a Strategic Commissioning Council be approved.",
        "A one-off resource of £80,000 be set aside, funded from virement as recommended by Cabinet.",
        "It be noted that formal consultation on the proposed new structure will be undertaken.",
        "The Appointments Committee be requested to complete any necessary recruitment processes.",
    ]
    for n, text in enumerate(resolutions, start=1):
        page.locator(f"#id_resolution_{n}_text").fill(text)
    page.locator("#id_resolution_2_amount").fill("80,000")
    page.locator("#id_resolution_2_one_off").check()
    page.locator("#id_resolution_2_funded_by").fill("Virement")
    # Wrong first: more votes than the Council has members.
    page.get_by_label("For", exact=True).fill("39")
    page.get_by_label("Abstained").fill("2")
    browsing.click_to_load(page.get_by_role("button", name="Record the decision"))
    message = act.VOTES_EXCEED_MEMBERS.format(total=41, body="Full Council", members=35, date="26 November 2026")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_votes_for")
    expect(page.locator("#id_votes_for-error")).to_contain_text(message)
    assert not Decision.objects.exists()
    shot(page, "decision-votes-error")

    page.get_by_label("For", exact=True).fill("29")
    browsing.click_to_load(page.get_by_role("button", name="Record the decision"))
    decision = Decision.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Becoming a Strategic Commissioning Council")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    expect(page.get_by_test_id("resolutions").locator("li")).to_have_count(4)
    expect(page.get_by_test_id("resolutions")).to_contain_text("£80,000 one-off, funded by Virement")
    expect(page.get_by_test_id("vote")).to_contain_text("29")

    browsing.click_to_load(page.get_by_role("button", name="Publish"))
    browsing.click_to_load(page.get_by_role("button", name="Publish the decision"))
    expect(page.get_by_test_id("call-in-deadline")).to_have_text("Not subject to call-in")
    expect(page.get_by_test_id("implementable")).to_contain_text("1 December 2026")
    shot(page, "decision-published")

    # Published: the edit page says why it cannot be changed, and saving is refused with nothing changed.
    final = act.PUBLISHED_IS_FINAL.format(reference=decision.reference, date="1 December 2026")
    browsing.goto(f"/governance/decisions/{decision.pk}/edit/")
    expect(page.locator(".govuk-error-summary")).to_contain_text(final)
    page.get_by_label("Matter").fill("Something else")
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(final)
    decision.refresh_from_db()
    assert decision.title == "Becoming a Strategic Commissioning Council"

    # Corrected as a new version, with a reason (left empty first).
    browsing.goto(f"/governance/decisions/{decision.pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Correct as a new version"))
    browsing.click_to_load(page.get_by_role("button", name="Start the new version"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why this version replaces the one before it")
    page.get_by_label("Why is this decision being corrected?").fill("Resolution 3 misquoted the report.")
    browsing.click_to_load(page.get_by_role("button", name="Start the new version"))
    page.locator("#id_resolution_3_text").fill("Formal consultation (stage 3, Appendix C) will be undertaken.")
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    browsing.click_to_load(page.get_by_role("button", name="Publish"))
    browsing.click_to_load(page.get_by_role("button", name="Publish the decision"))
    versions = page.get_by_test_id("versions")
    expect(versions).to_contain_text("Resolution 3 misquoted the report.")
    expect(versions).to_contain_text("Resolutions")
    expect(versions).to_contain_text("Superseded")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUPERSEDED
    assert decision.superseded_by.status == DecisionStatus.PUBLISHED
    shot(page, "decision-versions")
    browsing.click_to_load(versions.get_by_role("link", name="Version 1"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Superseded")

    # A ward councillor may read it but not record one.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, UserFactory.create(username="cllr", role=Role.COUNCILLOR))
    browsing.goto("/governance/decisions/")
    expect(page.get_by_role("button", name="Record a decision")).to_have_count(0)
    browsing.goto("/governance/decisions/add/", status=403)


def test_a_scrutiny_member_calls_in_on_day_five_and_is_refused_on_day_six(
    browsing: Browsing, clerk: User, settings: Any
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    cabinet = BodyFactory.create(cabinet=True)
    MembershipFactory.create(body=cabinet)
    scrutiny = BodyFactory.create(scrutiny=True)
    member = UserFactory.create(username="sam", first_name="Sam", last_name="Scrutiny", role=Role.SCRUTINY)
    MembershipFactory.create(body=scrutiny, councillor=CouncillorFactory.create(user=member, name="Sam Scrutiny"))
    MembershipFactory.create(body=scrutiny, councillor=CouncillorFactory.create(name="Rosa Reed"))
    MembershipFactory.create(
        body=scrutiny, councillor=CouncillorFactory.create(name="Chris Chair"), role=MemberRole.CHAIR
    )
    decision = act.decision_create(
        details=DecisionDetails(
            title="Library opening hours",
            maker_kind=MakerKind.BODY,
            body=cabinet,
            decided_on=D(2026, 12, 2),
            reasons="Savings.",
            resolutions=[ResolutionDetails(number=1, text="Opening hours be reduced.")],
        ),
        by=clerk,
    )
    decision = act.decision_publish(decision=decision, by=clerk, today=D(2026, 12, 3))
    assert decision.call_in_deadline == D(2026, 12, 10)  # day 5

    # Day 6: refused.
    settings.GOVERNANCE_TODAY = D(2026, 12, 11)
    sign_in(browsing, member)
    browsing.goto(f"/governance/decisions/{decision.pk}/call-in/")
    page.get_by_label("Grounds for the call-in").fill("The ward members were not consulted.")
    page.get_by_label("Rosa Reed").check()
    browsing.click_to_load(page.get_by_role("button", name="Call in the decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The call-in period for this decision ended on 10 December 2026"
    )
    assert not decision.call_ins.exists()
    shot(page, "call-in-refused")

    # Day 5: a wrong input first (no supporter), then called in.
    settings.GOVERNANCE_TODAY = D(2026, 12, 10)
    browsing.goto(f"/governance/decisions/{decision.pk}/")
    browsing.click_to_load(page.get_by_role("button", name="Call in this decision"))
    page.get_by_label("Grounds for the call-in").fill("The ward members were not consulted.")
    browsing.click_to_load(page.get_by_role("button", name="Call in the decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(act.TOO_FEW_MEMBERS.format(needed=2, count=1))
    assert not decision.call_ins.exists()
    page.get_by_label("Rosa Reed").check()
    browsing.click_to_load(page.get_by_role("button", name="Call in the decision"))
    expect(page.get_by_test_id("call-in")).to_contain_text("by Rosa Reed, Sam Scrutiny.")
    expect(page.get_by_test_id("implementable")).to_contain_text("Held while the call-in is open")
    expect(page.get_by_role("button", name="Call in this decision")).to_have_count(0)
    shot(page, "call-in-made")

    # A cabinet member may not call in.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, UserFactory.create(username="cab", role=Role.CABINET))
    browsing.goto(f"/governance/decisions/{decision.pk}/call-in/", status=403)


def test_a_key_decision_with_twenty_days_notice_waits_for_the_general_exception(
    browsing: Browsing, clerk: User, settings: Any
) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 11, 30)
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    cabinet = BodyFactory.create(cabinet=True)
    MembershipFactory.create(body=cabinet)
    act.forward_plan_entry_create(
        details=ForwardPlanDetails(
            matter="Day opportunities", decision_maker=cabinet, planned_on=D(2026, 11, 30), contact_officer=clerk
        ),
        by=clerk,
        publish_on=D(2026, 11, 9),  # 20 clear days before the decision
    )
    decision = act.decision_create(
        details=DecisionDetails(
            title="Day opportunities: new model",
            maker_kind=MakerKind.BODY,
            body=cabinet,
            decided_on=D(2026, 11, 30),
            reasons="Best value.",
            value=Decimal("900000"),
            resolutions=[ResolutionDetails(number=1, text="The new model be adopted.")],
        ),
        by=clerk,
    )
    sign_in(browsing, clerk)
    browsing.goto(f"/governance/decisions/{decision.pk}/publish/")
    browsing.click_to_load(page.get_by_role("button", name="Publish the decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(act.KEY_NOT_ON_PLAN)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    shot(page, "key-decision-refused")

    # On the draft: the forward plan entry, then the general exception with the chair told too late, then in time.
    browsing.goto(f"/governance/decisions/{decision.pk}/edit/")
    page.get_by_label("Forward plan entry (key decisions)").select_option(index=1)
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("before its forward plan notice allows")
    page.get_by_role("radio", name=re.compile("General exception")).check()
    fill_date(page, "Date the scrutiny chair was told", D(2026, 11, 27))
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(act.CHAIR_TOLD_TOO_LATE.format(days=2, needed=5))
    fill_date(page, "Date the scrutiny chair was told", D(2026, 11, 20))
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    browsing.click_to_load(page.get_by_role("button", name="Publish"))
    browsing.click_to_load(page.get_by_role("button", name="Publish the decision"))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PUBLISHED
    browsing.goto("/governance/decisions/urgent/")
    expect(page.get_by_role("link", name="Day opportunities: new model")).to_be_visible()
    shot(page, "urgent-decisions")

    # The public sees the list but cannot publish.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    browsing.goto("/governance/forward-plan/")
    browsing.goto(f"/governance/decisions/{decision.pk}/publish/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
