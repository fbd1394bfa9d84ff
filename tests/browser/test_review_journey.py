"""An officer's journey through the review programme, in a real browser.

Sign in, add a review of two services with one wrong field first (the end quarter before the start: error summary
shown, nothing saved), fix it, find the review on both services' pages, edit it (no status to type in), start it, put it on hold
(refused without a reason, then with one) and see the changes on its History tab. Then a provider, who may see published reviews only, gets "Page not found" for this unpublished one.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.reviews.actions import END_BEFORE_START, HOLD_REASON_REQUIRED
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.services.models import Directorate, Service
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "Review of care at home"
PURPOSE = "Find out what residents need from care at home, and appraise how it should be delivered."
EDIT_REASON = "Evidence pack agreed by the Programme Board"
START_REASON = "Evidence gathering began with the home care providers"
HOLD_REASON = "Waiting for the council's budget for next year"
END_ERROR = END_BEFORE_START.format(start="2027/28 Q1")


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory.create(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def lead(council: Organisation) -> User:
    return UserFactory.create(username="priya", first_name="Priya", last_name="Shah", role=Role.DIRECTOR)


@pytest.fixture
def directorate(council: Organisation) -> Directorate:
    return DirectorateFactory.create(name="Adult Social Care", code="ASC")


@pytest.fixture
def services(directorate: Directorate, lead: User) -> dict[str, Service]:
    return {
        name: ServiceFactory.create(reference=reference, name=name, directorate=directorate, accountable_officer=lead)
        for reference, name in [("ASC-001", "Home care"), ("ASC-002", "Reablement"), ("ASC-003", "Day opportunities")]
    }


def summary_value(page: Page, key: str) -> Locator:
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator(".govuk-summary-list__key", has_text=key))
    return row.locator(".govuk-summary-list__value")


def fill_review_form(page: Page, *, planned_end: str) -> None:
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_label("Home care (ASC-001)").check()
    page.get_by_label("Reablement (ASC-002)").check()
    page.get_by_label("Lead directorate").select_option(label="Adult Social Care")
    page.get_by_label("Lead commissioner").select_option(label="Priya Shah")
    # No stage to choose (issue 9): a new review starts at Analyse, and the form says so.
    expect(page.get_by_test_id("review-stage")).to_contain_text("A new review starts at Analyse")
    page.get_by_label("Planned start quarter").fill("2027/28 Q1")
    page.get_by_label("Planned end quarter").fill(planned_end)
    # Nor a status (ADR 0021): a new review is planned until work on it starts.
    expect(page.get_by_test_id("review-status")).to_contain_text("A new review is planned until work on it starts.")


def expect_form_kept_its_values(page: Page) -> None:
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    expect(page.get_by_label("Purpose")).to_have_value(PURPOSE)
    expect(page.get_by_label("Home care (ASC-001)")).to_be_checked()
    expect(page.get_by_label("Reablement (ASC-002)")).to_be_checked()
    expect(page.get_by_label("Day opportunities (ASC-003)")).not_to_be_checked()
    expect(page.get_by_label("Lead directorate").locator("option:checked")).to_have_text("Adult Social Care")
    expect(page.get_by_label("Lead commissioner").locator("option:checked")).to_have_text("Priya Shah")
    expect(page.get_by_test_id("review-stage")).to_contain_text("A new review starts at Analyse")
    expect(page.get_by_label("Planned start quarter")).to_have_value("2027/28 Q1")
    expect(page.get_by_label("Planned end quarter")).to_have_value("2026/27 Q3")


def test_an_officer_adds_a_review_of_two_services_and_edits_it(
    browsing: Browsing, officer: User, lead: User, services: dict[str, Service]
) -> None:
    page = browsing.page

    sign_in(browsing, officer)
    open_from_menu(browsing, "Plan", "Reviews")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning reviews")
    expect(page.locator("#result-count")).to_have_text("0 reviews")
    browsing.click_to_load(page.get_by_role("button", name="Add a review"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a commissioning review")

    # One wrong field first: the review would end before it starts.
    fill_review_form(page, planned_end="2026/27 Q3")
    browsing.click_to_load(page.get_by_role("button", name="Add review"))
    expect(page).to_have_title(re.compile(r"^Error: Add a commissioning review"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link", name=END_ERROR)).to_have_attribute("href", "#id_planned_end")
    expect(page.locator("#id_planned_end-error")).to_contain_text(END_ERROR)
    expect_form_kept_its_values(page)
    assert not CommissioningReview.objects.exists()  # nothing saved

    summary.get_by_role("link", name=END_ERROR).click()
    expect(page.get_by_label("Planned end quarter")).to_be_focused()
    page.get_by_label("Planned end quarter").fill("2027/28 q4")
    browsing.click_to_load(page.get_by_role("button", name="Add review"))

    review = CommissioningReview.objects.get(title=TITLE)
    assert review.reference == "CR-2027-001"
    assert page.url == f"{browsing.base_url}/reviews/{review.pk}/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{TITLE} has been added to the review programme as CR-2027-001."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Not published")
    expect(summary_value(page, "Planned")).to_have_text("2027/28 Q1 to 2027/28 Q4 (4 quarters)")
    expect(summary_value(page, "Lead commissioner")).to_have_text("Priya Shah")
    expect(summary_value(page, "Stage of the cycle")).to_contain_text("Analyse")
    under_review = page.get_by_test_id("review-services")
    expect(under_review.get_by_role("link")).to_have_text(["Home care", "Reablement"])

    # The golden thread back: each service's page lists the review.
    for name in ["Home care", "Reablement"]:
        browsing.click_to_load(page.get_by_test_id("review-services").get_by_role("link", name=name))
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
        section = page.get_by_test_id("service-reviews")
        expect(section.get_by_role("link")).to_have_text([TITLE])
        expect(section).to_contain_text("CR-2027-001")
        browsing.click_to_load(section.get_by_role("link", name=TITLE))
    browsing.goto(f"/services/{services['Day opportunities'].pk}/")
    expect(page.get_by_text("No commissioning review covers this service yet.")).to_be_visible()
    browsing.goto(f"/reviews/{review.pk}/")

    # Edit it, with a reason. The stage is shown, not typed: it moves only through the stage gates (issue 9).
    browsing.click_to_load(page.get_by_role("button", name="Edit review"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {TITLE}")
    expect(page.get_by_label("Planned end quarter")).to_have_value("2027/28 Q4")
    expect(page.get_by_test_id("review-stage")).to_contain_text("Analyse: What do residents need")
    expect(page.get_by_test_id("review-stage").get_by_role("link", name="see the stage gate")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile(r"^Plan:"))).to_have_count(0)
    # Nor is the status typed in (ADR 0021): it follows from the review's recorded moves.
    expect(page.get_by_role("radio", name="In progress")).to_have_count(0)
    expect(page.get_by_test_id("review-status")).to_contain_text("Planned.")
    page.get_by_label("Planned end quarter").fill("2028/29 Q1")
    page.get_by_label("Reason for the change (optional)").fill(EDIT_REASON)
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    assert page.url == f"{browsing.base_url}/reviews/{review.pk}/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Your changes to {TITLE} have been saved."
    )
    expect(summary_value(page, "Stage of the cycle")).to_have_text(
        "Analyse: What do residents need, and how does the service perform and cost against comparators?"
    )
    expect(summary_value(page, "Status")).to_have_text("Planned")

    # Work starts, recorded with what started; then the officer puts it on hold, refused until they say why.
    moves = page.get_by_test_id("review-status-moves")
    expect(moves.get_by_role("button")).to_have_text(["Start the review", "Cancel the review"])
    browsing.click_to_load(moves.get_by_role("button", name="Start the review"))
    page.get_by_label("What work has started on the review?").fill(START_REASON)
    browsing.click_to_load(page.get_by_role("button", name="Start the review"))
    expect(summary_value(page, "Status")).to_have_text("In progress")
    browsing.click_to_load(page.get_by_test_id("review-status-moves").get_by_role("button", name="Put on hold"))
    expect(page.get_by_test_id("review-status-now")).to_have_text("The review is in progress, at the Analyse stage.")
    browsing.click_to_load(page.get_by_role("button", name="Put the review on hold"))
    expect(page).to_have_title(re.compile(r"^Error: Put on hold: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(HOLD_REASON_REQUIRED)
    review.refresh_from_db()
    assert review.status == ReviewStatus.IN_PROGRESS  # nothing saved
    page.get_by_label("Why is the review being put on hold?").fill(HOLD_REASON)
    browsing.click_to_load(page.get_by_role("button", name="Put the review on hold"))
    assert page.url == f"{browsing.base_url}/reviews/{review.pk}/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{TITLE} is now on hold.")
    expect(summary_value(page, "Status")).to_have_text("On hold")
    expect(page.get_by_test_id("review-status-moves").get_by_role("button")).to_have_text(
        ["Resume the review", "Cancel the review"]
    )
    review.refresh_from_db()
    assert (review.stage, review.status) == (Stage.ANALYSE, ReviewStatus.ON_HOLD)

    # The History tab shows who changed what, before and after, and why.
    browsing.click_to_load(page.get_by_role("link", name="History"))
    expect(page.get_by_role("link", name="History")).to_have_attribute("aria-current", "page")
    entries = page.get_by_test_id("history-entry")
    expect(entries).to_have_count(4)
    held, started, change = entries.nth(0), entries.nth(1), entries.nth(2)
    expect(held.get_by_role("heading")).to_contain_text("Changed by Olive Okafor on ")
    expect(held).to_contain_text(f"Reason: Put on hold: {HOLD_REASON}")
    status = held.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Status"))
    expect(status.locator("th, td")).to_have_text(["Status", "In progress", "On hold"])
    status = started.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Status"))
    expect(status.locator("th, td")).to_have_text(["Status", "Planned", "In progress"])
    expect(change).to_contain_text(f"Reason: {EDIT_REASON}")
    stage = change.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Stage of the cycle"))
    expect(stage).to_have_count(0)
    expect(change.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Status"))).to_have_count(0)
    expect(entries.last.get_by_role("heading")).to_contain_text("Created by Olive Okafor on ")
    expect(entries.last).to_contain_text("Reason: Review added to the programme")

    # The review list has it, and filters find it by the quarter it runs in.
    open_from_menu(browsing, "Plan", "Reviews")
    page.get_by_label("Planned to run in quarter").fill("2027/28 Q2")
    browsing.click_to_load(page.get_by_role("button", name="Apply filters"))
    expect(page.locator("#result-count")).to_have_text("1 review")
    expect(page.get_by_test_id("review-table")).to_contain_text("Home care; Reablement")

    # A provider sees published reviews only: this unpublished one is "Page not found", and absent from the list
    # and from the services' pages.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    provider = UserFactory.create(
        username="pat", first_name="Pat", last_name="Provider", role=Role.PROVIDER, organisation=OrganisationFactory()
    )
    sign_in(browsing, provider)
    browsing.goto(f"/reviews/{review.pk}/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    browsing.goto(f"/reviews/{review.pk}/history", status=404)
    browsing.goto("/reviews/")
    expect(page.locator("#result-count")).to_have_text("0 reviews")
    browsing.goto(f"/services/{services['Home care'].pk}/")
    expect(page.get_by_text("No commissioning review covers this service yet.")).to_be_visible()
    expect(page.get_by_text(TITLE)).to_have_count(0)
