"""Writes for imports: taking an upload, and running it (in a task worker) into the records it updates.

``import_job_create`` stores the upload as a queued job and enqueues ``tasks.run_import`` in the same transaction,
so a worker only ever sees a job that is committed with its file. ``import_run`` then reads the file through the
engine and saves every row in ONE transaction with the job's outcome: a file with any problem saves nothing and
the job lists each problem (row, column, reason); a good file saves everything, and the job's counts say how many
records were added, changed and left unchanged. Saving the same file again changes nothing: a record whose values
are already those in the file is not written, so it gets no history entry and counts as unchanged.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.imports import ingest, selectors
from commissioning.imports.ingest import BudgetRow, IngestError, Problem
from commissioning.imports.models import FILENAME_LENGTH, ImportJob, ImportKind, ImportStage, ImportStatus
from commissioning.imports.progress import Progress
from commissioning.outcomes import selectors as outcome_selectors
from commissioning.outcomes.actions import ROW_PREFIX, measurement_upsert_many
from commissioning.services.actions import BudgetsInvalid, ServiceBudget, service_budget_update_many

logger = logging.getLogger(__name__)

MAX_PROBLEMS_KEPT = 1_000  # a job lists at most this many problems; errors_total counts them all
KIND_INVALID = "Choose what the file holds"
UNEXPECTED_FAILURE = (
    "The import stopped because of a problem on our side, and nothing has been saved. Upload the file again; if "
    "that fails too, tell the system administrator, quoting import number {number}"
)
# Reasons in the history of the records an import changes, and of the job itself.
IMPORTED_FROM = "Imported from {filename} (import {number})"
JOB_CREATED = "File uploaded for import"
JOB_STARTED = "Import started"
JOB_SUCCEEDED = "Imported"
JOB_FAILED = "Not imported: nothing was saved"

# Budget fields (commissioning.services.actions.ServiceBudget) and the file's columns they come from.
BUDGET_COLUMNS = {
    "reference": "service_reference",
    "budget_year": "financial_year",
    "gross_budget": "gross_budget",
    "net_budget": "net_budget",
    "staff_fte": "staff_fte",
    "annual_demand": "annual_demand",
}


@dataclass(frozen=True)
class Counts:
    created: int
    updated: int
    unchanged: int


class ImportRejected(Exception):  # noqa: N818 - an outcome, not an error in the code
    """The rows could not be saved; nothing was."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = tuple(problems)


