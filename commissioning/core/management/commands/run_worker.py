"""The task worker: django-tasks-db's ``db_worker``, made to survive losing its database (ADR 0018).

    manage.py run_worker [--queue-name default] [--interval 1] [--worker-id ID] ...   (db_worker's options)

``db_worker`` stops with an exception when its database goes away (PostgreSQL restarted, a network blip) or stays
locked past the busy timeout (SQLite, while another process writes). This one closes its connections, waits
``--reconnect-delay`` seconds and carries on, for ever; only a signal (Ctrl+C, SIGTERM) stops it, gracefully as
``db_worker`` does. It also sweeps for jobs whose worker died (``commissioning.core.jobs``): when it starts, and
every ``--sweep-every`` seconds from a thread of its own, so that one worker's death is noticed by the others.
``scripts/serve-demo`` restarts a worker that exits all the same.
"""

from __future__ import annotations

import logging
import threading
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from commissioning.core import jobs

logger = logging.getLogger("django_tasks_db")

RECONNECT_DELAY_SECONDS = 5.0
# What losing the database looks like to Django: a connection refused, reset or closed, or a lock held too long.
LOST_DATABASE = (OperationalError, InterfaceError)


def close_connections() -> None:
    """Drop this thread's connections, however broken: the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None  # already gone: forget it


class ResilientWorker(Worker):
    """django-tasks-db's worker, run again after it loses its database."""

    def __init__(
        self,
        *,
        reconnect_delay: float = RECONNECT_DELAY_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.reconnect_delay = reconnect_delay
        self.reconnects = 0
        self._sleep = sleep

    def run(self) -> None:
        while True:
            try:
                super().run()
                return  # --batch or --max-tasks: done
            except LOST_DATABASE as error:
                if not self.running:
                    return
                self.reconnects += 1
                logger.warning(
                    "Worker %s lost its database (%s): reconnecting in %s seconds",
                    self.worker_id,
                    error,
                    self.reconnect_delay,
                )
                self.running_task = False
                close_connections()
                self._sleep(self.reconnect_delay)
                self.startup_delay = False


class Sweeper(threading.Thread):
    """Runs ``jobs.sweep()`` now and every ``every`` seconds, on a connection of its own, until the process ends."""

    def __init__(self, every: float) -> None:
        super().__init__(name="job-sweeper", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                jobs.sweep()
            except Exception:  # never let the sweeper's thread die: the next sweep tries again
                logger.exception("Sweeping for stopped jobs failed")
            finally:
                close_connections()
            self.stopped.wait(self.every)


class Command(DbWorkerCommand):
    help = "Run a database task worker that reconnects when it loses its database, and sweeps for stopped jobs"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--reconnect-delay",
            type=float,
            default=RECONNECT_DELAY_SECONDS,
            help="Seconds to wait before reconnecting after losing the database (default: %(default)r)",
        )
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=jobs.SWEEP_EVERY_SECONDS,
            help="Seconds between sweeps for jobs whose worker died; 0 to not sweep (default: %(default)r)",
        )

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        reconnect_delay: float,
        sweep_every: float,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            reconnect_delay=reconnect_delay,
        )
        if sweep_every > 0 and not batch:
            Sweeper(sweep_every).start()
        worker.configure_signals()
        worker.run()
