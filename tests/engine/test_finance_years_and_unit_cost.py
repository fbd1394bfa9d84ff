import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.finance.unit_cost import unit_cost
from engine.finance.years import FinancialYear, financial_year_of, parse_financial_year


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2027, 3, 31), "2026/27"),
        (dt.date(2027, 4, 1), "2027/28"),
        (dt.date(2026, 11, 22), "2026/27"),
        (dt.date(1999, 12, 31), "1999/00"),
    ],
)
def test_financial_year_of(day, label):
    assert financial_year_of(day).label == label


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2998, 12, 31)))
def test_every_date_falls_inside_its_financial_year(day):
    year = financial_year_of(day)
    assert year.starts <= day <= year.ends
    assert parse_financial_year(year.label) == year
    assert year.next().previous() == year


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2026", "write it like 2026/27"),
        ("2026/28", "the second year must follow the first"),
        ("26/27", "write it like 2026/27"),
    ],
)
def test_parse_financial_year_says_what_is_wrong(label, message):
    with pytest.raises(ValueError, match=message):
        parse_financial_year(label)


def test_financial_year_ordering():
    assert FinancialYear(2025) < FinancialYear(2026)
    assert str(FinancialYear(2026)) == "2026/27"


def test_unit_cost_rounds_to_the_penny():
    assert unit_cost(gross_budget=Decimal("1000.00"), annual_demand=3) == Decimal("333.33")
    assert unit_cost(gross_budget=Decimal("2.00"), annual_demand=3) == Decimal("0.67")


def test_unit_cost_without_demand_is_none():
    assert unit_cost(gross_budget=Decimal("1000.00"), annual_demand=0) is None


@given(
    st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False, allow_infinity=False),
    st.integers(min_value=1, max_value=10**8),
)
def test_unit_cost_times_demand_is_within_half_a_penny_per_unit_of_the_budget(gross, demand):
    cost = unit_cost(gross_budget=gross, annual_demand=demand)
    assert cost is not None
    assert abs(cost * demand - gross) <= Decimal("0.005") * demand
