"""Scrutiny's own tools (issue 10): each overview and scrutiny committee's work programme, the inquiries and task and
finish groups that come from it, their evidence sessions and their reports (ADR 0034).

A work programme item's subject is one record of the golden thread (a service, a review, a decision, a contract or an
indicator) or a free-text theme. The contract is a string key: contracts is a sibling in the DELIVER tier, so
governance keeps only its id and never imports it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel

planned_month_format = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", "Select the month it is planned to come to committee")


class WorkProgramme(DomainModel):
    """A scrutiny committee's work programme: one per committee, published (to the public) when the committee says so."""

    body = models.OneToOneField("governance.Body", on_delete=models.PROTECT, related_name="work_programme")
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Work programme of {self.body}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class SubjectKind(models.TextChoices):
    SERVICE = "service", "A service"
    REVIEW = "review", "A commissioning review"
    DECISION = "decision", "A decision"
    CONTRACT = "contract", "A contract"
    INDICATOR = "indicator", "An indicator"
    THEME = "theme", "A theme"


class WorkItemStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SCHEDULED = "scheduled", "Scheduled"
    CONSIDERED = "considered", "Considered"
    CLOSED = "closed", "Closed"


class WorkProgrammeItem(DomainModel):
    programme = models.ForeignKey(WorkProgramme, on_delete=models.PROTECT, related_name="items")
    title = models.CharField(max_length=300)
    subject_kind = models.CharField("What it is about", max_length=10, choices=SubjectKind.choices)
    service = models.ForeignKey(
        "services.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="scrutiny_items"
    )
    review = models.ForeignKey(
        "reviews.CommissioningReview", null=True, blank=True, on_delete=models.PROTECT, related_name="scrutiny_items"
    )
    decision = models.ForeignKey(
        "governance.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="scrutiny_items"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="scrutiny_items"
    )
    indicator = models.ForeignKey(
        "outcomes.Indicator", null=True, blank=True, on_delete=models.PROTECT, related_name="scrutiny_items"
    )
    theme = models.CharField(max_length=300, blank=True)
    reason = models.TextField("Why it was chosen")
    source = models.CharField(
        max_length=200, blank=True, help_text="Where it came from (the scrutiny dashboard's list, for instance)."
    )
    meeting = models.ForeignKey(
        "governance.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="scrutiny_items"
    )
    planned_month = models.CharField(max_length=7, blank=True, validators=[planned_month_format])
    status = models.CharField(max_length=10, choices=WorkItemStatus.choices, default=WorkItemStatus.PROPOSED)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["programme", "planned_month", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(subject_kind="service") & Q(service__isnull=False))
                | (Q(subject_kind="review") & Q(review__isnull=False))
                | (Q(subject_kind="decision") & Q(decision__isnull=False))
                | (Q(subject_kind="contract") & Q(contract__isnull=False))
                | (Q(subject_kind="indicator") & Q(indicator__isnull=False))
                | (Q(subject_kind="theme") & ~Q(theme="")),
                name="work_item_has_its_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title


class InquiryKind(models.TextChoices):
    INQUIRY = "inquiry", "Inquiry"
    TASK_AND_FINISH = "task_finish", "Task and finish group"


class InquiryReportStatus(models.TextChoices):
    NOT_STARTED = "", "Not started"
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed by the committee"
    PRESENTED = "presented", "Presented to the executive"


class Inquiry(DomainModel):
    """An inquiry or task and finish group from a work programme item: its scope, its members and its report."""

    item = models.ForeignKey(WorkProgrammeItem, on_delete=models.PROTECT, related_name="inquiries")
    kind = models.CharField(max_length=12, choices=InquiryKind.choices, default=InquiryKind.TASK_AND_FINISH)
    title = models.CharField(max_length=300)
    scope = models.TextField()
    members = models.ManyToManyField("accounts.Councillor", blank=True, related_name="scrutiny_inquiries")
    report = models.TextField("Final report", blank=True)
    report_on = models.DateField("Date of the report", null=True, blank=True)
    report_status = models.CharField(max_length=10, choices=InquiryReportStatus.choices, blank=True, default="")

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name_plural = "inquiries"
        ordering: ClassVar = ["item", "pk"]

    def __str__(self) -> str:
        return self.title


class EvidenceSession(DomainModel):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    witnesses = models.TextField("Who gave evidence")
    papers = models.TextField(blank=True, help_text="The papers: a title or a link, one per line.")
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["inquiry", "held_on", "pk"]

    def __str__(self) -> str:
        return f"Evidence session, {self.held_on:%-d %B %Y}"

    @property
    def paper_lines(self) -> list[str]:
        return [line.strip() for line in self.papers.splitlines() if line.strip()]
