"""Ward intelligence: what a ward councillor hears from residents about a council service, and the answer.

A councillor submits it for one of their own wards, with an urgency; the service's accountable officer (or the
director of its directorate) acknowledges it and responds; the councillor sees the status and the response;
scrutiny reads it all. It is evidence for the Analyse stage of the commissioning cycle (DESIGN.md section 2), so
it appears on the service's page and in its evidence pack.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Councillor, Ward
from commissioning.core.models import DomainModel
from commissioning.core.search import Searchable
from commissioning.services.models import Service

reference_format = RegexValidator(
    r"^WI-\d{4}-\d{4}$", "Enter a reference like WI-2026-0001: WI, the year, then a number of four digits."
)


class Urgency(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


# What each urgency means, in the words a councillor would use, and how many English working days the service
# has to respond (counted from the day it is submitted: see engine.calendar.working_days).
URGENCY_MEANINGS = {
    Urgency.LOW: "Worth knowing: residents have noticed it, but nobody is worse off if it waits for the next review.",
    Urgency.MEDIUM: "Residents are affected and want to see it dealt with in the next few weeks.",
    Urgency.HIGH: "Many residents are affected, or it is getting worse quickly.",
    Urgency.URGENT: "Someone may come to harm, or the service has stopped for residents. "
    "If anyone is in immediate danger, call 999 first.",
}
RESPONSE_WORKING_DAYS = {Urgency.LOW: 20, Urgency.MEDIUM: 10, Urgency.HIGH: 5, Urgency.URGENT: 2}
URGENCY_ORDER = [Urgency.URGENT, Urgency.HIGH, Urgency.MEDIUM, Urgency.LOW]


class IntelligenceStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESPONDED = "responded", "Responded"
    CLOSED = "closed", "Closed"


# Still waiting for the service's answer: these can be overdue.
OPEN_STATUSES = (IntelligenceStatus.SUBMITTED, IntelligenceStatus.ACKNOWLEDGED)


class WardIntelligence(Searchable, DomainModel):
    """One piece of local intelligence about one service in one ward. Withdrawn means archived (never deleted)."""

    reference = models.CharField(max_length=12, unique=True, validators=[reference_format])
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="ward_intelligence")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="intelligence")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="intelligence")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_intelligence"
    )
    title = models.CharField(max_length=200)
    residents_saying = models.TextField("What residents are saying")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    status = models.CharField(max_length=12, choices=IntelligenceStatus.choices, default=IntelligenceStatus.SUBMITTED)
    submitted_at = models.DateTimeField("Submitted", default=timezone.now)
    response_due = models.DateField(
        "Response due", help_text="English working days after submission, by urgency (bank holidays excluded)."
    )
    acknowledged_at = models.DateTimeField("Acknowledged", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField("Responded", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("Closed", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("title", "reference", "residents_saying")}

    history = HistoricalRecords(excluded_fields=[*search_columns])

    class Meta:
        verbose_name = "ward intelligence"
        verbose_name_plural = "ward intelligence"
        ordering: ClassVar = ["-submitted_at", "-reference"]
        indexes: ClassVar = [
            models.Index(fields=["service", "submitted_at"]),
            models.Index(fields=["status", "response_due"]),
            models.Index(fields=["submitted_by", "submitted_at"]),
            models.Index(fields=["ward", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    @property
    def urgency_meaning(self) -> str:
        return URGENCY_MEANINGS.get(Urgency(self.urgency), "") if self.urgency in Urgency.values else ""

    @property
    def is_open(self) -> bool:
        """Still waiting for the service's response (and not withdrawn)."""
        return self.status in OPEN_STATUSES and not self.is_archived

    @property
    def status_label(self) -> str:
        """The status as people read it: a withdrawn submission says so, whatever stage it had reached."""
        return "Withdrawn" if self.is_archived else self.get_status_display()

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.response_due < timezone.localdate()
