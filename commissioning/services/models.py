"""The service catalogue: every service the council provides or commissions."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissioning.accounts.models import Organisation, Ward
from commissioning.core.models import DomainModel
from commissioning.core.search import Searchable
from commissioning.services.calculations import service_unit_cost

reference_format = RegexValidator(
    r"^[A-Z]{2,5}-\d{3,5}$", "Enter a reference like ADL-012: letters, a hyphen, then digits."
)


class Directorate(DomainModel):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=5, unique=True, help_text="Short letters used in service references, like ADL.")
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="directorates"
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class DeliveryModel(models.TextChoices):
    IN_HOUSE = "in_house", "In-house"
    SHARED = "shared", "Shared service"
    PRIVATE = "private", "Outsourced to a private provider"
    VCS = "vcs", "Voluntary or community sector"
    MUTUAL = "mutual", "Mutual or social enterprise"
    POOLED = "pooled", "Pooled with a partner"


# Delivery models in which someone other than the council delivers, so the service names who.
EXTERNAL_DELIVERY = frozenset(
    {DeliveryModel.SHARED, DeliveryModel.PRIVATE, DeliveryModel.VCS, DeliveryModel.MUTUAL, DeliveryModel.POOLED}
)


class ReviewStatus(models.TextChoices):
    NOT_SCHEDULED = "not_scheduled", "Not scheduled"
    SCHEDULED = "scheduled", "Scheduled for review"
    IN_REVIEW = "in_review", "Under review"
    DECIDED = "decided", "Decision made"
    IMPLEMENTING = "implementing", "Implementing"
    MONITORING = "monitoring", "Monitoring"


class Service(Searchable, DomainModel):
    reference = models.CharField(max_length=12, unique=True, validators=[reference_format])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="services")
    accountable_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="accountable_services"
    )
    is_statutory = models.BooleanField("Statutory", default=False)
    statutory_basis = models.CharField(
        "Statute",
        max_length=300,
        blank=True,
        help_text="The Act and section that require the service, like Care Act 2014, s.18.",
    )
    delivery_model = models.CharField(max_length=20, choices=DeliveryModel.choices, default=DeliveryModel.IN_HOUSE)
    provider = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services_delivered",
        help_text="Who delivers the service when the council does not deliver it itself.",
    )
    budget_year = models.CharField("Financial year", max_length=7)
    gross_budget = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    net_budget = models.DecimalField(max_digits=14, decimal_places=2)
    staff_fte = models.DecimalField(
        "Staff (FTE)", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    annual_demand = models.PositiveIntegerField(help_text="How many units the service delivers in a year.")
    demand_unit = models.CharField(max_length=100, help_text="What one unit is, like 'households' or 'visits'.")
    wards = models.ManyToManyField(Ward, related_name="services", blank=True)
    review_status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NOT_SCHEDULED)
    next_review_due = models.DateField(null=True, blank=True)
    published = models.BooleanField(default=False, help_text="Published services are visible to the public.")

    search_key = models.TextField(blank=True, default="", editable=False)
    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "search_text": ("name", "reference", "description"),
        "search_key": ("name", "reference"),
    }

    history = HistoricalRecords(m2m_fields=[wards], excluded_fields=[*search_columns])

    class Meta:
        ordering: ClassVar = ["name"]
        indexes: ClassVar = [
            models.Index(fields=["directorate", "name"]),
            models.Index(fields=["published", "archived_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    @property
    def review_overdue(self) -> bool:
        """The next review date has passed (a current service only): flagged "Overdue"."""
        return not self.is_archived and self.next_review_due is not None and self.next_review_due < timezone.localdate()

    @property
    def unit_cost(self) -> Decimal | None:
        return service_unit_cost(gross_budget=self.gross_budget, annual_demand=self.annual_demand)

    @property
    def income(self) -> Decimal:
        return self.gross_budget - self.net_budget
