"""Pooled budget statements per quarter (engine.finance.pools.period_statement): the quarters of a linear rule add up
to the year, the parts of the year add up exactly, and where the rule is not linear the quarters can differ."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.finance.pools import (
    Method,
    Partner,
    PoolError,
    Rule,
    in_period,
    period_statement,
    quarter_parts,
    statement,
    to_date,
)

D = Decimal
PENNY = D("0.01")
money = st.integers(min_value=0, max_value=10**9).map(lambda p: D(p) / 100)
signed_money = st.integers(min_value=-(10**8), max_value=10**9).map(lambda p: D(p) / 100)


@st.composite
def percentages(draw: st.DrawFn, count: int) -> list[Decimal]:
    """``count`` whole or two-decimal percentages adding up to 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 10_000]
    return [D(bounds[i + 1] - bounds[i]) / 100 for i in range(count)]


@settings(max_examples=150, deadline=None)
@given(amount=money)
def test_the_quarters_of_an_amount_add_up_to_it_exactly(amount: Decimal) -> None:
    parts = quarter_parts(amount)
    assert len(parts) == 4
    assert sum(parts) == amount
    assert max(parts) - min(parts) <= PENNY
    assert [to_date(amount, q) for q in (1, 2, 3, 4)] == [sum(parts[:q]) for q in (1, 2, 3, 4)]
    assert to_date(amount, 4) == to_date(amount, None) == amount


@settings(max_examples=150, deadline=None)
@given(data=st.data(), count=st.integers(1, 4))
def test_by_percentage_with_nothing_at_steps_1_and_2_the_quarters_add_up_to_the_year(
    data: st.DataObject, count: int
) -> None:
    shares = data.draw(percentages(count))
    contributions = data.draw(st.lists(money, min_size=count, max_size=count))
    spends = data.draw(st.lists(signed_money, min_size=4, max_size=4))
    partners = [Partner(f"P{i}", c, s) for i, (c, s) in enumerate(zip(contributions, shares, strict=True))]
    rule = Rule(Method.PERCENTAGE)
    quarters = [period_statement(partners=partners, spend=s, rule=rule, quarter=q + 1) for q, s in enumerate(spends)]
    year = period_statement(partners=partners, spend=sum(spends), rule=rule, quarter=None)
    assert year == statement(partners=partners, spend=sum(spends), rule=rule)
    assert sum(q.total for q in quarters) == year.total
    assert sum(q.spend for q in quarters) == year.spend
    assert sum(q.variance for q in quarters) == year.variance
    for i in range(count):
        assert sum(q.partners[i].contributed for q in quarters) == year.partners[i].contributed
        quarters_share = sum(q.partners[i].variance_share for q in quarters)
        # each quarter and the year rounded to the penny on their own: within a penny a quarter
        assert abs(quarters_share - year.partners[i].variance_share) <= 4 * PENNY
    for q in quarters:  # within a period every split adds up exactly, as for a year
        assert sum(p.variance_share for p in q.partners) == (q.shared if q.is_overspend else -q.shared)


def test_an_exact_linear_year_splits_into_its_quarters_exactly() -> None:
    partners = [Partner("Council", D("600000"), D("60")), Partner("ICB", D("400000"), D("40"))]
    rule = Rule(Method.PERCENTAGE)
    spends = [D("260000"), D("270000"), D("240000"), D("330000")]
    quarters = [period_statement(partners=partners, spend=s, rule=rule, quarter=q + 1) for q, s in enumerate(spends)]
    year = period_statement(partners=partners, spend=sum(spends), rule=rule, quarter=None)
    assert [q.total for q in quarters] == [D("250000.00")] * 4
    assert [q.variance for q in quarters] == [D("10000.00"), D("20000.00"), D("-10000.00"), D("80000.00")]
    assert [q.partners[1].variance_share for q in quarters] == [D("4000.00"), D("8000.00"), D("-4000.00"), D("32000")]
    assert year.partners[1].variance_share == D("40000.00") == sum(q.partners[1].variance_share for q in quarters)


def test_a_risk_reserve_is_not_linear_so_the_quarters_need_not_add_up_to_the_year() -> None:
    """Q1 overspends and uses its quarter of the reserve; Q4 underspends and tops its own quarter up. The year nets
    the two off before the reserve is reached. With equal over- and underspends the shares happen to cancel; with an
    underspend the reserve takes whole, a partner pays their part of Q1's overspend in the quarters but nothing in
    the year, whose smaller overspend the reserve meets."""
    partners = [Partner("Council", D("400000"), D("50")), Partner("ICB", D("400000"), D("50"))]
    rule = Rule(Method.PERCENTAGE, risk_reserve=D("40000"))  # a quarter: £10,000
    q1 = period_statement(partners=partners, spend=D("230000"), rule=rule, quarter=1)  # overspend £30,000
    q2 = period_statement(partners=partners, spend=D("200000"), rule=rule, quarter=2)  # on budget
    q3 = period_statement(partners=partners, spend=D("200000"), rule=rule, quarter=3)
    q4 = period_statement(partners=partners, spend=D("170000"), rule=rule, quarter=4)  # underspend £30,000
    year = period_statement(partners=partners, spend=D("800000"), rule=rule, quarter=None)  # on budget
    assert (q1.risk_reserve, q1.shared, q4.risk_reserve, q4.shared) == (D("10000"), D("20000"), D("10000"), D("20000"))
    quarters_share = sum(q.partners[0].variance_share for q in (q1, q2, q3, q4))
    assert quarters_share == D("0.00") == year.partners[0].variance_share  # here the signs cancel out...
    q4_small = period_statement(partners=partners, spend=D("190000"), rule=rule, quarter=4)  # underspend £10,000
    year_small = period_statement(partners=partners, spend=D("820000"), rule=rule, quarter=None)  # over £20,000
    quarters_small = sum(q.partners[0].variance_share for q in (q1, q2, q3, q4_small))
    assert quarters_small == D("10000.00")  # Q1's £10,000 share; Q4's underspend all went to the reserve
    assert year_small.partners[0].variance_share == D("0.00")  # the year's £20,000 is met from the reserve
    assert quarters_small != year_small.partners[0].variance_share


def test_fixed_shares_are_spread_by_quarter_and_are_not_linear() -> None:
    partners = [Partner("Council", D("400000"), D("40000")), Partner("ICB", D("400000"), D("20000"))]
    rule = Rule(Method.FIXED)
    q1 = period_statement(partners=partners, spend=D("230000"), rule=rule, quarter=1)  # £30,000 over; fixed £15,000
    assert [p.variance_share for p in q1.partners] == [D("20000.00"), D("10000.00")]
    q2 = period_statement(partners=partners, spend=D("206000"), rule=rule, quarter=2)  # £6,000 over, below the fixed
    assert [p.variance_share for p in q2.partners] == [D("4000.00"), D("2000.00")]


def test_a_quarter_is_one_to_four() -> None:
    with pytest.raises(PoolError):
        in_period(D("100"), 5)
    with pytest.raises(PoolError):
        to_date(D("100"), 0)
