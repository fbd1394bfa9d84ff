"""Scrutiny's recommendations to the executive or to a partner, the response and its action plan, and the follow-up
of implementation until the committee signs it off (issue 10, ADR 0035).

The executive must respond within two months of a recommendation (Local Government Act 2000, s.9FE); the period is
``GovernanceSettings.response_months``, and the follow-up interval ``GovernanceSettings.follow_up_months``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.core.search import Searchable


class RecommendationTo(models.TextChoices):
    EXECUTIVE = "executive", "The executive (Cabinet)"
    PARTNER = "partner", "A partner organisation"


class ResponseKind(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    REJECTED = "rejected", "Rejected"


class ImplementationStatus(models.TextChoices):
    """The committee's view after a follow-up: still being implemented, or implemented and signed off."""

    OPEN = "", "Not yet signed off"
    SIGNED_OFF = "signed_off", "Implemented and signed off"


class Recommendation(Searchable, DomainModel):
    body = models.ForeignKey(
        "governance.Body", on_delete=models.PROTECT, related_name="recommendations", verbose_name="committee"
    )
    meeting = models.ForeignKey(
        "governance.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations"
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.CharField(max_length=20, help_text="The committee's number for it, like SR-2026-03.")
    text = models.TextField("Recommendation")
    made_on = models.DateField("Date made")
    to = models.CharField(
        "Made to", max_length=10, choices=RecommendationTo.choices, default=RecommendationTo.EXECUTIVE
    )
    executive = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_received",
        help_text="Cabinet, or the cabinet member who responds.",
    )
    partner = models.CharField("Partner organisation", max_length=200, blank=True)
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response_due_on = models.DateField("Response due")
    published_on = models.DateField(null=True, blank=True)

    response = models.CharField(max_length=16, choices=ResponseKind.choices, blank=True)
    response_reasons = models.TextField("Reasons", blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    next_follow_up_on = models.DateField("Next follow-up", null=True, blank=True)
    implementation = models.CharField(
        max_length=12, choices=ImplementationStatus.choices, blank=True, default=ImplementationStatus.OPEN
    )
    signed_off_on = models.DateField(null=True, blank=True)
    # The last notice sent to the executive: "due_soon" or "overdue" (each sent once).
    notified = models.CharField(max_length=10, blank=True, editable=False)

    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {"search_text": ("number", "text", "partner")}

    history = HistoricalRecords(excluded_fields=[*search_columns])

    class Meta:
        ordering: ClassVar = ["-made_on", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["body", "number"], condition=Q(archived_at__isnull=True), name="one_recommendation_number"
            ),
            models.CheckConstraint(
                condition=Q(to="executive") | ~Q(partner=""), name="recommendation_to_partner_names_it"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["response", "response_due_on"])]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def is_responded(self) -> bool:
        return bool(self.response)

    @property
    def is_signed_off(self) -> bool:
        return self.implementation == ImplementationStatus.SIGNED_OFF

    @property
    def is_published(self) -> bool:
        return self.published_on is not None and not self.is_archived

    @property
    def recipient(self) -> str:
        if self.to == RecommendationTo.PARTNER:
            return self.partner
        return str(self.executive) if self.executive_id else "The executive"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class RecommendationAction(DomainModel):
    """One action of the response's action plan: what, who (a user, or a named partner contact), by when."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("Action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField("Owner (a partner contact)", max_length=200, blank=True)
    due_on = models.DateField("Due")
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["recommendation", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["recommendation", "number"], name="one_action_number_per_recommendation"),
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""), name="recommendation_action_has_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name


class FollowUp(DomainModel):
    """The committee's follow-up of a recommendation's implementation: progress per action, and whether it is signed
    off."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="follow_ups")
    held_on = models.DateField()
    meeting = models.ForeignKey("governance.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_off = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["recommendation", "-held_on", "-pk"]


class ActionProgress(DomainModel):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="progress")
    action = models.ForeignKey(RecommendationAction, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["follow_up", "action__number"]
