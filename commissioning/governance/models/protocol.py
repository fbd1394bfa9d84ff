"""The contract monitoring protocol (issue 10, ADR 0035): the council-wide record of which signals scrutiny monitors,
how often, and at what threshold an item comes to committee by itself; amended per service or per contract.

The arithmetic (which observed signals meet the threshold in force) is engine.governance.protocol.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel


class SignalKind(models.TextChoices):
    # The values are engine.governance.protocol's SIGNAL_KINDS (checked in tests/engine/governance/test_protocol.py).
    KPI_RATING = "kpi_rating", "KPI ratings"
    ASSESSMENT_RATING = "assessment_rating", "Contract performance assessment ratings"
    COMPLAINTS = "complaints", "Complaints received per quarter"
    UPHELD_COMPLAINTS = "upheld_complaints", "Upheld complaints per quarter"
    STAFF_TURNOVER = "staff_turnover", "Staff turnover (workforce returns)"
    AGENCY_USE = "agency_use", "Agency staff use (workforce returns)"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Six-monthly"
    YEARLY = "yearly", "Yearly"


class RatingThreshold(models.TextChoices):
    """A rating and anything worse (contracts' Rating values, best first)."""

    APPROACHING = "approaching", "Below Good (approaching target or worse)"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement or worse"
    INADEQUATE = "inadequate", "Inadequate"


_percent = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ThresholdFields(models.Model):
    """The thresholds, shared by the protocol (all set) and an amendment (each empty to inherit)."""

    kpi_rating_threshold = models.CharField(
        "KPI rating that comes to committee", max_length=24, choices=RatingThreshold.choices, blank=True
    )
    assessment_rating_threshold = models.CharField(
        "Assessment rating that comes to committee", max_length=24, choices=RatingThreshold.choices, blank=True
    )
    complaints_threshold = models.PositiveIntegerField("Complaints in a quarter above", null=True, blank=True)
    upheld_complaints_threshold = models.PositiveIntegerField(
        "Upheld complaints in a quarter above", null=True, blank=True
    )
    staff_turnover_threshold = models.DecimalField(
        "Staff turnover above (%)", max_digits=5, decimal_places=1, null=True, blank=True, validators=_percent
    )
    agency_use_threshold = models.DecimalField(
        "Agency use above (%)", max_digits=5, decimal_places=1, null=True, blank=True, validators=_percent
    )

    class Meta:
        abstract = True


THRESHOLD_FIELDS: dict[str, str] = {
    SignalKind.KPI_RATING: "kpi_rating_threshold",
    SignalKind.ASSESSMENT_RATING: "assessment_rating_threshold",
    SignalKind.COMPLAINTS: "complaints_threshold",
    SignalKind.UPHELD_COMPLAINTS: "upheld_complaints_threshold",
    SignalKind.STAFF_TURNOVER: "staff_turnover_threshold",
    SignalKind.AGENCY_USE: "agency_use_threshold",
}


class MonitoringProtocol(ThresholdFields, DomainModel):
    """One row for the council (``selectors.protocol.monitoring_protocol`` makes it with the defaults)."""

    signals = models.CharField(
        "Signals monitored",
        max_length=200,
        default="kpi_rating,assessment_rating,upheld_complaints,staff_turnover",
        help_text="Comma-separated SignalKind values.",
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY)
    notes = models.TextField(blank=True, help_text="How the committee uses the protocol.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contract monitoring protocol"

    def __str__(self) -> str:
        return "Contract monitoring protocol"

    @property
    def signal_list(self) -> list[str]:
        return [value for value in self.signals.split(",") if value]


class ProtocolAmendment(ThresholdFields, DomainModel):
    """The protocol amended for one service or one contract: what it sets overrides the council-wide protocol."""

    service = models.ForeignKey(
        "services.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="monitoring_amendments"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signals = models.CharField(
        "Signals monitored", max_length=200, blank=True, help_text="Empty: as the protocol. Comma-separated."
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices, blank=True)
    reason = models.TextField(help_text="Why this service or contract is monitored differently.")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(service__isnull=False, contract__isnull=True)
                | Q(service__isnull=True, contract__isnull=False),
                name="protocol_amendment_is_for_a_service_or_a_contract",
            )
        ]

    def __str__(self) -> str:
        return f"Amendment for {self.service or f'contract {self.contract_id}'}"

    @property
    def signal_list(self) -> list[str]:
        return [value for value in self.signals.split(",") if value]
