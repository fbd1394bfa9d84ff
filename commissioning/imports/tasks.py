"""Background jobs for imports: thin django-tasks wrappers that call actions (ADR 0005)."""

from __future__ import annotations

from django_tasks import task

from commissioning.imports import actions, selectors


@task()
def run_import(*, job_id: int) -> str:
    """Import an uploaded file. Safe to retry: a job that has started or finished is left as it is."""
    return actions.import_run(job=selectors.job_for_run(pk=job_id)).status
