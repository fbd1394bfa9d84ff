"""Clear days: the notice the law asks for before a meeting or a decision.

"Clear days" leave out both the day notice is given and the day of the event, so a forward plan entry published on
1 March gives 28 clear days' notice of a decision taken on 30 March at the earliest. "Clear working days" count only
the working days in between (an agenda published five clear working days before a meeting). Like working_days, this
module takes its holidays from the caller's ``WorkingCalendar`` and never reads the clock.
"""

from __future__ import annotations

import datetime as dt

from engine.calendar.working_days import ONE_DAY, WorkingCalendar

CLEAR_DAYS_NEGATIVE = "Clear days cannot be negative: got {days}"


def clear_days_between(*, given: dt.date, event: dt.date) -> int:
    """Whole days strictly between the day notice was given and the day of the event (negative when given after)."""
    return (event - given).days - 1


def clear_working_days_between(*, given: dt.date, event: dt.date, calendar: WorkingCalendar) -> int:
    """Working days strictly between the day notice was given and the day of the event (0 when none, or given late)."""
    count = 0
    day = given + ONE_DAY
    while day < event:
        if calendar.is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


def latest_notice_day(*, event: dt.date, clear_days: int) -> dt.date:
    """The last day notice can be given for ``clear_days`` clear days before the event."""
    if clear_days < 0:
        raise ValueError(CLEAR_DAYS_NEGATIVE.format(days=clear_days))
    return event - dt.timedelta(days=clear_days + 1)


def latest_working_notice_day(*, event: dt.date, clear_working_days: int, calendar: WorkingCalendar) -> dt.date:
    """The last day notice can be given with ``clear_working_days`` clear working days before the event."""
    if clear_working_days < 0:
        raise ValueError(CLEAR_DAYS_NEGATIVE.format(days=clear_working_days))
    day = event
    counted = 0
    while counted < clear_working_days:
        day -= ONE_DAY
        if calendar.is_working_day(day):
            counted += 1
    return day - ONE_DAY


def earliest_event_day(*, given: dt.date, clear_days: int) -> dt.date:
    """The first day an event may take place when notice was given on ``given`` with ``clear_days`` clear days."""
    if clear_days < 0:
        raise ValueError(CLEAR_DAYS_NEGATIVE.format(days=clear_days))
    return given + dt.timedelta(days=clear_days + 1)
