"""Observed signals for scrutiny's contract monitoring protocol (governance, issue 10): a registry, as core.quality is.

Governance decides which observed signals come to committee (engine.governance.protocol), but the values live in its
siblings, contracts (KPI ratings, assessment ratings, workforce figures from returns) and residents (complaints),
which it may not import. So each of those apps registers a *source* from its ``AppConfig.ready()``::

    monitoring_signals.register(latest_contract_signals)

A source is called with no arguments and returns ``Observation`` values (the engine's dataclass: kind, subject,
value, service and contract ids, a link), the latest of each signal it holds. It must cost a fixed number of queries
however many contracts or services there are. ``observations()`` gathers every source's, in registration order.

The registry holds code, not data: every process fills it the same way at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from engine.governance.protocol import (
    AGENCY_USE,
    ASSESSMENT_RATING,
    COMPLAINTS,
    KPI_RATING,
    SIGNAL_KINDS,
    STAFF_TURNOVER,
    UPHELD_COMPLAINTS,
    Observation,
)

__all__ = [
    "AGENCY_USE",
    "ASSESSMENT_RATING",
    "COMPLAINTS",
    "KPI_RATING",
    "SIGNAL_KINDS",
    "STAFF_TURNOVER",
    "UPHELD_COMPLAINTS",
    "Observation",
    "observations",
    "register",
    "withdraw",
]

Source = Callable[[], Iterable[Observation]]

_sources: list[Source] = []


def register(source: Source) -> None:
    """Add a source of observed signals (registering twice adds it once)."""
    if source not in _sources:
        _sources.append(source)


def withdraw(source: Source) -> None:
    """Forget a source (for tests)."""
    if source in _sources:
        _sources.remove(source)


def sources() -> tuple[Source, ...]:
    return tuple(_sources)


def observations() -> list[Observation]:
    """Every registered source's observations, in registration order."""
    found: list[Observation] = []
    for source in _sources:
        found.extend(source())
    return found
