"""The residents app's records, one module per area (complaints, places...), all exported here."""

__all__: list[str] = []
