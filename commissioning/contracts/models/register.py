"""The contract register: contracts, grants and in-house service plans as one kind of record (ADR 0028).

An in-house delivery plan is a ``Contract`` of kind ``in_house``: what follows a contract (KPIs, returns, quality
triangulation, assessments) attaches to the one model, so in-house and external delivery are compared on equal
terms. The Transparency Code's contract fields are columns here; the public register shows those and no more.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Organisation
from commissioning.core.models import DomainModel
from commissioning.services.models import Directorate, Service

reference_format = RegexValidator(
    r"^[A-Z]{2,5}-\d{4}-\d{3,5}$", "Enter a reference like CON-2026-014: letters, a hyphen, the year, a hyphen, digits"
)
# A CPV (Common Procurement Vocabulary) code: eight digits, a hyphen and a check digit, like 85311000-2.
CPV_PATTERN = r"\d{8}-\d"


class ContractKind(models.TextChoices):
    CONTRACT = "contract", "Contract with an external supplier"
    GRANT = "grant", "Grant to a voluntary or community organisation"
    IN_HOUSE = "in_house", "In-house service plan"


# Kinds with a supplier outside the council, shown on the public register (the Transparency Code's contracts).
EXTERNAL_KINDS = frozenset({ContractKind.CONTRACT, ContractKind.GRANT})


class Procedure(models.TextChoices):
    """How the contract was let (Procurement Act 2023), each with a documented lead time (engine.contracts.expiry)."""

    OPEN = "open", "Open procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
    FRAMEWORK_CALL_OFF = "framework_call_off", "Call-off from a framework"
    DIRECT_AWARD = "direct_award", "Direct award"
    BELOW_THRESHOLD_QUOTE = "below_threshold_quote", "Below-threshold quotes"
    GRANT = "grant", "Grant round"
    IN_HOUSE = "in_house", "In-house plan (no procurement)"


# The Transparency Code's "whether or not the contract was the result of an invitation to quote or a published
# invitation to tender": quotes are the below-threshold procedure; every other external procedure published one.
QUOTE_PROCEDURES = frozenset({Procedure.BELOW_THRESHOLD_QUOTE, Procedure.DIRECT_AWARD})


class Contract(DomainModel):
    kind = models.CharField(max_length=10, choices=ContractKind.choices, default=ContractKind.CONTRACT)
    reference = models.CharField(max_length=20, unique=True, validators=[reference_format])
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="contracts")
    provider = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name="supplier",
        help_text="The supplier or grant recipient; none for an in-house plan.",
    )
    procedure = models.CharField(max_length=24, choices=Procedure.choices)
    cpv_codes = models.CharField(
        "CPV codes",
        max_length=200,
        blank=True,
        help_text="Common Procurement Vocabulary codes, separated by commas, like 85311000-2.",
    )
    total_value = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    annual_value = models.DecimalField(
        "estimated annual value", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    irrecoverable_vat = models.DecimalField(
        "irrecoverable VAT",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    start_date = models.DateField()
    end_date = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField("extension options", default=0)
    extension_months = models.PositiveSmallIntegerField("months in each extension", default=0)
    notice_period_months = models.PositiveSmallIntegerField("notice period (months)", default=3)
    services = models.ManyToManyField(Service, related_name="contracts", blank=True)
    decision = models.ForeignKey(
        "governance.Decision",  # a sibling in the DELIVER tier: a string key, never an import
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        help_text="The decision that awarded the contract or approved the plan.",
    )
    contract_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_contracts"
    )
    published = models.BooleanField(default=False, help_text="Published contracts are on the public register.")
    provider_handles_complaints = models.BooleanField(
        "provider answers complaints",
        default=True,
        help_text="For a contract or grant: the provider answers residents' complaints at stage 1 (else the council).",
    )

    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        ordering: ClassVar = ["reference"]
        indexes: ClassVar = [
            models.Index(fields=["end_date"]),
            models.Index(fields=["published", "archived_at"]),
            models.Index(fields=["provider", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    @property
    def is_external(self) -> bool:
        return self.kind in EXTERNAL_KINDS

    @property
    def route_to_market(self) -> str:
        """Quote or published tender (the Transparency Code's field); in-house plans have none."""
        if not self.is_external:
            return "None: delivered in-house"
        return "Invitation to quote" if self.procedure in QUOTE_PROCEDURES else "Published invitation to tender"

    @property
    def cpv_list(self) -> list[str]:
        return [code.strip() for code in self.cpv_codes.split(",") if code.strip()]
