"""An officer's journey through the catalogue, in a real browser.

Sign in, add a service with one wrong field first (error summary shown, nothing saved), find it by search, edit
it, see the change on its History tab, and download the list as CSV and Excel.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect

from commissioning.accounts.models import Organisation, User, Ward
from commissioning.core.permissions import Role
from commissioning.services.forms import GROSS_INVALID
from commissioning.services.models import Directorate, Service
from commissioning.services.selectors import EXPORT_HEADERS
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SERVICE_NAME = "Meals on wheels"
EDIT_REASON = "Charging income rose after the 2026 fees review"


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory.create(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def accountable_officer(council: Organisation) -> User:
    return UserFactory.create(username="priya", first_name="Priya", last_name="Shah", role=Role.OFFICER)


@pytest.fixture
def directorate(council: Organisation) -> Directorate:
    return DirectorateFactory.create(name="Adult Social Care", code="ASC")


@pytest.fixture
def wards(council: Organisation) -> list[Ward]:
    return [WardFactory.create(name=name) for name in ["Abbey", "Castle", "Riverside"]]


def nav_link(page: Page, name: str) -> Locator:
    return page.get_by_label("Menu").get_by_role("link", name=name, exact=True)


def fill_service_form(page: Page, *, gross_budget: str) -> None:
    page.get_by_label("Service name").fill(SERVICE_NAME)
    page.get_by_label("Description (optional)").fill("Hot meals delivered to older residents at home.")
    page.get_by_label("Directorate").select_option(label="Adult Social Care")
    page.get_by_label("Accountable officer").select_option(label="Priya Shah")
    page.get_by_label("Discretionary: the council chooses to provide it").check()
    page.get_by_label("In-house").check()
    page.get_by_label("Financial year of the budget").fill("2026/27")
    page.get_by_label("Gross budget (£)").fill(gross_budget)
    page.get_by_label("Net budget (£)").fill("200000")
    page.get_by_label("Staff (full-time equivalent)").fill("6.5")
    page.get_by_label("Annual demand").fill("52000")
    page.get_by_label("Unit of demand").fill("meals")
    page.get_by_label("Abbey").check()


def expect_form_kept_its_values(page: Page) -> None:
    expect(page.get_by_label("Service name")).to_have_value(SERVICE_NAME)
    expect(page.get_by_label("Directorate").locator("option:checked")).to_have_text("Adult Social Care")
    expect(page.get_by_label("Accountable officer").locator("option:checked")).to_have_text("Priya Shah")
    expect(page.get_by_label("Discretionary: the council chooses to provide it")).to_be_checked()
    expect(page.get_by_label("In-house")).to_be_checked()
    expect(page.get_by_label("Financial year of the budget")).to_have_value("2026/27")
    expect(page.get_by_label("Gross budget (£)")).to_have_value("lots")
    expect(page.get_by_label("Net budget (£)")).to_have_value("200000")
    expect(page.get_by_label("Staff (full-time equivalent)")).to_have_value("6.5")
    expect(page.get_by_label("Annual demand")).to_have_value("52000")
    expect(page.get_by_label("Unit of demand")).to_have_value("meals")


def summary_value(page: Page, key: str) -> Locator:
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator(".govuk-summary-list__key", has_text=key))
    return row.locator(".govuk-summary-list__value")


def test_an_officer_adds_finds_edits_and_exports_a_service(
    browsing: Browsing,
    officer: User,
    accountable_officer: User,
    directorate: Directorate,
    wards: list[Ward],
    tmp_path: Path,
) -> None:
    ServiceFactory.create(name="Street cleansing", directorate=directorate, accountable_officer=accountable_officer)
    page = browsing.page

    sign_in(browsing, officer)
    open_from_menu(browsing, "Services", "Services")  # the group holds Find a service too
    browsing.click_to_load(page.get_by_role("button", name="Add a service"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a service")

    # One wrong field first: the form comes back with the error summary and every other answer kept.
    fill_service_form(page, gross_budget="lots")
    browsing.click_to_load(page.get_by_role("button", name="Add service"))
    expect(page).to_have_title(re.compile(r"^Error: Add a service"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link", name=GROSS_INVALID)).to_have_attribute("href", "#id_gross_budget")
    expect(page.locator("#id_gross_budget-error")).to_contain_text(GROSS_INVALID)
    expect_form_kept_its_values(page)
    assert list(Service.objects.values_list("name", flat=True)) == ["Street cleansing"]  # nothing saved

    # The error summary link takes the officer to the field.
    summary.get_by_role("link", name=GROSS_INVALID).click()
    expect(page.get_by_label("Gross budget (£)")).to_be_focused()

    page.get_by_label("Gross budget (£)").fill("£250,000")
    page.get_by_label("Abbey").check()  # the ward is lost on an error: see test_wards_are_checkboxes_that_keep_choices
    browsing.click_to_load(page.get_by_role("button", name="Add service"))
    service = Service.objects.get(name=SERVICE_NAME)
    assert page.url == f"{browsing.base_url}/services/{service.pk}/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{SERVICE_NAME} has been added to the catalogue as {service.reference}."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(SERVICE_NAME)
    expect(summary_value(page, "Gross budget 2026/27")).to_have_text("£250,000.00")
    expect(summary_value(page, "Net budget 2026/27")).to_have_text("£200,000.00")
    expect(summary_value(page, "Accountable officer")).to_have_text("Priya Shah")
    expect(summary_value(page, "Wards served")).to_have_text("Abbey")

    # Find it by searching the list.
    open_from_menu(browsing, "Services", "Services")  # the group holds Find a service too
    expect(page.locator("#result-count")).to_have_text("2 services")
    page.get_by_label("Search by name, reference or description").fill("meals")
    browsing.click_to_load(page.get_by_role("button", name="Apply filters"))
    expect(page.locator("#result-count")).to_have_text("1 service")
    table = page.get_by_test_id("service-table")
    expect(table.get_by_role("link", name="Street cleansing")).to_have_count(0)
    browsing.click_to_load(table.get_by_role("link", name=SERVICE_NAME))

    # Edit it, with a reason.
    browsing.click_to_load(page.get_by_role("button", name="Edit service"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit {SERVICE_NAME}")
    expect(page.get_by_label("Net budget (£)")).to_have_value("200000.00")
    page.get_by_label("Net budget (£)").fill("180000")
    page.get_by_label("Reason for the change (optional)").fill(EDIT_REASON)
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    assert page.url == f"{browsing.base_url}/services/{service.pk}/"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Your changes to {SERVICE_NAME} have been saved."
    )
    expect(summary_value(page, "Net budget 2026/27")).to_have_text("£180,000.00")

    # The History tab shows who changed what, before and after, and why.
    browsing.click_to_load(page.get_by_role("link", name="History"))
    expect(page.get_by_role("link", name="History")).to_have_attribute("aria-current", "page")
    entries = page.get_by_test_id("history-entry")
    expect(entries).to_have_count(2)
    change = entries.first
    expect(change.get_by_role("heading")).to_contain_text("Changed by Olive Okafor on ")
    expect(change).to_contain_text(f"Reason: {EDIT_REASON}")
    net_budget = change.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Net budget"))
    expect(net_budget.locator("th, td")).to_have_text(["Net budget", "200,000.00", "180,000.00"])
    expect(entries.last.get_by_role("heading")).to_contain_text("Created by Olive Okafor on ")
    expect(entries.last).to_contain_text("Reason: Service added to the catalogue")

    # Download the list as CSV and as Excel.
    open_from_menu(browsing, "Services", "Services")  # the group holds Find a service too
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert csv_download.value.suggested_filename == "services.csv"
    csv_path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(csv_path)
    rows_by_name = {row["Service"]: row for row in csv.DictReader(io.StringIO(read_csv(csv_path)))}
    assert list(rows_by_name) == [SERVICE_NAME, "Street cleansing"]
    exported = rows_by_name[SERVICE_NAME]
    assert list(exported) == EXPORT_HEADERS
    assert exported["Reference"] == service.reference
    assert exported["Accountable officer"] == "Priya Shah"
    assert exported["Gross budget (GBP)"] == "250000.00"
    assert exported["Net budget (GBP)"] == "180000.00"

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel", exact=True).click()
    assert xlsx_download.value.suggested_filename == "services.xlsx"
    xlsx_path = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx_path)
    workbook = openpyxl.load_workbook(xlsx_path, read_only=True)
    sheet = workbook["Services"]
    sheet_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    assert sheet_rows[0] == EXPORT_HEADERS
    by_name = {row[1]: dict(zip(EXPORT_HEADERS, row, strict=True)) for row in sheet_rows[1:]}
    assert set(by_name) == {SERVICE_NAME, "Street cleansing"}
    assert by_name[SERVICE_NAME]["Reference"] == service.reference
    assert by_name[SERVICE_NAME]["Net budget (GBP)"] == 180000
    assert by_name[SERVICE_NAME]["Annual demand"] == 52000


def test_wards_are_checkboxes_that_keep_choices(
    browsing: Browsing, officer: User, accountable_officer: User, directorate: Directorate, wards: list[Ward]
) -> None:
    abbey, _castle, riverside = wards
    service = ServiceFactory.create(
        name=SERVICE_NAME, directorate=directorate, accountable_officer=accountable_officer, wards=[abbey, riverside]
    )
    page = browsing.page
    sign_in(browsing, officer)
    browsing.goto(f"/services/{service.pk}/edit")

    ward_inputs = page.get_by_role("group", name="Wards served").locator("input")
    assert ward_inputs.evaluate_all("inputs => inputs.map(input => input.type)") == ["checkbox"] * 3
    expect(page.get_by_label("Abbey")).to_be_checked()
    expect(page.get_by_label("Castle")).not_to_be_checked()
    expect(page.get_by_label("Riverside")).to_be_checked()

    # Choose a third ward, with one wrong field: all three are still ticked when the form comes back.
    page.get_by_label("Castle").check()
    page.get_by_label("Gross budget (£)").fill("lots")
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(GROSS_INVALID)
    for name in ["Abbey", "Castle", "Riverside"]:
        expect(page.get_by_label(name)).to_be_checked()
    page.get_by_label("Gross budget (£)").fill("250000")
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(summary_value(page, "Wards served")).to_have_text("All 3 wards")

    # An edit that does not touch the wards keeps them.
    browsing.click_to_load(page.get_by_role("button", name="Edit service"))
    page.get_by_label("Net budget (£)").fill("190000")
    browsing.click_to_load(page.get_by_role("button", name="Save changes"))
    expect(summary_value(page, "Wards served")).to_have_text("All 3 wards")
    browsing.click_to_load(page.get_by_role("link", name="History"))
    expect(page.get_by_test_id("history-entry").first.locator("tbody th")).to_have_text(["Net budget"])


def read_csv(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "the CSV starts with a byte order mark so that Excel reads it as UTF-8"
    return text.removeprefix("\ufeff")
