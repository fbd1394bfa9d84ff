"""The Analyse stage: what residents need and how services perform and cost against comparators.

Corporate priorities hold outcomes (for residents and communities); services contribute to outcomes; indicators
(KPIs) measure outcomes and services, period by period, against targets; benchmarks place the council among its
comparator councils; needs evidence and consultations record what residents need and say. A service's evidence pack
brings these together for the Programme Board (see views.evidence_pack).

Periods are stored as their canonical label (engine.scoring.periods): "2026-04" (month), "2026/27 Q1" (quarter) or
"2026/27" (financial year). Labels of one kind have a fixed width, so an indicator's periods sort in time order.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Organisation, ons_council_code
from commissioning.core.models import DomainModel
from commissioning.core.search import Searchable
from commissioning.outcomes.calculations import Basis as EngineBasis
from commissioning.outcomes.calculations import Frequency as EngineFrequency
from commissioning.outcomes.calculations import Polarity as EnginePolarity
from commissioning.outcomes.calculations import Unit as EngineUnit
from commissioning.services.models import Service

PERIOD_LENGTH = 10  # "2026/27 Q1", the longest label
YEAR_LENGTH = 7  # "2026/27"
VALUE_DIGITS = 16  # engine.ingest.measurements: 12 whole digits and 4 places
VALUE_PLACES = 4

priority_code = RegexValidator(r"^P\d{1,3}$", "Enter a priority code like P1: P, then a number.")
outcome_reference = RegexValidator(r"^OC-\d{2,4}$", "Enter a reference like OC-01: OC, a hyphen, then digits.")
# The importer's pattern (engine.ingest.measurements.INDICATOR_CODE), stored in capitals.
indicator_code = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._-]{0,29}$",
    "Enter a code like ASC-01: up to 30 capital letters, digits, dots, hyphens and underscores, no spaces.",
)


class Unit(models.TextChoices):
    COUNT = EngineUnit.COUNT.value, EngineUnit.COUNT.label
    PERCENT = EngineUnit.PERCENT.value, EngineUnit.PERCENT.label
    GBP = EngineUnit.GBP.value, EngineUnit.GBP.label
    DAYS = EngineUnit.DAYS.value, EngineUnit.DAYS.label
    WEEKS = EngineUnit.WEEKS.value, EngineUnit.WEEKS.label
    HOURS = EngineUnit.HOURS.value, EngineUnit.HOURS.label
    RATE_PER_1000 = EngineUnit.RATE_PER_1000.value, EngineUnit.RATE_PER_1000.label
    RATE_PER_100000 = EngineUnit.RATE_PER_100000.value, EngineUnit.RATE_PER_100000.label
    SCORE = EngineUnit.SCORE.value, EngineUnit.SCORE.label
    RATIO = EngineUnit.RATIO.value, EngineUnit.RATIO.label


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = EnginePolarity.HIGHER_IS_BETTER.value, "Higher is better"
    LOWER_IS_BETTER = EnginePolarity.LOWER_IS_BETTER.value, "Lower is better"


class Frequency(models.TextChoices):
    MONTHLY = EngineFrequency.MONTHLY.value, "Monthly"
    QUARTERLY = EngineFrequency.QUARTERLY.value, "Quarterly"
    ANNUAL = EngineFrequency.ANNUAL.value, "Annual (financial year)"


class ToleranceBasis(models.TextChoices):
    ABSOLUTE = EngineBasis.ABSOLUTE.value, "In the indicator's own unit"
    PERCENT = EngineBasis.PERCENT.value, "As a percentage of the target"


class Priority(DomainModel):
    """A corporate priority of the council plan, like "Healthy and independent lives"."""

    code = models.CharField(max_length=5, unique=True, validators=[priority_code])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=1, help_text="Its place in the council plan: 1 comes first.")
    published = models.BooleanField(default=False, help_text="Published priorities are visible to the public.")

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "priorities"
        ordering: ClassVar = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Outcome(Searchable, DomainModel):
    """An outcome for residents or communities under a priority, and the services that contribute to it."""

    reference = models.CharField(max_length=8, unique=True, validators=[outcome_reference])
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="outcomes")
    name = models.CharField(max_length=200, help_text="What residents or communities gain, in their words.")
    description = models.TextField(blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_outcomes")
    services = models.ManyToManyField(
        Service, related_name="outcomes", blank=True, verbose_name="contributing services"
    )
    published = models.BooleanField(default=False, help_text="Published outcomes are visible to the public.")

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("name", "reference", "description")}

    history = HistoricalRecords(m2m_fields=[services], excluded_fields=[*search_columns])

    class Meta:
        ordering: ClassVar = ["reference"]
        indexes: ClassVar = [models.Index(fields=["published", "archived_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class Indicator(Searchable, DomainModel):
    """A key performance indicator: what is measured, in which unit, which way is better, how often."""

    code = models.CharField(max_length=30, unique=True, validators=[indicator_code])
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="Exactly what is counted, and how the value is worked out.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators")
    services = models.ManyToManyField(Service, related_name="indicators", blank=True, verbose_name="services measured")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_indicators")
    data_source = models.CharField(max_length=300)
    published = models.BooleanField(
        default=False, help_text="Published indicators, and their measurements, are visible to the public."
    )

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("name", "code", "definition")}

    history = HistoricalRecords(m2m_fields=[services], excluded_fields=[*search_columns])

    class Meta:
        ordering: ClassVar = ["code"]
        indexes: ClassVar = [models.Index(fields=["published", "archived_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


TARGET_CONSTRAINT = "one_target_per_indicator_period"


class Target(DomainModel):
    """An indicator's target for one period, with the tolerance that makes a miss Amber rather than Red."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    period = models.CharField(max_length=PERIOD_LENGTH)
    target = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    tolerance_basis = models.CharField(max_length=10, choices=ToleranceBasis.choices, blank=True)
    tolerance = models.DecimalField(
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="How far short of target still counts as Amber. Blank: any miss is Red.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["indicator", "period"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["indicator", "period"], name=TARGET_CONSTRAINT),
        ]

    def __str__(self) -> str:
        return f"Target for {self.indicator.code} in {self.period}"


