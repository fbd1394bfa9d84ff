"""Bodies and meetings' bridge to engine/: political balance, and the clear working days an agenda gave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from commissioning.core.calendar import english_calendar
from engine.calendar.clear_days import clear_working_days_between
from engine.governance.balance import Balance, PartySeats, political_balance

__all__ = ["Balance", "agenda_clear_working_days", "committee_balance"]


def committee_balance(*, council_seats: Mapping[str, int], seats: int, actual: Mapping[str, int]) -> Balance:
    """A balanced body's seats by party against the council's political balance (largest remainder)."""
    council = [PartySeats(party=party, seats=count) for party, count in sorted(council_seats.items())]
    return political_balance(council=council, seats=seats, actual=actual)


def agenda_clear_working_days(*, published_on: dt.date, meeting_on: dt.date) -> int:
    """English working days strictly between the agenda's publication and the meeting."""
    return clear_working_days_between(given=published_on, event=meeting_on, calendar=english_calendar())
