"""Posting a date the way the GOV.UK date input sends it: day, month and year as three fields."""

from __future__ import annotations

import datetime as dt


def date_input(name: str, value: str | dt.date | None) -> dict[str, str]:
    """``{"<name>_day": "1", "<name>_month": "4", "<name>_year": "2027"}`` for "2027-04-01"; blanks for None or ""."""
    if not value:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    date = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return {f"{name}_day": str(date.day), f"{name}_month": str(date.month), f"{name}_year": str(date.year)}
