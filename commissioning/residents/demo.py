"""Demo data for the residents app: each part adds its seeding function and calls it from ``seed`` here."""

from __future__ import annotations

from commissioning.core.demo import SeedContext


def seed(ctx: SeedContext) -> None:
    """Nothing yet: complaints and places are seeded by their parts."""
