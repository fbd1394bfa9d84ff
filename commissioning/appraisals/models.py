"""Options appraisal and business cases: the Plan stage of the commissioning cycle.

Each commissioning review has at most one Appraisal: its shortlist of Options (business as usual always, a
do-minimum before the case can go to a board, and the real alternatives), each with its CostBenefitLines by
financial year, its optimism bias and its CriterionScores. SimulationRuns hold Monte Carlo results. A BusinessCase
is the versioned document a board receives: once submitted, its ``snapshot`` holds every input and result, so the
submitted version never changes when the appraisal is edited later; a change is a new version with a reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Organisation
from commissioning.appraisals import calculations_equality as eia
from commissioning.appraisals.calculations import DEFAULT_HORIZON_YEARS, MAX_HORIZON_YEARS, bias_category_choices
from commissioning.core.models import DomainModel


class DiscountSchedule(models.TextChoices):
    GREEN_BOOK = "green_book", "HM Treasury Green Book social time preference rate (3.5% a year to year 30)"


class Criterion(models.TextChoices):
    """The non-financial criteria every option is scored against (weights are set per appraisal)."""

    QUALITY = "quality", "Quality and outcomes"
    SOCIAL_VALUE = "social_value", "Social value"
    DELIVERABILITY = "deliverability", "Deliverability"
    RISK = "risk", "Risk"
    EQUALITY = "equality", "Equality impact"
    STRATEGIC_FIT = "strategic_fit", "Strategic fit"


CRITERION_HINTS = {
    Criterion.QUALITY: "How well the option would deliver the outcomes residents need, at the quality they need.",
    Criterion.SOCIAL_VALUE: "Local jobs, skills, spend with local and voluntary organisations, environmental gains.",
    Criterion.DELIVERABILITY: "Whether the council and its partners can put it in place on time: skills, market, law.",
    Criterion.RISK: "The risk the option carries. A higher score means less risk.",
    Criterion.EQUALITY: "The effect on people who share protected characteristics (the equality impact assessment).",
    Criterion.STRATEGIC_FIT: "How well it fits the council's priorities and its partners' plans.",
}
# Default weights, percentage points adding up to 100 (social value at least 10%, as the Social Value Model asks).
DEFAULT_WEIGHTS = {
    Criterion.QUALITY: 30,
    Criterion.SOCIAL_VALUE: 10,
    Criterion.DELIVERABILITY: 20,
    Criterion.RISK: 15,
    Criterion.EQUALITY: 10,
    Criterion.STRATEGIC_FIT: 15,
}


def weight_field(criterion: Criterion) -> str:
    return f"weight_{criterion.value}"


class Appraisal(DomainModel):
    """The options appraisal of one commissioning review, to Green Book standard, in real prices of the base year."""

    review = models.OneToOneField(
        "reviews.CommissioningReview", on_delete=models.PROTECT, related_name="appraisal", verbose_name="review"
    )
    base_year = models.PositiveSmallIntegerField(
        "Base year",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The first calendar year of the base financial year (2026 for 2026/27): year 0 and the price base.",
    )
    horizon_years = models.PositiveSmallIntegerField(
        "Appraisal period (years)",
        default=DEFAULT_HORIZON_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON_YEARS)],
    )
    discount_schedule = models.CharField(
        max_length=20, choices=DiscountSchedule.choices, default=DiscountSchedule.GREEN_BOOK
    )
    weight_quality = models.PositiveSmallIntegerField("Weight: quality and outcomes", default=30)
    weight_social_value = models.PositiveSmallIntegerField("Weight: social value", default=10)
    weight_deliverability = models.PositiveSmallIntegerField("Weight: deliverability", default=20)
    weight_risk = models.PositiveSmallIntegerField("Weight: risk", default=15)
    weight_equality = models.PositiveSmallIntegerField("Weight: equality impact", default=10)
    weight_strategic_fit = models.PositiveSmallIntegerField("Weight: strategic fit", default=15)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return f"Options appraisal for {self.review}"

    @property
    def weights(self) -> dict[str, int]:
        return {criterion.value: getattr(self, weight_field(criterion)) for criterion in Criterion}


class OptionKind(models.TextChoices):
    BAU = "bau", "Business as usual"
    DO_MINIMUM = "do_minimum", "Do minimum"
    OPTION = "option", "Option"


KIND_ORDER = {OptionKind.BAU: 0, OptionKind.DO_MINIMUM: 1, OptionKind.OPTION: 2}


class OptionDeliveryModel(models.TextChoices):
    IN_HOUSE_REDESIGN = "in_house_redesign", "In-house, redesigned"
    SHARED = "shared", "Shared service with a partner"
    VCS = "vcs", "Voluntary or community sector"
    PRIVATE = "private", "Private provider"
    MUTUAL = "mutual", "Mutual or social enterprise"
    DECOMMISSION = "decommission", "Decommission"


OPTION_NAME_CONSTRAINT = "one_current_option_name_per_appraisal"


class Option(DomainModel):
    """One option on the shortlist. Business as usual cannot be removed; the others are archived, never deleted."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="options")
    kind = models.CharField(max_length=12, choices=OptionKind.choices, default=OptionKind.OPTION)
    name = models.CharField(max_length=200)
    delivery_model = models.CharField(max_length=20, choices=OptionDeliveryModel.choices, blank=True)
    partner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisal_options",
        help_text="The partner or provider, where one is named (a shared service always names its partner).",
    )
    description = models.TextField(blank=True)
    optimism_bias_category = models.CharField(
        "Optimism bias category", max_length=40, choices=bias_category_choices(), blank=True
    )
    optimism_bias_mitigation = models.DecimalField(
        "Optimism bias reduction for mitigated risks",
        max_digits=5,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="The fraction (0 to 1) of the category's upper bound that the evidence removes.",
    )
    optimism_bias_reason = models.TextField("Evidence for the reduction", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["appraisal", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["appraisal", "kind"],
                condition=Q(kind__in=["bau", "do_minimum"], archived_at__isnull=True),
                name="one_current_bau_and_do_minimum_per_appraisal",
            ),
            # The shortlist's names are unique whatever their case (selectors.option_name_in_use): the action checks
            # first, and two saved at the same moment meet here (actions.OPTION_NAME_TAKEN on the name, not a 500).
            models.UniqueConstraint(
                "appraisal",
                Lower("name"),
                condition=Q(archived_at__isnull=True),
                name=OPTION_NAME_CONSTRAINT,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_bau(self) -> bool:
        return self.kind == OptionKind.BAU


class LineKind(models.TextChoices):
    RECURRING_COST = "recurring_cost", "Recurring cost"
    TRANSITION_COST = "transition_cost", "One-off transition cost"
    CASHABLE_BENEFIT = "cashable_benefit", "Cashable benefit"
    NON_CASHABLE_BENEFIT = "non_cashable_benefit", "Non-cashable benefit"
    INCOME = "income", "Income"


COST_KINDS = frozenset({LineKind.RECURRING_COST, LineKind.TRANSITION_COST})


class TransitionCategory(models.TextChoices):
    REDUNDANCY = "redundancy", "Redundancy"
    PROCUREMENT = "procurement", "Procurement"
    ICT = "ict", "ICT"
    DOUBLE_RUNNING = "double_running", "Double running"
    OTHER = "other", "Other transition cost"


class Distribution(models.TextChoices):
    TRIANGULAR = "triangular", "Triangular"
    PERT = "pert", "PERT"


class CostBenefitLine(DomainModel):
    """One line of an option: real pounds (prices of the base year) for each financial year from the base year.

    ``amounts`` is a JSON list of decimal strings, year 0 first ("125000.00"); a list shorter than the appraisal
    period is £0 in the later years. A line is entered, imported, exported, snapshotted and audited as one row of
    the grid, so it is stored as one record: one history entry per change shows the whole profile before and after.

    The optional range (lowest, most likely, highest) is in percent of the amounts as entered (90, 100, 130), for
    the Monte Carlo simulation.
    """

    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(max_length=24, choices=LineKind.choices)
    transition_category = models.CharField(max_length=20, choices=TransitionCategory.choices, blank=True)
    label = models.CharField(max_length=200)
    amounts = models.JSONField("Amounts by year", default=list)
    range_low = models.DecimalField("Range: lowest (%)", max_digits=7, decimal_places=2, null=True, blank=True)
    range_likely = models.DecimalField("Range: most likely (%)", max_digits=7, decimal_places=2, null=True, blank=True)
    range_high = models.DecimalField("Range: highest (%)", max_digits=7, decimal_places=2, null=True, blank=True)
    distribution = models.CharField(max_length=12, choices=Distribution.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cost or benefit line"
        ordering: ClassVar = ["option", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_cost(self) -> bool:
        return self.kind in COST_KINDS

    @property
    def has_range(self) -> bool:
        return self.range_low is not None


class CriterionScore(DomainModel):
    """An option's score (0 to 5) against one criterion, with the written justification."""

    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="scores")
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(5)])
    justification = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["option", "criterion"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["option", "criterion"], name="one_score_per_option_and_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.get_criterion_display()} {self.score}"


class SimulationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class SimulationRun(DomainModel):
    """A Monte Carlo run over the appraisal's current lines, done by a background task.

    ``inputs_hash`` fingerprints the inputs the run used, so a page can say when the lines have changed since.
    ``results`` holds, per option (by id), P10/P50/P90 and mean NPSV, the probability of beating business as usual
    and the tornado bars (by line id), as decimal strings.
    """

    appraisal = models.ForeignKey(Appraisal, on_delete=models.PROTECT, related_name="simulation_runs")
    seed = models.PositiveIntegerField()
    draws = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=SimulationStatus.choices, default=SimulationStatus.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    inputs_hash = models.CharField(max_length=64, blank=True)
    results = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-pk"]

    def __str__(self) -> str:
        return f"Simulation {self.pk} of {self.appraisal}"


class BusinessCaseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class BusinessCase(DomainModel):
    """One version of a review's business case. Drafts follow the appraisal; a submitted version is frozen: its
    ``snapshot`` holds every input, result and chart, and ``pdf`` the document as the board received it."""

    review = models.ForeignKey("reviews.CommissioningReview", on_delete=models.PROTECT, related_name="business_cases")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=BusinessCaseStatus.choices, default=BusinessCaseStatus.DRAFT)
    recommended_option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.PROTECT, related_name="recommended_in"
    )
    reasons = models.TextField("Reasons for the recommendation", blank=True)
    risks = models.TextField(blank=True)
    assumptions = models.TextField(blank=True)
    sensitivities = models.TextField(blank=True)
    board = models.CharField("Submitted to", max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    change_reason = models.TextField("Why this version was made", blank=True)
    # The PDF as the board received it, made when the version was submitted (the document itself is frozen too,
    # not only its figures). The snapshot and the PDF are written once, at submission, and never change, so the
    # history leaves them out rather than copy them into every entry (and into the History tab's diff).
    pdf = models.BinaryField("PDF as submitted", null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["snapshot", "pdf"])

    class Meta:
        verbose_name = "business case"
        ordering: ClassVar = ["review", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["review", "version"], name="one_business_case_per_review_and_version"),
            models.UniqueConstraint(
                fields=["review"], condition=Q(status="draft"), name="one_draft_business_case_per_review"
            ),
        ]

    def __str__(self) -> str:
        return f"Business case for {self.review}, version {self.version}"

    @property
    def is_submitted(self) -> bool:
        return self.status == BusinessCaseStatus.SUBMITTED


