"""Quality signals that other apps hold, for the contracts app's quality triangulation: a registry, as core.priority is.

The contracts app triangulates a provider's quality from its own records (KPI ratings, returns, inspections,
safeguarding, financial health) and from signals other apps hold, such as complaints (the residents app, a sibling
that contracts may not import). So:

1. The signal's key is declared here (``COMPLAINTS``), so neither app imports the other.
2. The app holding the data registers a provider from its ``AppConfig.ready()``: ``provide(COMPLAINTS, fn)``.
   ``fn(organisation_ids=..., contract_ids=...)`` returns ``Counts``: complaints per quarter (oldest first, the
   quarter labels like "2026/27 Q1") for each organisation and each contract it has data on. It must cost a fixed
   number of queries however many organisations and contracts it is asked about.
3. Triangulation asks ``counts(COMPLAINTS, ...)``: None while no app provides the signal (the page then says
   "No complaint data yet"), the counts otherwise.

The registry holds code, not data: every process fills it the same way at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

COMPLAINTS = "complaints"


@dataclass(frozen=True)
class Counts:
    """Counts per quarter, oldest first: ``((quarter label, count), ...)`` per organisation id and per contract id."""

    by_organisation: Mapping[int, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    by_contract: Mapping[int, tuple[tuple[str, int], ...]] = field(default_factory=dict)


Provider = Callable[..., Counts]

_providers: dict[str, Provider] = {}


def provide(key: str, provider: Provider) -> None:
    """Register the provider of a signal (one per signal: a second registration replaces the first)."""
    _providers[key] = provider


def is_provided(key: str) -> bool:
    return key in _providers


def counts(key: str, *, organisation_ids: Collection[int] = (), contract_ids: Collection[int] = ()) -> Counts | None:
    """The signal's counts for these organisations and contracts, or None while no app provides it."""
    provider = _providers.get(key)
    if provider is None:
        return None
    return provider(organisation_ids=tuple(organisation_ids), contract_ids=tuple(contract_ids))


def withdraw(key: str) -> None:
    """Forget a provider (for tests)."""
    _providers.pop(key, None)
