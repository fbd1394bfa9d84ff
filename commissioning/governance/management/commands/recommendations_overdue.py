"""Tell the executive of scrutiny recommendations whose response is due within ten days, and of those overdue.

    manage.py recommendations_overdue               # once: run it daily (cron, or the platform's scheduler)
    manage.py recommendations_overdue --every 3600  # for ever, every hour, beside the task worker

Each recommendation is reported once when due soon and once when overdue (``Recommendation.notified``), so running
it more often sends nothing twice. The emails go through the notifications outbox, which the task worker sends.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from commissioning.governance.actions.recommendations import recommendations_notify_due


class Command(BaseCommand):
    help = "Notify the executive of scrutiny recommendations whose response is due within ten days or overdue."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--every", type=float, default=None, help="Check again every this many seconds.")

    def handle(self, *args: Any, every: float | None, **options: Any) -> None:
        while True:
            told = recommendations_notify_due()
            self.stdout.write(f"{told} recommendation{'s' if told != 1 else ''} notified")
            if every is None:
                return
            close_old_connections()
            time.sleep(every)
