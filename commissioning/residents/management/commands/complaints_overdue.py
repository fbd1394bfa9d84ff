"""Tell handlers (and, for a provider's complaint, the contract manager) of complaint steps past their deadline.

    manage.py complaints_overdue               # once: run it daily (cron, or the platform's scheduler)
    manage.py complaints_overdue --every 3600  # for ever, every hour, beside the task worker

Each overdue step is reported once (``Complaint.overdue_notified``), so running it more often sends nothing twice.
The emails go through the notifications outbox, which the task worker sends.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from commissioning.residents.actions_complaints import complaints_notify_overdue


class Command(BaseCommand):
    help = "Notify the handlers of overdue complaint steps (and contract managers for providers' complaints)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--every", type=float, default=None, help="Check again every this many seconds.")

    def handle(self, *args: Any, every: float | None, **options: Any) -> None:
        while True:
            told = complaints_notify_overdue()
            self.stdout.write(f"{told} overdue complaint step{'s' if told != 1 else ''} notified")
            if every is None:
                return
            close_old_connections()
            time.sleep(every)
