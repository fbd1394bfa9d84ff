"""Pooled budgets' bridge to the engine: the risk-share arithmetic (engine.finance.pools) and financial years (a date's year label is calculations.year_label)."""

from engine.finance import pools
from engine.finance.years import FinancialYear

__all__ = ["FinancialYear", "pools"]
