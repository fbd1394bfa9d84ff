"""Procurement: from an adopted option to a contract, with the OCDS stages, the lots, the evaluation (criteria, bids,
scores) and the award; and grants to voluntary and community organisations as their own kind of award.

A procurement starts from the published decision that adopted a business case's option (governance's, a string key:
a sibling in the DELIVER tier). Its stage (planning, tender, award, contract, implementation) follows from its
records (``engine.contracts.evaluation.stage_reached``). Its award needs a published decision too, and makes the
register's ``Contract`` (kind ``contract``, or ``in_house`` when the council's own bid wins) through the register's
own action; a grant award makes a ``Contract`` of kind ``grant`` the same way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Organisation
from commissioning.contracts.models.register import Contract, Procedure
from commissioning.core.models import DomainModel
from commissioning.services.models import Directorate

procurement_reference_format = RegexValidator(
    r"^PRO-\d{4}-\d{3,5}$", "Enter a reference like PRO-2026-004: PRO, a hyphen, the year, a hyphen, digits"
)
grant_reference_format = RegexValidator(
    r"^GRA-\d{4}-\d{3,5}$", "Enter a reference like GRA-2026-004: GRA, a hyphen, the year, a hyphen, digits"
)

MAX_SCORE = 10  # the engine's (engine.contracts.evaluation.MAX_SCORE); a test checks they agree


class CriterionKind(models.TextChoices):
    QUALITY = "quality", "Quality"
    PRICE = "price", "Price"
    SOCIAL_VALUE = "social_value", "Social value"


class Procurement(DomainModel):
    reference = models.CharField(max_length=20, unique=True, validators=[procurement_reference_format])
    ocid = models.CharField(
        "OCDS ocid", max_length=100, unique=True, help_text="The Open Contracting ID: ocds-<prefix>-<reference>."
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="procurements")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_procurements", verbose_name="lead officer"
    )
    # What it carries out: the decision that adopted a business case's option (string keys, never imports).
    adopting_decision = models.ForeignKey(
        "governance.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procurements_started",
        help_text="The published decision that adopted the option this procurement carries out.",
    )
    business_case = models.ForeignKey(
        "appraisals.BusinessCase", null=True, blank=True, on_delete=models.PROTECT, related_name="procurements"
    )
    option = models.ForeignKey(
        "appraisals.Option", null=True, blank=True, on_delete=models.PROTECT, related_name="procurements"
    )
    procedure = models.CharField(max_length=24, choices=Procedure.choices)
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    in_house_bid_allowed = models.BooleanField(
        "the council's own service may bid", default=False, help_text="Scored on the same criteria as every bid."
    )
    # Key dates.
    tender_start = models.DateField("tender opens", null=True, blank=True)
    tender_end = models.DateField("tender closes", null=True, blank=True)
    award_date = models.DateField("planned award", null=True, blank=True)
    contract_start = models.DateField("contract starts", null=True, blank=True)
    contract_end = models.DateField("contract ends", null=True, blank=True)
    # The award.
    award_decision = models.ForeignKey(
        "governance.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="procurement_awards"
    )
    winner = models.ForeignKey(
        "contracts.Bid", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    award_reason = models.TextField(
        "reason for the award",
        blank=True,
        editable=False,
        help_text="Why the contract went to a bid other than the one ranked first alone (empty when it did not).",
    )
    contract = models.OneToOneField(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="procurement", editable=False
    )
    published = models.BooleanField(default=False, help_text="Published procurements and their OCDS data are public.")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-reference"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    @property
    def is_awarded(self) -> bool:
        return self.contract_id is not None


class Lot(DomainModel):
    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    estimated_value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["procurement", "number"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["procurement", "number"], name="unique_lot_number")]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"


class EvaluationCriterion(DomainModel):
    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=CriterionKind.choices)
    weight = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["procurement", "position"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class Bid(DomainModel):
    """A bid: from a provider organisation, or the council's own service (``in_house``, no organisation)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="bids")
    bidder = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="bids")
    in_house = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["procurement", "in_house", "bidder__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["procurement", "bidder"], condition=models.Q(in_house=False), name="one_bid_per_bidder"
            ),
            models.UniqueConstraint(fields=["procurement"], condition=models.Q(in_house=True), name="one_in_house_bid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return "In-house bid (the council's own service)" if self.in_house else str(self.bidder)


class Score(DomainModel):
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(MAX_SCORE)])

    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["bid", "criterion"], name="one_score_per_criterion")]


class GrantAward(DomainModel):
    """A grant to a voluntary or community organisation: its own kind of award, making the register's grant."""

    reference = models.CharField(max_length=20, unique=True, validators=[grant_reference_format])
    title = models.CharField(max_length=300)
    purpose = models.TextField()
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    start_date = models.DateField("grant period starts")
    end_date = models.DateField("grant period ends")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grant_awards")
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="grant_awards")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_grants", verbose_name="grant manager"
    )
    decision = models.ForeignKey("governance.Decision", on_delete=models.PROTECT, related_name="grant_awards")
    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="grant_award", editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-reference"]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"
