"""The finance app's admin pages, one block per area."""

# Virements (finance-virements)
from commissioning.finance import admin_virements  # noqa: F401
