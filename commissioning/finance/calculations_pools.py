"""Pooled budgets' bridge to the engine: the risk-share arithmetic (engine.finance.pools) and financial years."""

from engine.finance import pools
from engine.finance.years import FinancialYear, financial_year_of

__all__ = ["FinancialYear", "financial_year_of", "pools"]
