"""The governance app's permissions (django-rules), one module per area; importing this registers them all."""

from commissioning.governance.rules import bodies, decisions, involvement, scrutiny  # noqa: F401
