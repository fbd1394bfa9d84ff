"""The finance app's records, one module per area (budgets, savings, virements, spend...), all exported here."""

from commissioning.finance.models.budgets import BudgetLine

__all__ = ["BudgetLine"]
