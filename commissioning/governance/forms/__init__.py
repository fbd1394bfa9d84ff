"""The governance app's forms, one module per area: bodies, decisions, involvement."""
