"""``manage.py seed_spend``: a year of published spend for the demo council, imported as a finance officer would.

A separate command from ``seed_demo`` (which ``make demo`` runs first and waits for): the metropolitan council's
year is about 1,000,000 rows, which take tens of seconds to generate and import, so ``make demo`` starts this one in
the background once the council is seeded (ADR 0025). The rows come from ``engine.ingest.spend_sample``: the demo's
services as expense areas (matched to them by name), its providers as suppliers (matched by name) and some
suppliers it does not know (left for a finance officer to map), with title lines, six date forms, "£" signs,
brackets, stray spaces, redacted names, a blank row and a total row. Importing it again adds nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.accounts.models import Organisation
from commissioning.finance import demo_spendlinks
from commissioning.finance.actions_spend import outcome_summary, spend_import_file
from commissioning.finance.calculations_spend import spend_csv
from commissioning.finance.models import SpendImportSource
from commissioning.services.models import Service

ROWS = {"district": 20_000, "metropolitan": 1_000_000}
UNKNOWN_SUPPLIERS = [f"Local Supplier {number} Ltd" for number in range(1, 41)]


class Command(BaseCommand):
    help = "Import a year of made-up published spend for the demo council (metropolitan: about 1,000,000 rows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(ROWS), default="district")
        parser.add_argument("--rows", type=int, default=None, help="Rows to make (default: by scale).")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = options["rows"] or ROWS[options["scale"]]
        # The services seed_demo gave calibrated spend on a savings line (demo_spendlinks) are left out, so the
        # random payments here do not swamp what those lines' spend evidence shows.
        calibrated = Service.objects.filter(spend_transactions__spend_import__filename=demo_spendlinks.FILENAME)
        areas = list(Service.objects.exclude(pk__in=calibrated).order_by("reference").values_list("name", flat=True))
        providers = list(
            Organisation.objects.filter(is_home=False)
            .exclude(kind="council")
            .order_by("name")
            .values_list("name", flat=True)
        )
        if not areas:
            raise CommandError("Seed the demo council first: manage.py seed_demo")
        home = Organisation.objects.filter(is_home=True).values_list("name", flat=True).first() or "Demo Council"
        data = spend_csv(rows=rows, suppliers=providers + UNKNOWN_SUPPLIERS, areas=areas, body=home)
        outcome = spend_import_file(
            data=data, filename=f"spend-{options['scale']}-2026-27.csv", by=None, source=SpendImportSource.DEMO
        )
        self.stdout.write(json.dumps(outcome_summary([outcome])))
        if outcome.status != "imported":
            raise CommandError(outcome.error)
