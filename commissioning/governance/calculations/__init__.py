"""The governance app's bridge to engine/ (one module per area: bodies, decisions, involvement): the only modules of
this app that import the engine, turning records into the engine's frozen dataclasses and back."""
