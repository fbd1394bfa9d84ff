"""Budget lines: what a service has to spend in a financial year, as set, as revised, as forecast and as spent."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class BudgetLine(DomainModel):
    """A service's budget for one financial year ("2026/27").

    ``original`` is the budget the Council set; ``revised`` follows virements and in-year changes; the forecast
    outturn is the latest monthly monitoring's expectation for the year; ``actual`` is the outturn once the
    accounts close. Variance is forecast (or actual) against revised.
    """

    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="budget_lines")
    financial_year = models.CharField("Financial year", max_length=7)
    cost_centre = models.CharField(max_length=20, blank=True)
    original = models.DecimalField("Original budget", **MONEY)
    revised = models.DecimalField("Revised budget", **MONEY)
    forecast_outturn = models.DecimalField("Forecast outturn", null=True, blank=True, **MONEY)
    actual = models.DecimalField("Actual outturn", null=True, blank=True, **MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["financial_year", "service__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["service", "financial_year"], name="finance_one_budget_line_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.financial_year}"
