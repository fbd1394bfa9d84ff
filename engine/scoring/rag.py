"""RAG status of an indicator's value against its target, and its direction of travel.

RAG status (``rag_status``) compares one period's value with that period's target, in the direction the indicator's
polarity says is better:

    Green   on target or better
    Amber   worse than target, but by no more than the tolerance (a value exactly at the edge is Amber)
    Red     worse than target by more than the tolerance
    No data     there is no value for the period (whether or not there is a target)
    No target   there is a value, but no target for the period

The tolerance is a ``Margin``: either ABSOLUTE, in the indicator's own unit (target 90%, tolerance 5 points: Amber
from 85% up to 90%), or PERCENT of the target (target 200 days, tolerance 10%: the band is 20 days, so for a
"lower is better" indicator Amber is above 200 up to 220 days). A percentage of a target of 0 is 0, so for targets
of 0 use an absolute tolerance. No tolerance means no Amber band: anything worse than target is Red.

Direction of travel (``direction_of_travel``) compares a value with an earlier one, again by polarity: Improving,
Worsening, or No change when the difference is within the no-change threshold (also a ``Margin``: absolute, or a
percentage of the earlier value; a difference exactly at the threshold is No change; no threshold means only an
equal value is No change). It is Not comparable when either value is missing. ``travel`` does both comparisons an
indicator page shows: against the previous period and against the same period a year earlier; ``travel_by_period``
does them for every period of a history in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from engine.scoring.indicators import Polarity
from engine.scoring.periods import Period, parse_period, previous_period, same_period_last_year

ZERO = Decimal(0)
HUNDRED = Decimal(100)

MARGIN_NEGATIVE = "a margin must be 0 or more, not {amount}"
NOT_FINITE = "{name} must be a finite number, not {value}"


class Basis(StrEnum):
    """How a margin's amount is measured."""

    ABSOLUTE = "absolute"  # in the indicator's own unit (points for a percentage indicator)
    PERCENT = "percent"  # a percentage of a reference value: the target, or for travel the earlier value


@dataclass(frozen=True)
class Margin:
    """A band either side of a reference value: ``Margin(Basis.PERCENT, Decimal(10))`` is 10% of the reference."""

    basis: Basis
    amount: Decimal

    def __post_init__(self) -> None:
        _check_finite("a margin", self.amount)
        if self.amount < ZERO:
            raise ValueError(MARGIN_NEGATIVE.format(amount=self.amount))

    def width(self, reference: Decimal) -> Decimal:
        """The band's width around ``reference``, in the indicator's unit."""
        if self.basis is Basis.ABSOLUTE:
            return self.amount
        return abs(reference) * self.amount / HUNDRED


