"""Imports whose worker dies: swept, marked failed with a reason for the user, tried again (ADR 0018)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from commissioning.core import jobs
from commissioning.imports import actions
from commissioning.imports.models import ImportJob, ImportStage, ImportStatus
from commissioning.outcomes.models import Frequency, Measurement

from .factories import MEASUREMENT_HEADER, ImportJobFactory, IndicatorFactory, csv_file

pytestmark = pytest.mark.django_db

ROWS = [f"MIR-01,2025-{month:02d},{month * 10}," for month in range(1, 11)]
FILE = csv_file(MEASUREMENT_HEADER, *ROWS)


class WorkerDied(BaseException):
    """What the import sees of its process being killed: it never returns, and its transaction is never committed.
    A BaseException, as SystemExit is, so that no ``except Exception`` in the import can record an outcome."""


def later(seconds: float = 1) -> dt.datetime:
    """A moment when a job silent since now has been silent for longer than the threshold."""
    return timezone.now() + dt.timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS + seconds)


@pytest.fixture
def indicator(council):
    return IndicatorFactory(code="MIR-01", frequency=Frequency.MONTHLY)


@pytest.fixture
def queued(officer, indicator) -> ImportJob:
    job: ImportJob = ImportJobFactory(
        measurements=True, queued=True, created_by=officer, filename="monthly.csv", data=FILE, size=len(FILE)
    )
    return job


def die_after_first_chunk(monkeypatch):
    """Chunks of 3 rows; the worker dies once the first chunk is saved (inside the import's transaction)."""
    monkeypatch.setattr(actions, "MEASUREMENT_CHUNK", 3)
    upsert = actions.measurement_upsert_many
    calls = []

    def dying(**kwargs):
        calls.append(len(kwargs["rows"]))
        if len(calls) > 1:
            raise WorkerDied
        return upsert(**kwargs)

    monkeypatch.setattr(actions, "measurement_upsert_many", dying)
    return calls


def test_a_job_killed_mid_import_saves_nothing_is_swept_and_succeeds_when_tried_again(queued, officer, monkeypatch):
    calls = die_after_first_chunk(monkeypatch)
    with pytest.raises(WorkerDied):
        actions.import_run(job=queued)
    assert calls == [3, 3]  # it died with a chunk saved in its transaction
    job = ImportJob.objects.get(pk=queued.pk)
    assert job.status == ImportStatus.RUNNING  # what a dead worker leaves
    assert not Measurement.objects.exists(), "nothing half saved"
    assert actions.import_sweep() == [], "its heartbeat is recent: not yet"

    (swept,) = actions.import_sweep(now=later())
    job = ImportJob.objects.get(pk=queued.pk)
    assert swept.pk == job.pk
    assert (job.status, job.stage, job.failure) == (ImportStatus.FAILED, ImportStage.DONE, actions.WORKER_LOST)
    assert job.interrupted_at is not None
    assert job.can_retry
    assert bytes(job.data) == FILE, "its file is kept to try again"
    assert job.history.first().history_change_reason == actions.JOB_INTERRUPTED
    assert not Measurement.objects.exists()
    assert actions.import_sweep(now=later()) == [], "a swept job is not swept again"

    monkeypatch.undo()
    actions.import_retry(job=job, by=officer)  # the task runs at once under the test settings
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, (job.failure, job.errors)
    assert (job.created_count, job.rows_total, job.interrupted_at, job.failure) == (10, 10, None, "")
    assert Measurement.objects.count() == 10
    assert [entry.history_change_reason for entry in job.history.order_by("history_id")][-4:] == [
        actions.JOB_INTERRUPTED,
        actions.JOB_RETRIED,
        actions.JOB_STARTED,
        actions.JOB_SUCCEEDED,
    ]

    # Trying again a job that succeeded does nothing.
    entries, measurement_entries = job.history.count(), Measurement.history.count()
    assert actions.import_retry(job=job, by=officer).status == ImportStatus.SUCCEEDED
    assert (job.history.count(), Measurement.history.count()) == (entries, measurement_entries)


def test_the_sweep_leaves_alone_every_job_that_is_not_a_stale_running_one(officer, indicator):
    now = timezone.now()
    old = now - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS + 5)
    alive = ImportJobFactory(running=True, created_by=officer, heartbeat_at=now - dt.timedelta(seconds=5))
    stale = ImportJobFactory(running=True, created_by=officer, heartbeat_at=old)
    never_beat = ImportJobFactory(running=True, created_by=officer, heartbeat_at=None, started_at=old)
    others = [
        ImportJobFactory(queued=True, created_by=officer),
        ImportJobFactory(created_by=officer, started_at=old),
        ImportJobFactory(failed=True, created_by=officer, started_at=old),
    ]
    before = {job.pk: job.status for job in others}

    assert sorted(job.pk for job in actions.import_sweep(now=now)) == [stale.pk, never_beat.pk]

    assert ImportJob.objects.get(pk=alive.pk).status == ImportStatus.RUNNING
    assert {job.pk: ImportJob.objects.get(pk=job.pk).status for job in others} == before
    assert ImportJob.objects.get(pk=stale.pk).failure == actions.WORKER_LOST


def test_an_import_marked_stopped_while_it_still_ran_records_no_outcome(officer, indicator):
    """A worker alive but silent past the threshold: the sweeper has marked its job, so its outcome (and the rows
    saved with it) is refused."""
    job = ImportJobFactory(running=True, created_by=officer, heartbeat_at=timezone.now() - dt.timedelta(days=1))
    actions.import_sweep()
    with pytest.raises(actions.JobLost):
        actions._finish(job, counts=actions.Counts(created=1, updated=0, unchanged=0), total=1)
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportStatus.FAILED, actions.WORKER_LOST)


