"""Reporting periods: months, quarters and financial years, and the periods direction of travel compares with."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.finance.years import FinancialYear, Quarter
from engine.scoring.periods import (
    Frequency,
    Month,
    canonical_label,
    financial_year_of_period,
    frequency_of,
    parse_period,
    previous_period,
    same_period_last_year,
)

months = st.builds(Month, st.integers(min_value=1001, max_value=9998), st.integers(min_value=1, max_value=12))
quarters = st.builds(Quarter, st.builds(FinancialYear, st.integers(min_value=1001, max_value=9997)), st.integers(1, 4))
years = st.builds(FinancialYear, st.integers(min_value=1001, max_value=9997))
periods = st.one_of(months, quarters, years)


@pytest.mark.parametrize(
    ("label", "expected", "frequency"),
    [
        ("2026-04", Month(2026, 4), Frequency.MONTHLY),
        ("2026-4", Month(2026, 4), Frequency.MONTHLY),
        (" 2026-12 ", Month(2026, 12), Frequency.MONTHLY),
        ("2026/27 Q1", Quarter(FinancialYear(2026), 1), Frequency.QUARTERLY),
        ("2026/27q4", Quarter(FinancialYear(2026), 4), Frequency.QUARTERLY),
        ("2026/27", FinancialYear(2026), Frequency.ANNUAL),
        ("1999/00", FinancialYear(1999), Frequency.ANNUAL),
    ],
)
def test_parse_period(label, expected, frequency):
    assert parse_period(label) == expected
    assert frequency_of(parse_period(label)) is frequency
    assert parse_period(label, frequency=frequency) == expected


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "is not a period: write a month like 2026-04, a quarter like 2026/27 Q1 or a financial year like 2026/27"),
        ("April 2026", "is not a period"),
        ("2026-13", "is not a month: months run from 01 to 12"),
        ("2026-00", "is not a month"),
        ("0000-01", "is not a period"),
        ("2026/28", "the second year must follow the first"),
        ("2026/27 Q5", "a financial year has quarters Q1 to Q4"),
        ("٢٠٢٦-٠٤", "is not a period"),  # Arabic-Indic digits: Python's \d would take them
    ],
)
def test_parse_period_says_what_is_wrong(label, message):
    with pytest.raises(ValueError, match=message):
        parse_period(label)


def test_a_period_of_the_wrong_frequency_is_refused():
    with pytest.raises(ValueError, match=r'"2026-04" is a month, but the indicator is reported quarterly: write the '):
        parse_period("2026-04", frequency=Frequency.QUARTERLY)
    with pytest.raises(
        ValueError, match="is a quarter, but the indicator is reported annual: write the period like 2026/27"
    ):
        parse_period("2026/27 Q2", frequency=Frequency.ANNUAL)


@pytest.mark.parametrize(
    ("label", "previous", "year_ago"),
    [
        ("2026-04", "2026-03", "2025-04"),
        ("2026-01", "2025-12", "2025-01"),
        ("2026/27 Q1", "2025/26 Q4", "2025/26 Q1"),
        ("2026/27 Q3", "2026/27 Q2", "2025/26 Q3"),
        ("2026/27", "2025/26", "2025/26"),
        ("2000/01", "1999/00", "1999/00"),
    ],
)
def test_previous_period_and_same_period_last_year(label, previous, year_ago):
    period = parse_period(label)
    assert previous_period(period).label == previous
    assert same_period_last_year(period).label == year_ago


def test_months():
    april = Month(2026, 4)
    assert str(april) == "2026-04"
    assert (april.starts.isoformat(), april.ends.isoformat()) == ("2026-04-01", "2026-04-30")
    assert Month(2028, 2).ends.day == 29
    assert april.financial_year == FinancialYear(2026)
    assert Month(2027, 3).financial_year == FinancialYear(2026)
    assert financial_year_of_period(Month(2027, 3)).label == "2026/27"
    assert financial_year_of_period(parse_period("2026/27 Q4")).label == "2026/27"
    assert financial_year_of_period(FinancialYear(2026)).label == "2026/27"
    with pytest.raises(ValueError, match="months 1 to 12"):
        Month(2026, 13)
    assert canonical_label("2026/27q1") == "2026/27 Q1"
    assert canonical_label("2026-4") == "2026-04"


@given(periods)
def test_labels_round_trip(period):
    assert parse_period(period.label) == period
    assert parse_period(period.label, frequency=frequency_of(period)) == period


@given(periods)
def test_a_year_ago_is_as_many_steps_back_as_the_frequency_has_periods_in_a_year(period):
    stepped = period
    for _ in range(frequency_of(period).periods_per_year):
        stepped = previous_period(stepped)
    assert stepped == same_period_last_year(period)
    assert previous_period(period) < period
    assert financial_year_of_period(same_period_last_year(period)) == financial_year_of_period(period).previous()


@given(months, months)
def test_month_labels_sort_like_months(a, b):
    assert (a < b) == (a.label < b.label) == (a.starts < b.starts)
