"""manage.py send_notifications: try every notification that is due now, once.

The task worker sends each notification when its action commits, and tries a failed one again later by itself
(a deferred task). This command is the safety net: run it every few minutes (cron, a systemd timer) to send what a
worker could not schedule, such as a notification whose task was lost when a process died just after its action
committed, or one whose worker died while sending.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commissioning.core.notifications import send_due_notifications


class Command(BaseCommand):
    help = "Send every notification that is due now (retries, and any whose task was lost)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="At most this many in one run (default 500).")

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        sent = send_due_notifications(limit=limit)
        self.stdout.write(f"{sent} notification{'' if sent == 1 else 's'} sent")
