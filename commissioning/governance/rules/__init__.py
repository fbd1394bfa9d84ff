"""The governance app's permissions (django-rules), one module per area; importing this registers them all.

Issue 10 added recommendations and responses, and the contract monitoring protocol."""

from commissioning.governance.rules import bodies, decisions, involvement, protocol, recommendations  # noqa: F401
