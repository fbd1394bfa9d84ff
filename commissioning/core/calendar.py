"""English working days for every app: the one place that reads the offline bank-holiday list; and iCalendar
(RFC 5545) feeds, which any app offers through ``ical_response``.

The bank holidays come from govuk-bank-holidays' packaged copy of the GOV.UK list (``use_cached_holidays=True``: it
never downloads), for the England and Wales division; engine/calendar does the counting. The list ships with the
pinned package version, so it is the same in every process and is read once per process; upgrading the package
extends it. Deadlines counted past the end of the list are counted with weekends only, and a warning is logged.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
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


ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"


def ical_escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, new lines as \\n."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def ical_fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets folded with CRLF and a space, never splitting a character."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def ical_stamp() -> str:
    """DTSTAMP: now, in UTC."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_response(*, filename: str, product: str, name: str, events: Iterable[Sequence[str]]) -> HttpResponse:
    """A calendar to download: ``events`` are each VEVENT's content lines (between BEGIN:VEVENT and END:VEVENT, their
    TEXT values already escaped with ``ical_escape``); every line is folded and ends with CRLF."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Strategic commissioning//{product}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + ical_escape(name),
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    body = "".join(ical_fold(line) + "\r\n" for line in lines)
    response = HttpResponse(body.encode(), content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
