"""The saving realised read from spend (engine.finance.spend_savings): the baseline pro rata less spend to date."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.finance import spend_savings as ss
from engine.finance.years import FinancialYear

YEAR = FinancialYear(2026)
MONTHS = ss.months_of(YEAR)
AFTER_THE_YEAR = dt.date(2027, 6, 1)

money = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("5000000"), places=2)
baselines = st.decimals(min_value=Decimal("0"), max_value=Decimal("50000000"), places=2)
monthly_spend = st.dictionaries(st.sampled_from(MONTHS), money, min_size=1)


def test_the_arithmetic_of_a_worked_example() -> None:
    """£1,200,000 baseline; April to June paid £80,000, £90,000 and £70,000: three months of the baseline is
    £300,000, so £60,000 has been saved to date."""
    monthly = {dt.date(2026, 4, 1): Decimal("80000"), dt.date(2026, 5, 1): Decimal("90000")}
    monthly[dt.date(2026, 6, 1)] = Decimal("70000")
    result = ss.realised_from_spend(
        baseline=Decimal("1200000"), year=YEAR, through=dt.date(2026, 6, 15), monthly=monthly, today=dt.date(2026, 7, 1)
    )
    assert (result.months, result.baseline_to_date, result.spend_to_date) == (3, Decimal("300000.00"), 240000)
    assert result.saving == Decimal("60000.00")
    assert (result.first_month, result.last_month, result.period_end) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 30),
    )


@pytest.mark.parametrize(
    ("through", "today", "code"),
    [
        (dt.date(2027, 4, 1), AFTER_THE_YEAR, ss.OUTSIDE_YEAR),
        (dt.date(2026, 3, 1), AFTER_THE_YEAR, ss.OUTSIDE_YEAR),
        (dt.date(2026, 6, 1), dt.date(2026, 6, 30), ss.NOT_ENDED),  # June has not ended on its last day
        (dt.date(2026, 5, 1), AFTER_THE_YEAR, ss.NO_SPEND),
    ],
)
def test_a_period_that_cannot_give_a_figure_is_refused_naming_why(through: dt.date, today: dt.date, code: str) -> None:
    monthly = {dt.date(2026, 4, 1): Decimal("10"), dt.date(2026, 6, 1): Decimal("10")}
    with pytest.raises(ss.SpendPeriodError) as refused:
        ss.realised_from_spend(baseline=Decimal("1200"), year=YEAR, through=through, monthly=monthly, today=today)
    assert refused.value.code == code
    assert refused.value.month == through.replace(day=1)


@settings(deadline=None)
@given(baseline=baselines, monthly=monthly_spend, through=st.sampled_from(MONTHS))
def test_the_saving_is_always_the_baseline_pro_rata_less_the_spend_of_the_period(
    baseline: Decimal, monthly: dict[dt.date, Decimal], through: dt.date
) -> None:
    monthly = {**monthly, through: monthly.get(through, Decimal("1.00"))}
    result = ss.realised_from_spend(
        baseline=baseline, year=YEAR, through=through, monthly=monthly, today=AFTER_THE_YEAR
    )
    assert result.spend_to_date == sum((v for m, v in monthly.items() if m <= through), Decimal(0))
    assert result.saving == result.baseline_to_date - result.spend_to_date
    assert result.months == MONTHS.index(through) + 1
    assert abs(result.baseline_to_date - baseline * result.months / 12) <= Decimal("0.005")
    # The month-by-month table ends the period at the same figure.
    rows = ss.month_by_month(baseline=baseline, year=YEAR, monthly=monthly, today=AFTER_THE_YEAR)
    assert rows[result.months - 1].saving_to_date == result.saving
    assert len(rows) == 12


@settings(deadline=None)
@given(baseline=baselines, monthly=monthly_spend)
def test_a_whole_year_pro_rata_is_the_baseline_and_it_never_falls_month_on_month(
    baseline: Decimal, monthly: dict[dt.date, Decimal]
) -> None:
    rows = ss.month_by_month(baseline=baseline, year=YEAR, monthly=monthly, today=AFTER_THE_YEAR)
    assert rows[-1].baseline_to_date == baseline
    assert all(a.baseline_to_date <= b.baseline_to_date for a, b in itertools.pairwise(rows))
    assert rows[-1].spend_to_date == sum(monthly.values(), Decimal(0))


@settings(deadline=None)
@given(monthly=monthly_spend, today=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 6, 1)))
def test_only_ended_months_are_offered_or_shown(monthly: dict[dt.date, Decimal], today: dt.date) -> None:
    rows = ss.month_by_month(baseline=Decimal("1200"), year=YEAR, monthly=monthly, today=today)
    assert all(ss.month_end(row.month) < today for row in rows)
    offered = ss.latest_month_with_spend(year=YEAR, monthly=monthly, today=today)
    if offered is not None:
        assert offered in monthly
        assert ss.has_ended(offered, today=today)
        ss.realised_from_spend(baseline=Decimal("1200"), year=YEAR, through=offered, monthly=monthly, today=today)


@settings(deadline=None)
@given(
    monthly=st.dictionaries(
        st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 1)).map(ss.month_start), money
    )
)
def test_spend_by_financial_year_keeps_every_pound(monthly: dict[dt.date, Decimal]) -> None:
    assert sum(ss.by_financial_year(monthly).values(), Decimal(0)) == sum(monthly.values(), Decimal(0))


def test_a_contract_s_payments_against_its_annual_value_year_by_year() -> None:
    """A contract from 1 October 2025 to 30 September 2027, £120,000 a year, seen on 15 July 2026: six months of
    2025/26 (£60,000 expected) and April to June of 2026/27 (£30,000 expected)."""
    monthly = {dt.date(2025, 10, 1): Decimal("9000"), dt.date(2026, 5, 1): Decimal("12000")}
    monthly[dt.date(2026, 7, 1)] = Decimal("50000")  # July has not ended: not counted
    rows = ss.against_annual_value(
        annual_value=Decimal("120000"),
        start=dt.date(2025, 10, 1),
        end=dt.date(2027, 9, 30),
        monthly=monthly,
        today=dt.date(2026, 7, 15),
    )
    assert rows == [
        ss.YearAgainstValue("2025/26", 6, Decimal("60000.00"), Decimal("9000"), Decimal("-51000.00")),
        ss.YearAgainstValue("2026/27", 3, Decimal("30000.00"), Decimal("12000"), Decimal("-18000.00")),
    ]


@settings(deadline=None)
@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 1, 1)),
    length=st.integers(min_value=0, max_value=1200),
    value=baselines,
)
def test_a_contract_s_expected_payments_never_exceed_its_annual_value_a_year(
    start: dt.date, length: int, value: Decimal
) -> None:
    rows = ss.against_annual_value(
        annual_value=value, start=start, end=start + dt.timedelta(days=length), monthly={}, today=dt.date(2027, 6, 1)
    )
    assert all(1 <= row.months <= 12 and row.expected <= value for row in rows)
    assert [row.year for row in rows] == sorted({row.year for row in rows})
