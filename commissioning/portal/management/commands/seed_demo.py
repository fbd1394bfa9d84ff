"""manage.py seed_demo --scale district|metropolitan [--seed N]: load the invented demo council.

Idempotent: running it again creates nothing new and leaves edits alone.
"""

from __future__ import annotations

import os
import random
import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from commissioning import registry
from commissioning.core.demo import SCALES, SeedContext

DEFAULT_DEMO_PASSWORD = "commissioning-demo"  # noqa: S105 - demo settings only, printed by make demo
# Each app that adds demo records, lowest tier first, so an app's seeder runs after those of the apps it links to
# (commissioning/registry.py).
SEEDERS = registry.seeders()
NOT_ALLOWED = "Demo users are not allowed with these settings (DEMO_USERS_ALLOWED is off): never seed production."
OTHER_COUNCIL = (
    "This database already holds the demo council {name}. Seed another scale into a fresh database "
    "(for example DATABASE_URL=sqlite:///metropolitan.sqlite3)."
)


class Command(BaseCommand):
    help = "Load the invented demo council (district or metropolitan scale). Safe to run more than once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="district")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed: the same seed gives the same council.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_USERS_ALLOWED:
            raise CommandError(NOT_ALLOWED)
        scale = SCALES[options["scale"]]
        from commissioning.accounts.models import Organisation

        other = Organisation.objects.filter(is_home=True).exclude(ons_code=scale.ons_code).first()
        if other is not None:
            raise CommandError(OTHER_COUNCIL.format(name=other.name))
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        rng = random.Random(options["seed"])  # noqa: S311 - invented data, not security
        ctx = SeedContext(scale=scale, seed=options["seed"], password=password, rng=rng)
        started = time.perf_counter()
        with transaction.atomic():
            for module in SEEDERS:
                import_module(module).seed(ctx)  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - started
        created = sum(ctx.counts.values())
        self.stdout.write(
            f"Demo council {scale.council_name} ({scale.name} scale, seed {options['seed']}): "
            f"{created} records created in {elapsed:.1f}s" + ("" if created else " (already seeded: nothing to do)")
        )
