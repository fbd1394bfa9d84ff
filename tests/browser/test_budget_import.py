"""A finance officer imports a budget file with one bad row, sees the row-level errors, fixes it and imports it.

In a real browser: sign in as a finance officer like the demo's, open Imports, download the CSV template, fill it in
with one wrong figure, upload it and see that nothing was saved and which row, column and why; then upload the
corrected file and see the summary, and the new budget on the service's page with the import as its reason on the
History tab. The import runs as a background task, at once under the test settings (ImmediateBackend).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.imports.models import ImportJob, ImportStage, ImportStatus
from commissioning.services.models import Directorate, Service
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.imports.factories import ImportJobFactory
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.database_race, pytest.mark.usefixtures("transactional_db")]

BAD_REASON = '"£1.2m" is not a number: write it like 125000.50 or £125,000.50'


@pytest.fixture
def finance(council: Organisation) -> User:
    """Like the demo's finance login."""
    return UserFactory.create(
        username="finance",
        first_name="Farah",
        last_name="Fielding",
        role=Role.FINANCE,
        job_title="Finance business partner",
    )


@pytest.fixture
def directorate(council: Organisation) -> Directorate:
    return DirectorateFactory.create(name="Adult Social Care", code="ASC")


@pytest.fixture
def services(directorate: Directorate) -> list[Service]:
    return [
        ServiceFactory.create(
            reference=reference,
            name=name,
            directorate=directorate,
            budget_year="2026/27",
            gross_budget=Decimal(gross),
            net_budget=Decimal(net),
        )
        for reference, name, gross, net in [
            ("ASC-001", "Home care", "1250000.00", "980000.00"),
            ("ASC-002", "Day opportunities", "640000.00", "600000.00"),
        ]
    ]


def nav_link(page: Page, name: str) -> Locator:
    return page.get_by_label("Menu").get_by_role("link", name=name, exact=True)


def summary_value(page: Page, key: str, within: Locator | None = None) -> Locator:
    rows = (within or page.locator("main")).locator(".govuk-summary-list__row")
    row = rows.filter(has=page.locator(".govuk-summary-list__key").get_by_text(key, exact=True))
    return row.locator(".govuk-summary-list__value")


def download(page: Page, link: Locator, folder: Path) -> Path:
    with page.expect_download() as event:
        link.click()
    path = folder / event.value.suggested_filename
    event.value.save_as(path)
    return path


