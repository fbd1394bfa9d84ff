"""The MTFS gap, the savings tracker's columns, the waterfall and slippage moves (engine.finance.savings)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.finance.savings import (
    MtfsYear,
    SavingsFigures,
    gap_closure,
    move_slippage,
    savings_waterfall,
    tracker_row,
    waterfall,
)

money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
line = st.builds(
    SavingsFigures, agreed=money, forecast=money, realised=money, at_risk=st.booleans(), undeliverable=st.booleans()
)


def test_a_worked_year() -> None:
    mtfs = MtfsYear(year="2027/28", funding=Decimal("300000000"), spending=Decimal("312000000"))
    lines = [
        SavingsFigures(agreed=Decimal("5000000"), forecast=Decimal("5000000"), realised=Decimal("2000000")),
        SavingsFigures(agreed=Decimal("3000000"), forecast=Decimal("1000000"), at_risk=True),
        SavingsFigures(agreed=Decimal("1000000"), forecast=Decimal("0"), undeliverable=True),
    ]
    closure = gap_closure(mtfs, lines)
    assert closure.gap == Decimal("12000000")
    assert closure.identified == Decimal("8000000")
    assert closure.delivered == Decimal("2000000")
    assert closure.at_risk == Decimal("3000000")
    assert closure.remaining == Decimal("4000000")
    row = tracker_row(target=closure.gap, lines=lines)
    assert (row.agreed, row.forecast, row.unachievable, row.to_identify) == (
        Decimal("9000000"),
        Decimal("6000000"),
        Decimal("3000000"),
        Decimal("3000000"),
    )
    bars = savings_waterfall(closure, forecast_on_track=Decimal("3000000"), forecast_at_risk=Decimal("1000000"))
    assert [bar.label for bar in bars] == [
        "MTFS gap",
        "Delivered",
        "Forecast: on track",
        "Forecast: at risk",
        "Gap left",
    ]
    assert bars[-1].end == Decimal("6000000")


@given(funding=money, spending=money, lines=st.lists(line, max_size=8))
def test_identified_and_remaining_make_the_gap(
    funding: Decimal, spending: Decimal, lines: list[SavingsFigures]
) -> None:
    closure = gap_closure(MtfsYear(year="2027/28", funding=funding, spending=spending), lines)
    assert closure.gap == spending - funding
    assert closure.identified + closure.remaining == closure.gap
    assert 0 <= closure.at_risk <= closure.identified


@given(target=money, lines=st.lists(line, max_size=8))
def test_tracker_columns_add_up(target: Decimal, lines: list[SavingsFigures]) -> None:
    row = tracker_row(target=target, lines=lines)
    assert row.unachievable >= 0
    assert row.to_identify >= 0
    assert row.forecast + row.unachievable >= row.agreed
    assert row.agreed + row.to_identify >= row.target


@given(gap=money, steps=st.lists(money, max_size=6))
def test_the_waterfall_ends_at_what_is_left(gap: Decimal, steps: list[Decimal]) -> None:
    bars = waterfall(gap=gap, steps=[(f"step {i}", amount) for i, amount in enumerate(steps)])
    assert bars[0].end == gap
    assert bars[-1].end == gap - sum(steps, Decimal(0))
    for before, after in itertools.pairwise(bars[:-1]):
        assert after.start == before.end


@given(first=money, second=money, share=st.integers(min_value=1, max_value=100))
def test_slippage_moves_never_lose_money(first: Decimal, second: Decimal, share: int) -> None:
    amount = (first * share / 100).quantize(Decimal("0.01"))
    plan = {"2026/27": first, "2027/28": second}
    if amount <= 0:
        with pytest.raises(ValueError, match="positive"):
            move_slippage(plan, from_year="2026/27", to_year="2027/28", amount=amount)
        return
    moved = move_slippage(plan, from_year="2026/27", to_year="2028/29", amount=amount)
    assert sum(moved.values()) == sum(plan.values())
    assert moved["2028/29"] == amount


def test_slippage_only_moves_later_and_within_what_there_is() -> None:
    plan = {"2026/27": Decimal("100")}
    with pytest.raises(ValueError, match="later"):
        move_slippage(plan, from_year="2026/27", to_year="2025/26", amount=Decimal("1"))
    with pytest.raises(ValueError, match="too much"):
        move_slippage(plan, from_year="2026/27", to_year="2027/28", amount=Decimal("101"))
