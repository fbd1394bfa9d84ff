"""Golden-thread sections for bodies, membership and political balance, meetings, agendas, attendance and minutes (commissioning.core.thread)."""

from __future__ import annotations


def register() -> None:
    """Register this area's sections on other apps' pages."""
