"""A director changes a weight of the prioritisation model and sees the ranking and the rationale change.

First a wrong input (weights adding up to 55%: the named error, everything typed kept, nothing saved), then the
right one: version 2 of the model ranks Day care above Home care, its rationale says why against its neighbour, and
version 1's ranking is still there as it was. A resident sees the ranking and the rationale but cannot edit.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.reviews import actions
from commissioning.reviews.models import PriorityModel
from commissioning.services.models import Service
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

WEIGHTS = {
    "budget": 50,
    "savings": 0,
    "performance": 0,
    "contract_end": 0,
    "risk": 10,
    "strategic_fit": 0,
    "dissatisfaction": 0,
    "statutory": 40,
}
NOT_100 = actions.WEIGHTS_NOT_100.format(total=55)


@pytest.fixture
def director(council: Organisation) -> User:
    return UserFactory.create(username="dana", first_name="Dana", last_name="Reid", role=Role.DIRECTOR)


@pytest.fixture
def services(director: User) -> dict[str, Service]:
    home = ServiceFactory.create(reference="ASC-001", name="Home care", gross_budget=Decimal("25000000"))
    day = ServiceFactory.create(reference="ASC-002", name="Day care", gross_budget=Decimal("300000"), statutory=True)
    actions.priority_model_revise(weights=WEIGHTS, reason="Money first", by=director)
    actions.priority_judgement_record(service=home, criterion="risk", score=1, reason="A stable market", by=director)
    actions.priority_judgement_record(
        service=day, criterion="risk", score=5, reason="The only provider may close", by=director
    )
    return {"home": home, "day": day}


def test_a_director_changes_a_weight_and_sees_the_ranking_and_rationale_change(
    browsing: Browsing, director: User, services: dict[str, Service]
) -> None:
    page = browsing.page
    sign_in(browsing, director)
    open_from_menu(browsing, "Plan", "Priorities")
    ranking = page.get_by_test_id("ranking")
    # Home care: 50% x 5 + 10% x 1 + 40% x 5 = 4.60; Day care: 50% x 2 + 10% x 5 + 40% x 2 = 2.30
    expect(ranking.locator("tbody tr")).to_have_count(2)
    expect(ranking.locator("tbody tr").first).to_contain_text("Home care")
    expect(ranking.locator("tbody tr").first).to_contain_text("4.60")

    browsing.click_to_load(ranking.get_by_role("link", name="Day care"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Why Day care ranks 2 of 2")
    expect(page.get_by_test_id("neighbours")).to_contain_text(
        "It ranks below Home care, by 2.30. Home care scores more for size of budget (1.50) and statutory constraint "
        "on the options (1.20). This service scores more for risk (0.40)."
    )
    risk = page.locator("tr[data-criterion='risk']")
    expect(risk).to_contain_text("Dana Reid: The only provider may close")
    expect(risk).to_contain_text("0.50")

    # A wrong input first: the weights add up to 55%.
    browsing.goto("/plan/")
    browsing.click_to_load(page.get_by_role("link", name="Change the weights"))
    page.get_by_label("Size of budget (%)").fill("5")
    page.get_by_label("Why are the weights changing?").fill("Risk to residents comes first")
    browsing.click_to_load(page.get_by_role("button", name="Save as a new version"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(NOT_100)
    expect(page.get_by_label("Size of budget (%)")).to_have_value("5")
    expect(page.get_by_label("Why are the weights changing?")).to_have_value("Risk to residents comes first")
    assert PriorityModel.objects.count() == 1  # nothing saved

    # Put it right: less on the budget, more on risk.
    page.get_by_label("Size of budget (%)").fill("10")
    page.get_by_label("Risk (%)").fill("50")
    browsing.click_to_load(page.get_by_role("button", name="Save as a new version"))
    assert page.url == f"{browsing.base_url}/plan/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Version 2")
    # Home care: 0.50 + 0.50 + 2.00 = 3.00; Day care: 0.20 + 2.50 + 0.80 = 3.50
    expect(ranking.locator("tbody tr").first).to_contain_text("Day care")
    expect(ranking.locator("tbody tr").first).to_contain_text("3.50")
    browsing.click_to_load(ranking.get_by_role("link", name="Day care"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Why Day care ranks 1 of 2")
    expect(page.get_by_test_id("neighbours")).to_contain_text(
        "It ranks above Home care, by 0.50. Home care scores more for statutory constraint on the options (1.20) "
        "and size of budget (0.30). This service scores more for risk (2.00)."
    )

    # Version 1's ranking is kept as it was.
    browsing.goto("/plan/")
    browsing.click_to_load(page.get_by_test_id("versions").get_by_role("link", name="Version 1"))
    expect(page.get_by_test_id("model-version")).to_contain_text("Version 1 of the model")
    expect(ranking.locator("tbody tr").first).to_contain_text("Home care")
    expect(ranking.locator("tbody tr").first).to_contain_text("4.60")

    # A resident sees the current ranking and rationale, and cannot change the weights.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    browsing.goto("/plan/")
    expect(ranking.locator("tbody tr").first).to_contain_text("Day care")
    expect(page.get_by_role("link", name="Change the weights")).to_have_count(0)
    expect(page.get_by_test_id("versions")).to_have_count(0)
    browsing.click_to_load(ranking.get_by_role("link", name="Day care"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Why Day care ranks 1 of 2")
    expect(page.get_by_role("link", name=re.compile("judgement"))).to_have_count(0)
    browsing.goto("/plan/weights")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")
    assert PriorityModel.objects.count() == 2
