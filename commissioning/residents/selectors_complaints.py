"""Reads for complaints: who sees which, the tracking link, references, the queue and what is overdue.

Visibility agrees with rules_complaints: the council's own roles (but a ward councillor) see every complaint; a ward
councillor sees those they raised for a resident; a provider's contact sees only those routed to their organisation;
nobody else sees any. A resident sees one complaint, through its tracking link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from commissioning.core.permissions import Role
from commissioning.core.sample import Sample, empty, sample
from commissioning.residents.models import OPEN_STATUSES, Complaint, ComplaintStep, Route
from commissioning.services.models import Service

REFERENCE_PREFIX = "CP"
# The council's roles that read every complaint (a ward councillor reads the ones they raised).
READERS = frozenset(Role.INTERNAL - {Role.COUNCILLOR})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_digest(value: str) -> str:
    """A keyed digest of an address or a contact detail: counted for the limits, never shown or reversible."""
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().casefold().encode(), hashlib.sha256).hexdigest()


def _base() -> QuerySet[Complaint]:
    return Complaint.objects.select_related("service", "service__directorate", "ward", "provider")


def complaint_by_token(*, token: str, now: dt.datetime | None = None) -> Complaint:
    """The complaint a tracking link is for; ``Complaint.DoesNotExist`` for a wrong token or one that has expired."""
    now = now or timezone.now()
    return (
        _base()
        .filter(token_hash=token_hash(token), personal_removed_at__isnull=True)
        .filter(Q(token_expires_at__isnull=True) | Q(token_expires_at__gt=now))
        .get()
    )


def visible_complaints(*, user: Any) -> QuerySet[Complaint]:
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) and user.is_active else None
    complaints = _base()
    if role in READERS:
        return complaints
    if role == Role.COUNCILLOR:
        return complaints.filter(raised_by_id=user.pk)
    if role == Role.PROVIDER and user.organisation_id is not None:
        return complaints.filter(route=Route.PROVIDER, provider_id=user.organisation_id)
    return complaints.none()


def complaint_detail(*, user: Any, pk: int) -> Complaint:
    return visible_complaints(user=user).get(pk=pk)


def complaint_queue(*, user: Any, open_only: bool = True) -> QuerySet[Complaint]:
    complaints = visible_complaints(user=user)
    if open_only:
        complaints = complaints.filter(status__in=OPEN_STATUSES)
    return complaints.order_by("stage1_answer_by", "pk")


def complaints_raised(*, user: Any) -> Sample[Complaint]:
    """The open complaints a ward councillor raised for residents, the earliest answer due first (two queries)."""
    if getattr(user, "role", None) != Role.COUNCILLOR:
        return empty()
    return sample(complaint_queue(user=user, open_only=True))


def steps_of(complaint: Complaint) -> list[ComplaintStep]:
    return list(complaint.steps.select_related("by").order_by("at", "pk"))


def published_service(key: str) -> Service:
    """A published, current service by its reference (ADL-013) or id; ``Service.DoesNotExist`` otherwise."""
    services = Service.objects.select_related("directorate", "provider").filter(
        published=True, archived_at__isnull=True
    )
    if key.isdigit():
        return services.get(pk=int(key))
    return services.get(reference=key.upper())


def complaint_service_choices() -> QuerySet[Service]:
    return Service.objects.filter(published=True, archived_at__isnull=True).order_by("name")


def next_reference(*, year: int) -> str:
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    numbers = [
        int(ref[len(prefix) :])
        for ref in Complaint.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if ref[len(prefix) :].isdigit()
    ]
    return f"{prefix}{(max(numbers) + 1) if numbers else 1:04d}"


def sent_recently(*, sent_from: str = "", contact_key: str = "", since: dt.datetime) -> int:
    complaints = Complaint.objects.filter(created_at__gte=since)
    if sent_from:
        return complaints.filter(sent_from=sent_from).count()
    return complaints.filter(contact_key=contact_key).count()


def overdue_complaints(*, today: dt.date) -> QuerySet[Complaint]:
    """Open complaints with a step past its due day (the action works out which step)."""
    return (
        _base()
        .select_related("service__accountable_officer", "stage1_handler")
        .filter(status__in=OPEN_STATUSES)
        .filter(
            Q(stage1_acknowledged_on__isnull=True, stage1_acknowledge_by__lt=today)
            | Q(stage1_answered_on__isnull=True, stage1_answer_by__lt=today)
            | Q(stage2_acknowledged_on__isnull=True, stage2_acknowledge_by__lt=today)
            | Q(stage2_answered_on__isnull=True, stage2_answer_by__lt=today)
        )
    )


def complaints_to_purge(*, before: dt.datetime) -> QuerySet[Complaint]:
    """Closed complaints (or stage 1 answers never taken further) whose personal details are due to be removed."""
    return (
        Complaint.objects.filter(personal_removed_at__isnull=True)
        .exclude(status__in=OPEN_STATUSES)
        .filter(
            Q(stage2_answered_on__lt=before.date())
            | Q(stage2_answered_on__isnull=True, stage1_answered_on__lt=before.date())
        )
    )


# Statistics: anonymous figures only (no personal detail is read), by quarter and by service, provider or ward.
STATISTICS_BY = {"service": "Service", "provider": "Provider", "ward": "Ward"}


@dataclass(frozen=True)
class ComplaintFigures:
    quarter: str
    name: str
    volume: int
    stage2: int
    answered: int
    upheld: int
    on_time: int
    remedies: int

    @property
    def upheld_rate(self) -> int | None:
        return round(100 * self.upheld / self.answered) if self.answered else None

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.on_time / self.answered) if self.answered else None


def complaint_statistics(*, by: str, quarter_of: Callable[[dt.date], str]) -> list[ComplaintFigures]:
    """Per quarter (of the day received) and per service, provider (the council for its own route) or ward: how many,
    how many went to stage 2, the share upheld (fully or partly) and answered by the stage 1 deadline, and how many
    had a remedy. One query, whatever the number of complaints."""
    name_field = {"service": "service__name", "provider": "provider__name", "ward": "ward__name"}[by]
    rows = Complaint.objects.values_list(
        "received_on",
        name_field,
        "stage2_requested_on",
        "stage1_answered_on",
        "stage1_answer_by",
        "outcome",
        "remedy",
    ).order_by()
    tally: dict[tuple[str, str], list[int]] = {}
    for received, name, stage2, answered, due, outcome, remedy in rows:
        key = (quarter_of(received), name or ("The council" if by == "provider" else "Not given"))
        counts = tally.setdefault(key, [0, 0, 0, 0, 0, 0])
        counts[0] += 1
        counts[1] += stage2 is not None
        if answered is not None:
            counts[2] += 1
            counts[3] += outcome in ("upheld", "partly_upheld")
            counts[4] += answered <= due
        counts[5] += bool(remedy)
    return [
        ComplaintFigures(quarter, name, *counts)
        for (quarter, name), counts in sorted(tally.items(), key=lambda item: (item[0][0], item[0][1]), reverse=False)
    ]


UPHELD = ("upheld", "partly_upheld")


def complaint_counts_by_service(*, service_ids: Collection[int], since: dt.date) -> dict[int, tuple[int, int, int]]:
    """For each published, current service asked about: complaints received since the day, those answered (at stage 1
    or later) and those upheld fully or partly at their latest answer, as (received, answered, upheld). One query,
    whatever the number of services; anonymous counts only."""
    recent = Q(complaints__received_on__gte=since)
    answered = recent & Q(complaints__stage1_answered_on__isnull=False)
    rows = (
        Service.objects.filter(pk__in=list(service_ids), published=True, archived_at__isnull=True)
        .annotate(
            received=Count("complaints", filter=recent),
            answered=Count("complaints", filter=answered),
            upheld=Count("complaints", filter=answered & Q(complaints__outcome__in=UPHELD)),
        )
        .order_by()
        .values_list("pk", "received", "answered", "upheld")
    )
    return {pk: (received, answered_, upheld) for pk, received, answered_, upheld in rows}


# Scrutiny (issue 10): complaint hot spots -------------------------------------------------------------------------

HOT_SPOT_DAYS = 91  # the last quarter
HOT_SPOTS = 10


@dataclass(frozen=True)
class HotSpot:
    service_id: int
    service_name: str
    volume: int
    upheld: int


def complaint_hot_spots(*, today: dt.date, limit: int = HOT_SPOTS) -> list[HotSpot]:
    """The services with the most complaints received in the last quarter (HOT_SPOT_DAYS up to today), then the
    most upheld (fully or partly): anonymous counts only. One query, whatever the number of complaints."""
    from django.db.models import Count

    since = today - dt.timedelta(days=HOT_SPOT_DAYS)
    rows = (
        Complaint.objects.filter(received_on__gt=since, received_on__lte=today)
        .values("service_id", "service__name")
        .annotate(
            volume=Count("pk"),
            upheld=Count("pk", filter=Q(outcome__in=("upheld", "partly_upheld"))),
        )
        .order_by("-volume", "-upheld", "service__name")[:limit]
    )
    return [HotSpot(row["service_id"], row["service__name"], row["volume"], row["upheld"]) for row in rows]
