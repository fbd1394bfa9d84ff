"""Unit cost of a service: what one unit of demand (a visit, a household, a case) costs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def unit_cost(*, gross_budget: Decimal, annual_demand: int) -> Decimal | None:
    """Gross budget divided by annual demand, to the penny; None when there is no demand to divide by."""
    if annual_demand <= 0:
        return None
    return (Decimal(gross_budget) / Decimal(annual_demand)).quantize(PENNY, rounding=ROUND_HALF_UP)
