"""Where a council sits among its comparators: rank, quartile, and the comparator median.

A council's comparator group is a list of similar councils (for example CIPFA's nearest neighbours), by ONS code.
Benchmark values come per indicator and year; values of councils outside the group are ignored, and a member
without a value (None or absent) is left out of the ranking and listed in ``missing``.

Rank (``rank_values``): 1 is best, by the indicator's polarity. Tied values share the best rank of their group
and the next rank skips ("1, 2, 2, 4": standard competition ranking), so every council's rank is 1 + the number
of councils strictly better than it. Without ties the ranks are 1 to n. The ranking lists tied councils by ONS
code, so it is the same every time.

Quartiles (``quartiles``): the boundaries are Excel's QUARTILE.INC (numpy's default "linear" percentile, method 7
of Hyndman and Fan) over the values of every member with a value, the council's own included, so an analyst can
check them in a spreadsheet. Quartile 1 is the best quarter: for "higher is better" a value at or above the upper
boundary is in quartile 1, at or above the median in 2, at or above the lower boundary in 3, and below it in 4 (for
"lower is better" the same, mirrored). A value exactly on a boundary goes to the better quartile, so tied values
always share a quartile. With fewer than ``MIN_VALUES_FOR_QUARTILES`` (4) values there are no quartiles to speak
of: ``quartile`` and ``quartiles`` are None, and the rank still shows the position.

The comparator median (``comparator_median``) is the median of the comparators' values, without the council's
own: it is what the council is compared with. The difference is the council's value less that median; the
percentage difference is that over the median, to 0.1% (None when the median is 0).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from engine.scoring.indicators import Polarity

MIN_VALUES_FOR_QUARTILES = 4
ONS_CODE = re.compile(r"[EWSN][0-9]{8}")
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)

ONS_CODE_INVALID = '"{code}" is not an ONS code: it is a letter (E, W, S or N) and 8 digits, like E06000023'
COUNCIL_IN_COMPARATORS = "{code} is the council itself: its comparator group lists other councils"
COMPARATOR_TWICE = "{code} is in the comparator group twice"
NO_COMPARATORS = "a comparator group needs at least one comparator"
NO_VALUES = "quartiles need at least one value"


@dataclass(frozen=True)
class ComparatorGroup:
    """A council (ONS code) and the councils it benchmarks against, in the order the source lists them."""

    council: str
    comparators: tuple[str, ...]

    def __post_init__(self) -> None:
        for code in (self.council, *self.comparators):
            if not ONS_CODE.fullmatch(code):
                raise ValueError(ONS_CODE_INVALID.format(code=code))
        if not self.comparators:
            raise ValueError(NO_COMPARATORS)
        seen: set[str] = set()
        for code in self.comparators:
            if code == self.council:
                raise ValueError(COUNCIL_IN_COMPARATORS.format(code=code))
            if code in seen:
                raise ValueError(COMPARATOR_TWICE.format(code=code))
            seen.add(code)

    @property
    def members(self) -> tuple[str, ...]:
        """The council, then its comparators."""
        return (self.council, *self.comparators)


@dataclass(frozen=True)
class Ranked:
    ons_code: str
    value: Decimal
    rank: int


@dataclass(frozen=True)
class Quartiles:
    """QUARTILE.INC boundaries: ``lower`` (25th percentile), ``median`` and ``upper`` (75th)."""

    lower: Decimal
    median: Decimal
    upper: Decimal


def _better_first(polarity: Polarity, value: Decimal) -> Decimal:
    return -value if polarity is Polarity.HIGHER_IS_BETTER else value


def rank_values(values: Mapping[str, Decimal], *, polarity: Polarity) -> tuple[Ranked, ...]:
    """Every value ranked, best first (ties by ONS code); rank 1 is best and tied values share a rank."""
    ordered = sorted(values.items(), key=lambda item: (_better_first(polarity, item[1]), item[0]))
    ranked: list[Ranked] = []
    for position, (code, value) in enumerate(ordered, start=1):
        tied_with_previous = ranked and ranked[-1].value == value
        ranked.append(Ranked(code, value, ranked[-1].rank if tied_with_previous else position))
    return tuple(ranked)


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value, or the mean of the two middle values. Raises ValueError when there are none."""
    return quartiles(values).median