@pytest.mark.django_db(transaction=True)  # committed, as a real import's job is (see test_progress.py)
def test_progress_beats_the_heart_and_never_touches_a_job_no_longer_running(officer):
    from commissioning.imports.progress import Progress

    job = ImportJobFactory(running=True, created_by=officer, heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    with Progress(job.pk) as progress:
        progress.stage(ImportStage.SAVING, total=10)
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < dt.timedelta(minutes=1)

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, stage=ImportStage.DONE)
    with Progress(job.pk) as progress:
        progress.stage(ImportStage.SAVING, total=99)
    job.refresh_from_db()
    assert (job.stage, job.rows_total) == (ImportStage.DONE, 10)


def test_trying_again_leaves_alone_a_job_that_failed_on_its_rows_or_is_still_running(officer):
    for job in (ImportJobFactory(failed=True, created_by=officer), ImportJobFactory(running=True, created_by=officer)):
        entries = job.history.count()
        status = job.status
        assert actions.import_retry(job=job, by=officer).status == status
        assert job.history.count() == entries


def test_the_page_of_a_job_whose_worker_died_says_so_and_offers_to_try_again(client, officer, indicator):
    job = ImportJobFactory(
        measurements=True,
        running=True,
        created_by=officer,
        data=FILE,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS + 1),
    )
    client.force_login(officer)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "carries on" not in page
    assert 'http-equiv="refresh"' not in page
    assert actions.WORKER_LOST in page
    assert f'action="{reverse("imports:retry", args=[job.pk])}"' in page
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED

    response = client.post(reverse("imports:retry", args=[job.pk]))
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.SUCCEEDED, 10)
    page = client.get(response["Location"]).content.decode()
    assert "File imported" in page
    assert "Try again" not in page


def test_a_running_job_still_alive_says_it_carries_on(client, officer):
    job = ImportJobFactory(running=True, created_by=officer)
    client.force_login(officer)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "the import carries on" in page
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.RUNNING


def test_only_those_who_may_import_its_kind_are_offered_to_try_again(client, officer, users):
    job = ImportJobFactory(measurements=True, interrupted=True, created_by=officer, data=FILE)
    retry = f'action="{reverse("imports:retry", args=[job.pk])}"'
    for user, offered in ((officer, True), (users["admin"], False)):
        client.force_login(user)
        page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
        assert actions.WORKER_LOST in page
        assert (retry in page) == offered, user


def test_sweep_jobs_runs_every_registered_sweeper(officer):
    assert jobs.sweepers()["imports"] is actions.import_sweep
    stale = ImportJobFactory(running=True, created_by=officer, heartbeat_at=timezone.now() - dt.timedelta(days=1))
    out = StringIO()
    call_command("sweep_jobs", stdout=out)
    assert out.getvalue() == "imports: 1 stopped job marked failed\n"
    assert ImportJob.objects.get(pk=stale.pk).status == ImportStatus.FAILED


def test_a_sweeper_that_fails_on_the_database_does_not_stop_the_others(monkeypatch):
    from django.db import OperationalError

    def broken() -> list[object]:
        raise OperationalError("database is locked")

    monkeypatch.setattr(jobs, "_sweepers", {"broken": broken, "fine": lambda: [object()]})
    assert jobs.sweep() == {"broken": 0, "fine": 1}


# A worker process really killed mid-import ---------------------------------------------------------------------------

CHILD = """
import json, os, sys
import django
django.setup()
from commissioning.imports import actions
from commissioning.imports.models import ImportJob

mode, job_id = sys.argv[1], int(sys.argv[2])
job = ImportJob.objects.select_related("created_by").get(pk=job_id)
if mode == "die":
    actions.MEASUREMENT_CHUNK = 3
    upsert, calls = actions.measurement_upsert_many, []

    def dying(**kwargs):
        calls.append(1)
        if len(calls) > 1:
            os._exit(9)  # killed with a chunk saved in the import's open transaction
        return upsert(**kwargs)

    actions.measurement_upsert_many = dying
    actions.import_run(job=job)
    sys.exit("the import should have died")
swept = [swept.pk for swept in actions.import_sweep()]
actions.import_retry(job=job, by=job.created_by)
job.refresh_from_db()
print(json.dumps({"swept": swept, "status": job.status, "created": job.created_count}))
"""


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_killed_mid_import_leaves_nothing_saved_and_a_job_that_can_be_tried_again(
    tmp_path, officer, indicator
):
    """The import runs in a child process on a SQLite file (a copy of the test database) and is killed with
    os._exit in the middle of saving its rows; a second process sweeps the job and tries it again."""
    import json
    import os
    import sqlite3
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("runs the worker on a copy of the SQLite test database")
    job = ImportJobFactory(
        measurements=True, queued=True, created_by=officer, filename="monthly.csv", data=FILE, size=len(FILE)
    )
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{path}",
        "IMPORT_STALE_AFTER_SECONDS": "0",
    }

    def child(mode: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - this Python, running the script above
            [sys.executable, "-c", CHILD, mode, str(job.pk)],
            env=environment,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def state() -> tuple[str, int]:
        with sqlite3.connect(path) as database:
            status = database.execute("SELECT status FROM imports_importjob WHERE id = ?", [job.pk]).fetchone()[0]
            saved = database.execute("SELECT count(*) FROM outcomes_measurement").fetchone()[0]
        database.close()
        return status, saved

    died = child("die")
    assert died.returncode == 9, died.stderr[-2000:]
    assert state() == (ImportStatus.RUNNING, 0), "killed: still says running, and nothing was half saved"

    again = child("sweep-and-retry")
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout.splitlines()[-1]) == {"swept": [job.pk], "status": "succeeded", "created": 10}
    assert state() == (ImportStatus.SUCCEEDED, 10)
