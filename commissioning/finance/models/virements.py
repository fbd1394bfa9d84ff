"""Virements: transfers between budget lines, approved by whoever the council's approval bands name (ADR 0026)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class Approver(models.IntegerChoices):
    """Who approves a band, lowest first (the engine's ``Approver``, same numbers)."""

    SERVICE_HEAD = 1, "Service head"
    DIRECTOR = 2, "Director or section 151 officer"
    CABINET = 3, "Cabinet"
    COUNCIL = 4, "Council"


class VirementSettings(DomainModel):
    """The council's one row of virement settings (``finance.selectors_virements.virement_settings`` makes it)."""

    section_151_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"role": "finance"},
        help_text="The chief finance officer (section 151 of the Local Government Act 1972), a finance user.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "virement settings"
        verbose_name_plural = "virement settings"

    def __str__(self) -> str:
        return "Virement settings"


class VirementBand(DomainModel):
    """One approval band of the council's financial procedure rules: amounts up to ``up_to`` (counted cumulatively
    per budget line per year) are approved by ``approver``; the highest band has no limit."""

    approver = models.PositiveSmallIntegerField(choices=Approver.choices, unique=True)
    up_to = models.DecimalField(
        "Up to (£)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave blank for the highest band (no limit).",
        **MONEY,
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["approver"]
        verbose_name = "virement approval band"

    def __str__(self) -> str:
        limit = f"up to £{self.up_to:,.2f}" if self.up_to is not None else "above that"
        return f"{self.get_approver_display()}: {limit}"


class VirementStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class Permanence(models.TextChoices):
    ONE_OFF = "one_off", "One-off (this year only)"
    PERMANENT = "permanent", "Permanent (this year and the years after)"


class Virement(DomainModel):
    """A transfer of budget from one line to another in one financial year.

    ``band`` and ``cumulative`` are worked out when it is requested and again when it is decided (the line's
    approved and pending virements that year plus this one). Approving it moves ``amount`` between the two lines'
    revised budgets (a permanent one also on the next years' lines that exist), in the same transaction. Cabinet's
    and Council's bands need that body's decision (``decision``, a string key: governance is a sibling app).
    """

    reference = models.CharField(max_length=16, unique=True)
    financial_year = models.CharField("Financial year", max_length=7)
    from_line = models.ForeignKey(
        "finance.BudgetLine", on_delete=models.PROTECT, related_name="virements_out", verbose_name="From budget line"
    )
    to_line = models.ForeignKey(
        "finance.BudgetLine", on_delete=models.PROTECT, related_name="virements_in", verbose_name="To budget line"
    )
    amount = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    reason = models.TextField()
    permanence = models.CharField("One-off or permanent", max_length=10, choices=Permanence.choices)
    status = models.CharField(max_length=10, choices=VirementStatus.choices, default=VirementStatus.REQUESTED)
    band = models.PositiveSmallIntegerField("Approval band", choices=Approver.choices)
    cumulative = models.DecimalField("Counted towards the band (£)", **MONEY)

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    decision = models.ForeignKey(
        "governance.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="virements"
    )
    decision_reference = models.CharField(max_length=12, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-requested_on", "-reference"]
        indexes: ClassVar = [models.Index(fields=["financial_year", "status"])]
        constraints: ClassVar = [
            models.CheckConstraint(condition=~Q(from_line=models.F("to_line")), name="virement_between_two_lines"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="virement_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: £{self.amount:,.2f}"

    @property
    def is_open(self) -> bool:
        return self.status == VirementStatus.REQUESTED
