"""The medium-term gap and how savings close it: the gap per year, a savings tracker's columns and the waterfall from
the gap to what is left (ADR 0024). Money is Decimal throughout."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MtfsYear:
    """One year of the medium-term financial strategy: what the council expects to have and to need."""

    year: str
    funding: Decimal
    spending: Decimal

    @property
    def gap(self) -> Decimal:
        """Spending less funding: positive is a gap to close, negative a surplus."""
        return self.spending - self.funding


@dataclass(frozen=True)
class SavingsFigures:
    """One savings line's figures for a year (or many lines' summed): agreed is the in-year saving planned now,
    forecast what is expected, realised what evidence shows; at_risk marks a line whose confidence is amber or red;
    undeliverable a line found undeliverable (its forecast is then nothing)."""

    agreed: Decimal
    forecast: Decimal
    realised: Decimal = ZERO
    at_risk: bool = False
    undeliverable: bool = False


@dataclass(frozen=True)
class GapClosure:
    """How far savings close one year's gap. ``identified + remaining == gap``; ``delivered`` and ``at_risk`` are
    parts of ``identified``."""

    year: str
    funding: Decimal
    spending: Decimal
    gap: Decimal
    identified: Decimal
    delivered: Decimal
    at_risk: Decimal
    remaining: Decimal


def gap_closure(mtfs: MtfsYear, lines: Iterable[SavingsFigures]) -> GapClosure:
    """The year's gap and the savings that close it: identified (agreed on lines still being delivered), delivered
    (realised) and at risk (agreed but not yet realised on amber or red lines)."""
    identified = delivered = at_risk = ZERO
    for line in lines:
        if line.undeliverable:
            continue
        identified += line.agreed
        delivered += line.realised
        if line.at_risk:
            at_risk += max(line.agreed - line.realised, ZERO)
    gap = mtfs.gap
    return GapClosure(
        year=mtfs.year,
        funding=mtfs.funding,
        spending=mtfs.spending,
        gap=gap,
        identified=identified,
        delivered=delivered,
        at_risk=at_risk,
        remaining=gap - identified,
    )


@dataclass(frozen=True)
class TrackerRow:
    """A savings tracker's columns, as councils keep them: the target (the gap savings must close), what is agreed,
    the forecast, what is unachievable (agreed but not forecast) and what is still to be identified."""

    target: Decimal
    agreed: Decimal
    forecast: Decimal
    realised: Decimal
    unachievable: Decimal
    to_identify: Decimal


def tracker_row(*, target: Decimal, lines: Iterable[SavingsFigures]) -> TrackerRow:
    """The columns for a target and the lines that meet it. Undeliverable lines count as agreed and unachievable."""
    agreed = forecast = realised = ZERO
    for line in lines:
        agreed += line.agreed
        forecast += ZERO if line.undeliverable else line.forecast
        realised += line.realised
    return TrackerRow(
        target=target,
        agreed=agreed,
        forecast=forecast,
        realised=realised,
        unachievable=max(agreed - forecast, ZERO),
        to_identify=max(target - agreed, ZERO),
    )


@dataclass(frozen=True)
class WaterfallStep:
    """One bar of the waterfall: it runs from ``start`` to ``end``; a total bar starts at zero."""

    label: str
    amount: Decimal
    start: Decimal
    end: Decimal
    total: bool


def waterfall(
    *, gap: Decimal, steps: Sequence[tuple[str, Decimal]], left_label: str = "Gap left"
) -> list[WaterfallStep]:
    """From the gap down to what is left: the gap as a total bar, each step closing it by its amount, then the gap
    left as a total bar (``gap - sum(steps)``)."""
    bars = [WaterfallStep(label="MTFS gap", amount=gap, start=ZERO, end=gap, total=True)]
    level = gap
    for label, amount in steps:
        bars.append(WaterfallStep(label=label, amount=-amount, start=level, end=level - amount, total=False))
        level -= amount
    bars.append(WaterfallStep(label=left_label, amount=level, start=ZERO, end=level, total=True))
    return bars


def savings_waterfall(
    closure: GapClosure, *, forecast_on_track: Decimal, forecast_at_risk: Decimal
) -> list[WaterfallStep]:
    """The gap, less what is delivered, what is forecast on green lines, what is forecast on amber and red lines,
    to the gap left. ``forecast_*`` are forecasts not yet realised."""
    return waterfall(
        gap=closure.gap,
        steps=[
            ("Delivered", closure.delivered),
            ("Forecast: on track", forecast_on_track),
            ("Forecast: at risk", forecast_at_risk),
        ],
    )


def move_slippage(plan: dict[str, Decimal], *, from_year: str, to_year: str, amount: Decimal) -> dict[str, Decimal]:
    """A plan by year after moving ``amount`` from one year to a later one: the total never changes. Raises
    ValueError when the move is not to a later year, or is more than the year has, or is not positive."""
    if to_year <= from_year:
        raise ValueError("later")
    if amount <= 0:
        raise ValueError("positive")
    if amount > plan.get(from_year, ZERO):
        raise ValueError("too much")
    moved = dict(plan)
    moved[from_year] = moved.get(from_year, ZERO) - amount
    moved[to_year] = moved.get(to_year, ZERO) + amount
    return moved
