"""The bridge between commissioning reviews and engine/: the one module in this app that calls the engine.

Reviews are planned in quarters of the financial year, stored as their canonical label ("2026/27 Q1"). Labels
have a fixed width, so the database orders and compares them in time order.
"""

from __future__ import annotations

from django.utils import timezone

from engine.finance.years import parse_quarter, quarter_of, quarters_between


def quarter_problem(label: str) -> str | None:
    """What is wrong with a quarter label, or None when it is fine."""
    try:
        parse_quarter(label)
    except ValueError as exc:
        return str(exc)
    return None


def normalise_quarter(label: str) -> str:
    """The canonical label ("2026/27 q1" gives "2026/27 Q1"). Raises ValueError naming the problem."""
    return parse_quarter(label).label


def quarter_span(start: str, end: str) -> int:
    """How many quarters a review runs for, counting both ends (zero or less when it ends before it starts)."""
    return quarters_between(parse_quarter(start), parse_quarter(end))


def quarter_start_year(label: str) -> int:
    """The first calendar year of the quarter's financial year: 2026 for "2026/27 Q3"."""
    return parse_quarter(label).year.start_year


def quarter_after(label: str, quarters: int) -> str:
    """The label of the quarter this many quarters later (earlier when negative)."""
    return parse_quarter(label).plus(quarters).label


def current_quarter() -> str:
    """The quarter today falls in, like "2026/27 Q3"."""
    return quarter_of(timezone.localdate()).label
