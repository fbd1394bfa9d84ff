"""Demo records for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in."""

from __future__ import annotations

from commissioning.core.demo import SeedContext


def seed(ctx: SeedContext) -> None:
    """Add this area's demo records."""
