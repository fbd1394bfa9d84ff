"""The finance app's records, one module per area (budgets, savings, virements, spend...), all exported here."""

from commissioning.finance.models.budgets import BudgetLine

# Spend (finance-spend)
from commissioning.finance.models.spend import (
    ExpenseAreaMapping,
    MatchedBy,
    SpendImport,
    SpendImportSource,
    SpendTransaction,
    SupplierMapping,
)

__all__ = [
    "BudgetLine",
    # Spend (finance-spend)
    "ExpenseAreaMapping",
    "MatchedBy",
    "SpendImport",
    "SpendImportSource",
    "SpendTransaction",
    "SupplierMapping",
]
