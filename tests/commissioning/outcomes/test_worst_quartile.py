"""The first pass that picks the services worth a full unit-cost position (outcomes.selectors.
unit_costs_in_worst_quartile): a value in the worst quartile of the council and its comparators is always above at
least ``above_upper_quartile_needs`` of its comparators' figures, so the pass never leaves out a service the full
position would put there (checked against the engine's own placing)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from commissioning.outcomes import calculations

COUNCIL = "E07000990"
COSTS = st.decimals(min_value=1, max_value=500, places=2, allow_nan=False, allow_infinity=False)


@given(council=COSTS, comparators=st.lists(COSTS, min_size=3, max_size=15))
def test_the_first_pass_keeps_every_service_in_the_worst_quartile(council: Decimal, comparators: list[Decimal]) -> None:
    codes = [f"E07000{800 + n:03d}" for n in range(len(comparators))]
    group = calculations.comparator_group(COUNCIL, codes)
    assert group is not None
    position = calculations.unit_cost_benchmark(
        group=group, unit_costs={COUNCIL: council, **dict(zip(codes, comparators, strict=True))}
    )
    below = sum(1 for cost in comparators if cost < council)
    if position.quartile == 4:
        assert below >= calculations.above_upper_quartile_needs(len(comparators))


def test_the_first_pass_asks_no_more_than_it_must() -> None:
    # Four comparators below and one above: in the worst quartile, so four must be enough.
    codes = [f"E07000{800 + n:03d}" for n in range(5)]
    group = calculations.comparator_group(COUNCIL, codes)
    assert group is not None
    comparators = [Decimal(cost) for cost in ("1", "2", "3", "4", "10")]
    position = calculations.unit_cost_benchmark(
        group=group, unit_costs={COUNCIL: Decimal("4.5"), **dict(zip(codes, comparators, strict=True))}
    )
    assert position.quartile == 4
    assert calculations.above_upper_quartile_needs(5) == 4
