"""Complaints upheld, a criterion of the prioritisation model (commissioning.core.priority) that residents declares
and scores from its complaints: a service with more complaints upheld over the last four quarters, and a higher
share of its answered complaints upheld, ranks higher for review (the bands of engine.complaints.priority).

Every published, current service is scored, none upheld scoring 0 (a resident could have complained about it); a
service that is not published takes no complaints and is left to a recorded judgement. One query for any number of
services. Registered in ResidentsConfig.ready(): the reviews app, which owns the model, never imports this one. A
model version weights the criterion once someone gives it a weight (versions made before it weigh it at 0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.utils import timezone

from commissioning.core import formatting, priority
from commissioning.core.priority import Criterion, Evidence, Source
from commissioning.residents import calculations_complaints as calc
from commissioning.residents import selectors_complaints as selectors

COMPLAINTS_UPHELD = "complaints_upheld"

CRITERION = Criterion(
    COMPLAINTS_UPHELD,
    "Complaints upheld",
    "How many complaints about it were upheld over the last four quarters, and what share of those answered?",
    calc.PRIORITY_BANDS,
    75,
)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(counts: calc.ComplaintCounts, *, since: dt.date) -> str:
    if not counts.received:
        return f"No complaints received since {formatting.date(since)}."
    rate = counts.upheld_rate
    upheld = (
        f", {counts.upheld} of {counts.answered} answered upheld fully or partly ({rate}%)"
        if rate is not None
        else ", none answered yet"
    )
    return f"{_plural(counts.received, 'complaint')} received since {formatting.date(since)}{upheld}."


def complaints_upheld(service_ids: Collection[int], *, today: dt.date | None = None) -> dict[int, Evidence]:
    since = calc.quarter_of(today or timezone.localdate()).plus(-(calc.PRIORITY_QUARTERS - 1)).starts
    source = (Source("Complaint statistics by service", "residents:complaint-statistics"),)
    found = {}
    for service_id, (received, answered, upheld) in selectors.complaint_counts_by_service(
        service_ids=service_ids, since=since
    ).items():
        counts = calc.ComplaintCounts(received=received, answered=answered, upheld=upheld)
        found[service_id] = Evidence(
            score=calc.upheld_score(counts), summary=summary(counts, since=since), sources=source
        )
    return found


def register() -> None:
    priority.add_criterion(CRITERION)
    priority.provide(COMPLAINTS_UPHELD, complaints_upheld)
