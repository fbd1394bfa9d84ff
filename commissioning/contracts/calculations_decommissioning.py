"""The bridge between decommissioning and engine/ (whether the notice given to a provider is long enough)."""

from __future__ import annotations

from engine.contracts.decommissioning import Notice, notice

__all__ = ["Notice", "notice"]
