"""An officer builds a business case in a real browser, and a cabinet member reads it as a PDF.

The officer starts the options appraisal from the review's page, enters business as usual, a do-minimum shared
service and an outsourcing option (with one wrong amount first: the grid names the row and the year, and saves
nothing), records optimism bias, runs the Monte Carlo simulation, writes the business case and submits it to the
Programme Board. The cabinet member finds it under Business cases and reads the PDF. Every page passes axe-core.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from commissioning.accounts.models import Organisation, User
from commissioning.appraisals.forms import AMOUNT_INVALID
from commissioning.appraisals.models import BusinessCase, BusinessCaseStatus, CostBenefitLine
from commissioning.core.permissions import Role
from commissioning.reviews.models import CommissioningReview
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import OrganisationFactory, ReviewFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

REASONS = "Outsourcing has the highest net present social value, and beats business as usual in every draw."


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory.create(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def cabinet_member(council: Organisation) -> User:
    return UserFactory.create(username="cara", first_name="Cara", last_name="Mensah", role=Role.CABINET)


@pytest.fixture
def review(officer: User) -> CommissioningReview:
    OrganisationFactory.create(name="Eastmoor District Council", kind=Organisation.Kind.PARTNER, company_number="")
    service = ServiceFactory.create(name="Meals at home", reference="ASC-014")
    return ReviewFactory.create(
        reference="CR-2026-014",
        title="Review of meals at home",
        services=[service],
        directorate=service.directorate,
        lead_commissioner=officer,
        public=True,
        in_progress=True,
    )


def grid_cell(page: Page, row: int, column: str) -> Locator:
    return page.get_by_label(f"Row {row}: {column}", exact=True)


def fill_row(
    page: Page,
    row: int,
    kind: str,
    label: str,
    amounts: list[str],
    *,
    category: str = "",
    spread: tuple[str, str, str] | None = None,
) -> None:
    grid_cell(page, row, "kind").select_option(label=kind)
    if category:
        grid_cell(page, row, "transition category").select_option(label=category)
    grid_cell(page, row, "line").fill(label)
    for year, amount in zip(["2026/27 (£)", "2027/28 (£)", "2028/29 (£)"], amounts, strict=True):
        grid_cell(page, row, year).fill(amount)
    if spread:
        for column, value in zip(["lowest (%)", "most likely (%)", "highest (%)"], spread, strict=True):
            grid_cell(page, row, column).fill(value)


def save_grid(browsing: Browsing) -> None:
    browsing.click_to_load(browsing.page.get_by_role("button", name="Save costs and benefits"))


def back_to_workspace(browsing: Browsing) -> None:
    browsing.click_to_load(browsing.page.get_by_role("link", name="Options appraisal", exact=True))


def add_option(browsing: Browsing, *, kind: str, name: str, delivery: str, partner: str = "") -> None:
    page = browsing.page
    browsing.click_to_load(page.get_by_role("button", name="Add an option"))
    page.get_by_label(kind).check()
    page.get_by_label("Name of the option").fill(name)
    page.get_by_label(delivery).check()
    if partner:
        page.get_by_label("Partner or provider (optional)").select_option(label=partner)
    page.get_by_label("Description").fill(f"{name}, costed by the review team.")
    browsing.click_to_load(page.get_by_role("button", name="Add option"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Costs and benefits of {name}")


def test_an_officer_builds_and_submits_a_business_case_and_a_cabinet_member_reads_the_pdf(
    browsing: Browsing, officer: User, cabinet_member: User, review: CommissioningReview, council: Organisation
) -> None:
    page = browsing.page
    sign_in(browsing, officer)

    # From the review, start the appraisal: business as usual is already on the shortlist.
    browsing.goto(f"/reviews/{review.pk}/")
    browsing.click_to_load(page.get_by_role("link", name="Start the options appraisal"))
    page.get_by_label("Base year").fill("2026/27")
    page.get_by_label("Appraisal period (years)").fill("3")
    browsing.click_to_load(page.get_by_role("button", name="Start the appraisal"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Options appraisal")
    expect(page.get_by_test_id("option-row")).to_have_count(1)

    # Business as usual: what the service costs today.
    browsing.click_to_load(page.get_by_test_id("options-table").get_by_role("link", name="Business as usual"))
    browsing.click_to_load(page.get_by_role("button", name="Enter costs and benefits"))
    fill_row(
        page, 1, "Recurring cost", "Staff and running costs", ["1000", "1000", "1000"], spread=("95", "100", "110")
    )
    save_grid(browsing)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("1 added")
    back_to_workspace(browsing)

    # The do-minimum: a shared service with the neighbouring council.
    add_option(
        browsing,
        kind="Do minimum: the least change that meets the service's essential needs",
        name="Shared service",
        delivery="Shared service with a partner",
        partner="Eastmoor District Council",
    )
    fill_row(page, 1, "Recurring cost", "Shared running costs", ["1100", "900", "900"])
    fill_row(page, 2, "Cashable benefit", "Shared management", ["0", "50", "50"])
    save_grid(browsing)
    back_to_workspace(browsing)

    # Outsourcing, with one wrong amount first: the grid names the row and year, keeps the entries, saves nothing.
    add_option(browsing, kind="Another way of delivering the service", name="Outsource", delivery="Private provider")
    fill_row(page, 1, "Recurring cost", "Contract", ["600", "six hundred", "600"], spread=("90", "100", "130"))
    fill_row(page, 2, "One-off transition cost", "Procurement", ["200", "", ""], category="Procurement")
    save_grid(browsing)
    expect(page).to_have_title(re.compile(r"^Error: Costs and benefits of Outsource"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nothing has been saved")
    error_link = summary.get_by_role("link", name=f"Row 1 (Contract), 2027/28: {AMOUNT_INVALID}")
    expect(error_link).to_have_attribute("href", "#id_lines-0-y1")
    expect(grid_cell(page, 1, "2027/28 (£)")).to_have_value("six hundred")
    expect(grid_cell(page, 2, "line")).to_have_value("Procurement")
    assert not CostBenefitLine.objects.filter(option__name="Outsource").exists()
    error_link.click()
    expect(grid_cell(page, 1, "2027/28 (£)")).to_be_focused()
    grid_cell(page, 1, "2027/28 (£)").fill("600")
    save_grid(browsing)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 added")
    expect(page.get_by_test_id("line-row")).to_have_count(2)

    # Optimism bias: the outsourcing category, halved for a market test.
    browsing.click_to_load(page.get_by_role("button", name="Record optimism bias"))
    page.get_by_label("Outsourcing: 0% to 41%").check()
    page.get_by_label("Reduction for mitigated risks (%)").fill("50")
    page.get_by_label("Evidence for the reduction").fill("A soft market test found four credible bidders.")
    browsing.click_to_load(page.get_by_role("button", name="Save optimism bias"))
    expect(page.get_by_test_id("option-summary")).to_contain_text("20.5% on costs: Outsourcing")
    back_to_workspace(browsing)
    rows = page.get_by_test_id("option-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text("Highest NPSV")

    # The risk analysis.
    browsing.click_to_load(page.get_by_role("link", name="Risk analysis", exact=True))
    expect(page.get_by_test_id("simulation-summary")).to_have_text("The simulation has not been run yet.")
    browsing.click_to_load(page.get_by_role("button", name="Run the simulation"))
    expect(page.get_by_test_id("simulation-summary")).to_contain_text(
        "10,000 draws with seed 2026, run by Olive Okafor"
    )
    expect(page.get_by_test_id("ranges-table")).to_contain_text("Outsource")
    expect(page.get_by_test_id("tornado-table").first).to_contain_text("Staff and running costs")

    # The business case: recommend outsourcing, and submit it to the Programme Board.
    browsing.click_to_load(page.get_by_role("link", name="Business case", exact=True))
    browsing.click_to_load(page.get_by_role("button", name="Start the business case"))
    page.get_by_label("Outsource").check()
    page.get_by_label("Reasons for the recommendation").fill(REASONS)
    page.get_by_label("Risks").fill("The market is thin: a failed tender would mean re-running the procurement.")
    browsing.click_to_load(page.get_by_role("button", name="Save the business case"))
    expect(page.get_by_test_id("recommended-option")).to_contain_text("The recommended option is Outsource.")
    browsing.click_to_load(page.get_by_role("button", name="Submit to a board"))
    expect(page.get_by_label("Which board is it going to?")).to_have_value("Programme Board")
    browsing.click_to_load(page.get_by_role("button", name="Submit the business case"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Version 1 of the business case has been submitted to Programme Board"
    )
    expect(page.get_by_test_id("case-status")).to_contain_text("Submitted to Programme Board")
    case = BusinessCase.objects.get(review=review)
    assert case.status == BusinessCaseStatus.SUBMITTED
    browsing.click_to_load(page.get_by_test_id("sign-out"))

    # A cabinet member finds the business case and reads the PDF the board received.
    sign_in(browsing, cabinet_member)
    open_from_menu(browsing, "Plan", "Business cases")
    browsing.click_to_load(page.get_by_test_id("business-case-table").get_by_role("link", name=review.title))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Business case, version 1")
    expect(page.get_by_role("button", name="Make a new version")).to_have_count(0)
    pdf_link = page.get_by_test_id("pdf-link")
    response = page.context.request.get(browsing.base_url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    assert body == bytes(case.pdf)
    text = " ".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(body)).pages)
    assert council.name in text
    assert "Business case: Review of meals at home, version 1" in text
    assert "The recommended option is Outsource." in text
    assert "Submitted by Olive Okafor" in text
