"""The finance app's permissions (django-rules), one module per area; importing this registers them all."""

# Virements (finance-virements)
from commissioning.finance import rules_virements  # noqa: F401
