"""The governance app's selectors, one module per area: bodies, decisions, involvement."""
