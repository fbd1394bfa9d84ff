"""Progress: written where a polling page can see it soonest, a few times whatever the size of the file."""

from __future__ import annotations

import pytest
from django.db import transaction

from commissioning.imports import progress as progress_module
from commissioning.imports.models import ImportJob, ImportStage
from commissioning.imports.progress import Progress

from .factories import ImportJobFactory


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.django_db(transaction=True)
def test_counts_are_written_at_most_once_an_interval_and_stages_always(finance):
    # The job is committed first, as in a real import: on PostgreSQL, progress written from inside a transaction
    # goes through a second connection, which cannot see a job that exists only in the test's open transaction.
    job = ImportJobFactory(running=True, created_by=finance, rows_done=0)
    clock = Clock()
    with Progress(job.pk, interval=1.0, clock=clock) as progress:
        progress.stage(ImportStage.SAVING, total=500)
        progress(10)  # too soon after the stage
        assert ImportJob.objects.get(pk=job.pk).rows_done == 0
        clock.now += 1.5
        progress(200)
        clock.now += 0.2
        progress(300)  # too soon
        job.refresh_from_db()
        assert (job.stage, job.rows_total, job.rows_done) == (ImportStage.SAVING, 500, 200)


@pytest.mark.django_db
def test_progress_is_left_out_of_the_jobs_history(finance):
    job = ImportJobFactory(running=True, created_by=finance)
    entries = job.history.count()
    with Progress(job.pk) as progress:
        progress.stage(ImportStage.SAVING, total=10, done=5)
    assert job.history.count() == entries


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_progress_is_committed_at_once(finance):
    job = ImportJobFactory(running=True, created_by=finance, rows_done=0)
    with Progress(job.pk) as progress:
        progress.stage(ImportStage.SAVING, total=10, done=4)
    assert not transaction.get_connection().in_atomic_block
    assert ImportJob.objects.get(pk=job.pk).rows_done == 4


@pytest.mark.django_db(transaction=True)
def test_the_second_connection_writes_the_progress_columns_by_itself(finance, monkeypatch):
    """What happens on PostgreSQL inside the import's transaction, tried here outside one (SQLite has one writer at a
    time, so a second connection cannot write while the first holds a transaction open)."""
    job = ImportJobFactory(running=True, created_by=finance, rows_done=0)
    monkeypatch.setattr(progress_module, "allows_concurrent_writers", lambda connection: True)
    with Progress(job.pk) as progress:
        progress._write_beside({"rows_done": 7, "stage": ImportStage.SAVING})
        side = progress._side
        assert side is not None
        assert side is not transaction.get_connection()
    assert progress._side is None
    job.refresh_from_db()
    assert (job.rows_done, job.stage) == (7, ImportStage.SAVING)


def test_sqlite_is_the_database_that_cannot_take_a_second_writer():
    class Connection:
        vendor = "sqlite"

    assert not progress_module.allows_concurrent_writers(Connection())  # type: ignore[arg-type]
    Connection.vendor = "postgresql"
    assert progress_module.allows_concurrent_writers(Connection())  # type: ignore[arg-type]
