"""manage.py notify_overdue_returns: tell the provider contacts and the contract manager of each contract return that
has become overdue (past its due date and the grace period, not submitted), once each. Run it daily (cron, a systemd
timer); the notifications go through core's outbox like every other."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commissioning.contracts.actions_returns import returns_overdue_notify


class Command(BaseCommand):
    help = "Notify the provider and the contract manager of each return that has become overdue (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="At most this many returns in one run.")

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        count = returns_overdue_notify(limit=limit)
        self.stdout.write(f"{count} overdue return{'' if count == 1 else 's'} notified")
