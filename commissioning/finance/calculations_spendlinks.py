"""Spend's links to savings, unit costs and contracts: the bridge to engine.finance.spend_savings (the saving realised
read from spend, a contract's payments against its annual value), financial years and unit costs."""

from engine.finance import spend_savings
from engine.finance.unit_cost import unit_cost
from engine.finance.years import FinancialYear, financial_year_of, parse_financial_year

__all__ = ["FinancialYear", "financial_year_of", "parse_financial_year", "spend_savings", "unit_cost"]