# Equality impact assessments (ADR 0036) ----------------------------------------------------------------------------


class EiaImpact(models.TextChoices):
    POSITIVE = eia.POSITIVE, "Positive"
    NEUTRAL = eia.NEUTRAL, "Neutral"
    NEGATIVE = eia.NEGATIVE, "Negative"


class EiaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"


EIA_ONE_PER_OPTION = "one_current_eia_per_option"
EIA_ONE_PER_REVIEW = "one_current_eia_per_review"


def _eia_characteristic_fields() -> dict[str, models.Field[Any, Any]]:
    """Four fields for each characteristic, ``<key>_impact``, ``_evidence``, ``_mitigation`` and ``_justification``:
    one record, so that its History tab shows each change by name."""
    fields: dict[str, models.Field[Any, Any]] = {}
    for key, label in eia.CHARACTERISTICS:
        fields[f"{key}_impact"] = models.CharField(
            f"{label}: impact", max_length=10, choices=EiaImpact.choices, blank=True
        )
        fields[f"{key}_evidence"] = models.TextField(f"{label}: evidence", blank=True)
        fields[f"{key}_mitigation"] = models.TextField(f"{label}: mitigation", blank=True)
        fields[f"{key}_justification"] = models.TextField(f"{label}: justification", blank=True)
    return fields


