"""English working days for every app: the one place that reads the offline bank-holiday list.

The bank holidays come from govuk-bank-holidays' packaged copy of the GOV.UK list (``use_cached_holidays=True``: it
never downloads), for the England and Wales division; engine/calendar does the counting. The list ships with the
pinned package version, so it is the same in every process and is read once per process; upgrading the package
extends it. Deadlines counted past the end of the list are counted with weekends only, and a warning is logged.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from govuk_bank_holidays.bank_holidays import BankHolidays

from engine.calendar.working_days import WorkingCalendar, add_working_days

logger = logging.getLogger(__name__)


@functools.cache
def english_calendar() -> WorkingCalendar:
    """Weekends and the bank holidays of England (and Wales) from the offline list packaged with govuk-bank-holidays.

    Cached per process: the list is part of the installed package, not data that changes while the process runs.
    """
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return WorkingCalendar.of(holiday["date"] for holiday in holidays)


def working_days_after(day: dt.date, days: int) -> dt.date:
    """The date ``days`` English working days after ``day`` (day 0), warning when the holiday list runs out."""
    calendar = english_calendar()
    due = add_working_days(start=day, days=days, calendar=calendar)
    if not calendar.covers(due):
        logger.warning(
            "Bank holidays are known only until %s; %s was counted with weekends only. Upgrade govuk-bank-holidays.",
            calendar.known_until,
            due,
        )
    return due
