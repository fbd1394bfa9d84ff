"""Commissioning reviews: which services the council is reviewing, at what stage of the cycle, led by whom, when.

The schedule, governance and savings work build on this record. A review covers one or more services (the golden
thread: need -> priority -> review -> options -> decision ...), and each service's page lists its reviews.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
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


# The plan (issue 11): the prioritisation model, its judgements and frozen scores, the skill each service needs, and
# the officers who run reviews. The arithmetic is engine.scoring.priority's; the criteria, and the apps that score
# them from data, are in commissioning.core.priority.

SCORE_RANGE = [MinValueValidator(0), MaxValueValidator(5)]


class Skill(models.TextChoices):
    """The commissioning skills a review can need (a review of a service that demands one needs that skill)."""

    ADULTS_SAFEGUARDING = "adults_safeguarding", "Adults' safeguarding"
    CHILDRENS_SAFEGUARDING = "childrens_safeguarding", "Children's safeguarding"
    PUBLIC_HEALTH = "public_health", "Public health"
    PROCUREMENT = "procurement", "Procurement"
    GENERALIST = "generalist", "Generalist"


class PriorityModel(DomainModel):
    """One version of the prioritisation model: the weight of each criterion, in whole percentages adding up to 100.

    A version is never changed: new weights make a new version, and the version they replace keeps the scores it
    ranked by (CriterionScore), so its ranking can be shown again exactly. The version with the highest number, not
    superseded, is the current (published) one."""

    number = models.PositiveIntegerField(unique=True)
    weights = models.JSONField(help_text="Each criterion's weight in percent, by its key: they add up to 100.")
    reason = models.TextField(help_text="Why the weights were set so.")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "prioritisation model"
        ordering: ClassVar = ["-number"]

    def __str__(self) -> str:
        return f"Prioritisation model version {self.number}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class PriorityJudgement(DomainModel):
    """A recorded judgement of one criterion for one service: the score, who gave it and why. It scores the
    criterion where no data does. One per service and criterion, changed in place (its history keeps each one)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="priority_judgements")
    criterion = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    reason = models.TextField()
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "priority judgement"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["service", "criterion"], name="one_judgement_per_service_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.score} for service {self.service_id}"


class ScoreSource(models.TextChoices):
    DATA = "data", "Data"
    JUDGEMENT = "judgement", "Judgement"
    NONE = "none", "Not scored"


class CriterionScore(DomainModel):
    """A criterion's score for a service as a superseded model version ranked by it, kept when the version was
    replaced so that its ranking, and the rationale for it, can be shown again exactly."""

    model = models.ForeignKey(PriorityModel, on_delete=models.PROTECT, related_name="scores")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    source = models.CharField(max_length=10, choices=ScoreSource.choices)
    summary = models.TextField(blank=True, help_text="The figures behind a score from data.")
    sources = models.JSONField(default=list, blank=True, help_text="[label, URL name, [arguments]] of each record.")
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "criterion score"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["model", "service", "criterion"], name="one_score_per_model_service")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.score} (model {self.model_id}, service {self.service_id})"


class ServiceSkill(DomainModel):
    """The specialist skill a service demands of whoever reviews it (a service with none needs a generalist)."""

    service = models.OneToOneField(Service, on_delete=models.PROTECT, related_name="review_skill")
    skill = models.CharField(max_length=30, choices=Skill.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "skill a service's review needs"

    def __str__(self) -> str:
        return f"{self.get_skill_display()} for service {self.service_id}"


class CommissioningOfficer(DomainModel):
    """Someone who runs commissioning reviews: their skills, grade, cost and the days a quarter they can give."""

    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="commissioning_roles"
    )
    skills = models.JSONField(default=list, help_text="Keys of Skill.")
    grade = models.CharField(max_length=40)
    annual_cost = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], help_text="Salary and on-costs a year."
    )
    days_per_quarter = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(66)], help_text="Days a quarter available for reviews."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "commissioning officer"
        ordering: ClassVar = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def skill_labels(self) -> list[str]:
        return [Skill(skill).label for skill in self.skills if skill in Skill.values]


