"""Demo data for the residents app: each part adds its seeding function and calls it from ``seed`` here."""

from __future__ import annotations

from commissioning.core.demo import SeedContext
from commissioning.residents import demo_complaints


def seed(ctx: SeedContext) -> None:
    """Complaints (demo_complaints); places are seeded by their part."""
    demo_complaints.seed(ctx)
