"""What the Service status page (``/status``) tells people: whether the service, its database and its task worker
are working. It never names a host, a port or an error: the detail goes to the log. ``/healthz`` stays the JSON
answer for load balancers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min
from django.db.utils import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)

DATABASE_TASKS = "django_tasks_db.DatabaseBackend"

WORKING = "working"
DELAYED = "delayed"
NOT_WORKING = "not_working"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Part:
    name: str
    state: str  # WORKING, DELAYED, NOT_WORKING or UNKNOWN
    description: str


def database_working() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Status page: the database cannot be reached", exc_info=True)
        return False
    return True


def oldest_waiting_task(*, now: dt.datetime) -> dt.datetime | None:
    """Since when the task that has waited longest for a worker has been due (None when nothing is waiting)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    times = [
        ready.filter(run_after=get_date_max()).aggregate(due=Min("enqueued_at"))["due"],  # as soon as possible
        ready.filter(run_after__lte=now).aggregate(due=Min("run_after"))["due"],  # deferred, and now due
    ]
    return min((time for time in times if time is not None), default=None)


def worker_state(*, now: dt.datetime | None = None) -> str:
    """WORKING unless a task has waited longer than TASK_WORKER_LATE_SECONDS for a worker (DELAYED). Where tasks
    do not go through the database (the tests run them at once), there is no worker to wait for."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS:
        return WORKING
    now = now or timezone.now()
    try:
        oldest = oldest_waiting_task(now=now)
    except DatabaseError:
        logger.warning("Status page: the task queue cannot be read", exc_info=True)
        return UNKNOWN
    if oldest is not None and now - oldest > dt.timedelta(seconds=settings.TASK_WORKER_LATE_SECONDS):
        return DELAYED
    return WORKING


def service_status() -> list[Part]:
    database = WORKING if database_working() else NOT_WORKING
    worker = worker_state() if database == WORKING else UNKNOWN
    website = WORKING if database == WORKING else NOT_WORKING
    return [
        Part("Website", website, "The pages of this service."),
        Part("Database", database, "Where the service keeps its records."),
        Part("Task worker", worker, "Work done in the background: spreadsheet imports, emails and PDFs."),
    ]


# Times the status page states, besides the parts: when the task worker last finished a piece of work (its last sign of
# life that is recorded), and what other apps register (imports: when data was last imported). A fact is a label and
# a function giving a time (None: never). Registered from an AppConfig.ready(), like core.thread's sections.
Fact = Callable[[], "dt.datetime | None"]
_facts: list[tuple[str, Fact]] = []


def register_fact(label: str, read: Fact) -> None:
    if (label, read) not in _facts:
        _facts.append((label, read))


def last_task_finished() -> dt.datetime | None:
    """When the task worker last finished a task (None where tasks do not go through the database, or none has)."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS:
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.aggregate(last=Max("finished_at"))["last"]


@dataclass(frozen=True)
class StatusFact:
    label: str
    at: dt.datetime | None


def status_facts() -> list[StatusFact]:
    """The times the status page states (read only while the database works). A fact that cannot be read is left
    out (and logged)."""
    found = []
    for label, read in [("Task worker last finished a piece of work", last_task_finished), *_facts]:
        try:
            found.append(StatusFact(label, read()))
        except DatabaseError:
            logger.warning("Status page: %s cannot be read", label, exc_info=True)
    return found
