"""The navigation and the home page, in a real browser, as three people with different work.

The header groups the pages by what people do (commissioning.registry.Group): each group leads to its only item or
to a page listing its items, and the user's own pages are under their name. It stays on one row at 1280 pixels for
every role. Each person's home page shows their own work (what awaits them, what is overdue, what is new since they
last signed in) and not anyone else's. Screenshots of each home page at 1280 pixels go to $SCREENSHOT_DIR (or the
test's temporary folder), never into git.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning import registry
from commissioning.accounts.models import Councillor, Organisation, User
from commissioning.appraisals.models import BusinessCaseStatus
from commissioning.core.permissions import Role
from commissioning.reviews.models import ReviewStatus
from tests.browser.helpers import Browsing, menu_link, open_from_menu, open_own_page, sign_in
from tests.commissioning.appraisals.factories import BusinessCaseFactory
from tests.commissioning.intelligence.factories import WardIntelligenceFactory
from tests.factories import (
    CouncillorFactory,
    DirectorateFactory,
    ReviewFactory,
    ServiceFactory,
    UserFactory,
    WardFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

WIDTH = 1280
# Long names, as real ones can be: the header must still fit on one row.
NAMES = {
    Role.OFFICER: ("Olivia", "Okafor-Richardson"),
    Role.DIRECTOR: ("Devendra", "Patel-Whitworth"),
    Role.FINANCE: ("Francesca", "Montgomery-Hughes"),
    Role.CABINET: ("Catherine", "Abernethy-Lloyd"),
    Role.SCRUTINY: ("Sebastian", "Fitzgerald-Owen"),
    Role.COUNCILLOR: ("Adaeze", "Lovell-Castellanos"),
    Role.PROVIDER: ("Priyanka", "Ramaswamy-Jones"),
    Role.ADMIN: ("Alexandra", "Worthington-Smyth"),
}


@pytest.fixture
def people(council: Organisation) -> dict[str, Any]:
    users = {
        role: UserFactory.create(
            username=role, first_name=first, last_name=last, role=role, is_staff=role == Role.ADMIN
        )
        for role, (first, last) in NAMES.items()
    }
    millbrook = WardFactory.create(name="Millbrook")
    councillor: Councillor = CouncillorFactory.create(
        name="Adaeze Lovell-Castellanos", user=users[Role.COUNCILLOR], wards=[millbrook]
    )
    directorate = DirectorateFactory.create(name="Place and Environment", code="PLE", director=users[Role.DIRECTOR])
    bins = ServiceFactory.create(
        reference="PLE-001",
        name="Household waste collection",
        directorate=directorate,
        accountable_officer=users[Role.OFFICER],
        wards=[millbrook],
        next_review_due=timezone.localdate() - dt.timedelta(days=20),
    )
    WardIntelligenceFactory.create(
        service=bins, ward=millbrook, councillor=councillor, title="Bins missed on Mill Lane"
    )
    WardIntelligenceFactory.create(
        service=bins, ward=millbrook, councillor=councillor, title="New bin rota", responded=True
    )
    review = ReviewFactory.create(
        title="Waste and recycling review",
        directorate=directorate,
        lead_commissioner=users[Role.OFFICER],
        status=ReviewStatus.IN_PROGRESS,
        planned_start="2024/25 Q1",
        planned_end="2024/25 Q4",
    )
    users["case"] = BusinessCaseFactory.create(
        review=review, status=BusinessCaseStatus.SUBMITTED, submitted_at=timezone.now(), board="Programme Board"
    )
    # Each signed in once before, a week ago: the home page shows what is new since.
    User.objects.update(last_login=timezone.now() - dt.timedelta(days=7))
    return users


def header_items(page: Page) -> list[str]:
    return page.get_by_label("Menu").locator(".govuk-service-navigation__item").all_inner_texts()


def account_items(page: Page) -> list[str]:
    return page.get_by_label("Your account").locator("li").all_inner_texts()


def _boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return [box for box in (item.bounding_box() for item in page.locator(selector).all()) if box is not None]


def assert_header_on_one_row(page: Page) -> None:
    """The header bar (the council's name, the user's name and Sign out) is one line, and so is the service
    navigation (the service's name and every group), and nothing runs past the page's width."""
    navigation = _boxes(page, ".govuk-service-navigation__service-name, .govuk-service-navigation__item")
    assert len(navigation) >= 3
    tops = sorted({round(box["y"]) for box in navigation})
    assert tops[-1] - tops[0] <= 2, f"the service navigation wraps: item tops at {tops}"
    bar = _boxes(page, ".govuk-header__logo, .council-header__account-item")
    middles = sorted({round(box["y"] + box["height"] / 2) for box in bar})
    assert middles[-1] - middles[0] <= 12, f"the header bar wraps: item middles at {middles}"
    assert max(box["x"] + box["width"] for box in navigation + bar) <= WIDTH


def screenshot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def work(page: Page, key: str) -> Any:
    return page.get_by_test_id(f"work-{key}")


def test_an_officer_finds_their_work_and_their_groups(
    browsing: Browsing, people: dict[str, Any], tmp_path: Path
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": WIDTH, "height": 900})
    sign_in(browsing, people[Role.OFFICER])
    assert header_items(page) == ["Services", "Analyse", "Plan", "Decide", "Deliver", "Review", "Imports"]
    assert account_items(page) == ["Olivia Okafor-Richardson (Commissioning officer)", "Sign out"]
    assert_header_on_one_row(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(work(page, "intelligence-to-answer")).to_contain_text("Bins missed on Mill Lane")
    expect(work(page, "reviews-overdue")).to_contain_text("Waste and recycling review")
    expect(work(page, "services-review-overdue")).to_contain_text("Household waste collection")
    expect(work(page, "business-cases-new")).to_contain_text("Waste and recycling review")
    expect(work(page, "business-cases-to-decide")).to_have_count(0)  # not an officer's to decide
    expect(work(page, "intelligence-answers")).to_have_count(0)  # a councillor's
    screenshot(page, "home-officer", tmp_path)

    # Analyse lists its pages; the one chosen is then marked as the current group.
    open_from_menu(browsing, "Analyse")
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse")
    expect(page.get_by_test_id("group-items").get_by_role("link")).to_have_text(
        ["Outcomes", "Wards and councillors", "Ward intelligence"]
    )
    expect(menu_link(page, "Analyse")).to_have_attribute("aria-current", "page")
    open_from_menu(browsing, "Analyse", "Ward intelligence")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ward intelligence")
    expect(menu_link(page, "Analyse")).to_have_attribute("aria-current", "true")
    expect(menu_link(page, "Plan")).not_to_have_attribute("aria-current", "true")

    # From the home page, a piece of work leads to its record.
    browsing.click_to_load(page.get_by_role("link", name="Commissioning", exact=True))
    browsing.click_to_load(work(page, "reviews-overdue").get_by_role("link", name="Waste and recycling review (CR-"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waste and recycling review")
    expect(menu_link(page, "Plan")).to_have_attribute("aria-current", "true")

    open_own_page(browsing, "Notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_test_id("account")).to_have_attribute("aria-current", "true")


def test_a_councillor_finds_the_answers_to_their_intelligence(
    browsing: Browsing, people: dict[str, Any], tmp_path: Path
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": WIDTH, "height": 900})
    sign_in(browsing, people[Role.COUNCILLOR])
    assert header_items(page) == ["Services", "Analyse", "Plan", "Decide", "Deliver", "Review"]
    assert account_items(page) == ["Adaeze Lovell-Castellanos (Ward councillor)", "Sign out"]
    assert_header_on_one_row(page)

    expect(work(page, "intelligence-answers")).to_contain_text("New bin rota")
    expect(work(page, "intelligence-to-answer")).to_have_count(0)  # the service answers, not the councillor
    expect(work(page, "business-cases-to-decide")).to_have_count(0)
    expect(work(page, "intelligence-overdue")).to_have_count(0)  # theirs is not overdue
    expect(work(page, "services-review-overdue")).to_have_count(0)  # the programme is not a ward councillor's work
    expect(work(page, "reviews-overdue")).to_have_count(0)
    screenshot(page, "home-councillor", tmp_path)

    # Their own ward intelligence is under their name, not under Analyse.
    open_from_menu(browsing, "Analyse")
    expect(page.get_by_test_id("group-items").get_by_role("link")).to_have_text(["Outcomes", "Wards and councillors"])
    open_own_page(browsing, "My ward intelligence")
    expect(page.get_by_test_id("my-intelligence")).to_have_count(2)
    expect(page.get_by_test_id("my-intelligence").last).to_contain_text("Bins missed on Mill Lane")
    expect(page.get_by_test_id("account")).to_have_attribute("aria-current", "true")
    browsing.click_to_load(page.get_by_test_id("account"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(2)  # in the header and on the page


def test_a_cabinet_member_finds_the_business_cases_to_decide(
    browsing: Browsing, people: dict[str, Any], tmp_path: Path
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": WIDTH, "height": 900})
    sign_in(browsing, people[Role.CABINET])
    assert header_items(page) == ["Services", "Analyse", "Plan", "Decide", "Deliver", "Review"]
    assert account_items(page) == ["Catherine Abernethy-Lloyd (Cabinet member)", "Sign out"]
    assert_header_on_one_row(page)

    expect(work(page, "business-cases-to-decide")).to_contain_text("Waste and recycling review")
    expect(work(page, "business-cases-to-decide")).to_contain_text("Submitted to Programme Board on")
    expect(work(page, "intelligence-to-answer")).to_have_count(0)
    expect(work(page, "failed-imports")).to_have_count(0)
    screenshot(page, "home-cabinet", tmp_path)

    open_from_menu(browsing, "Plan")
    expect(page.get_by_test_id("group-items").get_by_role("link")).to_have_text(
        [
            "Reviews",
            "Priorities",
            "Commissioning capacity",
            "Programme scenarios",
            "Programme timeline",
            "Business cases",
        ]
    )
    browsing.click_to_load(page.get_by_role("link", name="Commissioning", exact=True))
    # The case leads to its page (a factory's submitted case has no frozen snapshot to draw, so it is not opened).
    case = people["case"]
    expect(work(page, "business-cases-to-decide").get_by_role("link").first).to_have_attribute(
        "href", f"/appraisals/business-cases/{case.pk}/"
    )


def test_the_header_stays_on_one_row_at_1280_pixels_for_everyone(browsing: Browsing, people: dict[str, Any]) -> None:
    """A resident, then each role in turn (signed out between them, in one browser page)."""
    page = browsing.page
    page.set_viewport_size({"width": WIDTH, "height": 900})
    browsing.goto("/")
    assert_header_on_one_row(page)
    for role in NAMES:
        page.context.clear_cookies()
        sign_in(browsing, people[role])
        try:
            assert_header_on_one_row(page)
        except AssertionError as failure:
            raise AssertionError(f"signed in as {role}: {failure}") from failure


def test_the_header_stays_on_one_row_when_every_group_is_filled(
    browsing: Browsing, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Apps still to come (governance, contracts, finance, residents, risks) fill Decide, Deliver and Review: the
    administrator, who sees the most groups, still has the header on one row (the live server shares this process,
    so the stand-in apps below are in its registry)."""
    stand_ins = registry.App(
        "commissioning.governance",
        registry.Tier.DELIVER,
        nav=tuple(
            registry.NavItem(
                text, 100 + index, (registry.Link("reviews:list", "reviews.list_commissioningreviews"),), group
            )
            for index, (text, group) in enumerate(
                [
                    ("Decisions", registry.Group.DECIDE),
                    ("Meetings", registry.Group.DECIDE),
                    ("Contracts", registry.Group.DELIVER),
                    ("Savings", registry.Group.DELIVER),
                    ("Complaints", registry.Group.REVIEW),
                    ("Performance returns", registry.Group.REVIEW),
                ]
            )
        ),
    )
    monkeypatch.setattr(registry, "APPS", (*registry.APPS, stand_ins))
    page = browsing.page
    page.set_viewport_size({"width": WIDTH, "height": 900})
    sign_in(browsing, people[Role.ADMIN])
    assert header_items(page) == [
        "Services",
        "Analyse",
        "Plan",
        "Decide",
        "Deliver",
        "Review",
        "Imports",
        "Administration",
    ]
    assert_header_on_one_row(page)
    open_from_menu(browsing, "Deliver")
    expect(page.get_by_test_id("group-items").get_by_role("link")).to_have_text(
        # procurement's, finance's, the contract register's, spend, categories, then the stand-ins'
        [
            "Procurements",
            "Budgets",
            "Medium-term financial strategy",
            "Virements",
            "Pooled budgets",
            "Contracts",
            "Contract expiry",
            "Published spend",
            "Categories",
            "Contracts",
            "Savings",
        ]
    )
    assert_header_on_one_row(page)
    screenshot(page, "group-page-every-group-admin", tmp_path)