# Programme scenarios (issue 11): a named set of levers (horizon, capacity, priority weight, savings target), the
# programme the optimiser found for them, and which one the council adopted. Adoption is a recorded Cabinet decision:
# governance (above reviews) holds the decision's key to the scenario and calls reviews' action (ADR 0023).


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", "Not solved"
    SOLVED = "solved", "Solved"
    ADOPTED = "adopted", "Adopted"
    SUPERSEDED = "superseded", "Superseded"


class ProgrammeScenario(DomainModel):
    """A named programme scenario and, once solved, the optimiser's result for it. Editing a scenario clears its
    result; an adopted (or superseded) scenario is never changed."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    horizon = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(20)], help_text="Quarters planned."
    )
    first_quarter = models.CharField("First quarter", max_length=QUARTER_LABEL_LENGTH)
    capacity = models.JSONField(default=dict, help_text="Review days a quarter, by skill (keys of Skill).")
    priority_weight = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="Pounds of expected saving one point of priority (0-100) is worth.",
    )
    savings_target = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    new_reviews = models.BooleanField(
        "Plan new reviews of services not yet under review",
        default=True,
        help_text="Without: only the reviews already in the programme are scheduled.",
    )
    keep_planned = models.BooleanField(
        "Keep planned reviews in their planned quarters",
        default=False,
        help_text="A planned review that fits the horizon either starts when planned or is left out.",
    )
    status = models.CharField(max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT)

    # The result of the last solve (empty while a draft).
    model_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The prioritisation model version it was solved with."
    )
    solve_status = models.CharField(max_length=12, blank=True)
    objective = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    bound = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    greedy_objective = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    capacity_used = models.JSONField(
        default=list, blank=True, help_text="[skill, quarter, available, used] for each skill and quarter."
    )
    reasons = models.JSONField(default=list, blank=True, help_text="Why it is infeasible, in words.")
    adopted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "programme scenario"
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_solved(self) -> bool:
        return self.status != ScenarioStatus.DRAFT

    @property
    def is_final(self) -> bool:
        """Adopted or superseded: it stands for a recorded decision and is never changed."""
        return self.status in (ScenarioStatus.ADOPTED, ScenarioStatus.SUPERSEDED)

    @property
    def total_capacity(self) -> float:
        return float(sum(float(days or 0) for days in self.capacity.values()))

    @property
    def capacity_lines(self) -> list[str]:
        """Each skill's review days a quarter, in words."""
        return [f"{skill.label}: {float(self.capacity.get(skill.value, 0) or 0):,.0f}" for skill in Skill]


class ScheduledReview(DomainModel):
    """One review in a solved scenario's programme: an existing review (kept or re-planned), or a new review of a
    service no review covers yet. Rows are replaced as a whole when the scenario is solved again."""

    scenario = models.ForeignKey(ProgrammeScenario, on_delete=models.CASCADE, related_name="rows")
    key = models.CharField(max_length=20, help_text="The review's (or, for a new review, the service's) reference.")
    review = models.ForeignKey(
        CommissioningReview, null=True, blank=True, on_delete=models.PROTECT, related_name="scenario_rows"
    )
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    skill = models.CharField(max_length=30, choices=Skill.choices)
    start = models.PositiveSmallIntegerField(help_text="Quarter of the horizon it starts in (1 = the first).")
    finish = models.PositiveSmallIntegerField()
    start_quarter = models.CharField(max_length=QUARTER_LABEL_LENGTH)
    finish_quarter = models.CharField(max_length=QUARTER_LABEL_LENGTH)
    annual_saving = models.DecimalField(max_digits=14, decimal_places=2)
    saving_in_horizon = models.DecimalField(max_digits=14, decimal_places=2)
    priority = models.FloatField()
    mandatory = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "scheduled review"
        ordering: ClassVar = ["start", "key"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["scenario", "key"],
                condition=models.Q(archived_at__isnull=True),
                name="one_current_row_per_scenario_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.start_quarter}-{self.finish_quarter}"
