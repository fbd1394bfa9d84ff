"""Pooled budgets: section 75 pooled funds with partners, their contributions, spend and risk-share rule (ADR 0027)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class RiskShareMethod(models.TextChoices):
    PERCENTAGE = "percentage", "By percentage"
    FIXED = "fixed", "By fixed amounts"


class PooledFund(DomainModel):
    """A pooled fund under a section 75 agreement: hosted by one organisation, run by a pool manager."""

    name = models.CharField(max_length=200, unique=True)
    host = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="hosted_pools", verbose_name="Host organisation"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_pools", verbose_name="Pool manager"
    )
    method = models.CharField(
        "Risk share of what is left",
        max_length=10,
        choices=RiskShareMethod.choices,
        default=RiskShareMethod.PERCENTAGE,
        help_text="After underspends within the pool and the risk reserve, the rest is shared by this.",
    )
    purpose = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class PoolPartner(DomainModel):
    """A partner organisation in a pool, and its risk share (per cent, or a fixed amount in £)."""

    pool = models.ForeignKey(PooledFund, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="pools")
    share = models.DecimalField("Risk share", validators=[MinValueValidator(0)], default=0, **MONEY)
    position = models.PositiveSmallIntegerField(default=0)
    # finfinish: the partner as the agreement names it, and who to contact there (blank: the organisation's name)
    name = models.CharField("Name in the agreement", max_length=200, blank=True)
    contact_name = models.CharField("Contact", max_length=200, blank=True)
    contact_email = models.EmailField("Contact's email address", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["pool", "position", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["pool", "organisation"], name="one_partner_entry_per_pool"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} in {self.pool}"

    @property
    def display_name(self) -> str:
        return self.name or self.organisation.name


class PoolYear(DomainModel):
    """A pool's financial year: its total, the contributions adding up to it, and the risk-share amounts."""

    pool = models.ForeignKey(PooledFund, on_delete=models.CASCADE, related_name="years")
    financial_year = models.CharField("Financial year", max_length=7)
    total = models.DecimalField("Pool total (£)", validators=[MinValueValidator(0)], **MONEY)
    within_pool = models.DecimalField(
        "Underspends within the pool (£)",
        validators=[MinValueValidator(0)],
        default=0,
        help_text="Step 1: meets an overspend first (or, for an underspend, what the pool keeps).",
        **MONEY,
    )
    risk_reserve = models.DecimalField(
        "Risk reserve (£)",
        validators=[MinValueValidator(0)],
        default=0,
        help_text="Step 2: meets what is left of an overspend (or takes an underspend, up to this).",
        **MONEY,
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["pool", "financial_year"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["pool", "financial_year"], name="one_pool_year"),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {self.financial_year}"


class PoolContribution(DomainModel):
    """What one partner puts into a pool for one year."""

    year = models.ForeignKey(PoolYear, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey(PoolPartner, on_delete=models.CASCADE, related_name="contributions")
    amount = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["year", "partner__position", "partner"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "partner"], name="one_contribution_per_partner_year"),
        ]

    def __str__(self) -> str:
        return f"{self.partner.organisation}: £{self.amount:,.2f}"


class PoolSpend(DomainModel):
    """Spend charged to a pool."""

    pool = models.ForeignKey(PooledFund, on_delete=models.CASCADE, related_name="spend")
    date = models.DateField()
    financial_year = models.CharField("Financial year", max_length=7, editable=False)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["pool", "date", "pk"]
        indexes: ClassVar = [models.Index(fields=["pool", "financial_year"])]
        verbose_name_plural = "pool spend"

    def __str__(self) -> str:
        return f"{self.date}: £{self.amount:,.2f}"


class PoolPayment(DomainModel):
    """A payment of a partner's contribution to a pool (finfinish): what has been paid to date, beside what is due."""

    partner = models.ForeignKey(PoolPartner, on_delete=models.PROTECT, related_name="payments")
    date = models.DateField()
    financial_year = models.CharField("Financial year", max_length=7, editable=False)
    amount = models.DecimalField(**MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["partner", "date", "pk"]
        indexes: ClassVar = [models.Index(fields=["partner", "financial_year"])]

    def __str__(self) -> str:
        return f"{self.date}: £{self.amount:,.2f}"
