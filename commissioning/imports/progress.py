"""Telling a polling page how far an import has gone, while the import's own transaction is still open.

An import saves all its rows in one transaction, so that a file is imported whole or not at all. Nothing written in
that transaction can be seen by another process until it commits, and that includes a count of rows done kept on
the job. So ``Progress`` writes the job's progress columns (``stage``, ``rows_total``, ``rows_done``) where they can
be seen soonest:

- Outside a transaction (while the file is read and checked, before the rows are saved), with the default
  connection in autocommit mode: each write is visible to every process at once.
- Inside the import's transaction, on a database that lets two connections write at the same time (PostgreSQL),
  through a second connection of its own in autocommit mode. That connection updates the job's progress columns
  and nothing else, and the import's transaction does not touch the job's row until every row is saved, so the
  two connections never wait for each other.
- Inside a transaction on SQLite, with the default connection, as part of that transaction: SQLite has one writer
  at a time and the import's transaction is it, so a second connection would wait for the import to finish. The
  page shows "Saving the rows" and the total while the rows are saved, and the count when they are. SQLite is the
  one-machine demo; councils run PostgreSQL.

Every write also sets the job's ``heartbeat_at``: a running job whose heartbeat stops lost its worker, and the
sweeper marks it failed (``actions.import_sweep``, ADR 0018). Only a job still running is written to, so a late
write from a worker that was thought dead does not touch a job the sweeper has marked.

Counts are written at most once every ``interval`` seconds, so progress costs a handful of updates whatever the
size of the file. The progress columns are bookkeeping, not a change to the record, so they are left out of the
job's history (``HistoricalRecords(excluded_fields=...)``) and written with ``QuerySet.update``, which skips it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.sql.constants import ROW_COUNT
from django.db.models.sql.subqueries import UpdateQuery
from django.utils import timezone

from commissioning.imports.models import ImportJob, ImportStatus

PROGRESS_INTERVAL_SECONDS = 0.5


def allows_concurrent_writers(connection: BaseDatabaseWrapper) -> bool:
    """Whether a second connection may write while this one holds a write transaction open."""
    return connection.vendor != "sqlite"


class Progress:
    """Writes one job's progress. Use as a context manager, so that its second connection (if any) is closed."""

    def __init__(
        self,
        job_id: int,
        *,
        interval: float = PROGRESS_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.job_id = job_id
        self.interval = interval
        self._clock = clock
        self._last_write: float | None = None
        self._side: BaseDatabaseWrapper | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def stage(self, stage: str, *, total: int | None = None, done: int = 0) -> None:
        """A new stage of the import (always written)."""
        fields: dict[str, Any] = {"stage": stage, "rows_done": done}
        if total is not None:
            fields["rows_total"] = total
        self._write(fields)

    def __call__(self, done: int) -> None:
        """Rows done so far (written when ``interval`` has passed since the last write)."""
        if self._last_write is not None and self._clock() - self._last_write < self.interval:
            return
        self._write({"rows_done": done})

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

    def _write(self, fields: dict[str, Any]) -> None:
        self._last_write = self._clock()
        fields = {**fields, "heartbeat_at": timezone.now()}
        connection = transaction.get_connection()
        if connection.in_atomic_block and allows_concurrent_writers(connection):
            self._write_beside(fields)
        else:
            self._running().update(**fields)

    def _running(self) -> QuerySet[ImportJob]:
        return ImportJob.objects.filter(pk=self.job_id, status=ImportStatus.RUNNING)

    def _write_beside(self, fields: dict[str, Any]) -> None:
        """The same UPDATE as QuerySet.update, run on a connection of our own (autocommit: visible at once)."""
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        query = cast(UpdateQuery, self._running().query.chain(UpdateQuery))
        query.add_update_values(fields)
        query.get_compiler(connection=self._side).execute_sql(ROW_COUNT)
