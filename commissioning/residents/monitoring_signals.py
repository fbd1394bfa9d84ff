"""The residents app's observed signals for scrutiny's contract monitoring protocol (core.monitoring_signals): the
complaints received, and those upheld (wholly or partly), about each service in the last complete financial quarter.
One query however many services (counted in the database)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from commissioning.core import monitoring_signals as signals
from commissioning.residents.calculations_complaints import quarter_of
from commissioning.residents.models import Complaint
from commissioning.residents.models.complaints import Outcome

UPHELD = (Outcome.UPHELD, Outcome.PARTLY_UPHELD)


def complaint_signals(*, today: dt.date | None = None) -> list[signals.Observation]:
    quarter = quarter_of(today or timezone.localdate()).plus(-1)
    found: list[signals.Observation] = []
    pattern = reverse("services:detail", args=[987654321])
    for service_id, name, received, upheld in (
        Complaint.objects.filter(received_on__gte=quarter.starts, received_on__lte=quarter.ends)
        .values("service_id")
        .annotate(received=Count("pk"), upheld=Count("pk", filter=Q(outcome__in=UPHELD)))
        .order_by("service__name")
        .values_list("service_id", "service__name", "received", "upheld")
    ):
        href = pattern.replace("987654321", str(service_id))
        for kind, count in ((signals.COMPLAINTS, received), (signals.UPHELD_COMPLAINTS, upheld)):
            found.append(
                signals.Observation(
                    kind=kind, subject=name, value=count, service_id=service_id, href=href, period=quarter.label
                )
            )
    return found
