"""RAG status and direction of travel: hand-checked cases, then the properties that must hold for any numbers."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from engine.scoring.indicators import Polarity
from engine.scoring.rag import (
    Basis,
    Comparison,
    Direction,
    Margin,
    RagStatus,
    direction_of_travel,
    rag_status,
    rag_thresholds,
    shortfall,
    travel,
)

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
GREEN, AMBER, RED = RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED
POINTS_5 = Margin(Basis.ABSOLUTE, Decimal(5))
TEN_PERCENT = Margin(Basis.PERCENT, Decimal(10))


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "status"),
    [
        # Higher is better, target 90, absolute tolerance 5: Green from 90, Amber 85 to under 90, Red under 85.
        ("95", "90", HIGHER, POINTS_5, GREEN),
        ("90", "90", HIGHER, POINTS_5, GREEN),
        ("89.99", "90", HIGHER, POINTS_5, AMBER),
        ("85", "90", HIGHER, POINTS_5, AMBER),
        ("84.99", "90", HIGHER, POINTS_5, RED),
        # Lower is better, target 200 days, 10% of target (20 days): Amber above 200 up to 220.
        ("150", "200", LOWER, TEN_PERCENT, GREEN),
        ("200", "200", LOWER, TEN_PERCENT, GREEN),
        ("210", "200", LOWER, TEN_PERCENT, AMBER),
        ("220", "200", LOWER, TEN_PERCENT, AMBER),
        ("220.01", "200", LOWER, TEN_PERCENT, RED),
        # No tolerance: anything worse than target is Red.
        ("89.99", "90", HIGHER, None, RED),
        ("200.01", "200", LOWER, None, RED),
        # A percentage of a negative target uses its size: 10% of -50 is 5.
        ("-54", "-50", HIGHER, TEN_PERCENT, AMBER),
        ("-56", "-50", HIGHER, TEN_PERCENT, RED),
        # A percentage of a target of 0 is 0, so only an absolute tolerance gives an Amber band there.
        ("1", "0", LOWER, TEN_PERCENT, RED),
        ("1", "0", LOWER, Margin(Basis.ABSOLUTE, Decimal(2)), AMBER),
    ],
)
def test_rag_status(value, target, polarity, tolerance, status):
    assert rag_status(value=Decimal(value), target=Decimal(target), polarity=polarity, tolerance=tolerance) is status


def test_no_data_and_no_target():
    assert rag_status(value=None, target=Decimal(90), polarity=HIGHER) is RagStatus.NO_DATA
    assert rag_status(value=None, target=None, polarity=HIGHER) is RagStatus.NO_DATA  # no value is what matters
    assert rag_status(value=Decimal(90), target=None, polarity=HIGHER, tolerance=POINTS_5) is RagStatus.NO_TARGET
    assert RagStatus.NO_TARGET.label == "No target"


def test_thresholds_for_a_key():
    assert rag_thresholds(target=Decimal(90), polarity=HIGHER, tolerance=POINTS_5).amber_limit == Decimal(85)
    assert rag_thresholds(target=Decimal(200), polarity=LOWER, tolerance=TEN_PERCENT).amber_limit == Decimal(220)
    assert rag_thresholds(target=Decimal(200), polarity=LOWER).amber_limit == Decimal(200)


def test_margins_are_checked():
    with pytest.raises(ValueError, match="a margin must be 0 or more"):
        Margin(Basis.ABSOLUTE, Decimal(-1))
    with pytest.raises(ValueError, match="a margin must be a finite number"):
        Margin(Basis.PERCENT, Decimal("NaN"))
    with pytest.raises(ValueError, match="the value must be a finite number"):
        rag_status(value=Decimal("Infinity"), target=Decimal(1), polarity=HIGHER)


@pytest.mark.parametrize(
    ("current", "earlier", "polarity", "no_change", "direction"),
    [
        ("80", "75", HIGHER, None, Direction.IMPROVING),
        ("70", "75", HIGHER, None, Direction.WORSENING),
        ("80", "75", LOWER, None, Direction.WORSENING),
        ("75", "75", LOWER, None, Direction.NO_CHANGE),
        # A no-change threshold of 2 points: a change of 2 either way is no change, 2.01 is.
        ("77", "75", HIGHER, Margin(Basis.ABSOLUTE, Decimal(2)), Direction.NO_CHANGE),
        ("73", "75", HIGHER, Margin(Basis.ABSOLUTE, Decimal(2)), Direction.NO_CHANGE),
        ("77.01", "75", HIGHER, Margin(Basis.ABSOLUTE, Decimal(2)), Direction.IMPROVING),
        # 5% of the earlier value (200) is 10 days.
        ("190", "200", LOWER, Margin(Basis.PERCENT, Decimal(5)), Direction.NO_CHANGE),
        ("189", "200", LOWER, Margin(Basis.PERCENT, Decimal(5)), Direction.IMPROVING),
    ],
)
def test_direction_of_travel(current, earlier, polarity, no_change, direction):
    assert (
        direction_of_travel(current=Decimal(current), earlier=Decimal(earlier), polarity=polarity, no_change=no_change)
        is direction
    )


def test_a_missing_value_is_not_comparable():
    assert direction_of_travel(current=None, earlier=Decimal(1), polarity=HIGHER) is Direction.NOT_COMPARABLE
    assert direction_of_travel(current=Decimal(1), earlier=None, polarity=HIGHER) is Direction.NOT_COMPARABLE


def test_travel_against_the_previous_period_and_a_year_ago():
    values = {"2025/26 Q1": Decimal(70), "2025/26 Q4": Decimal(82), "2026/27q1": Decimal(80)}
    result = travel(values=values, period="2026/27 Q1", polarity=HIGHER, no_change=Margin(Basis.ABSOLUTE, Decimal(1)))
    assert result.period == "2026/27 Q1"
    assert result.value == Decimal(80)
    assert result.against_previous == Comparison("2025/26 Q4", Decimal(82), Direction.WORSENING)
    assert result.against_year_ago == Comparison("2025/26 Q1", Decimal(70), Direction.IMPROVING)


def test_travel_for_a_month_with_gaps_and_for_a_year():
    monthly = travel(values={"2026-01": Decimal(5), "2025-12": None}, period="2026-01", polarity=LOWER)
    assert monthly.against_previous == Comparison("2025-12", None, Direction.NOT_COMPARABLE)
    assert monthly.against_year_ago == Comparison("2025-01", None, Direction.NOT_COMPARABLE)
    annual = travel(values={"2025/26": Decimal(10), "2026/27": Decimal(8)}, period="2026/27", polarity=LOWER)
    assert annual.against_previous == annual.against_year_ago == Comparison("2025/26", Decimal(10), Direction.IMPROVING)
    with pytest.raises(ValueError, match="is not a period"):
        travel(values={}, period="last year", polarity=LOWER)


# Properties. Values to 2 decimal places keep the arithmetic exact.
numbers = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
margins = st.builds(Margin, st.sampled_from(Basis), amounts)
polarities = st.sampled_from(Polarity)
SEVERITY = {GREEN: 0, AMBER: 1, RED: 2}


@given(numbers, polarities, st.none() | margins)
def test_a_value_on_target_is_green(target, polarity, tolerance):
    assert rag_status(value=target, target=target, polarity=polarity, tolerance=tolerance) is GREEN


@given(numbers, numbers, polarities, st.none() | margins)
def test_flipping_polarity_flips_the_verdict(value, target, polarity, tolerance):
    assume(value != target)
    status = rag_status(value=value, target=target, polarity=polarity, tolerance=tolerance)
    flipped = rag_status(value=value, target=target, polarity=polarity.flipped, tolerance=tolerance)
    assert (status is GREEN) != (flipped is GREEN)
    if tolerance is None:
        assert {status, flipped} == {GREEN, RED}
    assert shortfall(value=value, target=target, polarity=polarity) == -shortfall(
        value=value, target=target, polarity=polarity.flipped
    )


@given(numbers, numbers, polarities, st.sampled_from(Basis), amounts, amounts)
def test_widening_the_tolerance_never_makes_a_verdict_worse(value, target, polarity, basis, narrow, extra):
    narrower = rag_status(value=value, target=target, polarity=polarity, tolerance=Margin(basis, narrow))
    wider = rag_status(value=value, target=target, polarity=polarity, tolerance=Margin(basis, narrow + extra))
    untolerant = rag_status(value=value, target=target, polarity=polarity)
    assert SEVERITY[wider] <= SEVERITY[narrower] <= SEVERITY[untolerant]


@given(numbers, numbers, polarities, st.none() | margins)
def test_flipping_polarity_swaps_improving_and_worsening(current, earlier, polarity, no_change):
    direction = direction_of_travel(current=current, earlier=earlier, polarity=polarity, no_change=no_change)
    flipped = direction_of_travel(current=current, earlier=earlier, polarity=polarity.flipped, no_change=no_change)
    swap = {Direction.IMPROVING: Direction.WORSENING, Direction.WORSENING: Direction.IMPROVING}
    assert flipped is swap.get(direction, direction)
    assert (direction is Direction.NO_CHANGE) is (
        abs(current - earlier) <= (no_change.width(earlier) if no_change else 0)
    )
