"""Background jobs that cannot be lost: the sweepers that find jobs whose worker died (ADR 0018).

A task worker can die in the middle of a job (killed, out of memory, its machine restarted). Its transaction is
rolled back, so nothing is half saved, but the job's own record still says it is running, and django-tasks-db never
runs a task again once a worker has claimed it. An app whose jobs can be left so registers a *sweeper* here in its
``AppConfig.ready()``: a function that marks its stopped jobs failed, with a reason written for the user, so that
they can be tried again (``imports`` registers ``actions.import_sweep``). Like the golden-thread registry, it holds
code, not data, and every process fills it the same way at start-up, so a lower app runs a higher app's sweeper
without importing it.

``sweep()`` runs every sweeper. It is run by each task worker (``manage.py run_worker``) when it starts and then every
``SWEEP_EVERY_SECONDS`` from a thread of its own, and by ``manage.py sweep_jobs`` (for cron, or by hand). A sweeper
must be cheap when there is nothing to sweep, and safe to run in several processes at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError

logger = logging.getLogger(__name__)

SWEEP_EVERY_SECONDS = 60.0

Sweeper = Callable[[], list[Any]]
_sweepers: dict[str, Sweeper] = {}


def register(name: str, sweeper: Sweeper) -> None:
    """Register (or replace) the sweeper called ``name``: a function that marks its stopped jobs and returns them."""
    _sweepers[name] = sweeper


def sweepers() -> dict[str, Sweeper]:
    return dict(_sweepers)


def sweep() -> dict[str, int]:
    """Run every sweeper; return how many jobs each marked. A sweeper that fails on the database (which may be
    restarting, or locked) is logged and skipped: the next sweep tries again."""
    marked: dict[str, int] = {}
    for name, sweeper in _sweepers.items():
        try:
            marked[name] = len(sweeper())
        except DatabaseError:
            logger.warning("Sweeping %s failed; trying again at the next sweep", name, exc_info=True)
            marked[name] = 0
    return marked
