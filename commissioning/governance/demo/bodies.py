"""Demo records for bodies, membership and political balance, meetings, agendas, attendance and minutes."""

from __future__ import annotations

from commissioning.core.demo import SeedContext


def seed(ctx: SeedContext) -> None:
    """Add this area's demo records."""
