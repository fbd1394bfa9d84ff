"""The medium-term financial strategy: what the council expects to have (funding) and to need (spending) each year."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.finance.models.budgets import MONEY


class MtfsYear(DomainModel):
    """One financial year of the MTFS ("2027/28"): funding and spending; the gap is spending less funding."""

    financial_year = models.CharField("Financial year", max_length=7, unique=True)
    funding = models.DecimalField("Funding", **MONEY)
    spending = models.DecimalField("Spending need", **MONEY)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "MTFS year"
        ordering: ClassVar = ["financial_year"]

    def __str__(self) -> str:
        return f"MTFS {self.financial_year}"
