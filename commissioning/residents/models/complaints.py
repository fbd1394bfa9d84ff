"""Complaints: a resident's complaint (or report of a problem) about a published service, and each of its steps.

Who answers stage 1 is decided by the service's delivery route when the complaint is made (``route``): the provider,
through the provider portal, when someone other than the council delivers the service, else the council's service
team (the accountable officer). See ``commissioning.residents.actions_complaints.route_for``.

The resident has no account: they follow the complaint through a private tracking link whose token is stored only
as its SHA-256 (``token_hash``) and stops working ``COMPLAINT_TRACKING_DAYS`` after the complaint is closed
(``token_expires_at``). Their name, contact details and their own words are left out of the history, so that
``complaint_purge_personal`` removes them for good after ``COMPLAINT_RETENTION_DAYS``, keeping the anonymous
figures (service, ward, route, dates, stage and outcome) for the statistics.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Organisation, Ward
from commissioning.core.models import DomainModel
from commissioning.services.models import Service

PERSONAL_FIELDS = ("name", "email", "phone", "what_happened")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "A complaint"
    PROBLEM = "problem", "A problem to report"


class ReplyBy(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"


class Route(models.TextChoices):
    PROVIDER = "provider", "The provider"
    COUNCIL = "council", "The council's service team"


class ComplaintStatus(models.TextChoices):
    STAGE1_RECEIVED = "stage1_received", "Received"
    STAGE1_ACKNOWLEDGED = "stage1_acknowledged", "Acknowledged"
    STAGE1_ANSWERED = "stage1_answered", "Answered at stage 1"
    STAGE2_RECEIVED = "stage2_received", "Stage 2 asked for"
    STAGE2_ACKNOWLEDGED = "stage2_acknowledged", "Stage 2 acknowledged"
    CLOSED = "closed", "Final answer given"


OPEN_STATUSES = (
    ComplaintStatus.STAGE1_RECEIVED,
    ComplaintStatus.STAGE1_ACKNOWLEDGED,
    ComplaintStatus.STAGE2_RECEIVED,
    ComplaintStatus.STAGE2_ACKNOWLEDGED,
)


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class Complaint(DomainModel):
    reference = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=20, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="complaints")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints")
    happened_on = models.DateField("When it happened")
    received_on = models.DateField()

    # The resident (removed after the retention period; never in the history)
    what_happened = models.TextField(blank=True)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    reply_by = models.CharField(max_length=10, choices=ReplyBy.choices)
    share_contact = models.BooleanField(
        "The resident agreed that the provider may see their contact details", default=False
    )
    personal_removed_at = models.DateTimeField(null=True, blank=True)

    # A councillor who raised it on the resident's behalf (they follow it from their own page)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints_raised"
    )

    # The private tracking link: SHA-256 of the token, and when it stops working
    token_hash = models.CharField(max_length=64, unique=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    # Abuse limits: keyed digests of the sender's address and contact detail (never the values)
    sent_from = models.CharField(max_length=64, blank=True, db_index=True)
    contact_key = models.CharField(max_length=64, blank=True, db_index=True)

    # The route, decided when it is made
    route = models.CharField(max_length=10, choices=Route.choices)
    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints_to_answer"
    )
    contract_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    status = models.CharField(max_length=24, choices=ComplaintStatus.choices, default=ComplaintStatus.STAGE1_RECEIVED)
    stage1_acknowledge_by = models.DateField()
    stage1_answer_by = models.DateField()
    stage1_extended_by_days = models.PositiveSmallIntegerField(default=0)
    stage1_extension_reason = models.TextField(blank=True)
    stage1_acknowledged_on = models.DateField(null=True, blank=True)
    stage1_answered_on = models.DateField(null=True, blank=True)
    stage1_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage1_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    stage2_requested_on = models.DateField(null=True, blank=True)
    stage2_acknowledge_by = models.DateField(null=True, blank=True)
    stage2_answer_by = models.DateField(null=True, blank=True)
    stage2_acknowledged_on = models.DateField(null=True, blank=True)
    stage2_answered_on = models.DateField(null=True, blank=True)
    stage2_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The latest answer's outcome, remedy and learning (stage 2's, once given)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    remedy = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    ombudsman = models.CharField(max_length=60, blank=True)
    # The step last reported overdue ("stage1_acknowledge", ...), so each is reported once
    overdue_notified = models.CharField(max_length=30, blank=True)

    history = HistoricalRecords(excluded_fields=[*PERSONAL_FIELDS, "token_hash", "sent_from", "contact_key"])

    class Meta:
        ordering: ClassVar = ["-received_on", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["status", "route"]),
            models.Index(fields=["provider", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def stage(self) -> int:
        return 2 if self.stage2_requested_on is not None else 1


class StepKind(models.TextChoices):
    RECEIVED = "received", "Complaint received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    EXTENDED = "extended", "Answer extended"
    INFORMATION = "information", "Information added"
    ANSWERED = "answered", "Answered"
    STAGE2 = "stage2", "Stage 2 asked for"


class ComplaintStep(DomainModel):
    """One step the resident sees: received, acknowledged, extended (with the reason), information added, answered."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    stage = models.PositiveSmallIntegerField(default=1)
    at = models.DateTimeField()
    text = models.TextField(blank=True)
    by_resident = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.get_kind_display()}"
