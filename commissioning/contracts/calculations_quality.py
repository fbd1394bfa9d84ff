"""The bridge between quality triangulation's records and engine/contracts/triangulation.py (the only module of this
part that imports the engine): the engine's names, re-exported for the selectors, views and demo."""

from __future__ import annotations

from engine.contracts import triangulation
from engine.ingest.inspections import InspectionRow  # the checked rows of an inspection ratings file

__all__ = ["InspectionRow", "triangulation"]
