"""Quality triangulation's own records (issue 13), per provider (``accounts.Organisation``; for an in-house service the
council's own organisation) and optionally per contract or in-house plan:

- ``InspectionRating``: an inspectorate's (CQC, Ofsted, other) overall rating and its five key questions, with date;
- ``SafeguardingConcern``: date, category, open or closed, substantiated or not. No personal data, ever: no names,
  no descriptions of people, only the category;
- ``FinancialHealthNote``: a dated risk rating of the provider's finances with a note.

engine/contracts/triangulation.py combines them with the KPI ratings, the returns' workforce figures and complaints
(core.quality's registry) into one rating.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Organisation
from commissioning.contracts.models.register import Contract
from commissioning.core.models import DomainModel


class Inspectorate(models.TextChoices):
    CQC = "cqc", "Care Quality Commission (CQC)"
    OFSTED = "ofsted", "Ofsted"
    OTHER = "other", "Other inspectorate"


class InspectionGrade(models.TextChoices):
    # The values are engine.contracts.triangulation's scale.
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


KEY_QUESTION_FIELDS = ("safe", "effective", "caring", "responsive", "well_led")


def _key_question(label: str) -> models.CharField:
    return models.CharField(label, max_length=24, choices=InspectionGrade.choices, blank=True)


class InspectionRating(DomainModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="inspection_ratings")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="inspection_ratings"
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="The inspected location, if not the whole provider."
    )
    inspectorate = models.CharField(max_length=8, choices=Inspectorate.choices)
    inspected_on = models.DateField("date of the rating")
    overall = models.CharField("overall rating", max_length=24, choices=InspectionGrade.choices)
    safe = _key_question("safe")
    effective = _key_question("effective")
    caring = _key_question("caring")
    responsive = _key_question("responsive")
    well_led = _key_question("well-led")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["organisation", "-inspected_on", "-pk"]
        indexes: ClassVar = [models.Index(fields=["organisation", "inspected_on"])]

    def __str__(self) -> str:
        return f"{self.get_inspectorate_display()} {self.get_overall_display()} ({self.inspected_on:%d %B %Y})"


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ConcernCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect or acts of omission"
    PHYSICAL = "physical", "Physical abuse"
    FINANCIAL = "financial", "Financial or material abuse"
    PSYCHOLOGICAL = "psychological", "Psychological abuse"
    ORGANISATIONAL = "organisational", "Organisational abuse"
    OTHER = "other", "Other"


class SafeguardingConcern(DomainModel):
    """A safeguarding concern about a provider: its category and state only (no personal data)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="safeguarding_concerns")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    raised_on = models.DateField()
    category = models.CharField(max_length=16, choices=ConcernCategory.choices)
    status = models.CharField(max_length=6, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    substantiated = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["organisation", "-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.raised_on:%d %B %Y})"

    @property
    def is_open(self) -> bool:
        return self.status == ConcernStatus.OPEN


class FinancialRisk(models.TextChoices):
    # The values are engine.contracts.triangulation's RISKS.
    LOW = "low", "Low risk"
    MEDIUM = "medium", "Medium risk"
    HIGH = "high", "High risk"


class FinancialHealthNote(DomainModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="financial_health_notes")
    noted_on = models.DateField()
    risk = models.CharField(max_length=6, choices=FinancialRisk.choices)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["organisation", "-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_risk_display()} ({self.noted_on:%d %B %Y})"
