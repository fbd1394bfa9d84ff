"""Task workers that survive losing their database, and SQLite writes that wait for the lock instead of failing
(ADR 0018)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django_tasks_db.management.commands import db_worker

from commissioning.core.management.commands import run_worker


def worker(sleeps: list[float], **options: Any) -> run_worker.ResilientWorker:
    defaults: dict[str, Any] = {
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,  # stop once no task is waiting
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
        "reconnect_delay": 3.0,
        "sleep": sleeps.append,
    }
    return run_worker.ResilientWorker(**(defaults | options))


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_worker_reconnects_after_losing_its_database_and_carries_on(error, monkeypatch):
    """django-tasks-db's own loop runs; its first look at the database fails as it does when PostgreSQL restarts."""
    calls: list[str] = []

    def close_old_connections() -> None:
        calls.append("checked")
        if len(calls) == 1:
            raise error("server closed the connection unexpectedly")

    closed: list[bool] = []
    monkeypatch.setattr(db_worker, "close_old_connections", close_old_connections)
    monkeypatch.setattr(run_worker, "close_connections", lambda: closed.append(True))
    sleeps: list[float] = []
    subject = worker(sleeps)

    subject.run()  # returns: after reconnecting, it found no task waiting (--batch)

    assert subject.reconnects == 1
    assert closed == [True], "its broken connections were dropped"
    assert sleeps == [3.0], "it waited before reconnecting"
    assert len(calls) > 1, "it went round its loop again"


@pytest.mark.django_db
def test_an_error_that_is_not_the_database_going_away_still_stops_the_worker(monkeypatch):
    def close_old_connections() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(db_worker, "close_old_connections", close_old_connections)
    with pytest.raises(RuntimeError):
        worker([]).run()


@pytest.mark.django_db
def test_a_worker_told_to_stop_does_not_reconnect(monkeypatch):
    subject = worker([])

    def close_old_connections() -> None:
        subject.running = False  # a signal arrived, then the database went away
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(db_worker, "close_old_connections", close_old_connections)
    subject.run()
    assert subject.reconnects == 0


def test_close_connections_forgets_a_connection_that_cannot_be_closed(monkeypatch):
    class Broken:
        connection: object = object()

        def close(self) -> None:
            raise OperationalError("already gone")

    broken = Broken()
    monkeypatch.setattr(run_worker.connections, "all", lambda initialized_only=False: [broken])
    run_worker.close_connections()
    assert broken.connection is None


# SQLite: one writer at a time, and a write that waits for it --------------------------------------------------------


def sqlite(path: Path, **options: Any) -> DatabaseWrapper:
    """A connection to a SQLite file, set up as the settings set up the default database."""
    settings_dict = {**connection.settings_dict, "NAME": str(path)}
    settings_dict["OPTIONS"] = {**settings.DATABASES["default"]["OPTIONS"], **options}
    wrapper = DatabaseWrapper(settings_dict, alias="lock-test")
    wrapper.ensure_connection()
    return wrapper


def begin(wrapper: DatabaseWrapper) -> None:
    """What ``transaction.atomic()`` does on entering: BEGIN (IMMEDIATE, with the settings)."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def end(wrapper: DatabaseWrapper) -> None:
    wrapper.commit()
    wrapper.set_autocommit(True)


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[Path]:
    """A SQLite file of its own (the test database is in memory, one connection), which threads may open."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    path = tmp_path / "locks.sqlite3"
    with django_db_blocker.unblock():
        setup = sqlite(path)
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE session (key TEXT PRIMARY KEY, data TEXT)")
            cursor.execute("INSERT INTO session VALUES ('abc', 'signed out')")
            cursor.execute("CREATE TABLE measurement (id INTEGER PRIMARY KEY, period TEXT, value TEXT, note TEXT)")
        setup.close()
        yield path


def test_the_sqlite_settings_wait_for_the_lock_and_take_it_when_a_transaction_begins():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 120


def hold_the_lock(path: Path, holding: threading.Event, seconds: float) -> None:
    """An import saving its rows: one write transaction of 20,000 rows, held open for ``seconds``."""
    importer = sqlite(path)
    try:
        begin(importer)
        with importer.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO measurement (period, value, note) VALUES (%s, %s, %s)",
                [(f"2025-{n % 12 + 1:02d}", str(n), "") for n in range(20_000)],
            )
        holding.set()
        time.sleep(seconds)
        end(importer)
    finally:
        importer.close()


def test_a_sign_in_made_while_an_import_saves_its_rows_waits_for_it_and_succeeds(database):
    holding = threading.Event()
    importer = threading.Thread(target=hold_the_lock, args=(database, holding, 1.5))
    importer.start()
    try:
        assert holding.wait(30)
        web = sqlite(database)
        started = time.monotonic()
        begin(web)  # waits here (the busy timeout) until the import commits
        with web.cursor() as cursor:
            cursor.execute("SELECT data FROM session WHERE key = 'abc'")
            cursor.execute("UPDATE session SET data = 'signed in' WHERE key = 'abc'")
        end(web)
        waited = time.monotonic() - started
        with web.cursor() as cursor:
            cursor.execute("SELECT data, (SELECT count(*) FROM measurement) FROM session")
            assert cursor.fetchone() == ("signed in", 20_000)
        web.close()
    finally:
        importer.join()
    assert 0.5 < waited < settings.DATABASES["default"]["OPTIONS"]["timeout"]


def test_without_immediate_transactions_a_write_after_a_read_fails_at_once(database):
    """Why the settings begin transactions IMMEDIATE: a DEFERRED transaction that read before the import committed
    cannot become a writer after it, and SQLite says "database is locked" at once, whatever the busy timeout."""
    holding = threading.Event()
    importer = threading.Thread(target=hold_the_lock, args=(database, holding, 0.5))
    importer.start()
    web = sqlite(database, transaction_mode="DEFERRED")
    try:
        assert holding.wait(30)
        begin(web)
        with web.cursor() as cursor:
            cursor.execute("SELECT data FROM session WHERE key = 'abc'")  # reads a snapshot from before the import
            importer.join()  # the import commits
            started = time.monotonic()
            with pytest.raises(OperationalError, match="locked"):
                cursor.execute("UPDATE session SET data = 'signed in' WHERE key = 'abc'")
        assert time.monotonic() - started < 5
        web.rollback()
        web.set_autocommit(True)
    finally:
        importer.join()
        web.close()


def test_the_workers_sweeper_thread_sweeps_again_after_a_sweep_fails(monkeypatch):
    sweeps: list[int] = []
    done = threading.Event()

    def sweep() -> dict[str, int]:
        sweeps.append(1)
        if len(sweeps) == 1:
            raise RuntimeError("a bug in one sweep")
        done.set()
        return {}

    monkeypatch.setattr(run_worker.jobs, "sweep", sweep)
    monkeypatch.setattr(run_worker, "close_connections", lambda: None)
    sweeper = run_worker.Sweeper(every=0.01)
    sweeper.start()
    try:
        assert done.wait(10), "the thread died with the first sweep"
    finally:
        sweeper.stopped.set()
        sweeper.join(10)
    assert len(sweeps) >= 2
    assert not sweeper.is_alive()