def clean_filename(name: str) -> str:
    """The name the user gave the file, without any folders or unprintable characters, for showing back."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(character for character in name if character.isprintable()).strip()
    return name[-FILENAME_LENGTH:] or "file"


@transaction.atomic
def import_job_create(
    *, kind: str, filename: str, data: bytes, by: User, form_token: uuid.UUID | None = None
) -> ImportJob:
    """Store an upload as a queued job, and queue the task that imports it (run at once under the test settings)."""
    from commissioning.imports.tasks import run_import

    claim = claim_form_token(form_token, by=by)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": KIND_INVALID})
    filename = clean_filename(filename)
    problem = ingest.upload_problem(filename, len(data))
    if problem:
        raise ValidationError({"file": problem})
    job = ImportJob(
        kind=kind,
        filename=filename,
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_by=by,
    )
    save_with_history(job, by=by, reason=JOB_CREATED)
    claim.made(job)
    # The task's row is written in this transaction: a worker sees it only once the job and its file are committed.
    run_import.enqueue(job_id=job.pk)
    return job


def import_run(*, job: ImportJob) -> ImportJob:
    """Import a queued job's file. Safe to run twice: a job that has started or finished is returned as it is.

    Not one transaction as a whole: the job's start and its progress are committed as they happen, so that its
    page can follow them (see ``commissioning.imports.progress``), while the rows are saved in one transaction
    together with the job's outcome.
    """
    started = _start(job)
    if started is None:
        return selectors.job_for_run(pk=job.pk)
    job = started
    with Progress(job.pk) as progress:
        try:
            return _import(job, progress)
        except Exception:
            logger.exception("Import %s failed unexpectedly", job.pk)
            return _finish(job, failure=UNEXPECTED_FAILURE.format(number=job.pk))


@transaction.atomic
def _start(job: ImportJob) -> ImportJob | None:
    job = ImportJob.objects.select_for_update(of=("self",)).defer("data").select_related("created_by").get(pk=job.pk)
    if job.status != ImportStatus.QUEUED:
        return None
    job.status = ImportStatus.RUNNING
    job.stage = ImportStage.READING
    job.started_at = timezone.now()
    save_with_history(job, by=job.created_by, reason=JOB_STARTED)
    return job


def _import(job: ImportJob, progress: Progress) -> ImportJob:
    data = selectors.job_data(pk=job.pk)
    try:
        if job.kind == ImportKind.BUDGETS:
            budgets = ingest.read_budgets(data, job.filename, services=selectors.service_references())
            total, errors = len(budgets.rows), budgets.errors
            save: Callable[[], Counts] = partial(_save_budgets, job, budgets.rows, progress)
        else:
            measurements = _read_measurements(job, data)
            total, errors = len(measurements.rows), measurements.errors
            save = partial(_save_measurements, job, measurements.rows, progress)
    except IngestError as error:
        return _finish(job, failure=str(error))
    del data
    if errors:
        return _finish(job, problems=[Problem.from_row_error(error) for error in errors])
    progress.stage(ImportStage.SAVING, total=total)
    try:
        with transaction.atomic():  # the rows and the job's outcome, together or not at all
            return _finish(job, counts=save(), total=total)
    except ImportRejected as rejected:
        return _finish(job, problems=rejected.problems)


def _finish(
    job: ImportJob,
    *,
    failure: str = "",
    problems: Sequence[Problem] = (),
    counts: Counts | None = None,
    total: int | None = None,
) -> ImportJob:
    failed = bool(failure or problems)
    job.status = ImportStatus.FAILED if failed else ImportStatus.SUCCEEDED
    job.stage = ImportStage.DONE
    job.finished_at = timezone.now()
    job.data = b""  # the file is no longer needed: its name, size and SHA-256 stay
    job.failure = failure
    job.errors = [problem.as_json() for problem in problems[:MAX_PROBLEMS_KEPT]]
    job.errors_total = len(problems)
    if counts is not None:
        job.created_count, job.updated_count, job.unchanged_count = counts.created, counts.updated, counts.unchanged
    if total is not None:
        job.rows_total = job.rows_done = total
    save_with_history(job, by=job.created_by, reason=JOB_FAILED if failed else JOB_SUCCEEDED)
    return job


# Budgets -------------------------------------------------------------------------------------------------------------


def _save_budgets(job: ImportJob, rows: Sequence[BudgetRow], progress: Progress) -> Counts:
    budgets = [
        ServiceBudget(
            reference=row.service_reference,
            budget_year=row.financial_year,
            gross_budget=row.gross_budget,
            net_budget=row.net_budget,
            staff_fte=row.staff_fte,
            annual_demand=row.annual_demand,
        )
        for row in rows
    ]
    try:
        saved = service_budget_update_many(
            budgets=budgets,
            by=job.created_by,
            reason=IMPORTED_FROM.format(filename=job.filename, number=job.pk),
            progress=progress,
        )
    except BudgetsInvalid as invalid:
        raise ImportRejected(
            [
                Problem(
                    rows[problem.index].row_number,
                    ingest.header(ImportKind.BUDGETS, BUDGET_COLUMNS[problem.field]),
                    problem.message,
                )
                for problem in invalid.problems
            ]
        ) from None
    return Counts(created=0, updated=saved.updated, unchanged=saved.unchanged)


# Measurements ------------------------------------------------------------------------------------------------------

MEASUREMENT_CHUNK = 5_000  # rows given to the outcomes action at a time, between progress reports
NOT_YOUR_INDICATOR = (
    "you may not record values of {code}, which is not measured in pounds: finance officers record the values of "
    "indicators measured in pounds, and commissioning officers and directors the rest"
)


def _read_measurements(job: ImportJob, data: bytes) -> ingest.ParseResult[ingest.MeasurementRow]:
    parsed = ingest.read_measurements(data, job.filename, indicators=outcome_selectors.indicator_import_lookup())
    if parsed.errors:
        return parsed
    # Whether this user may record each indicator's values (finance officers: money indicators only).
    indicators = selectors.indicators_by_code(codes={row.indicator_code for row in parsed.rows})
    refused = {
        code
        for code, indicator in indicators.items()
        if not job.created_by.has_perm("outcomes.add_measurement", indicator)
    }
    if not refused:
        return parsed
    column = ingest.header(ImportKind.MEASUREMENTS, "indicator_code")
    errors = tuple(
        ingest.RowError(
            row.row_number,
            column,
            NOT_YOUR_INDICATOR.format(code=row.indicator_code),
        )
        for row in parsed.rows
        if row.indicator_code in refused
    )
    return ingest.ParseResult(rows=(), errors=errors, format=parsed.format)


def _save_measurements(job: ImportJob, rows: Sequence[ingest.MeasurementRow], progress: Progress) -> Counts:
    """Through the outcomes action, a chunk at a time inside the import's transaction, so that progress can be told
    between chunks. A chunk with problems is rolled back and the next ones still checked, so that every problem is
    listed; then the whole transaction is rolled back."""
    reason = IMPORTED_FROM.format(filename=job.filename, number=job.pk)
    created = updated = unchanged = 0
    problems: list[Problem] = []
    for start in range(0, len(rows), MEASUREMENT_CHUNK):
        chunk = rows[start : start + MEASUREMENT_CHUNK]
        try:
            summary = measurement_upsert_many(rows=chunk, by=job.created_by, reason=reason)
        except ValidationError as error:
            problems += [_measurement_problem(problem) for problem in error.error_list]
        else:
            created, updated, unchanged = (
                created + summary.created,
                updated + summary.updated,
                unchanged + summary.unchanged,
            )
        progress(start + len(chunk))
    if problems:
        raise ImportRejected(problems)
    return Counts(created=created, updated=updated, unchanged=unchanged)


def _measurement_problem(error: ValidationError) -> Problem:
    params = error.params or {}
    row, name = params.get("row"), params.get("field") or "value"
    prefix = ROW_PREFIX.format(row=row, message="")
    message = error.message % params if params else error.message
    reason = message.removeprefix(prefix) if row is not None else message
    return Problem(row, ingest.header(ImportKind.MEASUREMENTS, name), reason[:1].lower() + reason[1:])
