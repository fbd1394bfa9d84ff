"""The governance app's actions, one module per area: bodies, decisions, involvement."""
