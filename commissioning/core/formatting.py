"""Formatting for pages and exports: money in pounds, dates in the GOV.UK style."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

MINUS = "\u2212"  # a true minus sign: "−£2,500", not a hyphen
NBSP = "\u00a0"


def money(value: Any) -> str:
    """£1,234.56 (negative as −£1,234.56, with a true minus sign); blank for None."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = MINUS if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def money_whole(value: Any) -> str:
    """£1,235 (rounded to whole pounds) for tables of large figures."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = MINUS if amount < 0 else ""
    return f"{sign}£{abs(amount):,.0f}"


def money_range(low: Any, high: Any, *, whole: bool = True) -> str:
    """A range such as "−£3,333,921 to −£3,037,491", joined by non-breaking spaces so that the range never breaks across lines
    (templates also wrap it in a nowrap span: core/jinja2.py money_range)."""
    figure = money_whole if whole else money
    return f"{figure(low)}{NBSP}to{NBSP}{figure(high)}"


def number(value: Any, places: int = 0) -> str:
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.{places}f}"


def date(value: dt.date | dt.datetime | None) -> str:
    """22 November 2026."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def datetime(value: dt.datetime | None) -> str:
    """22 November 2026 at 2:05pm."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def yesno(value: Any) -> str:
    return "Yes" if value else "No"


def time_and_date(value: dt.datetime | None) -> str:
    """10:42am on 3 December 2026 (local time)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'} on {local.day} {local:%B %Y}"
