"""Savings lines: a saving promised (in a business case or the budget) and what has been realised of it (ADR 0024).

A line belongs to an accountable owner (a named person) and a directorate; its plan is one ``SavingsYear`` per
financial year (full-year effect and in-year). Slippage is never a silent edit: it is a ``SavingsSlippage`` that moves
an amount to a later year with a reason. A line found undeliverable keeps its record, marked so, with a replacement
line or recorded as a gap. Evidence of realisation (a budget reduction, a contract price, spend data) adds to what
the year has realised.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.finance.models.budgets import MONEY


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class SavingsStatus(models.TextChoices):
    ACTIVE = "active", "Being delivered"
    UNDELIVERABLE = "undeliverable", "Undeliverable"


class EvidenceKind(models.TextChoices):
    BUDGET_REDUCTION = "budget_reduction", "Budget reduction"
    CONTRACT_PRICE = "contract_price", "Contract price"
    SPEND_DATA = "spend_data", "Spend data"


class SavingsLine(DomainModel):
    reference = models.CharField(max_length=12, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="savings_lines",
        verbose_name="accountable owner",
    )
    directorate = models.ForeignKey("services.Directorate", on_delete=models.PROTECT, related_name="savings_lines")
    service = models.ForeignKey(
        "services.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="savings_lines"
    )
    review = models.ForeignKey(
        "reviews.CommissioningReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="savings_lines",
    )
    business_case = models.ForeignKey(
        "appraisals.BusinessCase", null=True, blank=True, on_delete=models.PROTECT, related_name="savings_lines"
    )
    option = models.ForeignKey(
        "appraisals.Option", null=True, blank=True, on_delete=models.PROTECT, related_name="savings_lines"
    )
    decision = models.ForeignKey(
        "governance.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="savings_lines"
    )
    baseline = models.DecimalField("Baseline budget", **MONEY)
    cashable = models.BooleanField(default=True)
    confidence_at_budget = models.CharField(
        "Delivery confidence at budget time", max_length=5, choices=Rag.choices, default=Rag.GREEN
    )
    confidence_at_budget_reason = models.TextField("Reason for the confidence at budget time", blank=True)
    confidence = models.CharField("Delivery confidence now", max_length=5, choices=Rag.choices, default=Rag.GREEN)
    confidence_reason = models.TextField("Reason for the confidence now", blank=True)
    status = models.CharField(max_length=14, choices=SavingsStatus.choices, default=SavingsStatus.ACTIVE)
    undeliverable_reason = models.TextField(blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_undeliverable(self) -> bool:
        return self.status == SavingsStatus.UNDELIVERABLE


class SavingsYear(DomainModel):
    """A line's plan for one financial year: the target as agreed at budget time (never changed afterwards), the
    in-year saving now planned (after slippage), its full-year effect, the forecast and what has been realised."""

    line = models.ForeignKey(SavingsLine, on_delete=models.PROTECT, related_name="years")
    financial_year = models.CharField("Financial year", max_length=7)
    target = models.DecimalField("Target at budget time", default=0, **MONEY)
    planned = models.DecimalField("Planned in-year saving", **MONEY)
    full_year_effect = models.DecimalField("Full-year effect", **MONEY)
    forecast = models.DecimalField(**MONEY)
    realised = models.DecimalField("Realised to date", default=0, **MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["line", "financial_year"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["line", "financial_year"], name="finance_one_savings_year_per_line"),
        ]

    def __str__(self) -> str:
        return f"{self.line.reference} {self.financial_year}"


class SavingsSlippage(DomainModel):
    """An amount of a line's saving moved from one year to a later one, and why (never a silent edit)."""

    line = models.ForeignKey(SavingsLine, on_delete=models.PROTECT, related_name="slippages")
    from_year = models.CharField(max_length=7)
    to_year = models.CharField(max_length=7)
    amount = models.DecimalField(**MONEY)
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "savings slippages"
        ordering: ClassVar = ["line", "pk"]

    def __str__(self) -> str:
        return f"{self.line.reference}: {self.from_year} to {self.to_year}"


class SavingsEvidence(DomainModel):
    """Evidence that a saving has been realised in a year: a budget reduction, a contract price or spend data."""

    line = models.ForeignKey(SavingsLine, on_delete=models.PROTECT, related_name="evidence")
    financial_year = models.CharField(max_length=7)
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    amount = models.DecimalField(**MONEY)
    note = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The months the evidence covers, when it is read from spend (the first day of the first, the last of the last).
    period_start = models.DateField("Period from", null=True, blank=True)
    period_end = models.DateField("Period to", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "savings evidence"
        ordering: ClassVar = ["line", "pk"]

    def __str__(self) -> str:
        return f"{self.line.reference} {self.get_kind_display()}"
