"""The finance app's records, one module per area (budgets, savings, virements, spend...), all exported here."""

from commissioning.finance.models.budgets import BudgetLine

# Virements (finance-virements)
from commissioning.finance.models.virements import (
    Approver,
    Permanence,
    Virement,
    VirementBand,
    VirementSettings,
    VirementStatus,
)

__all__ = ["Approver", "BudgetLine", "Permanence", "Virement", "VirementBand", "VirementSettings", "VirementStatus"]
