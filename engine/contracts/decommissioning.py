"""Decommissioning: whether the notice given to a provider is long enough for its contract.

Notice given on a day with a contract's notice period of N months runs to the same day N months on (or the last day
of a shorter month: engine.contracts.expiry.add_months); the service may end on that day or later. Ending it sooner
is short notice, which the decommissioning record refuses.

Pure Python: no Django, no I/O (engine rules).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.contracts.expiry import add_months


@dataclass(frozen=True)
class Notice:
    given_on: dt.date
    ends_on: dt.date
    period_months: int
    earliest_end: dt.date  # the first day the service may end after this notice

    @property
    def short(self) -> bool:
        return self.ends_on < self.earliest_end

    @property
    def days_short(self) -> int:
        return max((self.earliest_end - self.ends_on).days, 0)


def notice(*, given_on: dt.date, ends_on: dt.date, period_months: int) -> Notice:
    """The notice given on ``given_on`` for a service ending on ``ends_on``, against a period of ``period_months``
    (0 or more; ValueError below 0)."""
    if period_months < 0:
        raise ValueError(f"a notice period is 0 months or more, not {period_months}")
    return Notice(
        given_on=given_on,
        ends_on=ends_on,
        period_months=period_months,
        earliest_end=add_months(given_on, period_months),
    )
