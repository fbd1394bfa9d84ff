"""The list residents adds to a scrutiny committee's dashboard (core.thread.SCRUTINY_DASHBOARD_KEY, issue 10):
complaint hot spots, the services with the most complaints (then the most upheld) in the last quarter, each of which
the committee can put on its work programme as a service. Anonymous counts only; one query."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from commissioning.core import thread
from commissioning.core.thread import ScrutinyCandidate, ThreadSection
from commissioning.residents import selectors_complaints as selectors


def complaint_hot_spots(user: Any, body: Any) -> ThreadSection | None:
    rows = [
        ScrutinyCandidate(
            pk=spot.service_id,
            title=spot.service_name,
            detail=(
                f"{spot.volume} complaint{'' if spot.volume == 1 else 's'} in the last quarter, "
                f"{spot.upheld} upheld (fully or partly)"
            ),
            href=reverse("services:detail", args=[spot.service_id]),
        )
        for spot in selectors.complaint_hot_spots(today=timezone.localdate())
    ]
    return thread.scrutiny_list(
        key="complaint-hot-spots",
        heading="Complaint hot spots",
        kind="service",
        rows=rows,
        description="The services with the most complaints from residents in the last quarter, then the most upheld.",
        empty="No complaint in the last quarter.",
    )


def register() -> None:
    thread.register(thread.SCRUTINY_DASHBOARD_KEY, complaint_hot_spots)