class RagStatus(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return {
            RagStatus.GREEN: "Green",
            RagStatus.AMBER: "Amber",
            RagStatus.RED: "Red",
            RagStatus.NO_TARGET: "No target",
            RagStatus.NO_DATA: "No data",
        }[self]


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        return {
            Direction.IMPROVING: "Improving",
            Direction.WORSENING: "Worsening",
            Direction.NO_CHANGE: "No change",
            Direction.NOT_COMPARABLE: "Not comparable",
        }[self]


def _check_finite(name: str, value: Decimal) -> None:
    if not Decimal(value).is_finite():
        raise ValueError(NOT_FINITE.format(name=name, value=value))


def shortfall(*, value: Decimal, target: Decimal, polarity: Polarity) -> Decimal:
    """How far ``value`` is worse than ``target``: positive when worse, 0 on target, negative when better."""
    _check_finite("the value", value)
    _check_finite("the target", target)
    return target - value if polarity is Polarity.HIGHER_IS_BETTER else value - target


def rag_status(
    *,
    value: Decimal | None,
    target: Decimal | None,
    polarity: Polarity,
    tolerance: Margin | None = None,
) -> RagStatus:
    """Green, Amber or Red for ``value`` against ``target`` (see the module's docstring); No data without a value,
    No target without a target."""
    if value is None:
        return RagStatus.NO_DATA
    if target is None:
        return RagStatus.NO_TARGET
    worse_by = shortfall(value=value, target=target, polarity=polarity)
    if worse_by <= ZERO:
        return RagStatus.GREEN
    band = tolerance.width(target) if tolerance is not None else ZERO
    return RagStatus.AMBER if worse_by <= band else RagStatus.RED


@dataclass(frozen=True)
class RagThresholds:
    """Where the colours change, for a key beside a chart: Green at ``target`` or better; Amber from there up to and
    including ``amber_limit``; Red beyond. ``amber_limit`` equals ``target`` when there is no Amber band."""

    target: Decimal
    amber_limit: Decimal
    polarity: Polarity


def rag_thresholds(*, target: Decimal, polarity: Polarity, tolerance: Margin | None = None) -> RagThresholds:
    band = tolerance.width(target) if tolerance is not None else ZERO
    limit = target - band if polarity is Polarity.HIGHER_IS_BETTER else target + band
    return RagThresholds(target=target, amber_limit=limit, polarity=polarity)


def direction_of_travel(
    *,
    current: Decimal | None,
    earlier: Decimal | None,
    polarity: Polarity,
    no_change: Margin | None = None,
) -> Direction:
    """Improving, Worsening or No change from ``earlier`` to ``current``; Not comparable when either is missing."""
    if current is None or earlier is None:
        return Direction.NOT_COMPARABLE
    _check_finite("the value", current)
    _check_finite("the earlier value", earlier)
    change = current - earlier
    band = no_change.width(earlier) if no_change is not None else ZERO
    if abs(change) <= band:
        return Direction.NO_CHANGE
    better = change > ZERO if polarity is Polarity.HIGHER_IS_BETTER else change < ZERO
    return Direction.IMPROVING if better else Direction.WORSENING


@dataclass(frozen=True)
class Comparison:
    """One direction of travel: this period's value against an earlier period's."""

    earlier_period: str
    earlier_value: Decimal | None
    direction: Direction


@dataclass(frozen=True)
class Travel:
    """A period's direction of travel against the previous period and against the same period a year earlier
    (for an annual indicator both compare with the year before)."""

    period: str
    value: Decimal | None
    against_previous: Comparison
    against_year_ago: Comparison


def compared_periods(period: Period) -> tuple[str, str]:
    """The labels of the periods ``period`` is compared with: the previous period and the same period a year earlier.
    "" for one before the calendar begins (January of year 1 has no month before it): no value can be recorded
    there, so the comparison is Not comparable."""
    return _earlier(period, previous_period), _earlier(period, same_period_last_year)


def _earlier(period: Period, step: Callable[[Period], Period]) -> str:
    try:
        return step(period).label
    except ValueError:
        return ""


def travel_by_period(
    *,
    values: Mapping[str, Decimal | None],
    periods: Iterable[str],
    polarity: Polarity,
    no_change: Margin | None = None,
) -> list[Travel]:
    """``travel`` for each of ``periods``, in their order, from one reading of the labels: each label of ``values``
    and of ``periods`` is parsed once, so a history of n values costs O(n), not the O(n²) of calling ``travel`` for
    each of its periods. Raises ValueError for a label that is not a period."""
    parsed: dict[str, Period] = {}

    def parse(label: str) -> Period:
        period = parsed.get(label)
        if period is None:
            period = parsed[label] = parse_period(label)
        return period

    by_label = {parse(label).label: value for label, value in values.items()}

    def against(current: Decimal | None, earlier_label: str) -> Comparison:
        earlier = by_label.get(earlier_label) if earlier_label else None
        direction = direction_of_travel(current=current, earlier=earlier, polarity=polarity, no_change=no_change)
        return Comparison(earlier_period=earlier_label, earlier_value=earlier, direction=direction)

    moves = []
    for label in periods:
        period = parse(label)
        current = by_label.get(period.label)
        previous_label, year_ago_label = compared_periods(period)
        moves.append(
            Travel(
                period=period.label,
                value=current,
                against_previous=against(current, previous_label),
                against_year_ago=against(current, year_ago_label),
            )
        )
    return moves


def travel(
    *,
    values: Mapping[str, Decimal | None],
    period: str,
    polarity: Polarity,
    no_change: Margin | None = None,
) -> Travel:
    """Direction of travel for ``period`` from an indicator's values by period label (any spelling that
    ``parse_period`` accepts; a period missing from ``values`` has no value). Raises ValueError for a label that is
    not a period. For many periods of one history, ``travel_by_period`` reads the labels once for all of them."""
    return travel_by_period(values=values, periods=[period], polarity=polarity, no_change=no_change)[0]
