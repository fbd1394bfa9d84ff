"""Reads for imports: the only place that builds their querysets. Visibility agrees with rules.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from commissioning.accounts.models import Organisation
from commissioning.core.sample import HOME_LIMIT, Sample, empty, sample
from commissioning.core.search import search
from commissioning.imports.models import ImportJob, ImportKind, ImportStatus
from commissioning.outcomes.models import Indicator
from commissioning.services.models import Service

# The list never loads the uploaded bytes.
LIST_DEFER = ("data", "errors")


@dataclass(frozen=True)
class JobFilters:
    """What the list page was asked for. Empty values mean "any"."""

    q: str = ""
    kind: str = ""
    status: str = ""
    mine: bool = False


def visible_jobs(*, user: Any) -> QuerySet[ImportJob]:
    """Jobs this user may see: every job for those who may see all, otherwise their own (none for the public)."""
    if not (user.is_authenticated and user.is_active):
        return ImportJob.objects.none()
    jobs = ImportJob.objects.all()
    if user.has_perm("imports.view_all_importjobs"):
        return jobs
    return jobs.filter(created_by=user)


def job_list(*, user: Any, filters: JobFilters) -> QuerySet[ImportJob]:
    jobs = visible_jobs(user=user).defer(*LIST_DEFER).select_related("created_by")
    if filters.mine:
        jobs = jobs.filter(created_by=user)
    if filters.kind in ImportKind.values:
        jobs = jobs.filter(kind=filters.kind)
    if filters.status in ImportStatus.values:
        jobs = jobs.filter(status=filters.status)
    jobs = search(jobs, filters.q, "search_text", also=lambda word: Q(sha256__startswith=word))
    return jobs.order_by("-created_at", "-pk")


def job_detail(*, user: Any, pk: int) -> ImportJob:
    """Raises ImportJob.DoesNotExist when the job is missing or not visible to this user."""
    return visible_jobs(user=user).defer("data").select_related("created_by").get(pk=pk)


def job_for_run(*, pk: int) -> ImportJob:
    """The job a task worker is asked to run (without its bytes, which the import reads once, by themselves)."""
    return ImportJob.objects.defer("data").select_related("created_by").get(pk=pk)


def job_data(*, pk: int) -> bytes:
    return bytes(ImportJob.objects.filter(pk=pk).values_list("data", flat=True).get())


def provider_lookup() -> dict[str, int | None]:
    """Each organisation's company number, charity number and name, to its id: how an inspection ratings file names
    its providers. A name several organisations share maps to None (the file must give a number); a number wins
    over a name written the same way."""
    lookup: dict[str, int | None] = {}
    organisations = list(Organisation.objects.values_list("pk", "name", "company_number", "charity_number"))
    for pk, name, _company, _charity in organisations:
        lookup[name] = pk if name not in lookup else None
    for pk, _name, company, charity in organisations:
        for number in (company, charity):
            if number:
                lookup[number.upper()] = pk
    return lookup


def service_references() -> list[str]:
    """Every service's reference, archived ones included (the budgets action says why those cannot change)."""
    return list(Service.objects.values_list("reference", flat=True))


EXPORT_HEADERS = [
    "Import",
    "File name",
    "What it holds",
    "Status",
    "Uploaded by",
    "Uploaded at",
    "Finished at",
    "Rows",
    "Added",
    "Changed",
    "Unchanged",
    "Problems",
    "Size (bytes)",
    "SHA-256",
]


def job_export_rows(jobs: QuerySet[ImportJob]) -> Iterator[list[Any]]:
    for job in jobs.iterator(chunk_size=500):
        yield [
            job.pk,
            job.filename,
            ImportKind(job.kind).label,
            ImportStatus(job.status).label,
            str(job.created_by),
            job.created_at,
            job.finished_at,
            job.rows_total,
            job.created_count,
            job.updated_count,
            job.unchanged_count,
            job.errors_total,
            job.size,
            job.sha256,
        ]


def indicators_by_code(*, codes: Iterable[str]) -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=set(codes))}


FAILED_RECENTLY_DAYS = 30  # how long a failed import stays on its uploader's home page


def failed_imports(*, user: Any, limit: int = HOME_LIMIT) -> Sample[ImportJob]:
    """The user's own imports that failed in the last 30 days, newest first (the home page; two queries)."""
    if not (user.is_authenticated and user.is_active):
        return empty()
    since = timezone.now() - dt.timedelta(days=FAILED_RECENTLY_DAYS)
    jobs = visible_jobs(user=user).filter(created_by=user, status=ImportStatus.FAILED, created_at__gte=since)
    return sample(jobs.defer(*LIST_DEFER).order_by("-created_at", "-pk"), limit)


def last_import_finished() -> dt.datetime | None:
    """When a spreadsheet was last imported successfully (None: never), for the Service status page."""
    return (
        ImportJob.objects.filter(status=ImportStatus.SUCCEEDED, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
