"""The bridge between the outcomes app and engine/: the one module in this app that calls the engine.

RAG status, direction of travel, reporting periods and benchmark positions are all worked out by
``engine.scoring``; this module turns the app's records into the engine's values and back, and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from engine.finance.unit_cost import unit_cost as _unit_cost
from engine.finance.years import FinancialYear, financial_year_of, parse_financial_year, quarter_of
from engine.ingest.measurements import KnownIndicator
from engine.scoring import priority
from engine.scoring.benchmarks import (
    BenchmarkPosition,
    ComparatorGroup,
    benchmark_position,
    unit_cost_position,
)
from engine.scoring.indicators import Polarity, Unit
from engine.scoring.periods import Frequency, financial_year_of_period, parse_period
from engine.scoring.rag import (
    Basis,
    Comparison,
    Direction,
    Margin,
    RagStatus,
    RagThresholds,
    compared_periods,
    rag_status,
    rag_thresholds,
    travel_by_period,
)

__all__ = [
    "Basis",
    "BenchmarkPosition",
    "Direction",
    "Frequency",
    "Polarity",
    "RagStatus",
    "RagThresholds",
    "Unit",
]


def period_problem(label: str, *, frequency: str) -> str | None:
    """What is wrong with a period label for an indicator of this frequency, or None when it is fine."""
    try:
        parse_period(label, frequency=Frequency(frequency))
    except ValueError as exc:
        return str(exc)
    return None


def normalise_period(label: str, *, frequency: str) -> str:
    """The canonical label ("2026-4" is "2026-04"). Raises ValueError naming the problem."""
    return parse_period(label, frequency=Frequency(frequency)).label


def period_starts(label: str) -> dt.date:
    return parse_period(label).starts


def current_period(frequency: str, today: dt.date | None = None) -> str:
    """The latest period of this frequency that has ended by ``today`` (the one a value is usually entered for)."""
    today = today or timezone.localdate()
    period: Any = parse_period(financial_year_of(today).label)
    if frequency == Frequency.MONTHLY:
        period = parse_period(f"{today.year:04d}-{today.month:02d}")
    elif frequency == Frequency.QUARTERLY:
        period = quarter_of(today)
    return str(period.previous().label)


def year_of_period(label: str) -> str:
    """The financial year a period falls in (benchmarks are per financial year)."""
    return financial_year_of_period(parse_period(label)).label


def financial_year_problem(label: str) -> str | None:
    try:
        parse_financial_year(label)
    except ValueError as exc:
        return str(exc)
    return None


def margin(basis: str, amount: Decimal | None) -> Margin | None:
    if not basis or amount is None:
        return None
    return Margin(Basis(basis), amount)


def rag(
    *, value: Decimal | None, target: Decimal | None, polarity: str, basis: str, tolerance: Decimal | None
) -> RagStatus:
    return rag_status(value=value, target=target, polarity=Polarity(polarity), tolerance=margin(basis, tolerance))


def window_start(frequency: str, latest: str | None, years: int) -> str | None:
    """The first period of the `years` years that end with `latest` (labels of one frequency sort in time); "" (before
    every label) when they would begin before the calendar does."""
    if latest is None:
        return None
    period = parse_period(latest)
    steps = Frequency(frequency).periods_per_year * years - 1
    if isinstance(period, FinancialYear):
        return FinancialYear(period.start_year - steps).label
    try:
        return period.plus(-steps).label
    except ValueError:  # before January of year 1, where months begin: every period is in the window
        return ""


def thresholds(*, target: Decimal, polarity: str, basis: str, tolerance: Decimal | None) -> RagThresholds:
    return rag_thresholds(target=target, polarity=Polarity(polarity), tolerance=margin(basis, tolerance))


@dataclass(frozen=True)
class PeriodStatus:
    """One period of an indicator: its value, target, RAG status and direction of travel."""

    period: str
    value: Decimal | None
    target: Decimal | None
    amber_limit: Decimal | None
    rag: RagStatus
    against_previous: Comparison
    against_year_ago: Comparison
    measurement: Any = None  # the Measurement record, for who entered it and the note
    target_record: Any = None


@dataclass(frozen=True)
class IndicatorSeries:
    """Every period of an indicator that has a value or a target, oldest first."""

    periods: tuple[PeriodStatus, ...]

    @property
    def latest(self) -> PeriodStatus | None:
        """The latest period with a value."""
        with_values = [p for p in self.periods if p.value is not None]
        return with_values[-1] if with_values else None


def indicator_series(*, polarity: str, measurements: Iterable[Any], targets: Iterable[Any]) -> IndicatorSeries:
    """RAG status and travel for every period that has a value or a target, from an indicator's current Measurement
    and Target records, in one pass over them."""
    measurements, targets = list(measurements), list(targets)
    labels = {m.period for m in measurements} | {t.period for t in targets}
    starts = {label: parse_period(label).starts for label in labels}
    return IndicatorSeries(
        periods=tuple(
            period_statuses(
                polarity=polarity,
                periods=sorted(labels, key=starts.__getitem__),
                measurements=measurements,
                targets=targets,
            )
        )
    )


def period_statuses(
    *, polarity: str, periods: Sequence[str], measurements: Iterable[Any], targets: Iterable[Any]
) -> list[PeriodStatus]:
    """RAG status and travel for each of ``periods``, in their order. ``measurements`` must include those of the
    periods each is compared with (``compared_with``); ``targets`` need only be those of ``periods``."""
    by_period = {m.period: m for m in measurements}
    target_by_period = {t.period: t for t in targets}
    values: Mapping[str, Decimal | None] = {period: m.value for period, m in by_period.items()}
    engine_polarity = Polarity(polarity)
    moves = travel_by_period(values=values, periods=periods, polarity=engine_polarity)
    rows = []
    for period, moved in zip(periods, moves, strict=True):
        measurement = by_period.get(period)
        target = target_by_period.get(period)
        tolerance = margin(target.tolerance_basis, target.tolerance) if target is not None else None
        value = measurement.value if measurement is not None else None
        status = rag_status(
            value=value,
            target=target.target if target is not None else None,
            polarity=engine_polarity,
            tolerance=tolerance,
        )
        limit = (
            rag_thresholds(target=target.target, polarity=engine_polarity, tolerance=tolerance).amber_limit
            if target is not None
            else None
        )
        rows.append(
            PeriodStatus(
                period=period,
                value=value,
                target=target.target if target is not None else None,
                amber_limit=limit,
                rag=status,
                against_previous=moved.against_previous,
                against_year_ago=moved.against_year_ago,
                measurement=measurement,
                target_record=target,
            )
        )
    return rows


def compared_with(periods: Iterable[str]) -> set[str]:
    """The periods whose values the direction of travel of ``periods`` needs: each period, the one before it and the
    same period a year earlier."""
    labels: set[str] = set()
    for label in periods:
        period = parse_period(label)
        labels.update((period.label, *compared_periods(period)))
    labels.discard("")
    return labels


def comparator_group(council_code: str, comparator_codes: Sequence[str]) -> ComparatorGroup | None:
    """The engine's group, or None when the council has no code or no comparators yet."""
    codes = tuple(code for code in comparator_codes if code != council_code)
    if not council_code or not codes:
        return None
    return ComparatorGroup(council=council_code, comparators=codes)


