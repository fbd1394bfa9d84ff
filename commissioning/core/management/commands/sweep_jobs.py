"""Mark failed the background jobs whose worker died, so that their users can try them again (ADR 0018).

    manage.py sweep_jobs              # once (cron, or by hand)
    manage.py sweep_jobs --every 60   # for ever, every 60 seconds

Each task worker (``run_worker``) sweeps by itself too; this is for installations that want a sweep without one.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from commissioning.core import jobs


class Command(BaseCommand):
    help = "Mark failed the background jobs whose worker died, so that they can be tried again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--every", type=float, default=None, help="Sweep again every this many seconds.")

    def handle(self, *args: Any, every: float | None, **options: Any) -> None:
        while True:
            for name, count in jobs.sweep().items():
                if count or options["verbosity"] > 1:
                    self.stdout.write(f"{name}: {count} stopped job{'s' if count != 1 else ''} marked failed")
            if every is None:
                return
            close_old_connections()  # as between requests: drop a connection that broke or grew old
            time.sleep(every)
