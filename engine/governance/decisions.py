"""The date and key-decision arithmetic of a council decision: its call-in window, when it may be implemented, whether
the forward plan gave it enough notice, and whether it is a key decision.

Pure: the holidays come in as a ``WorkingCalendar``, the council's settings as numbers; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from engine.calendar.clear_days import clear_days_between, earliest_event_day
from engine.calendar.working_days import WorkingCalendar, add_working_days

FINANCIAL = "financial"
WARDS = "wards"
BOTH = "both"
NOT_KEY = ""
SIGNIFICANT_WARDS = 2


@dataclass(frozen=True)
class CallInWindow:
    """The last day a call-in may be made, and the first day the decision may be implemented if none is made."""

    deadline: dt.date
    implementable_from: dt.date

    def is_open(self, on: dt.date) -> bool:
        return on <= self.deadline


def call_in_window(*, published_on: dt.date, working_days: int, calendar: WorkingCalendar) -> CallInWindow:
    """Publication is day 0; the window closes at the end of the ``working_days``-th working day after it, and the
    decision may be implemented from the next working day."""
    deadline = add_working_days(start=published_on, days=working_days, calendar=calendar)
    return CallInWindow(
        deadline=deadline, implementable_from=add_working_days(start=deadline, days=1, calendar=calendar)
    )


def next_working_day(*, day: dt.date, calendar: WorkingCalendar) -> dt.date:
    return add_working_days(start=day, days=1, calendar=calendar)


def key_reason(*, value: Decimal | None, threshold: Decimal, wards: int, executive: bool = True) -> str:
    """Why a decision is key: at or over the financial threshold, significant in two or more wards, both, or not.
    Only an executive decision (Cabinet, a cabinet member, or an officer under executive delegation) can be key: the
    Council and its committees take no key decisions (Local Authorities (Executive Arrangements) (Meetings and Access
    to Information) (England) Regulations 2012, regulation 8)."""
    if not executive:
        return NOT_KEY
    financial = value is not None and abs(value) >= threshold
    in_wards = wards >= SIGNIFICANT_WARDS
    if financial and in_wards:
        return BOTH
    if financial:
        return FINANCIAL
    if in_wards:
        return WARDS
    return NOT_KEY


def notice_given(*, first_published_on: dt.date | None, decided_on: dt.date, clear_days: int) -> bool:
    """Whether an entry first published on the day gave ``clear_days`` clear days' notice of a decision taken then."""
    if first_published_on is None:
        return False
    return clear_days_between(given=first_published_on, event=decided_on) >= clear_days


def earliest_decision_day(*, first_published_on: dt.date, clear_days: int) -> dt.date:
    return earliest_event_day(given=first_published_on, clear_days=clear_days)
