"""The expiry pipeline's dates: when a contract ends, and by when its review or re-procurement must start.

A contract's replacement takes as long as the procedure that buys it. The lead times below are the council's
planning assumptions, in whole months before the contract ends (so the start-by date is the end date less the lead
time, on the same day of the month, or the month's last day when the month is shorter):

=============================  ======  =====================================================================
procedure                      months  why
=============================  ======  =====================================================================
open                           9       specification, tender period (at least 25 days after the tender
                                       notice, Procurement Act 2023), evaluation, standstill (8 working days)
                                       and mobilisation
competitive_flexible           12      as open, with more stages (shortlisting, negotiation)
framework_call_off             4       a mini-competition among a framework's suppliers
direct_award                   3       a transparency notice and standstill before the award
below_threshold_quote          3       quotes from three suppliers, no notice period
grant                          4       a grant round: prospectus, applications and panel
in_house                       6       the review that decides whether to keep delivering in-house
=============================  ======  =====================================================================

Pure Python: no Django, no I/O (engine rules).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

LEAD_TIME_MONTHS: dict[str, int] = {
    "open": 9,
    "competitive_flexible": 12,
    "framework_call_off": 4,
    "direct_award": 3,
    "below_threshold_quote": 3,
    "grant": 4,
    "in_house": 6,
}
DEFAULT_HORIZON_MONTHS = 18
MAX_HORIZON_MONTHS = 120


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` whole months (negative moves back), kept on its day of the month or on the last day
    of a shorter month (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lead_time_months(procedure: str) -> int:
    """The documented lead time of a procedure (ValueError for one the table does not know)."""
    try:
        return LEAD_TIME_MONTHS[procedure]
    except KeyError:
        raise ValueError(f"no lead time for the procedure {procedure!r}") from None


@dataclass(frozen=True)
class Expiry:
    """Where one contract stands in the pipeline on ``today``."""

    end_date: dt.date
    start_by: dt.date  # the last day to start its review or re-procurement
    lead_time_months: int
    days_to_end: int  # negative once it has ended
    days_to_start: int  # negative once the start-by date has passed

    @property
    def late(self) -> bool:
        """The start-by date has passed and the contract has not yet ended: its replacement starts late."""
        return self.days_to_start < 0

    @property
    def due_soon(self) -> bool:
        """Not late, but the start-by date is within 90 days."""
        return 0 <= self.days_to_start <= 90


def expiry(*, end_date: dt.date, procedure: str, today: dt.date) -> Expiry:
    months = lead_time_months(procedure)
    start_by = add_months(end_date, -months)
    return Expiry(
        end_date=end_date,
        start_by=start_by,
        lead_time_months=months,
        days_to_end=(end_date - today).days,
        days_to_start=(start_by - today).days,
    )


def horizon_end(*, today: dt.date, months: int) -> dt.date:
    """The last day of a horizon of ``months`` months from ``today`` (1 to MAX_HORIZON_MONTHS; ValueError outside)."""
    if not 1 <= months <= MAX_HORIZON_MONTHS:
        raise ValueError(f"a horizon is 1 to {MAX_HORIZON_MONTHS} months, not {months}")
    return add_months(today, months)


def final_end(*, end_date: dt.date, extension_count: int, extension_months: int) -> dt.date:
    """The latest the contract can run to if every extension option is taken."""
    return add_months(end_date, extension_count * extension_months)
