"""A cabinet member compares two programme scenarios side by side and adopts one by a recorded decision; the reviews
and the forward plan follow (ADR 0023).

First a wrong input (no reasons for the decision: the named error, the decision maker and date kept, nothing saved),
then the decision: it is published, the planned review moves to its quarters, a new review is planned for the
service no review covered, and its key decision is on the forward plan. A scrutiny member sees the scenarios but
no Adopt button, and is refused the adopt page.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.governance.actions.programme import ADOPT_REASONS_REQUIRED
from commissioning.governance.models import Decision, ForwardPlanEntry
from commissioning.reviews import actions, calculations
from commissioning.reviews.actions import ScenarioDetails
from commissioning.reviews.models import CommissioningReview, ProgrammeScenario, ScenarioStatus, Skill
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.governance.factories import BodyFactory
from tests.factories import ReviewFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# Set PLAN_SCREENSHOTS to a directory to keep screenshots of the compare and adopt pages for a person to look at.
SCREENSHOTS = os.environ.get("PLAN_SCREENSHOTS", "")


def _screenshot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def _levers(name: str, generalist: int, description: str) -> ScenarioDetails:
    capacity: dict[str, Decimal | None] = dict.fromkeys(Skill.values, Decimal(0))
    capacity[Skill.GENERALIST] = Decimal(generalist)
    return ScenarioDetails(
        name=name,
        description=description,
        first_quarter=calculations.current_quarter(),
        horizon=4,
        capacity=capacity,
        priority_weight=Decimal(1000),
    )


@pytest.fixture
def world(council: Organisation) -> dict[str, Any]:
    director = UserFactory.create(username="dana", first_name="Dana", last_name="Reid", role=Role.DIRECTOR)
    wards = [WardFactory.create(), WardFactory.create()]
    home = ServiceFactory.create(reference="ASC-001", name="Home care", gross_budget=Decimal(2_000_000), wards=wards)
    ServiceFactory.create(reference="LIB-001", name="Libraries", gross_budget=Decimal(150_000))
    parks = ServiceFactory.create(reference="ENV-001", name="Parks", gross_budget=Decimal(400_000))
    planned = ReviewFactory.create(
        services=[parks], title="Parks review", planned_start="2035/36 Q1", planned_end="2035/36 Q2"
    )
    full = actions.programme_scenario_create(details=_levers("Full team", 60, "Three reviews at a time."), by=director)
    actions.programme_scenario_create(details=_levers("One at a time", 20, "A team of one."), by=director)
    return {
        "cabinet_member": UserFactory.create(username="carl", first_name="Carl", last_name="Hart", role=Role.CABINET),
        "scrutiny": UserFactory.create(username="sam", first_name="Sam", last_name="Ode", role=Role.SCRUTINY),
        "cabinet": BodyFactory.create(cabinet=True),
        "home": home,
        "planned": planned,
        "full": full,
    }


def test_a_cabinet_member_compares_two_scenarios_and_adopts_one(browsing: Browsing, world: dict[str, Any]) -> None:
    page = browsing.page
    sign_in(browsing, world["cabinet_member"])
    open_from_menu(browsing, "Plan", "Programme scenarios")
    expect(page.get_by_test_id("scenarios").locator("tbody tr")).to_have_count(2)
    page.get_by_label("First scenario").select_option(label="Full team")
    page.get_by_label("Second scenario").select_option(label="One at a time")
    browsing.click_to_load(page.get_by_role("button", name="Compare"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Full team compared with One at a time")
    figures = page.get_by_test_id("compare-figures")
    expect(figures.locator("tr", has_text="Review days a quarter")).to_contain_text("60")
    expect(figures.locator("tr", has_text="Review days a quarter")).to_contain_text("20")
    expect(page.get_by_test_id("only-first")).to_contain_text("Review of")  # the team of one does fewer
    _screenshot(page, "compare.png")

    browsing.click_to_load(page.get_by_role("button", name="Adopt Full team"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopt Full team as the council's programme")
    # A wrong input first: no reasons.
    browsing.click_to_load(page.get_by_role("button", name="Record the decision and adopt"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(ADOPT_REASONS_REQUIRED)
    expect(page.get_by_label("Decision maker")).to_have_value(str(world["cabinet"].pk))
    _screenshot(page, "adopt-error.png")
    assert not Decision.objects.exists()
    assert ProgrammeScenario.objects.get(pk=world["full"].pk).status == ScenarioStatus.SOLVED

    page.get_by_label("Reasons for the decision").fill("It delivers the most savings our team can run.")
    browsing.click_to_load(page.get_by_role("button", name="Record the decision and adopt"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Full team is now the council's programme of reviews"
    )
    decision = Decision.objects.get(scenario=world["full"])
    assert page.url == f"{browsing.base_url}/governance/decisions/{decision.pk}/"
    expect(page.get_by_test_id("adopted-programme")).to_contain_text("Full team")
    rows = {row.key: row for row in world["full"].rows.filter(archived_at__isnull=True)}
    planned = CommissioningReview.objects.get(pk=world["planned"].pk)
    assert planned.planned_start == rows[planned.reference].start_quarter
    new = CommissioningReview.objects.get(services=world["home"])
    entry = ForwardPlanEntry.objects.get(review=new)  # Home care's decision will be key: two wards, over £500,000

    browsing.goto("/governance/forward-plan/")
    expect(page.locator("main")).to_contain_text(entry.matter)
    browsing.goto(f"/governance/decisions/{decision.pk}/")
    browsing.click_to_load(page.get_by_role("link", name="The council's programme"))
    expect(page.locator("main")).to_contain_text("Full team")
    expect(page.get_by_role("link", name="Rationale for Home care")).to_be_visible()

    # A scrutiny member sees the scenarios, but no Adopt button, and may not adopt.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, world["scrutiny"])
    other = ProgrammeScenario.objects.get(name="One at a time")
    browsing.goto(f"/plan/scenarios/{other.pk}/")
    expect(page.get_by_role("button", name=re.compile("^Adopt"))).to_have_count(0)
    browsing.goto(f"/governance/programme/scenarios/{other.pk}/adopt", status=403)
    assert Decision.objects.count() == 1
