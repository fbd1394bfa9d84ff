"""Golden-thread sections for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review (commissioning.core.thread)."""

from __future__ import annotations


def register() -> None:
    """Register this area's sections on other apps' pages."""
