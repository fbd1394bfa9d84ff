"""Writes for imports: taking an upload, and running it (in a task worker) into the records it updates.

``import_job_create`` stores the upload as a queued job and enqueues ``tasks.run_import`` in the same transaction,
so a worker only ever sees a job that is committed with its file. ``import_run`` then reads the file through the
engine and saves every row in ONE transaction with the job's outcome: a file with any problem saves nothing and
the job lists each problem (row, column, reason); a good file saves everything, and the job's counts say how many
records were added, changed and left unchanged. Saving the same file again changes nothing: a record whose values
are already those in the file is not written, so it gets no history entry and counts as unchanged.

A job whose worker died (killed, or its machine restarted) is found by ``import_sweep``: its heartbeat, written with
its progress, stopped. The sweep marks it failed (``WORKER_LOST``) and keeps its file, and ``import_retry`` queues it
again. Its rows were never committed, so nothing was half saved; and an import only records its outcome while the
job is still running, so a job swept by mistake (a worker alive but silent too long) saves nothing either (ADR 0018).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.contracts import actions as contract_actions
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.problems import RowProblem, RowsInvalid
from commissioning.finance import actions as finance_actions
from commissioning.imports import ingest, selectors
from commissioning.imports.ingest import BudgetRow, IngestError
from commissioning.imports.models import FILENAME_LENGTH, ImportJob, ImportKind, ImportStage, ImportStatus
from commissioning.imports.progress import Progress
from commissioning.outcomes import selectors as outcome_selectors
from commissioning.outcomes.actions import measurement_upsert_many
from commissioning.services.actions import ServiceBudget, service_budget_update_many

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
JOB_INTERRUPTED = "Stopped before it finished: its worker died"
JOB_RETRIED = "Tried again"
# Shown on the job's page (which adds the full stop) when its worker died mid-import.
WORKER_LOST = (
    "The import stopped before it finished because the program running it stopped (for example, the server was "
    "restarted). Nothing was saved. Try again"
)

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


class JobLost(Exception):  # noqa: N818 - an outcome, not an error in the code
    """The job stopped running while its import worked (the sweeper marked it failed): nothing may be saved."""


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
        except JobLost:
            logger.warning("Import %s was marked as stopped while it ran: nothing was saved", job.pk)
        except Exception:
            logger.exception("Import %s failed unexpectedly", job.pk)
            try:
                return _finish(job, failure=UNEXPECTED_FAILURE.format(number=job.pk))
            except JobLost:
                pass
    return selectors.job_for_run(pk=job.pk)


@transaction.atomic
def _start(job: ImportJob) -> ImportJob | None:
    job = ImportJob.objects.select_for_update(of=("self",)).defer("data").select_related("created_by").get(pk=job.pk)
    if job.status != ImportStatus.QUEUED:
        return None
    job.status = ImportStatus.RUNNING
    job.stage = ImportStage.READING
    job.started_at = job.heartbeat_at = timezone.now()
    save_with_history(job, by=job.created_by, reason=JOB_STARTED)
    return job


def _import(job: ImportJob, progress: Progress) -> ImportJob:
    data = selectors.job_data(pk=job.pk)
    if job.kind == ImportKind.SPEND:
        return _import_spend(job, data, progress)
    if job.kind == ImportKind.INSPECTIONS:
        return _import_inspections(job, data, progress)
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
        return _finish(job, problems=errors)
    progress.stage(ImportStage.SAVING, total=total)
    try:
        with transaction.atomic():  # the rows and the job's outcome, together or not at all
            return _finish(job, counts=save(), total=total)
    except RowsInvalid as invalid:
        return _finish(job, problems=invalid.problems)


@transaction.atomic
def _finish(
    job: ImportJob,
    *,
    failure: str = "",
    problems: Sequence[RowProblem] = (),
    counts: Counts | None = None,
    total: int | None = None,
) -> ImportJob:
    """Record the outcome, if the job is still running: raises JobLost (rolling back the rows saved with it) when
    the sweeper has marked it stopped meanwhile."""
    status = ImportJob.objects.select_for_update(of=("self",)).filter(pk=job.pk).values_list("status", flat=True)
    if status.get() != ImportStatus.RUNNING:
        raise JobLost(job.pk)
    failed = bool(failure or problems)
    job.status = ImportStatus.FAILED if failed else ImportStatus.SUCCEEDED
    job.stage = ImportStage.DONE
    job.finished_at = timezone.now()
    job.data = b""  # the file is no longer needed: its name, size and SHA-256 stay
    job.failure = failure
    job.errors = [ingest.problem_as_json(problem) for problem in problems[:MAX_PROBLEMS_KEPT]]
    job.errors_total = len(problems)
    if counts is not None:
        job.created_count, job.updated_count, job.unchanged_count = counts.created, counts.updated, counts.unchanged
    if total is not None:
        job.rows_total = job.rows_done = total
    save_with_history(job, by=job.created_by, reason=JOB_FAILED if failed else JOB_SUCCEEDED)
    return job


# Stopped jobs: found, marked failed, tried again ---------------------------------------------------------------------


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    """A running job whose last heartbeat is older than this has lost its worker."""
    return (now or timezone.now()) - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS)


def is_stale(job: ImportJob, *, now: dt.datetime | None = None) -> bool:
    """Whether a job says it is running but its worker has not been heard from for too long (no query)."""
    last = job.heartbeat_at or job.started_at
    return job.status == ImportStatus.RUNNING and (last is None or last < stale_before(now))


def import_sweep(*, now: dt.datetime | None = None) -> list[ImportJob]:
    """Mark failed every running job whose worker died (``WORKER_LOST``), keeping its file so it can be tried
    again. Each in its own short transaction; safe to run in many processes at once. Returns the jobs marked."""
    stale = (
        ImportJob.objects.filter(status=ImportStatus.RUNNING)
        .alias(last=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(last__lt=stale_before(now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    marked = [import_mark_stopped(job_id=pk, now=now) for pk in stale]
    return [job for job in marked if job is not None]


@transaction.atomic
def import_mark_stopped(*, job_id: int, now: dt.datetime | None = None) -> ImportJob | None:
    """Mark one job failed because its worker died, if it still looks so once locked; None if it does not."""
    job = ImportJob.objects.select_for_update(of=("self",)).defer("data").select_related("created_by").get(pk=job_id)
    if not is_stale(job, now=now):
        return None
    job.status = ImportStatus.FAILED
    job.stage = ImportStage.DONE
    job.finished_at = job.interrupted_at = now or timezone.now()
    job.failure = WORKER_LOST
    # The file is kept (unlike a finished import), so that the job can be tried again.
    save_with_history(job, by=job.created_by, reason=JOB_INTERRUPTED)
    logger.warning("Import %s lost its worker and was marked as stopped", job.pk)
    return job


@transaction.atomic
def import_retry(*, job: ImportJob, by: User) -> ImportJob:
    """Queue again a job that stopped because its worker died. Does nothing to any other job (one that succeeded,
    failed on its rows, or is queued or running), so a repeated click is harmless; the import itself saves all its
    rows or none, and a row already saved as the file says counts as unchanged."""
    from commissioning.imports.tasks import run_import

    job = ImportJob.objects.select_for_update(of=("self",)).defer("data").select_related("created_by").get(pk=job.pk)
    if not job.can_retry:
        return job
    job.status = ImportStatus.QUEUED
    job.stage = ImportStage.WAITING
    job.failure = ""
    job.started_at = job.finished_at = job.interrupted_at = job.heartbeat_at = None
    job.rows_total, job.rows_done = None, 0
    save_with_history(job, by=by, reason=JOB_RETRIED)
    run_import.enqueue(job_id=job.pk)
    return job


# Spend ---------------------------------------------------------------------------------------------------------------


class _SpendProgress(finance_actions.SpendProgress):
    """The finance import's progress, written on the job (stage "Saving the rows", then the rows saved)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def saving(self, total: int) -> None:
        self.progress.stage(ImportStage.SAVING, total=total)

    def saved(self, done: int) -> None:
        self.progress(done)


