"""The list contracts adds to a scrutiny committee's dashboard (core.thread.SCRUTINY_DASHBOARD_KEY, issue 10): the
contracts rated below Good in their latest confirmed performance assessment, each of which the committee can put on
its work programme. Two queries, whatever the number of contracts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.contracts import selectors_returns
from commissioning.core import thread
from commissioning.core.thread import ScrutinyCandidate, ThreadSection


def contracts_below_good(user: Any, body: Any) -> ThreadSection | None:
    rows = [
        ScrutinyCandidate(
            pk=row.contract.pk,
            title=f"{row.contract.reference}: {row.contract.title}",
            detail=(
                f"{row.rating_label} in the assessment to {row.assessment_end:%-d %B %Y} "
                f"({row.below} KPI{'' if row.below == 1 else 's'} below Good)"
                + (f", {row.contract.provider.name}" if row.contract.provider is not None else "")
            ),
            href=reverse("contracts:detail", args=[row.contract.pk]),
        )
        for row in selectors_returns.contracts_below_good(user=user)
    ]
    return thread.scrutiny_list(
        key="contracts-below-good",
        heading="Contracts rated below Good",
        kind="contract",
        rows=rows,
        description="Their latest confirmed performance assessment rated at least one KPI below Good.",
        empty="No contract's latest assessment rated a KPI below Good.",
    )


def register() -> None:
    thread.register(thread.SCRUTINY_DASHBOARD_KEY, contracts_below_good)
