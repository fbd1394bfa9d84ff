"""KPIs, provider returns and contract performance assessments: one set for every kind of contract (ADR 0028), so an
in-house plan is held to the same KPIs, returns and assessments as an external contract.

- A ``Kpi`` belongs to a contract or in-house plan, with a target, a tolerance and a direction, and serves outcome
  indicators (``outcomes.Indicator``: ANALYSE, below this tier, so a real key).
- A ``PerformanceReturn`` is one quarter's return: a value per KPI (``ReturnValue``), evidence files
  (``ReturnEvidence``) and workforce data. Submitted, it is locked; the contract manager accepts it or queries a value
  (``ReturnQuery``), the provider answers (the answer and any corrected value kept), then it is accepted.
- An ``Assessment`` rates each KPI (``KpiRating``), drafted by engine/contracts/ratings.py and confirmed or changed
  with a reason by the contract manager; ``PerformanceFailure`` records breaches. Together they are the data of a
  contract performance notice (Procurement Act 2023, section 52).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.contracts.models.register import Contract
from commissioning.core.models import DomainModel
from commissioning.outcomes.models import Indicator

KPI_THRESHOLD = 5_000_000  # pounds: a contract worth this or more needs at least MIN_KPIS (Procurement Act 2023, s.52)
MIN_KPIS = 3


class KpiUnit(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENTAGE = "percentage", "Percentage"
    YES_NO = "yes_no", "Yes or no"


class KpiFrequency(models.TextChoices):
    QUARTERLY = "quarterly", "Every quarter"
    ANNUAL = "annual", "Once a year (in the fourth quarter's return)"


class Kpi(DomainModel):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="kpis")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=12, choices=KpiUnit.choices, default=KpiUnit.NUMBER)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    tolerance = models.DecimalField(max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    higher_is_better = models.BooleanField(default=True)
    frequency = models.CharField(max_length=10, choices=KpiFrequency.choices, default=KpiFrequency.QUARTERLY)
    indicators = models.ManyToManyField(Indicator, related_name="contract_kpis", blank=True)

    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"
        ordering: ClassVar = ["contract", "name"]

    def __str__(self) -> str:
        return self.name

    def show(self, value: Any) -> str:
        """A value of this KPI in words: "Yes", "87.5%", "12"."""
        if value is None:
            return "Not returned"
        if self.unit == KpiUnit.YES_NO:
            return "Yes" if value else "No"
        text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
        return f"{text}%" if self.unit == KpiUnit.PERCENTAGE else text


class KpiExemption(DomainModel):
    """Why a contract worth KPI_THRESHOLD or more has fewer than MIN_KPIS KPIs (the recorded reason the Act asks for)."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="kpi_exemption")
    reason = models.TextField()

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"KPI exemption for {self.contract_id}"


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    SUBMITTED = "submitted", "Submitted"
    QUERIED = "queried", "Queried"
    ANSWERED = "answered", "Answered"
    ACCEPTED = "accepted", "Accepted"


OPEN_RETURN_STATUSES = (ReturnStatus.DUE,)
LOCKED_RETURN_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.QUERIED, ReturnStatus.ANSWERED, ReturnStatus.ACCEPTED)

_percent = [MinValueValidator(0), MaxValueValidator(100)]


class PerformanceReturn(DomainModel):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="returns")
    period = models.CharField(max_length=12, help_text='The quarter, like "2026/27 Q1".')
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DUE)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overdue_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the provider and manager were told it is overdue."
    )
    # Workforce (employment practice): the same six figures from every provider and in-house service.
    staff_turnover = models.DecimalField(
        "staff turnover (%)", max_digits=5, decimal_places=1, null=True, blank=True, validators=_percent
    )
    vacancies = models.PositiveIntegerField("vacancies", null=True, blank=True)
    agency_use = models.DecimalField(
        "agency use (%)", max_digits=5, decimal_places=1, null=True, blank=True, validators=_percent
    )
    living_wage_share = models.DecimalField(
        "staff paid at least the Real Living Wage (%)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_percent,
    )
    zero_hours_contracts = models.PositiveIntegerField("zero-hours contracts", null=True, blank=True)
    training_completed = models.DecimalField(
        "training completed (%)", max_digits=5, decimal_places=1, null=True, blank=True, validators=_percent
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["contract", "period"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["contract", "period"], name="one_return_per_contract_period"),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.period} return"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_RETURN_STATUSES


class ReturnValue(DomainModel):
    performance_return = models.ForeignKey(PerformanceReturn, on_delete=models.PROTECT, related_name="values")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["kpi__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["performance_return", "kpi"], name="one_value_per_return_kpi"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id}: {self.value}"


def return_evidence_upload_to(instance: Any, filename: str) -> str:
    """A random name under returns/: never the uploader's file name, which is kept in document_name instead."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"returns/{uuid.uuid4().hex}{suffix}"


class ReturnEvidence(DomainModel):
    performance_return = models.ForeignKey(PerformanceReturn, on_delete=models.PROTECT, related_name="evidence")
    document = models.FileField(upload_to=return_evidence_upload_to, max_length=200)
    document_name = models.CharField(max_length=255)
    document_size = models.PositiveIntegerField()
    document_type = models.CharField(max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "return evidence"
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return self.document_name


class ReturnQuery(DomainModel):
    """The contract manager's question about a value of a return, and the provider's answer (with any corrected
    value: the value before it is kept here, and the return value's own history)."""

    performance_return = models.ForeignKey(PerformanceReturn, on_delete=models.PROTECT, related_name="queries")
    kpi = models.ForeignKey(Kpi, null=True, blank=True, on_delete=models.PROTECT, related_name="queries")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    value_before = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    corrected_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "return queries"
        ordering: ClassVar = ["asked_at", "pk"]

    def __str__(self) -> str:
        return self.question[:60]


class AssessmentKind(models.TextChoices):
    ANNUAL = "annual", "Annual assessment"
    END = "end", "End of contract assessment"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed"


class Rating(models.TextChoices):
    # The values are engine.contracts.ratings' (checked in tests/commissioning/contracts/test_returns.py).
    GOOD = "good", "Good"
    APPROACHING = "approaching", "Approaching target"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    OTHER = "other", "Other"


class Assessment(DomainModel):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=8, choices=AssessmentKind.choices, default=AssessmentKind.ANNUAL)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["contract", "-period_end"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.period_end:%d %B %Y}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == AssessmentStatus.CONFIRMED


class KpiRating(DomainModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="ratings")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="ratings")
    drafted = models.CharField("drafted rating", max_length=24, choices=Rating.choices)
    rating = models.CharField(max_length=24, choices=Rating.choices)
    explanation = models.TextField(blank=True)
    average = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why the rating differs from the draft.")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["kpi__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["assessment", "kpi"], name="one_rating_per_assessment_kpi"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id}: {self.get_rating_display()}"


class PerformanceFailure(DomainModel):
    """A breach of the contract or a failure to perform it to the council's satisfaction (Procurement Act 2023)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="failures")
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="failures")
    requirement = models.CharField(max_length=300, help_text="The requirement of the contract that was not met.")
    description = models.TextField()
    decision_date = models.DateField()
    remedy = models.TextField("remedy or penalty", blank=True)
    partly_terminated = models.BooleanField("contract partly terminated", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["contract", "-decision_date"]

    def __str__(self) -> str:
        return self.requirement
