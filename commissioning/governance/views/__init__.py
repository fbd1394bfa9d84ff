"""The governance app's views, one module per area: bodies, decisions, involvement."""
