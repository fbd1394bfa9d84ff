"""Dates are entered with the GOV.UK date input: an officer types an impossible next review date, sees the GOV.UK
message with only the day marked and everything else kept, follows the error summary to the day, puts it right with
the month written as a word, and the date is saved. Screenshots at 1280 pixels are kept in var/screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.forms import DATE_REAL
from commissioning.core.permissions import Role
from commissioning.services.forms import NEXT_REVIEW
from commissioning.services.models import Directorate, Service
from tests.browser.helpers import Browsing, sign_in
from tests.factories import DirectorateFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory.create(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def directorate(council: Organisation) -> Directorate:
    return DirectorateFactory.create(name="Adult Social Care", code="ASC")


def test_an_impossible_date_is_put_right_on_the_service_form(
    browsing: Browsing, officer: User, directorate: Directorate
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    year = str(timezone.localdate().year + 1)
    sign_in(browsing, officer)
    browsing.goto("/services/new")
    page.get_by_label("Service name").fill("Meals on wheels")
    page.get_by_label("Directorate").select_option(label="Adult Social Care")
    page.get_by_label("Accountable officer").select_option(label="Olive Okafor")
    page.get_by_label("Discretionary: the council chooses to provide it").check()
    page.get_by_label("In-house").check()
    page.get_by_label("Financial year of the budget").fill("2026/27")
    page.get_by_label("Gross budget (£)").fill("250000")
    page.get_by_label("Net budget (£)").fill("200000")
    page.get_by_label("Staff (full-time equivalent)").fill("6.5")
    page.get_by_label("Annual demand").fill("52000")
    page.get_by_label("Unit of demand").fill("meals")
    review = page.get_by_role("group", name="Next review due (optional)")
    expect(review).to_contain_text("For example, 27 3 ")
    review.get_by_label("Day").fill("31")
    review.get_by_label("Month").fill("2")
    review.get_by_label("Year").fill(year)
    browsing.click_to_load(page.get_by_role("button", name="Add service"))

    message = DATE_REAL.format(subject=NEXT_REVIEW)
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_next_review_due")
    expect(review).to_contain_text(message)
    expect(review.locator(".govuk-input--error")).to_have_count(1)
    expect(review.get_by_label("Day")).to_have_class(
        "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"
    )
    expect(review.get_by_label("Month")).to_have_value("2")
    expect(review.get_by_label("Year")).to_have_value(year)
    expect(page.get_by_label("Service name")).to_have_value("Meals on wheels")
    expect(page.get_by_label("Unit of demand")).to_have_value("meals")
    assert not Service.objects.exists()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "date-input-error-1280.png"), full_page=True)

    summary.get_by_role("link", name=message).click()
    expect(review.get_by_label("Day")).to_be_focused()
    review.get_by_label("Day").fill("28")
    review.get_by_label("Month").fill("Feb")
    browsing.click_to_load(page.get_by_role("button", name="Add service"))
    service = Service.objects.get(name="Meals on wheels")
    assert service.next_review_due is not None
    assert (service.next_review_due.day, service.next_review_due.month, str(service.next_review_due.year)) == (
        28,
        2,
        year,
    )
    expect(page.locator("main")).to_contain_text(f"next review due 28 February {year}")
    page.screenshot(path=str(SCREENSHOTS / "date-input-saved-1280.png"), full_page=True)