def _import_spend(job: ImportJob, data: bytes, progress: Progress) -> ImportJob:
    """A published spend file, read and saved by the finance app in one transaction with the job's outcome: its
    rows imported count as added, its exact duplicates (in the file or already stored) as unchanged."""
    if not job.filename.lower().endswith(".csv"):
        return _finish(job, failure=ingest.SPEND_NOT_CSV.format(filename=job.filename))
    with transaction.atomic():  # the rows and the job's outcome, together or not at all
        outcome = finance_actions.spend_import_file(
            data=data,
            filename=job.filename,
            by=job.created_by,
            source="upload",
            import_job_id=job.pk,
            progress=_SpendProgress(progress),
            max_rows=ingest.LIMITS.max_rows * 5,
        )
        if outcome.status == "imported":
            counts = Counts(created=outcome.rows_imported, updated=0, unchanged=outcome.duplicates_skipped)
            return _finish(job, counts=counts, total=outcome.rows_read)
    return _finish(job, failure=outcome.error)


# Inspection ratings --------------------------------------------------------------------------------------------------


def _import_inspections(job: ImportJob, data: bytes, progress: Progress) -> ImportJob:
    """A CSV file of inspection ratings, read by the engine and saved by the contracts app in one transaction with
    the job's outcome: ratings added count as added, exact duplicates (in the file or already stored) as unchanged."""
    if not job.filename.lower().endswith(".csv"):
        return _finish(job, failure=ingest.INSPECTIONS_NOT_CSV.format(filename=job.filename))
    try:
        parsed = ingest.read_inspections(data, providers=selectors.provider_lookup(), today=timezone.localdate())
    except IngestError as error:
        return _finish(job, failure=str(error))
    if parsed.errors:
        return _finish(job, problems=parsed.errors)
    total = len(parsed.rows)
    progress.stage(ImportStage.SAVING, total=total)
    try:
        with transaction.atomic():  # the rows and the job's outcome, together or not at all
            saved = contract_actions.inspection_import_rows(
                rows=parsed.rows, by=job.created_by, reason=IMPORTED_FROM.format(filename=job.filename, number=job.pk)
            )
            counts = Counts(created=saved.created, updated=0, unchanged=saved.skipped)
            return _finish(job, counts=counts, total=total)
    except RowsInvalid as invalid:
        column = ingest.INSPECTION_FIELDS["provider"][0]  # the action names its input's only field at fault
        return _finish(job, problems=invalid.with_columns(lambda _name: column).problems)


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
            row_number=row.row_number,
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
    except RowsInvalid as invalid:
        raise invalid.with_columns(lambda name: ingest.header(ImportKind.BUDGETS, BUDGET_COLUMNS[name])) from None
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
        RowProblem(row.row_number, column, NOT_YOUR_INDICATOR.format(code=row.indicator_code))
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
    problems: list[RowProblem] = []
    for start in range(0, len(rows), MEASUREMENT_CHUNK):
        chunk = rows[start : start + MEASUREMENT_CHUNK]
        try:
            summary = measurement_upsert_many(rows=chunk, by=job.created_by, reason=reason)
        except RowsInvalid as invalid:
            # The action words its messages as sentences for the indicator page; the list of problems goes on from
            # "Row 3, column Period:", like the engine's.
            problems += [
                RowProblem(problem.row, problem.column, problem.message[:1].lower() + problem.message[1:])
                for problem in invalid.with_columns(partial(ingest.header, ImportKind.MEASUREMENTS)).problems
            ]
        else:
            created, updated, unchanged = (
                created + summary.created,
                updated + summary.updated,
                unchanged + summary.unchanged,
            )
        progress(start + len(chunk))
    if problems:
        raise RowsInvalid(problems)
    return Counts(created=created, updated=updated, unchanged=unchanged)
