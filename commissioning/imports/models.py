"""Imports of service budgets and indicator measurements from uploaded spreadsheets, one ImportJob per upload.

The uploaded bytes are kept in the job's own row (a BinaryField), not in a file: the web process that receives the
upload and the task worker that reads it may be different machines that share only the database, and the job, its
file and its task row are then written in one transaction, so a worker never sees a job whose file is not there
yet, and a rolled-back upload leaves no orphan file behind. Uploads are at most ``Limits.max_file_bytes`` (20 MB),
which PostgreSQL keeps out of line (TOAST) and SQLite stores as a blob. The bytes are dropped when the import
finishes: the job keeps the file's name, size and SHA-256, and every record it changed keeps a history entry naming
the file.

Progress (``stage``, ``rows_done``) is written while the import's own transaction is still open, so it is left out
of the history, which records the job's status changes: see ``commissioning.imports.progress``. So is
``heartbeat_at``, the last time the running import was seen alive: a job whose heartbeat is older than
``settings.IMPORT_STALE_AFTER_SECONDS`` lost its worker, and ``actions.import_sweep`` marks it failed
(``interrupted_at``) and keeps its file so that it can be tried again (ADR 0018).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.core.problems import RowProblem
from commissioning.core.search import Searchable
from commissioning.imports import ingest
from commissioning.imports.ingest import ImportKind as EngineImportKind

FILENAME_LENGTH = 255


class ImportKind(models.TextChoices):
    BUDGETS = EngineImportKind.BUDGETS.value, "Service budgets"
    MEASUREMENTS = EngineImportKind.MEASUREMENTS.value, "Indicator measurements"
    SPEND = "spend", "Spend over £500"  # a council's published spend file, imported by the finance app (ADR 0025)
    INSPECTIONS = "inspections", "Inspection ratings"  # CSV, read by engine.ingest.inspections, saved by contracts


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    FAILED = "failed", "Not imported"
    SUCCEEDED = "succeeded", "Imported"


class ImportStage(models.TextChoices):
    WAITING = "waiting", "Waiting for the import to start"
    READING = "reading", "Reading and checking the file"
    SAVING = "saving", "Saving the rows"
    DONE = "done", "Finished"


FINISHED = frozenset({ImportStatus.FAILED, ImportStatus.SUCCEEDED})


class ImportJob(Searchable, DomainModel):
    """One uploaded file and what became of it: its rows saved (with counts), or every problem found in it."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    filename = models.CharField("File name", max_length=FILENAME_LENGTH)
    data = models.BinaryField(editable=False, blank=True)
    size = models.PositiveBigIntegerField("Size (bytes)")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    stage = models.CharField(max_length=10, choices=ImportStage.choices, default=ImportStage.WAITING)
    rows_total = models.PositiveIntegerField(null=True, blank=True, help_text="Rows of data in the file.")
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows saved (or compared) so far.")
    failure = models.TextField(blank=True, help_text="Why the file as a whole could not be imported.")
    errors = models.JSONField(default=list, blank=True, help_text="Problems in rows: [{row, column, reason}].")
    errors_total = models.PositiveIntegerField(default=0, help_text="Problems found (the list may hold fewer).")
    created_count = models.PositiveIntegerField("Added", default=0)
    updated_count = models.PositiveIntegerField("Changed", default=0)
    unchanged_count = models.PositiveIntegerField("Unchanged", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the running import last showed it was alive (with its progress)."
    )
    interrupted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the import was found to have stopped because its worker died."
    )

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("filename",)}

    history = HistoricalRecords(excluded_fields=[*search_columns, "data", "stage", "rows_done", "heartbeat_at"])

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["created_by", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.filename}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def can_retry(self) -> bool:
        """Stopped because its worker died: its file is kept, and it may be tried again."""
        return self.status == ImportStatus.FAILED and self.interrupted_at is not None

    @property
    def percent_done(self) -> int:
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def errors_shown(self) -> int:
        return len(self.errors)

    @property
    def problems(self) -> list[RowProblem]:
        """The problems kept (``errors``), as the page and the CSV list them."""
        return [ingest.problem_from_json(stored) for stored in self.errors]