class EqualityImpactAssessment(DomainModel):
    """The equality impact assessment of a review, of one option of its appraisal, or of a decommissioning.

    An option's assessment names its review too (the review's visibility is the assessment's). A decommissioning's
    names neither: the contracts app holds the key to it (``Decommissioning.eia``). Drafts are the council's; a
    signed-off assessment of a published review (not of an option) is public. Signed off means final.
    """

    review = models.ForeignKey(
        "reviews.CommissioningReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="equality_assessments",
    )
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.PROTECT, related_name="equality_assessments"
    )
    title = models.CharField("What is assessed", max_length=300)
    status = models.CharField(max_length=12, choices=EiaStatus.choices, default=EiaStatus.DRAFT)
    conclusion = models.TextField(
        "Overall conclusion",
        blank=True,
        help_text="What the assessment finds overall, and what the decision maker must take into account.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    locals().update(_eia_characteristic_fields())

    history = HistoricalRecords()

    class Meta:
        verbose_name = "equality impact assessment"
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["option"],
                condition=Q(option__isnull=False, archived_at__isnull=True),
                name=EIA_ONE_PER_OPTION,
            ),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(option__isnull=True, review__isnull=False, archived_at__isnull=True),
                name=EIA_ONE_PER_REVIEW,
            ),
        ]

    def __str__(self) -> str:
        return f"Equality impact assessment: {self.title}"

    @property
    def is_signed_off(self) -> bool:
        return self.status == EiaStatus.SIGNED_OFF

    @property
    def summary(self) -> eia.Summary:
        return eia.summary_of(self)

    def rows(self) -> list[dict[str, Any]]:
        """Each characteristic's answers, in order, for the pages."""
        return [
            {
                "key": key,
                "label": label,
                "impact": getattr(self, f"{key}_impact"),
                "impact_label": dict(EiaImpact.choices).get(getattr(self, f"{key}_impact"), "Not assessed yet"),
                "evidence": getattr(self, f"{key}_evidence"),
                "mitigation": getattr(self, f"{key}_mitigation"),
                "justification": getattr(self, f"{key}_justification"),
            }
            for key, label in eia.CHARACTERISTICS
        ]
