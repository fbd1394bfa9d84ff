"""The contract monitoring protocol (issue 10): which signals scrutiny watches, how often, and the threshold at which an
item comes to committee by itself; amended per service or per contract. Pure Python: the governance app turns its
records into these dataclasses and asks ``triggers`` which observed signals meet the threshold.

Signals are of two sorts. A *rating* (a KPI's rating, a contract's assessment) is on the scale of
``RATING_ORDER``, best first; its threshold is a rating, met by that rating or a worse one. A *count* or *percentage*
(complaints in a quarter, upheld complaints in a quarter, staff turnover, agency use) has a number as its threshold,
met by a value above it.

An amendment for a contract wins over one for the contract's service, which wins over the council-wide protocol;
each amendment overrides only what it sets (the signals watched, the frequency, any threshold).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

KPI_RATING = "kpi_rating"
ASSESSMENT_RATING = "assessment_rating"
COMPLAINTS = "complaints"
UPHELD_COMPLAINTS = "upheld_complaints"
STAFF_TURNOVER = "staff_turnover"
AGENCY_USE = "agency_use"

SIGNAL_KINDS: tuple[str, ...] = (
    KPI_RATING,
    ASSESSMENT_RATING,
    COMPLAINTS,
    UPHELD_COMPLAINTS,
    STAFF_TURNOVER,
    AGENCY_USE,
)
RATING_KINDS = frozenset({KPI_RATING, ASSESSMENT_RATING})

# Best first: the values are contracts' Rating values (engine.contracts.ratings); "other" is not on the scale.
RATING_ORDER: tuple[str, ...] = ("good", "approaching", "requires_improvement", "inadequate")

FREQUENCIES: tuple[str, ...] = ("monthly", "quarterly", "six_monthly", "yearly")
FREQUENCY_MONTHS: Mapping[str, int] = {"monthly": 1, "quarterly": 3, "six_monthly": 6, "yearly": 12}

Threshold = str | Decimal | int


@dataclass(frozen=True)
class Protocol:
    """What scrutiny watches (``signals``), how often (``frequency``), and each signal's threshold."""

    signals: frozenset[str]
    frequency: str
    thresholds: Mapping[str, Threshold]


@dataclass(frozen=True)
class Amendment:
    """An override for one service or one contract: None (or an empty mapping) inherits."""

    service_id: int | None = None
    contract_id: int | None = None
    signals: frozenset[str] | None = None
    frequency: str | None = None
    thresholds: Mapping[str, Threshold] = field(default_factory=dict)


@dataclass(frozen=True)
class Observation:
    """One observed value of a signal about a subject (a contract's KPI, a contract, a service)."""

    kind: str
    subject: str
    value: Threshold
    service_id: int | None = None
    contract_id: int | None = None
    href: str = ""
    period: str = ""


@dataclass(frozen=True)
class Trigger:
    """An observation that meets its threshold under the protocol in force for it: it comes to committee."""

    observation: Observation
    threshold: Threshold
    frequency: str
    amended: bool


def rating_rank(rating: str) -> int | None:
    """A rating's place on the scale (0 is best), or None for a rating not on it."""
    try:
        return RATING_ORDER.index(rating)
    except ValueError:
        return None


def meets(kind: str, value: Threshold, threshold: Threshold) -> bool:
    """Whether a value meets the threshold: a rating at or worse than it; a number above it."""
    if kind in RATING_KINDS:
        rank, limit = rating_rank(str(value)), rating_rank(str(threshold))
        return rank is not None and limit is not None and rank >= limit
    return Decimal(str(value)) > Decimal(str(threshold))


def _apply(protocol: Protocol, amendment: Amendment) -> Protocol:
    return replace(
        protocol,
        signals=amendment.signals if amendment.signals is not None else protocol.signals,
        frequency=amendment.frequency or protocol.frequency,
        thresholds={**protocol.thresholds, **amendment.thresholds},
    )


def effective(
    protocol: Protocol, amendments: Iterable[Amendment], *, service_id: int | None, contract_id: int | None
) -> tuple[Protocol, bool]:
    """The protocol in force for a service and contract, and whether an amendment changed it: the service's
    amendment over the council-wide protocol, then the contract's over that."""
    amendments = list(amendments)
    result, amended = protocol, False
    for wanted in (
        [a for a in amendments if service_id is not None and a.service_id == service_id and a.contract_id is None],
        [a for a in amendments if contract_id is not None and a.contract_id == contract_id],
    ):
        for amendment in wanted:
            result, amended = _apply(result, amendment), True
    return result, amended


def triggers(protocol: Protocol, amendments: Iterable[Amendment], observations: Iterable[Observation]) -> list[Trigger]:
    """The observations that come to committee: watched under the protocol in force for them, with a threshold, and
    meeting it. In the order observed."""
    amendments = list(amendments)
    cache: dict[tuple[int | None, int | None], tuple[Protocol, bool]] = {}
    found: list[Trigger] = []
    for observation in observations:
        key = (observation.service_id, observation.contract_id)
        if key not in cache:
            cache[key] = effective(protocol, amendments, service_id=key[0], contract_id=key[1])
        in_force, amended = cache[key]
        if observation.kind not in in_force.signals:
            continue
        threshold = in_force.thresholds.get(observation.kind)
        if threshold is None or threshold == "":
            continue
        if meets(observation.kind, observation.value, threshold):
            found.append(Trigger(observation, threshold, in_force.frequency, amended))
    return found
