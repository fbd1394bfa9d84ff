"""The Green Book optimism bias table and the recorded reduction for mitigated risks."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.finance.optimism_bias import (
    OPTIMISM_BIAS_TABLE,
    BiasBounds,
    BiasMeasure,
    OptimismBiasAdjustment,
    ProjectCategory,
    apply_optimism_bias,
    starting_optimism_bias,
)

# Green Book supplementary guidance on optimism bias, Table 2: (works duration lower, upper), (capex lower, upper).
TABLE_2 = {
    ProjectCategory.STANDARD_BUILDINGS: (("0.01", "0.04"), ("0.02", "0.24")),
    ProjectCategory.NON_STANDARD_BUILDINGS: (("0.02", "0.39"), ("0.04", "0.51")),
    ProjectCategory.STANDARD_CIVIL_ENGINEERING: (("0.01", "0.20"), ("0.03", "0.44")),
    ProjectCategory.NON_STANDARD_CIVIL_ENGINEERING: (("0.03", "0.25"), ("0.06", "0.66")),
    ProjectCategory.EQUIPMENT_DEVELOPMENT: (("0.10", "0.54"), ("0.10", "2.00")),
    ProjectCategory.OUTSOURCING: (None, ("0.00", "0.41")),
}


@pytest.mark.parametrize("category", list(ProjectCategory))
def test_table_matches_the_guidance(category):
    row = OPTIMISM_BIAS_TABLE[category]
    duration, capex = TABLE_2[category]
    assert row.capex == BiasBounds(Decimal(capex[0]), Decimal(capex[1]))
    if duration is None:
        assert row.works_duration is None
    else:
        assert row.works_duration == BiasBounds(Decimal(duration[0]), Decimal(duration[1]))


def test_starting_values_are_the_upper_bounds():
    assert starting_optimism_bias(ProjectCategory.OUTSOURCING) == Decimal("0.41")
    assert starting_optimism_bias(ProjectCategory.EQUIPMENT_DEVELOPMENT) == Decimal("2.00")
    assert starting_optimism_bias("standard_buildings", "works_duration") == Decimal("0.04")
    with pytest.raises(ValueError, match="no works duration"):
        starting_optimism_bias(ProjectCategory.OUTSOURCING, BiasMeasure.WORKS_DURATION)


def test_a_recorded_reduction():
    # Outsourcing starts at 41%; evidence removes half of it: 41% x (1 - 0.5) = 20.5%.
    adjustment = OptimismBiasAdjustment(
        ProjectCategory.OUTSOURCING, Decimal("0.5"), reason="fixed-price contract, market tested"
    )
    assert adjustment.starting == Decimal("0.41")
    assert adjustment.applied == Decimal("0.205")
    assert adjustment.reduction == Decimal("0.205")
    assert not adjustment.below_lower_bound


def test_a_reduction_below_the_lower_bound_is_allowed_but_flagged():
    adjustment = OptimismBiasAdjustment("standard_buildings", Decimal("0.95"), reason="design complete")
    assert adjustment.applied == Decimal("0.24") * Decimal("0.05")  # 1.2%, under the 2% lower bound
    assert adjustment.below_lower_bound


def test_no_reduction_without_evidence_or_beyond_the_whole():
    assert OptimismBiasAdjustment(ProjectCategory.OUTSOURCING).applied == Decimal("0.41")
    with pytest.raises(ValueError, match="record the evidence"):
        OptimismBiasAdjustment(ProjectCategory.OUTSOURCING, Decimal("0.2"))
    with pytest.raises(ValueError, match="from 0 to 1"):
        OptimismBiasAdjustment(ProjectCategory.OUTSOURCING, Decimal("1.5"), reason="x")
    with pytest.raises(ValueError, match="no works duration"):
        OptimismBiasAdjustment(ProjectCategory.OUTSOURCING, measure=BiasMeasure.WORKS_DURATION)


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=3, places=4),
)
def test_optimism_bias_never_lowers_a_cost(amount, bias):
    assert apply_optimism_bias(amount, bias) >= amount


def test_negative_optimism_bias_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        apply_optimism_bias(Decimal(100), Decimal("-0.1"))
