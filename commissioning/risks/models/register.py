"""The risk register (issue 10, ADR 0033): corporate, directorate, review and contract risks, their controls, the
actions that treat them and each review of them. Scores are 5x5 (engine/risks/scoring.py)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.core.search import Searchable
from commissioning.reviews.models import CommissioningReview
from commissioning.risks import calculations
from commissioning.services.models import Directorate


class Level(models.TextChoices):
    CORPORATE = "corporate", "Corporate"
    DIRECTORATE = "directorate", "Directorate"
    REVIEW = "review", "Review"
    CONTRACT = "contract", "Contract"


class Category(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    FINANCIAL = "financial", "Financial"
    OPERATIONAL = "operational", "Operational"
    LEGAL = "legal", "Legal and regulatory"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    REPUTATIONAL = "reputational", "Reputational"
    PARTNERSHIP = "partnership", "Partnership and contract"
    WORKFORCE = "workforce", "Workforce"


class Response(models.TextChoices):
    TOLERATE = "tolerate", "Tolerate"
    TREAT = "treat", "Treat"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


class Proximity(models.TextChoices):
    """How soon the risk could happen."""

    NOW = "now", "Now or within 3 months"
    MEDIUM = "medium", "In 3 to 12 months"
    LATER = "later", "In more than 12 months"


SCORE_FIELDS = (
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "target_likelihood",
    "target_impact",
)


class Risk(Searchable, DomainModel):
    reference = models.CharField(max_length=12, unique=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risks_owned")
    category = models.CharField(max_length=20, choices=Category.choices)
    cause = models.TextField(help_text="Because of ...")
    event = models.TextField(help_text="... this may happen ...")
    effect = models.TextField(help_text="... which would lead to ...")
    directorate = models.ForeignKey(Directorate, null=True, blank=True, on_delete=models.PROTECT, related_name="risks")
    review = models.ForeignKey(
        CommissioningReview, null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    # A sibling in the DELIVER tier: a string key, never an import (ARCHITECTURE.md, "Apps sit in tiers").
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    response = models.CharField(max_length=10, choices=Response.choices)
    proximity = models.CharField(max_length=10, choices=Proximity.choices)
    next_review_on = models.DateField("Next review date")
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    published = models.BooleanField(
        default=False,
        help_text="Published risks are seen by scrutiny and councillors; never by providers or the public.",
    )
    # Escalation of a review risk to the directorate or corporate register: who, when and why (ADR 0033).
    escalated_from = models.CharField(max_length=12, choices=Level.choices, blank=True, editable=False)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks_escalated",
        editable=False,
    )
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalation_reason = models.TextField(blank=True, editable=False)

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("title", "reference", "event")}

    history = HistoricalRecords(excluded_fields=[*search_columns])

    class Meta:
        ordering: ClassVar = ["reference"]
        indexes: ClassVar = [
            models.Index(fields=["level", "archived_at"]),
            models.Index(fields=["next_review_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    @property
    def inherent(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual(self) -> int:
        return self.residual_likelihood * self.residual_impact

    @property
    def target(self) -> int:
        return self.target_likelihood * self.target_impact

    @property
    def inherent_band(self) -> calculations.Band:
        return calculations.band(self.inherent)

    @property
    def residual_band(self) -> calculations.Band:
        return calculations.band(self.residual)

    @property
    def target_band(self) -> calculations.Band:
        return calculations.band(self.target)

    @property
    def review_overdue(self) -> bool:
        return not self.is_archived and self.next_review_on < timezone.localdate()

    @property
    def has_overdue_actions(self) -> bool:
        """An action not done is past its due date (reads the prefetched actions, or the list's annotation)."""
        if hasattr(self, "has_overdue_action"):
            return bool(self.has_overdue_action)
        return any(action.overdue for action in self.actions.all())


class Control(DomainModel):
    """Something in place that reduces the risk's likelihood or impact."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="controls")
    description = models.TextField()
    positive_effect = models.BooleanField(
        "Has a positive effect", default=True, help_text="The control is in place and reduces the risk."
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["risk", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class RiskAction(DomainModel):
    """Something still to do to bring the risk to its target: who does it and by when."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_actions")
    due_on = models.DateField("Due date")
    done_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["risk", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def overdue(self) -> bool:
        return self.done_on is None and not self.is_archived and self.due_on < timezone.localdate()


class RiskReview(DomainModel):
    """A review of a risk: when, by whom, its scores re-assessed, a note, and when it is next reviewed."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    next_review_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["risk", "-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.risk_id} on {self.reviewed_on}"
