"""The demo's adopted programme of reviews (ADR 0023): Cabinet adopts the reviews' seeder's first scenario
(``ctx.made["scenarios"]``) by a recorded decision, a week before the demo's today; the reviews and the forward plan
follow as they do for any adoption."""

from __future__ import annotations

import datetime as dt

from commissioning.core.demo import SeedContext
from commissioning.governance.actions.programme import AdoptionDetails, programme_adoption_record
from commissioning.governance.models import Decision

REASONS = (
    "The programme fits the commissioning officers' capacity, finishes the reviews under way first and is worth more "
    "than the plain ranking of the same reviews."
)


def seed(ctx: SeedContext) -> None:
    scenarios = ctx.made.get("scenarios") or []
    if not scenarios or Decision.objects.filter(scenario__isnull=False).exists():
        return
    scenario = scenarios[0]
    if scenario.status != "solved" or scenario.objective is None:
        return
    programme_adoption_record(
        scenario=scenario,
        details=AdoptionDetails(
            body=ctx.made["bodies"]["cabinet"], decided_on=ctx.today - dt.timedelta(days=7), reasons=REASONS
        ),
        by=ctx.made["users"]["cabinet"],
        today=ctx.today - dt.timedelta(days=6),
    )
    ctx.counts["adopted programmes"] = 1
