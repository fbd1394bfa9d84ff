"""Green Book discount factors, checked by hand and against numpy_financial."""

import itertools
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.finance.discounting import (
    GREEN_BOOK_STPR,
    DiscountSchedule,
    RateBand,
    discount_factor,
    discount_factors,
    present_value,
)


def close(a: Decimal, b: Decimal) -> bool:
    """Equal to 24 significant digits (the expected values here are worked at Python's default 28)."""
    return abs(a - b) <= abs(b) * Decimal("1e-24")


def test_year_0_is_not_discounted():
    assert discount_factor(0) == 1
    assert discount_factors(1) == (Decimal(1),)
    assert discount_factors(0) == ()


def test_years_1_to_30_at_3_5_percent():
    assert close(discount_factor(1), Decimal(1) / Decimal("1.035"))
    assert close(discount_factor(10), Decimal(1) / Decimal("1.035") ** 10)
    assert close(discount_factor(30), Decimal(1) / Decimal("1.035") ** 30)
    # The Green Book's published table: 0.9662 in year 1, 0.7089 in year 10, 0.3563 in year 30.
    assert round(discount_factor(1), 4) == Decimal("0.9662")
    assert round(discount_factor(10), 4) == Decimal("0.7089")
    assert round(discount_factor(30), 4) == Decimal("0.3563")


def test_each_band_compounds_on_the_last_factor_of_the_band_before():
    f30 = Decimal(1) / Decimal("1.035") ** 30
    assert close(discount_factor(31), f30 / Decimal("1.03"))
    f75 = f30 / Decimal("1.03") ** 45
    assert close(discount_factor(75), f75)
    assert close(discount_factor(76), f75 / Decimal("1.025"))
    f125 = f75 / Decimal("1.025") ** 50
    assert close(discount_factor(125), f125)
    assert close(discount_factor(126), f125 / Decimal("1.02"))
    f200 = f125 / Decimal("1.02") ** 75
    assert close(discount_factor(201), f200 / Decimal("1.015"))
    f300 = f200 / Decimal("1.015") ** 100
    assert close(discount_factor(300), f300)
    assert close(discount_factor(301), f300 / Decimal("1.01"))
    assert close(discount_factor(400), f300 / Decimal("1.01") ** 100)


def test_factors_fall_every_year_and_agree_however_many_are_asked_for():
    factors = discount_factors(350)
    assert all(later < earlier for earlier, later in itertools.pairwise(factors))
    assert discount_factors(40) == factors[:40]
    assert discount_factors(40, GREEN_BOOK_STPR) == factors[:40]


def test_present_value_by_hand():
    # 100 a year for years 0-2: 100 + 100/1.035 + 100/1.035^2 = 100 + 96.6184 + 93.3511 = 289.9694
    assert round(present_value([Decimal(100)] * 3), 4) == Decimal("289.9694")


@given(st.lists(st.integers(min_value=-(10**9), max_value=10**9), min_size=1, max_size=31))
def test_matches_numpy_financial_npv_for_years_0_to_30(amounts):
    """Up to year 30 the STPR is a constant 3.5%, which is what a spreadsheet NPV (from year 0) does."""
    ours = float(present_value([Decimal(a) for a in amounts]))
    theirs = float(npf.npv(0.035, amounts))
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-6)


@given(st.decimals(min_value="0.001", max_value="0.2", places=3), st.integers(min_value=0, max_value=60))
def test_constant_schedule_matches_numpy_financial(rate, years):
    amounts = [Decimal(1000)] * (years + 1)
    ours = float(present_value(amounts, DiscountSchedule.constant(rate)))
    assert ours == pytest.approx(float(npf.npv(float(rate), [1000] * (years + 1))), rel=1e-9)


@given(
    st.decimals(min_value="0", max_value="0.15", places=4),
    st.decimals(min_value="0.0001", max_value="0.05", places=4),
    st.integers(min_value=1, max_value=120),
    st.decimals(min_value="0.01", max_value=10**9, places=2),
)
def test_a_higher_discount_rate_shrinks_the_pv_of_later_benefits(rate, extra, year, amount):
    amounts = [Decimal(0)] * year + [amount]
    lower = present_value(amounts, DiscountSchedule.constant(rate))
    higher = present_value(amounts, DiscountSchedule.constant(rate + extra))
    assert higher < lower
    assert present_value([amount], DiscountSchedule.constant(rate + extra)) == amount  # year 0 is never discounted


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ((), "at least one band"),
        ((RateBand(30, Decimal("0.035")),), "must be open-ended"),
        ((RateBand(None, Decimal("0.035")), RateBand(None, Decimal("0.03"))), "open-ended but is not the last"),
        (
            (RateBand(30, Decimal("0.035")), RateBand(20, Decimal("0.03")), RateBand(None, Decimal("0.02"))),
            "increasing",
        ),
        ((RateBand(None, Decimal("-1")),), "above -1"),
    ],
)
def test_bad_schedules_are_refused(bands, message):
    with pytest.raises(ValueError, match=message):
        DiscountSchedule(bands=bands)


def test_rates_by_year():
    assert GREEN_BOOK_STPR.rate_for(1) == Decimal("0.035")
    assert GREEN_BOOK_STPR.rate_for(30) == Decimal("0.035")
    assert GREEN_BOOK_STPR.rate_for(31) == Decimal("0.030")
    assert GREEN_BOOK_STPR.rate_for(300) == Decimal("0.015")
    assert GREEN_BOOK_STPR.rate_for(301) == Decimal("0.010")
    with pytest.raises(ValueError, match="from 1 on"):
        GREEN_BOOK_STPR.rate_for(0)
    with pytest.raises(ValueError, match="0 or more"):
        discount_factor(-1)
