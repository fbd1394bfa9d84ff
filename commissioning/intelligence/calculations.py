"""The bridge between ward intelligence and engine/: the one module in this app that calls the engine.

A response is due a number of English working days after submission, by urgency. The bank holidays come from
govuk-bank-holidays' packaged copy of the GOV.UK list (``use_cached_holidays=True``: it never downloads), for the
England and Wales division, and the engine does the counting. The list ships with the pinned package version, so
it is the same in every process and can be read once per process; upgrading the package extends it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.utils import timezone
from govuk_bank_holidays.bank_holidays import BankHolidays

from engine.calendar.working_days import WorkingCalendar, add_working_days, working_days_between

logger = logging.getLogger(__name__)


@functools.cache
def english_calendar() -> WorkingCalendar:
    """Weekends and the bank holidays of England (and Wales) from the offline list packaged with govuk-bank-holidays.

    Cached per process: the list is part of the installed package, not data that changes while the process runs.
    """
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return WorkingCalendar.of(holiday["date"] for holiday in holidays)


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