def position(*, group: ComparatorGroup, values: Mapping[str, Decimal | None], polarity: str) -> BenchmarkPosition:
    return benchmark_position(group=group, values=values, polarity=Polarity(polarity))


def unit_cost_benchmark(*, group: ComparatorGroup, unit_costs: Mapping[str, Decimal | None]) -> BenchmarkPosition:
    return unit_cost_position(group=group, unit_costs=unit_costs)


def above_upper_quartile_needs(comparators: int) -> int:
    """How many of its comparators' figures a value must be above to be above their upper quartile (QUARTILE.INC:
    the point (n - 1) x 3/4 of the way along them, so above the figure at that position rounded down, and every
    figure before it). A service's unit cost can only be in the worst quartile of the council and its comparators
    when it is above its comparators' upper quartile, so this picks the services worth a full benchmark position
    (tests/commissioning/outcomes: checked against the engine's quartiles)."""
    return (comparators - 1) * 3 // 4 + 1 if comparators else 1


def unit_cost(*, gross_budget: Decimal, annual_demand: int) -> Decimal | None:
    """A service's unit cost from its budget, as ``services.Service.unit_cost`` works it out."""
    return _unit_cost(gross_budget=gross_budget, annual_demand=annual_demand)


def known_indicators(indicators: Iterable[tuple[str, str, str]]) -> dict[str, KnownIndicator]:
    """What the measurements importer (engine.ingest.measurements) needs to check rows: code -> frequency and unit,
    from (code, frequency, unit) triples."""
    return {
        code: KnownIndicator(frequency=Frequency(frequency), unit=Unit(unit)) for code, frequency, unit in indicators
    }


# The prioritisation model (commissioning.core.priority): the criteria this app scores from its data, by the bands
# documented in engine.scoring.priority.
def savings_score(unit_cost: Decimal, comparator_median: Decimal) -> int:
    return priority.savings_score(unit_cost, comparator_median)


def percent_above_median(unit_cost: Decimal, comparator_median: Decimal) -> Decimal:
    return priority.percent_above(unit_cost, comparator_median)


def performance_score(off_target: int, off_target_and_worsening: int) -> int:
    return priority.performance_score(off_target, off_target_and_worsening)


def strategic_fit_score(priorities: int) -> int:
    return priority.strategic_fit_score(priorities)
