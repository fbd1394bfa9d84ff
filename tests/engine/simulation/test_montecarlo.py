"""Monte Carlo over a shortlist: percentiles, the chance of beating business as usual, tornado data."""

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.finance.appraisal import (
    AppraisalInput,
    Line,
    LineKind,
    LineRange,
    OptionInput,
    appraise,
    line_present_values,
)
from engine.simulation.montecarlo import DEFAULT_DRAWS, DEFAULT_SEED, simulate, simulate_npsv, tornado

D = Decimal


def line(kind, amounts, rng=None, **extra):
    return Line(kind, extra.pop("category", kind.value), tuple(D(a) for a in amounts), rng, **extra)


def shortlist(*options, years=1):
    return AppraisalInput(2026, options, horizon_years=years)


BAU = OptionInput("BAU", "bau", (line(LineKind.RECURRING_COST, [100]),))


def test_percentiles_of_a_known_distribution():
    # One benefit of 100 in year 0 (undiscounted), triangular on multipliers (0, 1, 2). Below the mode the CDF is
    # x^2 / 2, so P10 is sqrt(0.2) = 0.4472 -> 44.72; by symmetry P50 is 100 and P90 155.28.
    option = OptionInput("A", "option", (line(LineKind.INCOME, [100], LineRange(D(0), D(1), D(2))),))
    result = simulate(shortlist(BAU, option), draws=40_000, seed=11).option("A")
    assert float(result.p10) == pytest.approx(44.72, abs=1.0)
    assert float(result.p50) == pytest.approx(100.0, abs=1.0)
    assert float(result.p90) == pytest.approx(155.28, abs=1.0)
    # NPSV beats BAU's -100 in every draw.
    assert result.probability_beats_bau == D("1.0000")


def test_probability_of_beating_business_as_usual():
    # Same cost, same symmetric range, drawn independently: each beats the other about half the time.
    ranged = (line(LineKind.RECURRING_COST, [100], LineRange(D("0.5"), D(1), D("1.5"))),)
    appraisal = shortlist(
        OptionInput("BAU", "bau", ranged),
        OptionInput("Twin", "option", ranged),
        OptionInput("Cheaper", "option", (line(LineKind.RECURRING_COST, [10]),)),
        OptionInput("Dearer", "option", (line(LineKind.RECURRING_COST, [1000]),)),
    )
    result = simulate(appraisal, draws=20_000)
    assert result.option("BAU").probability_beats_bau is None
    assert float(result.option("Twin").probability_beats_bau) == pytest.approx(0.5, abs=0.02)
    assert result.option("Cheaper").probability_beats_bau == D("1.0000")
    assert result.option("Dearer").probability_beats_bau == D("0.0000")


def test_lines_without_ranges_give_the_deterministic_npsv():
    option = OptionInput(
        "A", "option", (line(LineKind.RECURRING_COST, [100, 200, 300]), line(LineKind.CASHABLE_BENEFIT, [0, 500, 500]))
    )
    appraisal = shortlist(BAU, option, years=3)
    simulated = simulate(appraisal, draws=500).option("A")
    deterministic = appraise(appraisal).option("A").npsv
    assert abs(simulated.p10 - deterministic) <= D("0.01")
    assert simulated.p10 == simulated.p50 == simulated.p90 == simulated.mean
    assert simulated.tornado == ()


def test_the_same_seed_repeats_and_another_does_not():
    option = OptionInput(
        "A", "option", (line(LineKind.INCOME, [100], LineRange(D(0), D(1), D(2), distribution="pert")),)
    )
    appraisal = shortlist(BAU, option)
    assert simulate(appraisal) == simulate(appraisal, draws=DEFAULT_DRAWS, seed=DEFAULT_SEED)
    assert simulate(appraisal, seed=1).option("A").p50 != simulate(appraisal, seed=2).option("A").p50
    with pytest.raises(ValueError, match="1 or more"):
        simulate(appraisal, draws=0)


def test_tornado_by_hand():
    # Year 0 only, so present values are the amounts; costs carry 10% optimism bias.
    #   contract: cost 1,000 -> PV 1,100, range 0.9-1.2
    #   benefit: 600, PERT range 0.5-1.5
    #   ICT: cost 50 -> PV 55, absolute range 50 / 60 / 90 on a total of 50, so multipliers 1 / 1.2 / 1.8
    #   non-cashable: 5, no range (no bar)
    # Centre, every line at its most likely: -1,100 + 600 - 55 x 1.2 + 5 = -561.
    #   benefit:  -561 - 300 = -861 at its minimum, -561 + 300 = -261 at its maximum; swing 600
    #   contract: -561 + 110 = -451 at its minimum, -561 - 220 = -781 at its maximum; swing 330
    #   ICT:      -561 + 11 = -550 at its minimum, -561 - 33 = -594 at its maximum; swing 44
    option = OptionInput(
        "A",
        "option",
        (
            line(LineKind.RECURRING_COST, [1000], LineRange(D("0.9"), D(1), D("1.2")), category="contract"),
            line(LineKind.CASHABLE_BENEFIT, [600], LineRange(D("0.5"), D(1), D("1.5"), distribution="pert")),
            line(LineKind.TRANSITION_COST, [50], LineRange(D(50), D(60), D(90), basis="absolute"), category="ict"),
            line(LineKind.NON_CASHABLE_BENEFIT, [5]),
        ),
        optimism_bias=D("0.1"),
    )
    appraisal = shortlist(BAU, option)
    centre, bars = tornado(appraisal, option)
    assert centre == D("-561.00")
    assert [bar.label for bar in bars] == ["cashable_benefit", "contract", "ict"]
    assert [(bar.npsv_at_minimum, bar.npsv_at_maximum, bar.swing) for bar in bars] == [
        (D("-861.00"), D("-261.00"), D("600.00")),
        (D("-451.00"), D("-781.00"), D("330.00")),
        (D("-550.00"), D("-594.00"), D("44.00")),
    ]
    simulated = simulate(appraisal, draws=200).option("A")
    assert (simulated.npsv_at_most_likely, simulated.tornado) == (centre, bars)


symmetric_range = st.tuples(
    st.decimals(min_value=0, max_value="0.9", places=2), st.sampled_from(["triangular", "pert"])
).map(lambda spread: LineRange(1 - spread[0], D(1), 1 + spread[0], distribution=spread[1]))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(LineKind)),
            st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=5),
            symmetric_range,
        ),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_the_monte_carlo_mean_converges_on_the_deterministic_npsv_for_symmetric_ranges(specs, seed):
    option = OptionInput("A", "option", tuple(Line(kind, "x", tuple(amounts), rng) for kind, amounts, rng in specs))
    appraisal = shortlist(BAU, option, years=5)
    draws = 20_000
    samples = simulate_npsv(appraisal, draws=draws, seed=seed)["A"]
    exact = float(appraise(appraisal).option("A").npsv)
    # Standard error of the mean: sqrt(sum of (line PV x sd of its multiplier)^2 / draws). The variance of a
    # symmetric triangular on 1 +- s is s^2 / 6; of a symmetric PERT, (mean - a)(b - mean) / 7 = s^2 / 7.
    variance = sum(
        float(pv) ** 2 * float(ln.range.maximum - 1) ** 2 / (6 if ln.range.distribution == "triangular" else 7)
        for pv, ln in zip(line_present_values(appraisal, option), option.lines, strict=True)
    )
    standard_error = math.sqrt(variance / draws)
    assert abs(float(np.mean(samples)) - exact) <= 5 * standard_error + 0.02
