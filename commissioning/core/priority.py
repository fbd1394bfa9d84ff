"""The criteria of the prioritisation model, and the apps that score them from data: a registry, as core.thread is.

The reviews app owns the model (its versions, weights and judgements; commissioning.reviews), but much of the data
that scores a service belongs to other apps: unit costs against comparators, indicators and council priorities to
outcomes (a sibling of reviews), contract end dates to contracts (a tier above). Reviews may import neither, so:

1. A criterion is declared here with ``add_criterion(Criterion(key=..., name=..., ...))`` from an AppConfig.ready()
   (reviews declares the eight every model has; a later app may declare more, such as complaints upheld).
2. An app that holds data for a criterion registers a *provider* for its key: ``provide(key, provider)``.
   ``provider(service_ids)`` returns, for the services it has data on, an ``Evidence``: the score 0-5 by the
   criterion's documented bands (computed in engine/), the figures in words, and links to the source records. A
   service it has no data on is left out, and is then scored by a recorded judgement. A provider may also return
   evidence without a score (figures to judge by, such as the consultations on a service).
3. reviews asks ``evidence(key, service_ids)`` for every criterion. Each provider must cost a fixed number of
   queries however many services it is asked about, so the ranking page costs the same at any scale.

The registry holds code, not data: every process fills it the same way at start-up, in INSTALLED_APPS order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """A record the evidence comes from: its name and its page (a URL name and its arguments)."""

    label: str
    url_name: str
    args: tuple[int, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What the data says about one service on one criterion: a score 0-5 (None: figures to judge by, no score),
    the figures in words, and the records they come from."""

    summary: str
    score: int | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    question: str  # what it asks of a service, for the rationale page
    bands: str  # how a score is given, in words (the documented bands of engine.scoring.priority)
    position: int = 100


# The criteria every model has (declared by commissioning.reviews; scored from data by the apps that hold it). The
# keys live here so that an app scoring one need not import reviews (engine.scoring.priority documents the bands).
BUDGET = "budget"
SAVINGS = "savings"
PERFORMANCE = "performance"
CONTRACT_END = "contract_end"
RISK = "risk"
STRATEGIC_FIT = "strategic_fit"
DISSATISFACTION = "dissatisfaction"
STATUTORY = "statutory"

Provider = Callable[[Collection[int]], Mapping[int, Evidence]]

_criteria: dict[str, Criterion] = {}
_providers: dict[str, list[Provider]] = {}


def add_criterion(criterion: Criterion) -> None:
    """Declare a criterion (declaring the same one again changes nothing)."""
    _criteria.setdefault(criterion.key, criterion)


def criteria() -> list[Criterion]:
    """Every declared criterion, in the order models list them."""
    return sorted(_criteria.values(), key=lambda c: (c.position, c.key))


def provide(key: str, provider: Provider) -> None:
    """Score the criterion ``key`` from data (registering twice adds it once)."""
    providers = _providers.setdefault(key, [])
    if provider not in providers:
        providers.append(provider)


def has_data_source(key: str) -> bool:
    return bool(_providers.get(key))


def evidence(key: str, service_ids: Collection[int]) -> dict[int, list[Evidence]]:
    """What every provider of the criterion says about each of the services (those with no data are left out)."""
    found: dict[int, list[Evidence]] = {}
    for provider in _providers.get(key, []):
        for service_id, item in provider(service_ids).items():
            found.setdefault(service_id, []).append(item)
    return found


@dataclass(frozen=True)
class Snapshot:
    """For tests: the registry as it stands, to put back afterwards."""

    criteria: dict[str, Criterion] = field(default_factory=dict)
    providers: dict[str, list[Provider]] = field(default_factory=dict)


def snapshot() -> Snapshot:
    return Snapshot(dict(_criteria), {k: list(v) for k, v in _providers.items()})


def restore(saved: Snapshot) -> None:
    _criteria.clear()
    _criteria.update(saved.criteria)
    _providers.clear()
    _providers.update({k: list(v) for k, v in saved.providers.items()})
