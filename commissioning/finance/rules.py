"""The finance app's permissions (django-rules), one module per area; importing this registers them all."""

from commissioning.finance import (  # noqa: F401  (each module registers its rules)
    rules_pools,  # pooled budgets (finance-pools)
    rules_savings,  # budgets, the MTFS and savings
    rules_spend,
    rules_virements,
)
