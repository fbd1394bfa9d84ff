"""Reads for finance records, one module per area, exported here (the app's interface for other apps)."""

# Spend (finance-spend)
from commissioning.finance.selectors_spend import SpendFilters, spend_list, unmatched_areas, unmatched_suppliers

__all__ = [
    # Spend (finance-spend)
    "SpendFilters",
    "spend_list",
    "unmatched_areas",
    "unmatched_suppliers",
]
