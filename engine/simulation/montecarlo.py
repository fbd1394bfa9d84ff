"""Monte Carlo simulation of an options appraisal, and the data for a tornado chart.

Each option's lines are drawn independently of every other option's (no correlation between options is modelled),
from a numpy ``Generator`` seeded with ``seed`` (``DEFAULT_SEED`` unless given), so a run is repeatable. Per option:

- ``p10``, ``p50``, ``p90``: percentiles of the simulated NPSV (numpy's linear interpolation): a 10% chance that
  NPSV comes out below ``p10`` and a 10% chance above ``p90``;
- ``mean``: the mean simulated NPSV;
- ``probability_beats_bau``: the share of draws whose NPSV is strictly higher than business as usual's in the same
  draw, to 4 decimal places (None for business as usual itself).

The tornado bars need no random numbers: for each line with a range, the option's NPSV with that line at its
minimum and at its maximum while every line sits at its most likely value; bars come largest swing first.
Note that a line's range and optimism bias both apply: once a risk is quantified in a range, reduce the optimism
bias for it (the Green Book warns against counting the same risk twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np

from engine.finance.appraisal import (
    AppraisalInput,
    LineKind,
    OptionInput,
    OptionKind,
    line_present_values,
    to_pence,
)
from engine.finance.discounting import PRECISION
from engine.simulation.distributions import FloatArray, UncertainLines, npsv_draws

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2026
PROBABILITY_PLACES = Decimal("0.0001")
PERCENTILES = (10.0, 50.0, 90.0)


@dataclass(frozen=True)
class TornadoBar:
    """One line's effect: the option's NPSV with this line at its lowest and at its highest multiplier, every other
    line at its most likely. (For an absolute range on a line that totals below 0, the lowest multiplier is the
    range's maximum.)"""

    line_index: int
    kind: LineKind
    category: str
    label: str
    npsv_at_minimum: Decimal
    npsv_at_maximum: Decimal
    swing: Decimal  # |npsv_at_maximum - npsv_at_minimum|


@dataclass(frozen=True)
class OptionSimulation:
    name: str
    kind: OptionKind
    p10: Decimal
    p50: Decimal
    p90: Decimal
    mean: Decimal
    probability_beats_bau: Decimal | None
    npsv_at_most_likely: Decimal  # every line at its most likely value: the tornado's centre line
    tornado: tuple[TornadoBar, ...]


@dataclass(frozen=True)
class SimulationResult:
    draws: int
    seed: int
    options: tuple[OptionSimulation, ...]

    def option(self, name: str) -> OptionSimulation:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)


def _money(value: float) -> Decimal:
    return to_pence(Decimal(value))


def tornado(appraisal: AppraisalInput, option: OptionInput) -> tuple[Decimal, tuple[TornadoBar, ...]]:
    """The NPSV with every line at its most likely value, and one bar per line with a range, largest swing first."""
    values = line_present_values(appraisal, option)
    multipliers = [line.multipliers() for line in option.lines]
    bars = []
    with localcontext() as context:
        context.prec = PRECISION
        centre = sum(
            (likely * value for (_low, likely, _high), value in zip(multipliers, values, strict=True)), Decimal(0)
        )
        for index, (line, value, (low, likely, high)) in enumerate(zip(option.lines, values, multipliers, strict=True)):
            if line.range is None:
                continue
            at_minimum = centre + (low - likely) * value
            at_maximum = centre + (high - likely) * value
            bars.append(
                TornadoBar(
                    line_index=index,
                    kind=line.kind,
                    category=line.category,
                    label=line.name,
                    npsv_at_minimum=to_pence(at_minimum),
                    npsv_at_maximum=to_pence(at_maximum),
                    swing=to_pence(abs(at_maximum - at_minimum)),
                )
            )
    bars.sort(key=lambda bar: (-bar.swing, bar.line_index))
    return to_pence(centre), tuple(bars)


def simulate_npsv(
    appraisal: AppraisalInput, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> dict[str, FloatArray]:
    """The simulated NPSVs of every option (name -> array of ``draws`` floats), options drawn in input order."""
    if draws < 1:
        raise ValueError(f"draws is {draws}: it must be 1 or more")
    rng = np.random.default_rng(seed)
    return {
        option.name: npsv_draws(rng, UncertainLines.of_option(appraisal, option), draws) for option in appraisal.options
    }


def simulate(appraisal: AppraisalInput, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> SimulationResult:
    """Monte Carlo risk analysis of every option (see the module docstring for what each figure means)."""
    samples = simulate_npsv(appraisal, draws=draws, seed=seed)
    bau = samples[appraisal.bau.name]
    options = []
    for option in appraisal.options:
        npsv = samples[option.name]
        p10, p50, p90 = (float(value) for value in np.percentile(npsv, PERCENTILES))
        probability = None
        if option.kind is not OptionKind.BAU:
            wins = int(np.count_nonzero(npsv > bau))
            probability = (Decimal(wins) / Decimal(draws)).quantize(PROBABILITY_PLACES, rounding=ROUND_HALF_UP)
        centre, bars = tornado(appraisal, option)
        options.append(
            OptionSimulation(
                name=option.name,
                kind=option.kind,
                p10=_money(p10),
                p50=_money(p50),
                p90=_money(p90),
                mean=_money(float(npsv.mean())),
                probability_beats_bau=probability,
                npsv_at_most_likely=centre,
                tornado=bars,
            )
        )
    return SimulationResult(draws=draws, seed=seed, options=tuple(options))
