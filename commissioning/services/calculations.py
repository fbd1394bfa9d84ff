"""The bridge between the service catalogue and engine/: the one module in this app that calls the engine."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from engine.finance.unit_cost import unit_cost
from engine.finance.years import financial_year_of, parse_financial_year


def service_unit_cost(*, gross_budget: Decimal, annual_demand: int) -> Decimal | None:
    return unit_cost(gross_budget=gross_budget, annual_demand=annual_demand)


def current_financial_year() -> str:
    """The financial year today falls in, like "2026/27"."""
    return financial_year_of(timezone.localdate()).label


def financial_year_problem(label: str) -> str | None:
    """What is wrong with a financial year label, or None when it is fine."""
    try:
        parse_financial_year(label)
    except ValueError as exc:
        return str(exc)
    return None
