"""The finance app's permissions (django-rules), one module per area; importing this registers them all."""

from commissioning.finance import rules_savings  # noqa: F401  (budgets, the MTFS and savings: finance-savings)
