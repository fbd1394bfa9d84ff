"""The risk-share rule of a pooled budget: shares always add up to the penny, and the order is kept (ADR 0027)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.finance.pools import (
    CONTRIBUTIONS_DO_NOT_ADD_UP,
    PERCENTAGES_DO_NOT_ADD_UP,
    Method,
    Partner,
    PoolError,
    Rule,
    apportion,
    check_contributions,
    statement,
)

D = Decimal
money = st.integers(min_value=0, max_value=10**9).map(lambda p: D(p) / 100)


def test_an_overspend_is_met_from_pool_underspends_then_the_reserve_then_by_percentage() -> None:
    partners = [Partner("Council", D("600000"), D("60")), Partner("ICB", D("400000"), D("40"))]
    result = statement(
        partners=partners,
        spend=D("1100000"),
        rule=Rule(Method.PERCENTAGE, within_pool=D("30000"), risk_reserve=D("20000")),
    )
    assert (result.variance, result.within_pool, result.risk_reserve, result.shared) == (
        D("100000.00"),
        D("30000.00"),
        D("20000.00"),
        D("50000.00"),
    )
    council, icb = result.partners
    assert (council.spend_share, council.variance_share) == (D("600000.00"), D("30000.00"))
    assert (icb.spend_share, icb.variance_share, icb.net) == (D("400000.00"), D("20000.00"), D("420000.00"))


def test_an_underspend_is_kept_in_the_pool_then_tops_up_the_reserve_then_is_returned() -> None:
    partners = [Partner("Council", D("500"), D("100")), Partner("ICB", D("500"), D("300"))]
    result = statement(
        partners=partners, spend=D("600"), rule=Rule(Method.FIXED, within_pool=D("100"), risk_reserve=D("100"))
    )
    assert (result.variance, result.within_pool, result.risk_reserve, result.shared) == (
        D("-400.00"),
        D("100.00"),
        D("100.00"),
        D("200.00"),
    )
    assert [p.variance_share for p in result.partners] == [D("-50.00"), D("-150.00")]  # within the fixed amounts
    assert sum(p.spend_share for p in result.partners) == D("600.00")


def test_fixed_amounts_then_the_rest_in_proportion() -> None:
    partners = [Partner("A", D("100"), D("10")), Partner("B", D("100"), D("30"))]
    result = statement(partners=partners, spend=D("280"), rule=Rule(Method.FIXED))
    assert [p.variance_share for p in result.partners] == [D("20.00"), D("60.00")]


def test_a_penny_split_three_ways_goes_to_the_first() -> None:
    assert apportion(D("0.01"), [D(1), D(1), D(1)]) == (D("0.01"), D("0.00"), D("0.00"))
    assert apportion(D("100"), [D(1), D(1), D(1)]) == (D("33.34"), D("33.33"), D("33.33"))


def test_named_errors() -> None:
    with pytest.raises(PoolError, match=PERCENTAGES_DO_NOT_ADD_UP):
        statement(
            partners=[Partner("A", D(1), D(60)), Partner("B", D(1), D(30))], spend=D(2), rule=Rule(Method.PERCENTAGE)
        )
    with pytest.raises(PoolError, match=CONTRIBUTIONS_DO_NOT_ADD_UP):
        check_contributions(D("100"), [D("60"), D("39.99")])
    assert check_contributions(D("100"), [D("60"), D("40")]) == 0


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[Partner], Decimal, Rule]:
    method = draw(st.sampled_from(Method))
    count = draw(st.integers(min_value=1, max_value=5))
    if method == Method.PERCENTAGE:
        cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=count - 1, max_size=count - 1)))
        shares = [D(b - a) for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    else:
        shares = draw(st.lists(money, min_size=count, max_size=count))
    contributions = draw(st.lists(money, min_size=count, max_size=count))
    partners = [Partner(f"P{i}", c, s) for i, (c, s) in enumerate(zip(contributions, shares, strict=True))]
    return partners, draw(money), Rule(method, within_pool=draw(money), risk_reserve=draw(money))


@settings(max_examples=150, deadline=None)
@given(pools())
def test_shares_always_add_up_to_the_penny_and_the_order_is_kept(pool: tuple[list[Partner], Decimal, Rule]) -> None:
    partners, spend, rule = pool
    result = statement(partners=partners, spend=spend, rule=rule)
    size = abs(result.variance)
    # Each step takes only what the one before left, up to its own limit, and the steps add up to the variance.
    assert result.within_pool == min(size, rule.within_pool)
    assert result.risk_reserve == min(size - result.within_pool, rule.risk_reserve)
    assert result.within_pool + result.risk_reserve + result.shared == size
    assert result.shared == 0 or (result.within_pool == rule.within_pool and result.risk_reserve == rule.risk_reserve)
    # The partners' parts add up exactly: of the spend within the total, and of what is shared.
    assert sum(p.spend_share for p in result.partners) == min(result.spend, result.total)
    assert sum(abs(p.variance_share) for p in result.partners) == result.shared
    assert all(p.variance_share * result.variance >= 0 for p in result.partners)  # nobody's goes the other way
    assert sum(p.net for p in result.partners) == result.total + (
        result.shared if result.variance > 0 else -result.shared
    )
