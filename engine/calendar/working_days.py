"""Working days: adding them to a date and counting them between two dates.

Deadlines in local government (a call-in period, a complaint's reply, a response to a councillor's ward
intelligence) run in *working days*: Monday to Friday, except bank holidays. The holidays are data, not
arithmetic, so they come in as a ``WorkingCalendar`` built by the caller (the apps' bridge modules read them from
an offline copy of the GOV.UK list); nothing here reads a file, the network or the clock.

Day N is counted the way a council counts it: the day something arrives is day 0, whatever day of the week it is,
and "reply within 5 working days" means by the end of the fifth working day after it. So 5 working days after
Friday 3 April 2026 (Good Friday) is Monday 13 April 2026: Easter Monday (6 April) does not count, and the answer
is never a weekend or a bank holiday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

DAYS_NEGATIVE = "Working days cannot be negative: got {days}"
END_BEFORE_START = "The end date {end} is before the start date {start}"
SATURDAY, SUNDAY = 5, 6
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are not working days: the weekend (Saturday and Sunday) and the given holidays.

    ``known_until`` is the last day the holiday list covers, when the caller knows it: dates after it are counted
    with weekends only (``covers`` says whether a date is inside the list).
    """

    holidays: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = field(default=frozenset({SATURDAY, SUNDAY}))
    known_until: dt.date | None = None

    @classmethod
    def of(cls, holidays: Iterable[dt.date], *, known_until: dt.date | None = None) -> WorkingCalendar:
        dates = frozenset(holidays)
        return cls(holidays=dates, known_until=known_until if known_until is not None else max(dates, default=None))

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def covers(self, day: dt.date) -> bool:
        """True when the holiday list reaches this date, so a count up to it is exact."""
        return self.known_until is None or day <= self.known_until


def add_working_days(*, start: dt.date, days: int, calendar: WorkingCalendar) -> dt.date:
    """The date ``days`` working days after ``start`` (which itself is day 0, working day or not).

    With ``days`` = 0 the answer is ``start`` if it is a working day, otherwise the next working day: so the result
    is always a working day. Raises ValueError for negative ``days``.
    """
    if days < 0:
        raise ValueError(DAYS_NEGATIVE.format(days=days))
    if len(calendar.weekend) >= 7:
        raise ValueError("A week with no working days has no working-day deadlines")
    day = start
    if days == 0:
        while not calendar.is_working_day(day):
            day += ONE_DAY
        return day
    counted = 0
    while counted < days:
        day += ONE_DAY
        if calendar.is_working_day(day):
            counted += 1
    return day


def working_days_between(*, start: dt.date, end: dt.date, calendar: WorkingCalendar) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 when they are the same day).

    The inverse of add_working_days: ``working_days_between(start=s, end=add_working_days(start=s, days=n))`` is
    ``n`` for every n of 1 or more. Raises ValueError when ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError(END_BEFORE_START.format(start=start.isoformat(), end=end.isoformat()))
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if calendar.is_working_day(day):
            count += 1
    return count
