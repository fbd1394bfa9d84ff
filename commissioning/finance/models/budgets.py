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


class BudgetMonitoring(DomainModel):
    """One month's budget monitoring of a budget line: the forecast outturn then, and why it varies from the revised
    budget. The latest month's forecast is the line's ``forecast_outturn``."""

    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="monitoring")
    month = models.DateField(help_text="The first day of the month monitored.")
    forecast_outturn = models.DecimalField("Forecast outturn", **MONEY)
    revised = models.DecimalField("Revised budget at the time", **MONEY)
    reason = models.TextField("Reason for the variance", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "budget monitoring month"
        ordering: ClassVar = ["budget_line", "month"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["budget_line", "month"], name="finance_one_monitoring_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_line} {self.month:%B %Y}"

    @property
    def variance(self) -> object:
        return self.forecast_outturn - self.revised
