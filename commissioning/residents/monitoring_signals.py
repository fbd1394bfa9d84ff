"""The residents app's observed signals for scrutiny's contract monitoring protocol (core.monitoring_signals): the
complaints received, and those upheld (wholly or partly), about each service in the last complete financial quarter.
One query however many services."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.urls import reverse
from django.utils import timezone

from commissioning.core import monitoring_signals as signals
from commissioning.residents.calculations_complaints import quarter_of
from commissioning.residents.models import Complaint
from commissioning.residents.models.complaints import Outcome

UPHELD = (Outcome.UPHELD, Outcome.PARTLY_UPHELD)


def complaint_signals(*, today: dt.date | None = None) -> list[signals.Observation]:
    quarter = quarter_of(today or timezone.localdate()).plus(-1)
    received: Counter[int] = Counter()
    upheld: Counter[int] = Counter()
    names: dict[int, str] = {}
    for service_id, name, outcome in (
        Complaint.objects.filter(received_on__gte=quarter.starts, received_on__lte=quarter.ends)
        .order_by()
        .values_list("service_id", "service__name", "outcome")
    ):
        received[service_id] += 1
        upheld[service_id] += outcome in UPHELD
        names[service_id] = name
    found: list[signals.Observation] = []
    for service_id in sorted(received, key=lambda pk: names[pk]):
        href = reverse("services:detail", args=[service_id])
        for kind, count in (
            (signals.COMPLAINTS, received[service_id]),
            (signals.UPHELD_COMPLAINTS, upheld[service_id]),
        ):
            found.append(
                signals.Observation(
                    kind=kind,
                    subject=names[service_id],
                    value=count,
                    service_id=service_id,
                    href=href,
                    period=quarter.label,
                )
            )
    return found
