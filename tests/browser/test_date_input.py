"""Dates are entered with the GOV.UK date input: an officer types an impossible next review date, sees the GOV.UK
message with only the day marked and everything else kept, follows the error summary to the day, puts it right with
the month written as a word, and the date is saved. A consultation's closing date in the future is queried, and
saving it again keeps it. Screenshots at 1280 pixels are kept in var/screenshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.forms import DATE_CHECK, DATE_REAL
from commissioning.core.permissions import Role
from commissioning.outcomes.forms import CLOSED_ON
from commissioning.outcomes.models import Consultation
from commissioning.services.forms import NEXT_REVIEW
from commissioning.services.models import Directorate, Service
from tests.browser.helpers import Browsing, sign_in
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory

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


def test_a_closing_date_in_the_future_is_queried_then_kept(
    browsing: Browsing, officer: User, directorate: Directorate
) -> None:
    service = ServiceFactory.create(name="Libraries", directorate=directorate)
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    later = timezone.localdate() + dt.timedelta(days=40)
    sign_in(browsing, officer)
    browsing.goto(f"/outcomes/consultations/new?service={service.pk}")
    page.get_by_label("Title").fill("Library opening hours")
    page.get_by_label("Purpose").fill("When residents want the libraries open.")
    page.get_by_label("Survey").check()
    opened = page.get_by_role("group", name="Opened on")
    opened.get_by_label("Day").fill(" 1 ")
    opened.get_by_label("Month").fill("march")
    opened.get_by_label("Year").fill("2026")
    closed = page.get_by_role("group", name="Closed on (optional)")
    closed.get_by_label("Day").fill(str(later.day))
    closed.get_by_label("Month").fill(str(later.month))
    closed.get_by_label("Year").fill(str(later.year))
    browsing.click_to_load(page.get_by_role("button", name="Add consultation"))

    query = DATE_CHECK.format(subject=CLOSED_ON, when="in the future")
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=query)).to_have_attribute(
        "href", "#id_closed_on"
    )
    expect(closed.locator(".govuk-input--error")).to_have_count(3)  # the whole date is queried
    expect(opened.get_by_label("Month")).to_have_value("march")  # kept as typed
    assert not Consultation.objects.exists()
    page.screenshot(path=str(SCREENSHOTS / "date-input-query-1280.png"), full_page=True)

    browsing.click_to_load(page.get_by_role("button", name="Add consultation"))  # the same date again: kept
    consultation = Consultation.objects.get()
    assert (consultation.opened_on, consultation.closed_on) == (dt.date(2026, 3, 1), later)
    assert consultation.service == service
