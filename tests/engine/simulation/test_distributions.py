"""Drawing line multipliers: the right shapes, the right means, no draws for fixed values, and repeatable."""

import numpy as np
import pytest

from engine.simulation import distributions
from engine.simulation.distributions import UncertainLines, draw_multipliers, npsv_draws


def lines(low, likely, high, pert=None, pvs=None):
    count = len(low)
    return UncertainLines(
        present_values=np.array(pvs if pvs is not None else [1.0] * count, dtype=float),
        low=np.array(low, dtype=float),
        likely=np.array(likely, dtype=float),
        high=np.array(high, dtype=float),
        pert=np.array(pert if pert is not None else [False] * count, dtype=bool),
    )


def test_triangular_and_pert_have_their_means_and_stay_in_range():
    # Triangular mean (a + m + b) / 3 = (0.8 + 1 + 1.5) / 3 = 1.1; PERT mean (a + 4m + b) / 6 = (0.8 + 4 + 1.5) / 6
    # = 1.05. PERT variance (mean - a)(b - mean) / 7 = 0.25 x 0.45 / 7 = 0.016071.
    spec = lines([0.8, 0.8], [1.0, 1.0], [1.5, 1.5], pert=[False, True])
    drawn = draw_multipliers(np.random.default_rng(1), spec, 200_000)
    assert drawn.shape == (200_000, 2)
    assert drawn.min() >= 0.8
    assert drawn.max() <= 1.5
    assert drawn[:, 0].mean() == pytest.approx(1.1, abs=0.002)
    assert drawn[:, 1].mean() == pytest.approx(1.05, abs=0.002)
    assert drawn[:, 1].var() == pytest.approx(0.25 * 0.45 / 7, rel=0.02)


def test_a_mode_at_either_end_is_fine():
    spec = lines([1.0, 1.0, 0.5, 0.5], [1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 1.0, 1.0], pert=[False, True, False, True])
    drawn = draw_multipliers(np.random.default_rng(2), spec, 10_000)
    assert drawn[:, :2].min() >= 1.0
    assert drawn[:, 2:].max() <= 1.0


def test_degenerate_ranges_are_fixed_and_draw_nothing():
    spec = lines([1.0, 0.7], [1.0, 0.7], [1.0, 0.7], pert=[False, True], pvs=[100.0, -50.0])
    rng = np.random.default_rng(3)
    state = rng.bit_generator.state
    assert np.all(npsv_draws(rng, spec, 1000) == 100.0 - 35.0)
    assert rng.bit_generator.state == state
    assert np.all(draw_multipliers(rng, spec, 5) == [1.0, 0.7])


def test_npsv_is_the_multiplier_matrix_times_the_present_values():
    spec = lines(
        [0.9, 0.5, 1.0, 0.8],
        [1.0, 1.0, 1.0, 0.9],
        [1.2, 1.1, 1.0, 1.3],
        pert=[False, True, False, True],
        pvs=[1000.0, -400.0, 55.0, 2500.0],
    )
    by_matrix = draw_multipliers(np.random.default_rng(4), spec, 5000) @ spec.present_values
    folded = npsv_draws(np.random.default_rng(4), spec, 5000)
    np.testing.assert_allclose(folded, by_matrix, rtol=1e-12)


def test_same_seed_same_numbers_in_blocks_of_any_size(monkeypatch):
    spec = lines([0.9, 0.5], [1.0, 1.0], [1.2, 1.1], pert=[False, False], pvs=[10.0, 20.0])
    whole = npsv_draws(np.random.default_rng(5), spec, 1000)
    monkeypatch.setattr(distributions, "BLOCK_ELEMENTS", 64)  # 32 rows a block
    in_blocks = npsv_draws(np.random.default_rng(5), spec, 1000)
    np.testing.assert_allclose(in_blocks, whole, rtol=1e-12)
    assert not np.allclose(npsv_draws(np.random.default_rng(6), spec, 1000), whole)


def test_bad_specifications_are_refused():
    with pytest.raises(ValueError, match="minimum <= most likely <= maximum"):
        lines([1.0], [0.5], [2.0])
    with pytest.raises(ValueError, match="same length"):
        UncertainLines(np.ones(2), np.ones(2), np.ones(2), np.ones(3), np.zeros(2, dtype=bool))
    with pytest.raises(ValueError, match="1 or more"):
        npsv_draws(np.random.default_rng(), lines([1.0], [1.0], [2.0]), 0)
