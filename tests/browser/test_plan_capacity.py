"""Commissioning capacity and skills in the browser (issue 11).

An officer adds a commissioning officer: first a wrong input (no skill, negative days: the named errors, everything
typed kept, nothing saved), then the right one; the programme timeline then shows their days against the days the
reviews use, grouped by directorate and by skill (screenshots of both in var/screenshots). A director records a
judgement of a criterion (first without a reason: the named error, the score kept) and sets the skill a service's
review needs; a resident cannot reach either page.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.reviews import actions
from commissioning.reviews.calculations import current_quarter, quarter_after
from commissioning.reviews.models import CommissioningOfficer, PriorityJudgement, ServiceSkill, Skill
from commissioning.services.models import Service
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import DirectorateFactory, ReviewFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WEIGHTS = {
    "budget": 40,
    "savings": 0,
    "performance": 0,
    "contract_end": 0,
    "risk": 20,
    "strategic_fit": 0,
    "dissatisfaction": 0,
    "statutory": 40,
}


@pytest.fixture
def director(council: Organisation) -> User:
    return UserFactory.create(username="dana", first_name="Dana", last_name="Reid", role=Role.DIRECTOR)


@pytest.fixture
def home_care(director: User) -> Service:
    """Two reviews under way from this quarter: one of a service whose review needs procurement skills."""
    now = current_quarter()
    adults = DirectorateFactory.create(name="Adults' Services")
    place = DirectorateFactory.create(name="Place")
    home = ServiceFactory.create(
        reference="ASC-001", name="Home care", directorate=adults, gross_budget=Decimal("25000000")
    )
    actions.service_skill_set(service=home, skill=Skill.PROCUREMENT, by=director)
    ReviewFactory.create(
        reference="CR-2026-001",
        title="Review of home care",
        directorate=adults,
        services=[home],
        planned_start=now,
        planned_end=quarter_after(now, 2),
        published=True,
    )
    ReviewFactory.create(
        reference="CR-2026-002",
        title="Review of parks",
        directorate=place,
        services=[ServiceFactory.create(name="Parks", directorate=place)],
        planned_start=quarter_after(now, 1),
        planned_end=quarter_after(now, 4),
    )
    actions.priority_model_revise(weights=WEIGHTS, reason="Money and duty first", by=director)
    return home


def test_an_officer_adds_a_commissioning_officer_and_sees_the_capacity_on_the_timeline(
    browsing: Browsing, home_care: Service
) -> None:
    page = browsing.page
    officer = UserFactory.create(username="olu", first_name="Olu", last_name="Ade", role=Role.OFFICER)
    sign_in(browsing, officer)
    open_from_menu(browsing, "Plan", "Commissioning capacity")
    browsing.click_to_load(page.get_by_role("link", name="Add an officer"))

    # A wrong input first: no skill ticked, and negative days.
    page.get_by_label("Name").fill("Priya Shah")
    page.get_by_label("Grade").fill("PO5")
    page.get_by_label("Annual cost (£)").fill("£52,000")
    page.get_by_label("Days a quarter available for reviews").fill("-5")
    browsing.click_to_load(page.get_by_role("button", name="Add officer"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(actions.OFFICER_SKILLS_REQUIRED)
    expect(summary).to_contain_text(actions.OFFICER_DAYS_INVALID)
    expect(page.get_by_label("Name")).to_have_value("Priya Shah")
    expect(page.get_by_label("Grade")).to_have_value("PO5")
    expect(page.get_by_label("Annual cost (£)")).to_have_value("£52,000")
    expect(page.get_by_label("Days a quarter available for reviews")).to_have_value("-5")
    assert not CommissioningOfficer.objects.exists()

    # Put it right: procurement, 10 days a quarter (less than the 20 the review of home care uses).
    page.get_by_label("Procurement").check()
    page.get_by_label("Days a quarter available for reviews").fill("10")
    browsing.click_to_load(page.get_by_role("button", name="Add officer"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Shah")
    saved = CommissioningOfficer.objects.get()
    assert (saved.skills, saved.days_per_quarter, saved.annual_cost) == ([Skill.PROCUREMENT], 10, 52000)

    # The timeline: by directorate, with procurement over capacity while the review of home care runs.
    open_from_menu(browsing, "Plan", "Programme timeline")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme timeline")
    groups = page.get_by_test_id("timeline-group")
    expect(groups).to_have_count(2)
    expect(groups.first.get_by_role("heading", level=2)).to_have_text("Adults' Services")
    now = current_quarter()
    first = page.get_by_test_id("capacity").locator(f"tr[data-quarter='{now}']")
    expect(first).to_contain_text("20 of 10")
    expect(first).to_contain_text("Over by 10")
    expect(page.get_by_test_id("over-capacity")).to_contain_text(now)
    page.set_viewport_size({"width": 1280, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "plan-timeline-by-directorate-1280.png"), full_page=True)

    # Grouped by skill, without JavaScript's help: a link.
    browsing.click_to_load(page.get_by_test_id("grouping").get_by_role("link", name="skill"))
    assert page.url.endswith("/plan/timeline?by=skill")
    expect(groups.first.get_by_role("heading", level=2)).to_have_text("Procurement")
    expect(groups.nth(1).get_by_role("heading", level=2)).to_have_text("Generalist")
    page.screenshot(path=str(SCREENSHOTS / "plan-timeline-by-skill-1280.png"), full_page=True)

    # A bar leads to its review.
    browsing.click_to_load(groups.first.get_by_test_id("timeline-chart").get_by_role("link").first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review of home care")


def test_a_director_records_a_judgement_and_sets_a_services_skill_which_a_resident_cannot(
    browsing: Browsing, home_care: Service
) -> None:
    page = browsing.page
    director = User.objects.get(username="dana")
    sign_in(browsing, director)
    open_from_menu(browsing, "Plan", "Priorities")
    browsing.click_to_load(page.get_by_test_id("ranking").get_by_role("link", name="Home care"))
    browsing.click_to_load(page.get_by_role("link", name="Record a judgement of risk"))

    # A wrong input first: a score without a reason.
    page.get_by_label("4: high").check()
    browsing.click_to_load(page.get_by_role("button", name="Record the judgement"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(actions.JUDGEMENT_REASON_REQUIRED)
    expect(page.get_by_label("4: high")).to_be_checked()
    assert not PriorityJudgement.objects.exists()

    page.get_by_label("Why this score?").fill("The only provider in the north of the borough may close")
    browsing.click_to_load(page.get_by_role("button", name="Record the judgement"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your judgement of risk")
    expect(page.locator("tr[data-criterion='risk']")).to_contain_text(
        "Dana Reid: The only provider in the north of the borough may close"
    )

    # The skill its review needs: from procurement to adults' safeguarding.
    browsing.click_to_load(page.get_by_role("link", name="Change the skill it needs"))
    page.get_by_label(str(Skill.ADULTS_SAFEGUARDING.label)).check()
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    expect(page.get_by_test_id("skill")).to_contain_text(str(Skill.ADULTS_SAFEGUARDING.label).lower())
    assert ServiceSkill.objects.get(service=home_care).skill == Skill.ADULTS_SAFEGUARDING
    rationale = page.url

    # A resident reads the rationale but reaches neither page.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    browsing.goto(rationale.removeprefix(browsing.base_url))
    expect(page.get_by_role("link", name=re.compile("judgement"))).to_have_count(0)
    expect(page.get_by_role("link", name="Change the skill it needs")).to_have_count(0)
    for path in (f"/plan/services/{home_care.pk}/judge/risk", f"/plan/services/{home_care.pk}/skill"):
        browsing.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")
    assert PriorityJudgement.objects.count() == 1
