"""``manage.py import_spend FILE...``: import councils' published spend files, printing one JSON object.

Each file is imported whole or rejected whole, in its own transaction (``finance.actions.spend_import_file``). The
JSON on stdout is the contract of issue 12: ``files``, ``rows_read``, ``rows_imported``, ``duplicates_skipped``,
``rows_rejected``, ``total_amount`` (the rows imported in this run, two decimals, credits negative) and
``per_file``. The command exits 1 if any file was rejected, 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.finance.actions_spend import FILE_NOT_READ, outcome_summary, rejected, spend_import_file


class Command(BaseCommand):
    help = "Import published spend CSV files; print a JSON summary; exit 1 if any file was rejected."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = []
        for name in options["files"]:
            try:
                data = Path(name).read_bytes()
            except OSError as error:
                outcomes.append(rejected(name, FILE_NOT_READ.format(detail=error.strerror or error)))
                continue
            outcomes.append(spend_import_file(data=data, filename=name, by=None))
            del data
        summary = outcome_summary(outcomes)
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
        if any(outcome.status != "imported" for outcome in outcomes):
            self.stdout.flush()
            raise CommandError(
                f"{summary['files'] - sum(1 for o in outcomes if o.status == 'imported')} of {summary['files']} "
                "files rejected",
                returncode=1,
            )
        sys.stdout.flush()