def write_budgets(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path


def upload(browsing: Browsing, path: Path) -> None:
    page = browsing.page
    expect(page.get_by_label("Service budgets")).to_be_checked()
    page.get_by_label("Upload the file").set_input_files(path)
    browsing.click_to_load(page.get_by_role("button", name="Upload and import"))


def test_a_finance_officer_fixes_a_bad_row_and_imports_the_budgets(
    browsing: Browsing, finance: User, services: list[Service], tmp_path: Path
) -> None:
    page = browsing.page
    sign_in(browsing, finance)
    browsing.click_to_load(nav_link(page, "Imports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports")
    expect(page.locator("#result-count")).to_have_text("0 imports")
    browsing.click_to_load(page.get_by_role("button", name="Import a file"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a file")

    # The templates: the workbook has the headers and a Guidance sheet; the CSV file the same headers.
    workbook_path = download(page, page.get_by_test_id("template-budgets-xlsx"), tmp_path)
    assert workbook_path.name == "budgets-template.xlsx"
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    assert workbook.sheetnames == ["Budgets", "Guidance"]
    workbook.close()
    template = download(page, page.get_by_test_id("template-budgets-csv"), tmp_path)
    assert template.name == "budgets-template.csv"
    header, _example = list(csv.reader(io.StringIO(template.read_bytes().decode("utf-8-sig"))))
    assert header == ["Service reference", "Financial year", "Gross budget", "Net budget", "Staff FTE", "Annual demand"]

    # One wrong figure: nothing is saved, and the page says which row, which column and why.
    page.get_by_label("Service budgets").check()
    bad = write_budgets(
        tmp_path / "budgets-2026.csv",
        header,
        [
            ["ASC-001", "2026/27", "£1,300,000.00", "£1,010,000.00", "31.5", "4,350"],
            ["ASC-002", "2026/27", "£1.2m", "£600,000.00", "", ""],
        ],
    )
    upload(browsing, bad)
    failed = ImportJob.objects.get()
    assert page.url == f"{browsing.base_url}/imports/{failed.pk}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("budgets-2026.csv")
    expect(page.get_by_test_id("import-failed")).to_contain_text("The file has not been imported")
    expect(page.get_by_test_id("import-failed")).to_contain_text("1 row problem was found, so nothing has been saved")
    problems = page.get_by_test_id("import-problem")
    expect(problems).to_have_count(1)
    expect(problems.first.locator("td")).to_have_text(["3", "Gross budget", BAD_REASON])
    assert Service.objects.get(reference="ASC-001").gross_budget == Decimal("1250000.00")  # the good row too
    assert Service.history.count() == 2

    # Upload the corrected file.
    browsing.click_to_load(page.get_by_role("button", name="Upload a corrected file"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a file")
    fixed = write_budgets(
        tmp_path / "budgets-2026-fixed.csv",
        header,
        [
            ["ASC-001", "2026/27", "£1,300,000.00", "£1,010,000.00", "31.5", "4,350"],
            ["ASC-002", "2026/27", "£1,200,000.00", "£600,000.00", "", ""],
        ],
    )
    upload(browsing, fixed)
    imported = ImportJob.objects.latest("pk")
    assert imported.status == ImportStatus.SUCCEEDED
    assert page.url == f"{browsing.base_url}/imports/{imported.pk}/"
    expect(page.locator(".govuk-panel")).to_contain_text("File imported")
    summary = page.get_by_test_id("import-summary")
    expect(summary_value(page, "Rows in the file", summary)).to_have_text("2")
    expect(summary_value(page, "Changed", summary)).to_have_text("2")
    expect(summary_value(page, "Unchanged", summary)).to_have_text("0")

    # The list shows both imports, newest first.
    browsing.click_to_load(page.get_by_role("link", name="Back to imports"))
    rows = page.get_by_test_id("import-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("budgets-2026-fixed.csv")
    expect(rows.first).to_contain_text("2 rows: 0 added, 2 changed, 0 unchanged")
    expect(rows.last).to_contain_text("1 problem to fix")

    # The service page shows the new budget, and its History tab the import as the reason.
    open_from_menu(browsing, "Services", "Services")  # the group holds Find a service too
    browsing.click_to_load(page.get_by_test_id("service-table").get_by_role("link", name="Day opportunities"))
    expect(summary_value(page, "Gross budget 2026/27")).to_have_text("£1,200,000.00")
    expect(summary_value(page, "Net budget 2026/27")).to_have_text("£600,000.00")
    browsing.click_to_load(page.get_by_role("link", name="History"))
    latest = page.get_by_test_id("history-entry").first
    expect(latest.get_by_role("heading")).to_contain_text("Changed by Farah Fielding on ")
    expect(latest).to_contain_text(f"Reason: Imported from budgets-2026-fixed.csv (import {imported.pk})")


def test_a_running_import_shows_its_progress_and_then_its_result(browsing: Browsing, finance: User) -> None:
    """While a worker saves the rows, the page follows the count in place (progress.js; without JavaScript it
    reloads itself), and shows the result once the import has finished."""
    job = ImportJobFactory.create(running=True, created_by=finance, filename="big.csv", rows_total=1000, rows_done=250)
    page = browsing.page
    sign_in(browsing, finance)
    browsing.goto(f"/imports/{job.pk}/")
    count = page.get_by_test_id("import-progress")
    expect(count).to_have_text("250 of 1,000 rows saved (25%)")
    # The bar is a quarter of its track (imports.css, by its data-percent: no style attribute under the policy).
    share = page.evaluate(
        """() => document.querySelector('.imports-progress__bar').getBoundingClientRect().width
            / document.querySelector('.imports-progress').clientWidth"""
    )
    assert abs(share - 0.25) < 0.01, share
    expect(page.get_by_role("link", name="Stop updating this page")).to_be_visible()
    loads = len(browsing.loads)

    ImportJob.objects.filter(pk=job.pk).update(rows_done=750)  # what the worker's progress writer does
    expect(count).to_have_text("750 of 1,000 rows saved (75%)", timeout=10_000)
    expect(page.locator(".imports-progress__bar")).to_have_attribute("style", re.compile(r"^width: 75%;?$"))
    assert len(browsing.loads) == loads, "the count changed without reloading the page"

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.SUCCEEDED, stage=ImportStage.DONE, rows_done=1000, updated_count=1000, unchanged_count=0
    )
    expect(page.locator(".govuk-panel")).to_contain_text("File imported", timeout=10_000)
    browsing.check()  # the page loaded again to show the result
    expect(page.get_by_test_id("import-progress")).to_have_count(0)