class Measurement(DomainModel):
    """An indicator's value for one period, who entered it and a note. Written by actions.measurement_upsert_many."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    period = models.CharField(max_length=PERIOD_LENGTH)
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["indicator", "period"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_measurement_per_indicator_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} in {self.period}"


class ComparatorGroup(DomainModel):
    """The councils a council benchmarks itself against (for example its CIPFA nearest neighbours)."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="comparator_groups")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True, help_text="Where the list of comparators comes from.")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["council"], condition=models.Q(archived_at__isnull=True), name="one_current_group_per_council"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Comparator(DomainModel):
    """One comparable council in a group, by its ONS code."""

    group = models.ForeignKey(ComparatorGroup, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(max_length=200)
    ons_code = models.CharField("ONS code", max_length=9, validators=[ons_council_code])
    position = models.PositiveSmallIntegerField(default=1, help_text="1 is the nearest neighbour.")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["group", "position", "ons_code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["group", "ons_code"], name="one_comparator_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ons_code})"


class Benchmark(DomainModel):
    """A council's value of an indicator for a financial year, from a published comparative dataset."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="benchmarks")
    year = models.CharField("Financial year", max_length=YEAR_LENGTH)
    ons_code = models.CharField("ONS code", max_length=9, validators=[ons_council_code])
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["indicator", "year", "ons_code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["indicator", "year", "ons_code"], name="one_benchmark_per_council_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.ons_code}"


class UnitCostBenchmark(DomainModel):
    """What a comparable council spends per unit of the same service in a financial year."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="unit_cost_benchmarks")
    year = models.CharField("Financial year", max_length=YEAR_LENGTH)
    ons_code = models.CharField("ONS code", max_length=9, validators=[ons_council_code])
    unit_cost = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["service", "year", "ons_code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["service", "year", "ons_code"], name="one_unit_cost_per_council_year"),
        ]
        # The latest change is read from the index (commissioning.core.memo: the worst-quartile list's version).
        indexes: ClassVar = [models.Index(fields=["updated_at"], name="unit_cost_updated_at")]

    def __str__(self) -> str:
        return f"{self.service.reference} {self.year} {self.ons_code}"


class EvidenceKind(models.TextChoices):
    NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment (such as the JSNA)"
    DEMAND_DATA = "demand_data", "Demand and activity data"
    SURVEY = "survey", "Survey of residents or users"
    RESEARCH = "research", "Research or evaluation"
    NATIONAL_DATA = "national_data", "National statistics"
    OTHER = "other", "Other"


def evidence_upload_to(instance: Any, filename: str) -> str:
    """A random name under evidence/: never the uploader's file name, which is kept in document_name instead."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{uuid.uuid4().hex}{suffix}"


attached_to_service_or_outcome = models.Q(service__isnull=False) | models.Q(outcome__isnull=False)


class NeedsEvidence(Searchable, DomainModel):
    """Evidence of what residents need, attached to a service, an outcome or both, with an optional document."""

    title = models.CharField(max_length=200)
    kind = models.CharField("Kind of evidence", max_length=20, choices=EvidenceKind.choices)
    source = models.CharField(max_length=300, help_text="Who produced it, like Public Health intelligence team.")
    evidence_date = models.DateField("Date of the evidence")
    summary = models.TextField(help_text="What it shows about residents' needs.")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="needs_evidence")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="needs_evidence")
    document = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=200)
    document_name = models.CharField("Document file name", max_length=255, blank=True)
    document_size = models.PositiveIntegerField("Document size (bytes)", null=True, blank=True)
    document_type = models.CharField("Document type", max_length=100, blank=True)

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("title", "summary", "source")}

    history = HistoricalRecords(excluded_fields=[*search_columns])

    class Meta:
        verbose_name = "needs evidence"
        verbose_name_plural = "needs evidence"
        ordering: ClassVar = ["-evidence_date", "title"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=attached_to_service_or_outcome, name="evidence_has_service_or_outcome"),
        ]

    def __str__(self) -> str:
        return self.title


class ConsultationMethod(models.TextChoices):
    SURVEY = "survey", "Survey"
    PUBLIC_MEETING = "public_meeting", "Public meeting"
    FOCUS_GROUP = "focus_group", "Focus groups"
    DROP_IN = "drop_in", "Drop-in sessions"
    ONLINE = "online", "Online consultation"
    USER_PANEL = "user_panel", "Service user panel"


class Consultation(Searchable, DomainModel):
    """A consultation of residents about a service or an outcome, and a summary of what they said."""

    title = models.CharField(max_length=200)
    purpose = models.TextField(help_text="What residents were asked, and why.")
    method = models.CharField(max_length=20, choices=ConsultationMethod.choices)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    responses = models.PositiveIntegerField("Number of responses", default=0)
    response_summary = models.TextField("Summary of the responses", blank=True)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="consultations")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="consultations")

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("title", "purpose", "response_summary")}

    history = HistoricalRecords(excluded_fields=[*search_columns])

    class Meta:
        ordering: ClassVar = ["-opened_on", "title"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=attached_to_service_or_outcome, name="consultation_has_service_or_outcome"
            ),
        ]

    def __str__(self) -> str:
        return self.title
