"""Pooled budgets' bridge to the engine: the risk-share arithmetic (engine.finance.pools) and financial years and
their quarters (a date's year label is calculations.year_label)."""

from engine.finance import pools
from engine.finance.years import FinancialYear, Quarter, parse_financial_year, quarter_of

__all__ = ["FinancialYear", "Quarter", "parse_financial_year", "pools", "quarter_of"]
