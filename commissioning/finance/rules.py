"""Finance permissions (django-rules, autodiscovered), one module per area."""

# Spend (finance-spend)
from commissioning.finance import rules_spend  # noqa: F401
