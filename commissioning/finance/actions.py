"""Writes for finance records, one module per area, exported here (the app's interface for other apps)."""

# Spend (finance-spend)
from commissioning.finance.actions_spend import (
    SpendOutcome,
    SpendProgress,
    outcome_summary,
    spend_area_map,
    spend_import_file,
    spend_supplier_map,
)

__all__ = [
    # Spend (finance-spend)
    "SpendOutcome",
    "SpendProgress",
    "outcome_summary",
    "spend_area_map",
    "spend_import_file",
    "spend_supplier_map",
]
