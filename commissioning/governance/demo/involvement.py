"""Demo records for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review."""

from __future__ import annotations

from commissioning.core.demo import SeedContext


def seed(ctx: SeedContext) -> None:
    """Add this area's demo records."""
