"""Background jobs for appraisals: thin django-tasks wrappers that call actions (ADR 0005)."""

from __future__ import annotations

from django_tasks import task

from commissioning.appraisals import actions


@task()
def run_simulation(*, run_id: int) -> str:
    """Run a queued Monte Carlo simulation. Safe to retry: a finished run is left as it is."""
    return actions.simulation_execute(run_id=run_id).status
