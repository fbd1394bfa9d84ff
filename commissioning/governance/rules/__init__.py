"""The governance app's permissions (django-rules), one module per area; importing this registers them all.

Issue 10 added scrutiny's work programme and dashboard, committee reports, recommendations and responses, and the contract monitoring protocol."""

from commissioning.governance.rules import (  # noqa: F401
    bodies,
    decisions,
    involvement,
    protocol,
    recommendations,
    reports,
    scrutiny,
)
