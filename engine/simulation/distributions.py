"""Drawing line multipliers: triangular and PERT, vectorised with a seeded numpy ``Generator``.

A line's range (minimum a, most likely m, maximum b, as multipliers of its amounts) is drawn as

- triangular: ``Generator.triangular(a, m, b)``;
- PERT: a + (b - a) x Beta(alpha, beta) with the usual lambda = 4, alpha = 1 + 4(m - a)/(b - a) and
  beta = 1 + 4(b - m)/(b - a), so the mean is (a + 4m + b) / 6;
- degenerate (a == b): the fixed value a, with no random draw.

Lines are grouped by distribution so that each group is one numpy call over a (rows x lines) block. Draws are made
in blocks of at most ``BLOCK_ELEMENTS`` numbers, rows in order, so memory stays bounded for any draw count and the
same seed always gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from engine.finance.appraisal import AppraisalInput, Distribution, OptionInput, line_present_values

BLOCK_ELEMENTS = 1 << 20  # about 8 MB of float64 per block
PERT_LAMBDA = 4.0

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class UncertainLines:
    """An option's lines ready to simulate: signed present values (costs -) and multiplier ranges, as floats."""

    present_values: FloatArray
    low: FloatArray
    likely: FloatArray
    high: FloatArray
    pert: NDArray[np.bool_]

    def __post_init__(self) -> None:
        shapes = {array.shape for array in (self.present_values, self.low, self.likely, self.high, self.pert)}
        if len(shapes) != 1 or len(next(iter(shapes))) != 1:
            raise ValueError(f"every array must be one-dimensional and the same length, not {sorted(shapes)}")
        if not (np.all(self.low <= self.likely) and np.all(self.likely <= self.high)):
            raise ValueError("each range needs minimum <= most likely <= maximum")

    @property
    def count(self) -> int:
        return int(self.present_values.shape[0])

    @property
    def degenerate(self) -> NDArray[np.bool_]:
        return np.asarray(self.low == self.high)

    @property
    def fixed_npsv(self) -> float:
        """The NPSV contributed by lines with no spread (no range, or minimum == maximum)."""
        mask = self.degenerate
        return float(self.low[mask] @ self.present_values[mask])

    @classmethod
    def of_option(cls, appraisal: AppraisalInput, option: OptionInput) -> UncertainLines:
        multipliers = [line.multipliers() for line in option.lines]
        return cls(
            present_values=np.array([float(value) for value in line_present_values(appraisal, option)], dtype=float),
            low=np.array([float(low) for low, _m, _h in multipliers], dtype=float),
            likely=np.array([float(likely) for _l, likely, _h in multipliers], dtype=float),
            high=np.array([float(high) for _l, _m, high in multipliers], dtype=float),
            pert=np.array(
                [line.range is not None and line.range.distribution is Distribution.PERT for line in option.lines],
                dtype=bool,
            ),
        )


@dataclass(frozen=True, eq=False)
class _Group:
    """Lines drawn together: multiplier = offset + scale x raw draw."""

    columns: NDArray[np.intp]
    offset: FloatArray
    scale: FloatArray
    draw: str  # "triangular" or "beta"
    first: FloatArray  # triangular: left / beta: alpha
    second: FloatArray  # triangular: mode / beta: beta
    third: FloatArray  # triangular: right / beta: unused


def _groups(lines: UncertainLines) -> list[_Group]:
    spread = ~lines.degenerate
    groups = []
    triangular = np.flatnonzero(spread & ~lines.pert)
    if triangular.size:
        low, likely, high = lines.low[triangular], lines.likely[triangular], lines.high[triangular]
        groups.append(
            _Group(triangular, np.zeros(triangular.size), np.ones(triangular.size), "triangular", low, likely, high)
        )
    pert = np.flatnonzero(spread & lines.pert)
    if pert.size:
        low, likely, high = lines.low[pert], lines.likely[pert], lines.high[pert]
        width = high - low
        alpha = 1.0 + PERT_LAMBDA * (likely - low) / width
        beta = 1.0 + PERT_LAMBDA * (high - likely) / width
        groups.append(_Group(pert, low, width, "beta", alpha, beta, high))
    return groups


def _raw(rng: np.random.Generator, group: _Group, rows: int) -> FloatArray:
    size = (rows, group.columns.size)
    if group.draw == "triangular":
        return rng.triangular(group.first, group.second, group.third, size=size)
    return rng.beta(group.first, group.second, size=size)


def _blocks(lines: UncertainLines, draws: int) -> Iterator[int]:
    """Row counts of the blocks that make up ``draws`` rows."""
    if draws < 1:
        raise ValueError(f"draws is {draws}: it must be 1 or more")
    rows_per_block = max(1, BLOCK_ELEMENTS // max(1, lines.count))
    for start in range(0, draws, rows_per_block):
        yield min(rows_per_block, draws - start)


def draw_multipliers(rng: np.random.Generator, lines: UncertainLines, draws: int) -> FloatArray:
    """A (draws x lines) matrix of multipliers: each row one possible outturn of every line."""
    result = np.empty((draws, lines.count))
    result[:, lines.degenerate] = lines.low[lines.degenerate]
    groups = _groups(lines)
    row = 0
    for rows in _blocks(lines, draws):
        for group in groups:
            result[row : row + rows, group.columns] = group.offset + group.scale * _raw(rng, group, rows)
        row += rows
    return result


def npsv_draws(rng: np.random.Generator, lines: UncertainLines, draws: int) -> FloatArray:
    """``draws`` simulated NPSVs: the multiplier matrix times the vector of line present values.

    The same numbers as ``draw_multipliers(...) @ lines.present_values``, but the PERT offset and scale are folded
    into the present-value vector, so the work per draw is the random number and one multiply-add.
    """
    groups = _groups(lines)
    result = np.full(draws, lines.fixed_npsv)
    row = 0
    for rows in _blocks(lines, draws):
        for group in groups:
            weights = group.scale * lines.present_values[group.columns]
            constant = float(group.offset @ lines.present_values[group.columns])
            # einsum, not @: a BLAS matrix-vector product starts OpenBLAS threads that spin after the call and
            # slow the next draws down by 2-3x on a busy machine, for an operation that is ~1% of the work.
            result[row : row + rows] += np.einsum("ij,j->i", _raw(rng, group, rows), weights) + constant
        row += rows
    return result
