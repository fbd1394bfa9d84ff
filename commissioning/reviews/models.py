"""Commissioning reviews: which services the council is reviewing, at what stage of the cycle, led by whom, when.

The schedule, governance and savings work build on this record. A review covers one or more services (the golden
thread: need -> priority -> review -> options -> decision ...), and each service's page lists its reviews.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.core.search import Searchable
from commissioning.reviews.calculations import STATUS_MOVES, current_quarter, quarter_span, status_move_allowed
from commissioning.services.models import Directorate, Service

reference_format = RegexValidator(
    r"^CR-\d{4}-\d{3,4}$", "Enter a reference like CR-2026-001: CR, the year, then a number of three digits."
)
QUARTER_LABEL_LENGTH = 10  # "2026/27 Q1": fixed width, so labels sort in time order


class Stage(models.TextChoices):
    """The four stages of the commissioning cycle (DESIGN.md section 2)."""

    ANALYSE = "analyse", "Analyse"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"


STAGE_QUESTIONS = {
    Stage.ANALYSE: "What do residents need, and how does the service perform and cost against comparators?",
    Stage.PLAN: "Which way of delivering it is best value?",
    Stage.DO: "Deliver through the chosen route.",
    Stage.REVIEW: "Is it delivering outcomes, quality and savings?",
}


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class CommissioningReview(Searchable, DomainModel):
    reference = models.CharField(max_length=12, unique=True, validators=[reference_format])
    title = models.CharField(max_length=200)
    purpose = models.TextField(help_text="What the review must find out or decide.")
    services = models.ManyToManyField(
        Service, related_name="commissioning_reviews", verbose_name="services under review"
    )
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="commissioning_reviews")
    lead_commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_reviews"
    )
    stage = models.CharField("Stage of the cycle", max_length=10, choices=Stage.choices, default=Stage.ANALYSE)
    planned_start = models.CharField("Planned start quarter", max_length=QUARTER_LABEL_LENGTH)
    planned_end = models.CharField("Planned end quarter", max_length=QUARTER_LABEL_LENGTH)
    status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED)
    published = models.BooleanField(default=False, help_text="Published reviews are visible to the public.")

    search_key = models.TextField(blank=True, default="", editable=False)
    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "search_text": ("title", "reference", "purpose"),
        "search_key": ("title", "reference"),
    }

    history = HistoricalRecords(m2m_fields=[services], excluded_fields=[*search_columns])

    class Meta:
        verbose_name = "commissioning review"
        ordering: ClassVar = ["planned_start", "reference"]
        indexes: ClassVar = [
            models.Index(fields=["planned_start", "planned_end"]),
            models.Index(fields=["published", "archived_at"]),
            models.Index(fields=["directorate", "planned_start"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    @property
    def stage_question(self) -> str:
        """The question the review's stage of the cycle answers."""
        return STAGE_QUESTIONS.get(Stage(self.stage), "") if self.stage in Stage.values else ""

    @property
    def is_overdue(self) -> bool:
        """Still in progress after its planned end quarter (a current review only): flagged "Overdue"."""
        return not self.is_archived and self.status == ReviewStatus.IN_PROGRESS and self.planned_end < current_quarter()

    @property
    def status_moves(self) -> list[str]:
        """The status moves (calculations.STATUS_MOVES) the review can make now, at its status and stage."""
        return [move for move in STATUS_MOVES if status_move_allowed(move, status=self.status, stage=self.stage)]

    @property
    def planned_quarters(self) -> int:
        """How many quarters the review is planned to run for, counting both ends."""
        return quarter_span(self.planned_start, self.planned_end)
