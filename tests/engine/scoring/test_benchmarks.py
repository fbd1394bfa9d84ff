"""Benchmarking against the comparator group: ranks with ties, QUARTILE.INC quartiles, the comparator median."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scoring.benchmarks import (
    ComparatorGroup,
    Quartiles,
    Ranked,
    benchmark_position,
    median,
    quartile_of,
    quartiles,
    rank_values,
    unit_cost_position,
)
from engine.scoring.indicators import Polarity

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
COUNCIL = "E06000001"
OTHERS = tuple(f"E0600000{n}" for n in range(2, 10))


def group(count: int) -> ComparatorGroup:
    return ComparatorGroup(COUNCIL, OTHERS[:count])


def test_position_among_eight():
    # All eight values sorted: 40 50 55 60 60 70 80 90. QUARTILE.INC (as Excel gives it): lower 53.75 (position
    # 1.75: 50 + 0.75 x 5), median 60, upper 72.5 (position 5.25: 70 + 0.25 x 10).
    values = dict(zip(OTHERS, map(Decimal, ("40", "50", "55", "60", "70", "80", "90")), strict=False)) | {
        COUNCIL: Decimal(60)
    }
    position = benchmark_position(group=group(7), values=values, polarity=HIGHER)
    assert position.quartiles == Quartiles(Decimal("53.75"), Decimal(60), Decimal("72.5"))
    assert position.rank == 4  # 70, 80 and 90 are better; the comparator at 60 shares rank 4
    assert position.ranked == 8
    assert position.quartile == 2  # at the median: the better side
    assert position.comparator_median == Decimal(60)  # of the seven comparators: 40 50 55 60 70 80 90
    assert position.difference_from_median == 0
    assert position.better_than_median is None
    assert [entry.rank for entry in position.ranking] == [1, 2, 3, 4, 4, 6, 7, 8]
    assert position.missing == ()

    lower = benchmark_position(group=group(7), values=values, polarity=LOWER)
    assert (lower.rank, lower.quartile) == (4, 2)
    assert lower.ranking[0] == Ranked(OTHERS[0], Decimal(40), 1)


def test_ties_share_the_best_rank_and_list_by_ons_code():
    ranking = rank_values({"E2": Decimal(5), "E1": Decimal(5), "E3": Decimal(3), "E4": Decimal(7)}, polarity=HIGHER)
    assert ranking == (
        Ranked("E4", Decimal(7), 1),
        Ranked("E1", Decimal(5), 2),
        Ranked("E2", Decimal(5), 2),
        Ranked("E3", Decimal(3), 4),
    )


def test_missing_values_are_left_out_and_listed():
    values = {
        COUNCIL: Decimal(10),
        OTHERS[0]: None,
        OTHERS[2]: Decimal(30),
        OTHERS[3]: Decimal(5),
        "E09000001": Decimal(1),
    }
    position = benchmark_position(group=group(4), values=values, polarity=HIGHER)
    assert position.missing == (OTHERS[0], OTHERS[1])  # None and absent alike, in the group's order
    assert position.ranked == 3  # E09000001 is not in the group and is ignored
    assert position.rank == 2
    assert position.quartile is None  # 3 values are too few for quartiles
    assert position.quartiles is None
    assert position.comparator_median == Decimal("17.5")
    assert position.difference_from_median == Decimal("-7.5")
    assert position.percent_from_median == Decimal("-42.9")
    assert position.better_than_median is False


def test_a_council_without_a_value_has_no_rank_but_the_median_still_shows():
    values = {OTHERS[0]: Decimal(1), OTHERS[1]: Decimal(2), OTHERS[2]: Decimal(3), OTHERS[3]: Decimal(4)}
    position = benchmark_position(group=group(4), values=values, polarity=LOWER)
    assert (position.value, position.rank, position.quartile, position.difference_from_median) == (
        None,
        None,
        None,
        None,
    )
    assert position.quartiles is not None
    assert position.comparator_median == Decimal("2.5")
    assert position.missing == (COUNCIL,)


def test_nothing_to_compare_with():
    position = benchmark_position(group=group(2), values={}, polarity=HIGHER)
    assert (position.rank, position.ranked, position.comparator_median, position.ranking) == (None, 0, None, ())


def test_unit_cost_against_the_comparator_median():
    # Comparators 10.00 11.01 14.00 15.00: median 12.505, to the penny 12.51. Cheapest is rank 1.
    costs = {
        COUNCIL: Decimal("12.50"),
        OTHERS[0]: Decimal("10.00"),
        OTHERS[1]: Decimal("11.01"),
        OTHERS[2]: Decimal("14.00"),
    }
    costs[OTHERS[3]] = Decimal("15.00")
    position = unit_cost_position(group=group(4), unit_costs=costs)
    assert position.comparator_median == Decimal("12.51")
    assert position.difference_from_median == Decimal("-0.01")
    assert position.percent_from_median == Decimal("-0.1")
    assert position.better_than_median is True
    assert position.rank == 3
    assert position.quartile == 2  # boundaries 11.01, 12.50, 14.00: on the median, the better side
    assert unit_cost_position(group=group(2), unit_costs={COUNCIL: Decimal(1)}).comparator_median is None


@pytest.mark.parametrize(
    ("council", "comparators", "message"),
    [
        ("E6000001", ("E06000002",), "is not an ONS code"),
        ("E06000001", ("e06000002",), "is not an ONS code"),
        ("E06000001", (), "at least one comparator"),
        ("E06000001", ("E06000001",), "is the council itself"),
        ("E06000001", ("E06000002", "E06000002"), "in the comparator group twice"),
    ],
)
def test_comparator_groups_are_checked(council, comparators, message):
    with pytest.raises(ValueError, match=message):
        ComparatorGroup(council, comparators)


def test_quartiles_of_few_values():
    assert quartiles([Decimal(7)]) == Quartiles(Decimal(7), Decimal(7), Decimal(7))
    assert median([Decimal(1), Decimal(2)]) == Decimal("1.5")
    with pytest.raises(ValueError, match="at least one value"):
        quartiles([])
    boundaries = Quartiles(Decimal(10), Decimal(20), Decimal(30))
    assert [quartile_of(Decimal(v), boundaries, polarity=HIGHER) for v in (31, 30, 25, 20, 15, 10, 9)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
    ]
    assert [quartile_of(Decimal(v), boundaries, polarity=LOWER) for v in (9, 10, 15, 20, 25, 30, 31)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
    ]


# Properties
values_2dp = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
polarities = st.sampled_from(Polarity)


@st.composite
def valued_groups(draw, min_size=1):
    codes = draw(st.lists(st.from_regex(r"E0[0-9]{7}", fullmatch=True), min_size=min_size, max_size=12, unique=True))
    return {code: draw(values_2dp) for code in codes}


@given(valued_groups(), polarities)
def test_rank_is_one_plus_the_number_strictly_better(values, polarity):
    ranking = rank_values(values, polarity=polarity)
    assert sorted(entry.ons_code for entry in ranking) == sorted(values)
    for entry in ranking:
        better = [v for v in values.values() if (v > entry.value if polarity is HIGHER else v < entry.value)]
        assert entry.rank == 1 + len(better)
    assert [entry.rank for entry in ranking] == sorted(entry.rank for entry in ranking)


@given(valued_groups(), polarities)
def test_without_ties_rank_is_a_permutation_and_flipping_polarity_reverses_it(values, polarity):
    distinct = {code: value + Decimal(index) / 1000 for index, (code, value) in enumerate(values.items())}
    if len(set(distinct.values())) < len(distinct):
        return
    ranks = {entry.ons_code: entry.rank for entry in rank_values(distinct, polarity=polarity)}
    flipped = {entry.ons_code: entry.rank for entry in rank_values(distinct, polarity=polarity.flipped)}
    assert sorted(ranks.values()) == list(range(1, len(distinct) + 1))
    assert all(ranks[code] + flipped[code] == len(distinct) + 1 for code in distinct)


@given(st.lists(values_2dp, min_size=1, max_size=30))
def test_quartiles_are_excel_quartile_inc_and_numpy_linear(values):
    boundaries = quartiles(values)
    expected = np.percentile([float(v) for v in values], [25, 50, 75], method="linear")
    assert [float(b) for b in (boundaries.lower, boundaries.median, boundaries.upper)] == pytest.approx(
        list(expected), abs=1e-6
    )
    assert boundaries.lower <= boundaries.median <= boundaries.upper


@given(st.lists(values_2dp, min_size=3, max_size=11), values_2dp, values_2dp, polarities)
def test_quartile_is_monotone_in_the_councils_value(comparator_values, first, second, polarity):
    codes = [f"E07{n:06d}" for n in range(len(comparator_values))]
    council_group = ComparatorGroup(COUNCIL, tuple(codes))
    low, high = sorted((first, second))

    def quartile(value):
        values = dict(zip(codes, comparator_values, strict=True)) | {COUNCIL: value}
        return benchmark_position(group=council_group, values=values, polarity=polarity).quartile

    if polarity is HIGHER:
        assert quartile(high) <= quartile(low)  # a higher value is never in a worse quartile
    else:
        assert quartile(low) <= quartile(high)
