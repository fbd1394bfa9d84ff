"""The governance app's demo records: bodies and meetings first, then decisions on them, then involvement and gates,
scrutiny, and a committee report drafted from a review's records."""

from __future__ import annotations

from commissioning.core.demo import SeedContext
from commissioning.governance.demo import (
    bodies,
    decisions,
    involvement,
    programme,
    recommendations,
    reports,
    scrutiny,
)


def seed(ctx: SeedContext) -> None:
    bodies.seed(ctx)
    decisions.seed(ctx)
    programme.seed(ctx)
    involvement.seed(ctx)
    recommendations.seed(ctx)
    scrutiny.seed(ctx)
    reports.seed(ctx)
