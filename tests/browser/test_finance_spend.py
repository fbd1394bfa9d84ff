"""A finance officer imports the council's published spend file; a resident cannot reach the upload (issue 12).

In a real browser: sign in as a finance officer, open Imports, choose "Spend over £500" and upload a file with a
date that cannot be read: the page names its row (as a spreadsheet shows it, after the title lines) and its column,
and nothing is saved. Then upload the corrected file with the task worker not yet running: the page shows the
waiting import with its progress bar; the worker runs it (here, the test calls the worker's task body) and the page,
following the job in place, shows the result. The public spend page lists the payments, a redacted supplier as
"Redacted". Signed out, a resident asking for the upload is sent to sign in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.finance.models import SpendTransaction
from commissioning.imports import actions
from commissioning.imports.models import ImportJob, ImportStatus
from tests.browser.helpers import Browsing, menu_link, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "Spend over £500 - April 2026\r\nPublished by Example Council\r\n\r\n"
HEADER = "Body Name,Payment Date,Transaction Number,Expense Area,Expense Type,Supplier Name,Amount (£)\r\n"


@pytest.fixture
def finance(council: Organisation) -> User:
    return UserFactory.create(username="finance", first_name="Farah", last_name="Fielding", role=Role.FINANCE)


def write(path: Path, rows: str) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + (TITLE + HEADER + rows).encode())
    return path


def test_a_finance_officer_imports_spend_and_watches_it_finish(
    browsing: Browsing, finance: User, tmp_path: Path, settings
) -> None:
    page = browsing.page
    sign_in(browsing, finance)
    browsing.click_to_load(menu_link(page, "Imports"))
    browsing.click_to_load(page.get_by_role("button", name="Import a file"))
    page.get_by_label("Spend over £500").check()

    # A date that cannot be read (month 13): rejected whole, naming the file's own row and the column.
    bad = write(
        tmp_path / "spend-april.csv",
        'Example Council,01/04/2026,T1,Highways,Works,Roads Mended Ltd,"£1,250.00"\r\n'
        "Example Council,04/13/2026,T2,Highways,Works,REDACTED,£600.00\r\n",
    )
    page.get_by_label("Upload the file").set_input_files(bad)
    browsing.click_to_load(page.get_by_role("button", name="Upload and import"))
    expect(page.get_by_test_id("import-failed")).to_contain_text(
        'Row 6, column Payment Date: "04/13/2026" is not a date'
    )
    assert SpendTransaction.objects.count() == 0

    # The corrected file, with the worker not running yet: the page waits with its progress bar, then follows the
    # job to its result once the worker has run it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    browsing.click_to_load(page.get_by_role("button", name="Upload a corrected file"))
    expect(page.get_by_label("Spend over £500")).to_be_checked()
    fixed = write(
        tmp_path / "spend-april-fixed.csv",
        'Example Council,01/04/2026,T1,Highways,Works,Roads Mended Ltd,"£1,250.00"\r\n'
        "Example Council,13/04/2026,T2,Highways,Works,REDACTED,£600.00\r\n"
        "Example Council,13/04/2026,T2,Highways,Works,REDACTED,£600.00\r\n"
        ',,,Total,,,"£2,450.00"\r\n',
    )
    page.get_by_label("Upload the file").set_input_files(fixed)
    browsing.click_to_load(page.get_by_role("button", name="Upload and import"))
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportStatus.QUEUED
    expect(page.locator(".imports-progress__bar")).to_be_attached()
    expect(page.get_by_test_id("import-progress")).to_have_text("The import will start in a moment")

    actions.import_run(job=job)  # what the task worker does
    expect(page.locator(".govuk-panel")).to_contain_text("File imported", timeout=15_000)
    browsing.check()
    summary = page.get_by_test_id("import-summary")
    expect(summary).to_contain_text("Added")
    job.refresh_from_db()
    assert (job.rows_total, job.created_count, job.unchanged_count) == (3, 2, 1)
    assert SpendTransaction.objects.count() == 2

    # The public page: the redacted supplier is never named.
    browsing.goto("/finance/spend/")
    table = page.get_by_test_id("spend-table")
    expect(table).to_contain_text("Roads Mended Ltd")
    expect(table).to_contain_text("Redacted")
    expect(table).not_to_contain_text("REDACTED")

    # Signed out, a resident asking for the upload is sent to sign in.
    browsing.click_to_load(page.get_by_role("button", name="Sign out"))
    browsing.goto("/imports/new")
    assert "/sign-in?next=/imports/new" in page.url
