"""The bridge between ward intelligence and engine/: the one module in this app that calls the engine.

A response is due a number of English working days after submission, by urgency. The bank holidays come from
commissioning.core.calendar (the offline GOV.UK list), and the engine does the counting.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from commissioning.core.calendar import english_calendar
from engine.calendar.working_days import add_working_days, working_days_between

logger = logging.getLogger(__name__)


def response_due(*, submitted: dt.datetime | dt.date, working_days: int) -> dt.date:
    """The date a response is due: so many English working days after the (London) day of submission."""
    day = timezone.localdate(submitted) if isinstance(submitted, dt.datetime) else submitted
    calendar = english_calendar()
    due = add_working_days(start=day, days=working_days, calendar=calendar)
    if not calendar.covers(due):
        logger.warning(
            "Bank holidays are known only until %s; %s was counted with weekends only. Upgrade govuk-bank-holidays.",
            calendar.known_until,
            due,
        )
    return due


def working_days_overdue(*, due: dt.date, today: dt.date | None = None) -> int:
    """How many working days have passed since the due date (0 when it is not yet overdue)."""
    today = today or timezone.localdate()
    if today <= due:
        return 0
    return working_days_between(start=due, end=today, calendar=english_calendar())
