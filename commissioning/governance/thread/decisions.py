"""Golden-thread sections for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in (commissioning.core.thread)."""

from __future__ import annotations


def register() -> None:
    """Register this area's sections on other apps' pages."""
