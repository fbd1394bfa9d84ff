"""Monte Carlo benchmark: 100,000 draws for 6 options of 20 lines over 10 years.

Targets (from the Plan issue):

1. ``engine.simulation.montecarlo.simulate`` takes under 2 seconds (median of ``RUNS`` runs).
2. That is within 3x of the floor: the median time numpy alone takes to draw the same random numbers (per option,
   one ``Generator.triangular`` call for its triangular lines and one ``Generator.beta`` call for its PERT lines,
   with the same parameters, and nothing else).

Every line carries a range, half triangular and half PERT, so all 12 million numbers are random draws. Also
reported, without a target: the deterministic appraisal (Decimal) of the same shortlist. Results go to
``bench/results/montecarlo.json``.

    .venv/bin/python bench/bench_montecarlo.py     # or: .venv/bin/python bench/run.py montecarlo
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from engine.finance.appraisal import (  # noqa: E402
    AppraisalInput,
    Distribution,
    Line,
    LineKind,
    LineRange,
    OptionInput,
    OptionKind,
    appraise,
)
from engine.simulation.montecarlo import simulate  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "montecarlo.json"
DRAWS = 100_000
OPTIONS = 6
LINES = 20
YEARS = 10
RUNS = 7
SECONDS_TARGET = 2.0
RATIO_TARGET = 3.0
SEED = 2026
KINDS = (
    LineKind.RECURRING_COST,
    LineKind.TRANSITION_COST,
    LineKind.CASHABLE_BENEFIT,
    LineKind.NON_CASHABLE_BENEFIT,
    LineKind.INCOME,
)


def shortlist() -> AppraisalInput:
    """An invented shortlist, the same every run."""
    rng = random.Random(SEED)
    options = []
    for number in range(OPTIONS):
        lines = []
        for index in range(LINES):
            kind = KINDS[index % len(KINDS)]
            yearly = Decimal(rng.randrange(10_000, 2_000_000)) / 100
            years = 1 if kind is LineKind.TRANSITION_COST else YEARS
            low = Decimal(rng.randrange(50, 100)) / 100
            high = Decimal(rng.randrange(101, 200)) / 100
            distribution = Distribution.PERT if index % 2 else Distribution.TRIANGULAR
            lines.append(
                Line(
                    kind,
                    f"line {index}",
                    (yearly,) * years,
                    LineRange(low, Decimal(1), high, distribution=distribution),
                )
            )
        option_kind = OptionKind.BAU if number == 0 else OptionKind.DO_MINIMUM if number == 1 else OptionKind.OPTION
        options.append(OptionInput(f"option {number}", option_kind, tuple(lines), optimism_bias=Decimal("0.2")))
    return AppraisalInput(base_year=2026, options=tuple(options), horizon_years=YEARS)


def floor_draws(appraisal: AppraisalInput) -> Callable[[], None]:
    """numpy alone drawing the same random numbers: the parameters are built before timing starts."""
    calls: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    for option in appraisal.options:
        ranges = [(line.multipliers(), line.range) for line in option.lines]
        tri = np.array([[float(v) for v in m] for m, r in ranges if r and r.distribution is Distribution.TRIANGULAR])
        pert = np.array([[float(v) for v in m] for m, r in ranges if r and r.distribution is Distribution.PERT])
        if len(tri):
            calls.append(("triangular", tri[:, 0], tri[:, 1], tri[:, 2]))
        if len(pert):
            low, likely, high = pert[:, 0], pert[:, 1], pert[:, 2]
            calls.append(("beta", 1 + 4 * (likely - low) / (high - low), 1 + 4 * (high - likely) / (high - low), high))

    def draw() -> None:
        rng = np.random.default_rng(SEED)
        for kind, first, second, third in calls:
            size = (DRAWS, first.size)
            if kind == "triangular":
                rng.triangular(first, second, third, size=size)
            else:
                rng.beta(first, second, size=size)

    return draw


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def interleaved(first: Callable[[], object], second: Callable[[], object]) -> tuple[list[float], list[float]]:
    """Time two actions ``RUNS`` times each, taking turns (and turns at going first), after one untimed warm-up
    each, so that noise from elsewhere on the machine falls on both alike."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for run in range(RUNS):
        order = (0, 1) if run % 2 == 0 else (1, 0)
        for which in order:
            times[which].append(timed((first, second)[which]))
    return times


def main() -> int:
    load = os.getloadavg()
    appraisal = shortlist()
    numbers = DRAWS * OPTIONS * LINES
    print(f"Monte Carlo: {DRAWS:,} draws x {OPTIONS} options x {LINES} lines over {YEARS} years ({numbers:,} numbers)")
    simulation_runs, floor_runs = interleaved(
        lambda: simulate(appraisal, draws=DRAWS, seed=SEED), floor_draws(appraisal)
    )
    simulation, floor = statistics.median(simulation_runs), statistics.median(floor_runs)
    deterministic = statistics.median(timed(lambda: appraise(appraisal)) for _ in range(RUNS))
    ratio = simulation / floor
    within_time = simulation < SECONDS_TARGET
    within_ratio = ratio <= RATIO_TARGET
    print(f"  simulate()                 {simulation:7.3f} s (median of {RUNS}; target < {SECONDS_TARGET:.1f} s)")
    print(f"  numpy draws alone (floor)  {floor:7.3f} s (median of {RUNS}, taking turns with simulate())")
    print(f"  ratio to floor             {ratio:7.2f} x (target <= {RATIO_TARGET:.1f} x)")
    print(f"  deterministic appraise()   {deterministic * 1000:7.1f} ms (no target)")
    passed = within_time and within_ratio
    verdict = f"time {'ok' if within_time else 'over'}, ratio {'ok' if within_ratio else 'over'}"
    print(("PASS" if passed else "FAIL") + ": " + verdict)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "montecarlo",
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "environment": {
                    "python": platform.python_version(),
                    "numpy": np.__version__,
                    "machine": platform.machine(),
                    "load_average_at_start": [round(value, 2) for value in load],
                },
                "draws": DRAWS,
                "options": OPTIONS,
                "lines": LINES,
                "years": YEARS,
                "simulate_seconds": round(simulation, 4),
                "simulate_runs": [round(t, 4) for t in simulation_runs],
                "floor_seconds": round(floor, 4),
                "floor_runs": [round(t, 4) for t in floor_runs],
                "ratio_to_floor": round(ratio, 3),
                "deterministic_seconds": round(deterministic, 5),
                "targets": {"seconds": SECONDS_TARGET, "ratio": RATIO_TARGET},
                "passed": passed,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
