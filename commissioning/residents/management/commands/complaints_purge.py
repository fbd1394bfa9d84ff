"""Remove residents' personal details from complaints closed more than COMPLAINT_RETENTION_DAYS ago.

    manage.py complaints_purge    # run it daily (cron, or the platform's scheduler)

The name, email address, phone number and the resident's words (and the texts of the steps) are blanked; the
anonymous figures (service, ward, route, dates, stage, outcome) stay for the statistics. The history never held them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from commissioning.residents.actions_complaints import complaints_purge_personal


class Command(BaseCommand):
    help = "Remove residents' personal details from complaints past the retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = complaints_purge_personal()
        self.stdout.write(f"Personal details removed from {purged} complaint{'s' if purged != 1 else ''}")