def _quartile_inc(ordered: Sequence[Decimal], quarters: int) -> Decimal:
    """QUARTILE.INC(values, quarters): linear interpolation at position (n - 1) x quarters / 4, exactly."""
    position = (len(ordered) - 1) * quarters
    below, remainder = divmod(position, 4)
    if remainder == 0:
        return ordered[below]
    return ordered[below] + (ordered[below + 1] - ordered[below]) * remainder / 4


def quartiles(values: Sequence[Decimal]) -> Quartiles:
    if not values:
        raise ValueError(NO_VALUES)
    ordered = sorted(values)
    return Quartiles(
        lower=_quartile_inc(ordered, 1),
        median=_quartile_inc(ordered, 2),
        upper=_quartile_inc(ordered, 3),
    )


def quartile_of(value: Decimal, boundaries: Quartiles, *, polarity: Polarity) -> int:
    """1 (best quarter) to 4 (worst); a value on a boundary goes to the better side."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        limits = (boundaries.upper, boundaries.median, boundaries.lower)
        return next((number for number, limit in enumerate(limits, start=1) if value >= limit), 4)
    limits = (boundaries.lower, boundaries.median, boundaries.upper)
    return next((number for number, limit in enumerate(limits, start=1) if value <= limit), 4)


def percent_difference(value: Decimal, reference: Decimal) -> Decimal | None:
    """(value - reference) / |reference| as a percentage to 0.1; None when the reference is 0."""
    if reference == 0:
        return None
    return ((value - reference) / abs(reference) * HUNDRED).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BenchmarkPosition:
    council: str
    value: Decimal | None
    rank: int | None  # None when the council has no value
    ranked: int  # members with a value, the council included
    quartile: int | None  # 1 best to 4 worst; None without a value or with fewer than 4 values
    quartiles: Quartiles | None
    comparator_median: Decimal | None  # None when no comparator has a value
    difference_from_median: Decimal | None  # value - comparator median
    percent_from_median: Decimal | None
    ranking: tuple[Ranked, ...]  # best first
    missing: tuple[str, ...]  # members without a value, in the group's order

    polarity: Polarity

    @property
    def better_than_median(self) -> bool | None:
        """True when better than the comparator median (by polarity), False when worse, None when equal or
        unknown."""
        if self.difference_from_median is None or self.difference_from_median == 0:
            return None
        return (self.difference_from_median > 0) is (self.polarity is Polarity.HIGHER_IS_BETTER)


def benchmark_position(
    *,
    group: ComparatorGroup,
    values: Mapping[str, Decimal | None],
    polarity: Polarity,
) -> BenchmarkPosition:
    """Where ``group.council`` sits among its comparators for one indicator and year (see the module's docstring)."""
    known: dict[str, Decimal] = {}
    for code in group.members:
        value = values.get(code)
        if value is not None:
            known[code] = value
    missing = tuple(code for code in group.members if code not in known)
    ranking = rank_values(known, polarity=polarity)
    own = known.get(group.council)
    rank = next((entry.rank for entry in ranking if entry.ons_code == group.council), None)
    boundaries = quartiles(list(known.values())) if len(known) >= MIN_VALUES_FOR_QUARTILES else None
    quartile = quartile_of(own, boundaries, polarity=polarity) if own is not None and boundaries else None
    comparator_values = [value for code, value in known.items() if code != group.council]
    middle = median(comparator_values) if comparator_values else None
    difference = own - middle if own is not None and middle is not None else None
    return BenchmarkPosition(
        council=group.council,
        value=own,
        rank=rank,
        ranked=len(known),
        quartile=quartile,
        quartiles=boundaries,
        comparator_median=middle,
        difference_from_median=difference,
        percent_from_median=percent_difference(own, middle) if own is not None and middle is not None else None,
        ranking=ranking,
        missing=missing,
        polarity=polarity,
    )


def unit_cost_position(*, group: ComparatorGroup, unit_costs: Mapping[str, Decimal | None]) -> BenchmarkPosition:
    """A service's unit cost against the same service's unit costs in the comparator councils: lower is ranked
    better (rank 1 is the cheapest), and the comparator median and the difference from it are to the penny."""
    position = benchmark_position(group=group, values=unit_costs, polarity=Polarity.LOWER_IS_BETTER)
    if position.comparator_median is None:
        return position
    middle = position.comparator_median.quantize(PENNY, rounding=ROUND_HALF_UP)
    difference = position.value - middle if position.value is not None else None
    return replace(
        position,
        comparator_median=middle,
        difference_from_median=difference,
        percent_from_median=percent_difference(position.value, middle) if position.value is not None else None,
    )
