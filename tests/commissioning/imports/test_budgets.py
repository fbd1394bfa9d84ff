"""Importing service budgets through the whole action: the upload, the task (run at once by the ImmediateBackend
under the test settings), the engine's parsing and the services action, in one transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.accounts.models import User
from commissioning.imports import actions
from commissioning.imports.models import ImportJob, ImportKind, ImportStage, ImportStatus
from commissioning.services import actions as service_actions
from commissioning.services.models import Service
from engine.ingest.errors import NOT_A_WORKBOOK, ZIP_BOMB
from tests.engine.ingest.files import xlsx_bytes, zip_bomb

from .factories import BUDGET_HEADER, csv_file

pytestmark = pytest.mark.django_db

GOOD = csv_file(
    BUDGET_HEADER,
    'ADH-001,2026/27,"£1,100,000.00","£850,000",11.5,"1,200"',
    "adh-002,2026/27,500000,450000,10,1000",  # the same as now: unchanged
    'ADH-003,2027/28,260000,"(£5,000.00)",,',  # a new year; staff and demand left as they are
)


def run(data: bytes, by: User, *, filename: str = "budgets.csv", kind: str = ImportKind.BUDGETS) -> ImportJob:
    job = actions.import_job_create(kind=kind, filename=filename, data=data, by=by)
    job.refresh_from_db()
    return job


def figures() -> dict[str, tuple[str, Decimal, Decimal, Decimal, int]]:
    return {
        s.reference: (s.budget_year, s.gross_budget, s.net_budget, s.staff_fte, s.annual_demand)
        for s in Service.objects.order_by("reference")
    }


def history_count() -> int:
    return Service.history.count()


def test_a_good_file_updates_the_budgets_with_one_history_entry_each(services, finance):
    before = history_count()
    job = run(GOOD, finance)

    assert job.status == ImportStatus.SUCCEEDED, (job.failure, job.errors)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 2, 1)
    assert (job.rows_total, job.rows_done, job.stage) == (3, 3, ImportStage.DONE)
    assert job.errors == []
    assert job.failure == ""
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.started_at <= job.finished_at
    assert figures() == {
        "ADH-001": ("2026/27", Decimal("1100000.00"), Decimal("850000.00"), Decimal("11.50"), 1200),
        "ADH-002": ("2026/27", Decimal("500000.00"), Decimal("450000.00"), Decimal("10.00"), 1000),
        "ADH-003": ("2027/28", Decimal("260000.00"), Decimal("-5000.00"), Decimal("10.00"), 1000),
    }
    assert history_count() == before + 2
    entry = Service.objects.get(reference="ADH-001").history.latest()
    assert entry.history_user == finance
    assert entry.history_change_reason == f"Imported from budgets.csv (import {job.pk})"
    assert Service.objects.get(reference="ADH-002").history.count() == 1  # only its creation


def test_the_job_keeps_the_files_fingerprint_but_not_its_bytes(services, finance):
    job = run(GOOD, finance)
    assert job.size == len(GOOD)
    assert len(job.sha256) == 64
    assert bytes(job.data) == b""
    assert [entry.history_change_reason for entry in job.history.order_by("history_id")] == [
        actions.JOB_CREATED,
        actions.JOB_STARTED,
        actions.JOB_SUCCEEDED,
    ]


def test_importing_the_same_file_again_changes_nothing(services, finance):
    run(GOOD, finance)
    after_first = figures()
    before = history_count()

    job = run(GOOD, finance)

    assert job.status == ImportStatus.SUCCEEDED
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 3)
    assert figures() == after_first
    assert history_count() == before


def test_a_workbook_imports_the_same_as_a_csv_file(services, finance):
    data = xlsx_bytes(
        [
            ("Service reference", "Financial year", "Gross budget", "Net budget"),
            ("ADH-001", "2026/27", 1100000, 850000),
        ]
    )
    job = run(data, finance, filename="budgets.xlsx")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert figures()["ADH-001"][1:3] == (Decimal("1100000.00"), Decimal("850000.00"))


def test_a_file_with_one_bad_row_saves_nothing_and_lists_the_row_column_and_reason(services, finance):
    before, entries = figures(), history_count()
    data = csv_file(
        BUDGET_HEADER,
        "ADH-001,2026/27,1100000,850000,11.5,1200",
        "ADH-002,2026/27,lots,450000,10,1000",
        "ADH-999,2026/27,1,1,,",
        "ADH-003,2026/27,100,200,,",
    )
    job = run(data, finance)

    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "row": 3,
            "column": "Gross budget",
            "reason": '"lots" is not a number: write it like 125000.50 or £125,000.50',
        },
        {
            "row": 4,
            "column": "Service reference",
            "reason": "no service has the reference ADH-999: check the reference on the service's page",
        },
        {
            "row": 5,
            "column": "Net budget",
            "reason": "the net budget (200) is more than the gross budget (100): the net budget is gross spending "
            "less income",
        },
    ]
    assert job.errors_total == 3
    assert (job.updated_count, job.unchanged_count) == (0, 0)
    assert figures() == before
    assert history_count() == entries


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        (
            "ADH-001,2025/26,1,1,,",
            "Financial year",
            "ADH-001 already holds its 2026/27 budget, and 2025/26 is an earlier year: give the 2026/27 budget, or a "
            "later year's",
        ),
        (
            "ADH-001,2027/28,1,1,,",
            "Service reference",
            "ADH-001 is also given a budget for 2026/27 in this file: a service holds one financial year's budget, "
            "so give one year for each service",
        ),
    ],
    ids=["earlier-year", "two-years"],
)
def test_rules_of_the_catalogue_are_reported_as_row_problems_too(services, finance, line, column, reason):
    before = figures()
    lines = [BUDGET_HEADER, "ADH-002,2026/27,1,1,,", "ADH-001,2026/27,1,1,,", line]
    if "2025/26" in line:
        lines.pop(2)
    job = run(csv_file(*lines), finance)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": len(lines), "column": column, "reason": reason}]
    assert figures() == before


def test_an_archived_service_cannot_be_given_a_budget(services, finance):
    archived = services["ADH-003"]
    service_actions.service_archive(service=archived, by=finance, reason="Service ended")
    job = run(csv_file(BUDGET_HEADER, "ADH-001,2026/27,1,1,,", "ADH-003,2026/27,1,1,,"), finance)
    assert job.errors == [
        {
            "row": 3,
            "column": "Service reference",
            "reason": "ADH-003 is archived: restore the service before changing its budget",
        }
    ]
    assert Service.objects.get(reference="ADH-001").gross_budget == Decimal("1000000.00")


def test_only_the_first_thousand_problems_are_kept_but_all_are_counted(services, finance):
    lines = [BUDGET_HEADER] + [f"XYZ-{n:04d},2026/27,1,1,," for n in range(1_500)]
    job = run(csv_file(*lines), finance)
    assert job.errors_total == 1_500
    assert len(job.errors) == actions.MAX_PROBLEMS_KEPT
    assert job.errors[0]["row"] == 2


# Files that are not spreadsheets, too large or hostile -----------------------------------------------------------


def test_a_formula_cell_in_a_workbook_is_a_row_problem(services, finance):
    data = xlsx_bytes(
        [
            ("Service reference", "Financial year", "Gross budget", "Net budget"),
            ("ADH-001", "2026/27", "=1000000*1.1", 850000),
        ]
    )
    job = run(data, finance, filename="budgets.xlsx")
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 2, "column": "Gross budget", "reason": "cells must hold values, not formulas (=1000000*1.1)"}
    ]
    assert Service.objects.get(reference="ADH-001").gross_budget == Decimal("1000000.00")


def test_a_formula_in_a_csv_file_is_refused_too(services, finance):
    job = run(csv_file(BUDGET_HEADER, '"=HYPERLINK(""http://x"")",2026/27,1,1,,'), finance)
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["column"] == "Service reference"
    assert job.errors[0]["reason"].startswith("cells must hold values, not formulas")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(services, finance):
    job = run(zip_bomb(), finance, filename="budgets.xlsx")
    assert job.status == ImportStatus.FAILED
    prefix = ZIP_BOMB.split("{", 1)[0]
    assert job.failure.startswith(prefix), job.failure
    assert job.errors == []


def test_a_picture_renamed_to_xlsx_is_not_a_workbook(services, finance):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
    job = run(png, finance, filename="budgets.xlsx")
    assert job.status == ImportStatus.FAILED
    assert job.failure.startswith(NOT_A_WORKBOOK.split("{", 1)[0])


def test_a_file_over_the_limit_is_refused_at_upload(services, finance, monkeypatch):
    from commissioning.imports import ingest
    from engine.ingest.limits import Limits

    monkeypatch.setattr(ingest, "LIMITS", Limits(max_file_bytes=100))
    with pytest.raises(ValidationError) as refused:
        actions.import_job_create(kind=ImportKind.BUDGETS, filename="b.csv", data=b"x" * 101, by=finance)
    assert refused.value.message_dict == {
        "file": ["The file is 101 bytes, which is over the limit of 100 bytes: split it into smaller files"]
    }
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("budgets.pdf", 'The file "budgets.pdf" is not a spreadsheet'),
        ("budgets.xls", 'The file "budgets.xls" is in an old Excel format'),
        ("budgets", 'The file "budgets" is not a spreadsheet'),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_at_upload(services, finance, filename, message):
    with pytest.raises(ValidationError) as refused:
        actions.import_job_create(kind=ImportKind.BUDGETS, filename=filename, data=b"data", by=finance)
    assert refused.value.message_dict["file"][0].startswith(message)


def test_an_empty_file_is_refused_at_upload(finance):
    with pytest.raises(ValidationError) as refused:
        actions.import_job_create(kind=ImportKind.BUDGETS, filename="b.csv", data=b"", by=finance)
    assert "The file is empty" in refused.value.message_dict["file"][0]


def test_the_file_name_is_kept_without_folders_or_control_characters(services, finance):
    job = run(GOOD, finance, filename="C:\\Users\\farah\\budgets\x07 2026.csv")
    assert job.filename == "budgets 2026.csv"


# Running and failing ---------------------------------------------------------------------------------------------


def test_an_unexpected_error_fails_the_job_and_saves_nothing(services, finance, monkeypatch):
    def explode(**kwargs):
        service_actions.service_budget_update_many(**kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(actions, "service_budget_update_many", explode)
    before = figures()
    job = run(GOOD, finance)
    assert job.status == ImportStatus.FAILED
    assert job.failure == actions.UNEXPECTED_FAILURE.format(number=job.pk)
    assert figures() == before


def test_running_a_job_again_changes_nothing(services, finance):
    job = run(GOOD, finance)
    entries = history_count()
    again = actions.import_run(job=job)
    assert again.status == ImportStatus.SUCCEEDED
    assert history_count() == entries
    assert job.history.count() == 3


def test_progress_is_reported_stage_by_stage(services, finance, monkeypatch):
    from commissioning.imports.progress import Progress

    written: list[dict] = []
    monkeypatch.setattr(Progress, "_write", lambda self, fields: written.append(dict(fields)))
    monkeypatch.setattr("commissioning.imports.progress.PROGRESS_INTERVAL_SECONDS", 0)
    run(GOOD, finance)
    assert written[0] == {"stage": ImportStage.SAVING, "rows_done": 0, "rows_total": 3}
    assert {"rows_done": 3} in written[1:]


def test_the_history_leaves_out_the_bytes_and_the_progress_counters():
    fields = {field.name for field in ImportJob.history.model._meta.get_fields()}
    assert {"status", "errors", "updated_count", "created_by"} <= fields
    assert not {"data", "rows_done", "stage"} & fields
