"""Direction of travel for a whole history in one pass (``travel_by_period``) gives the same answers as working out
``travel`` one period at a time, the way the indicator pages used to (kept here as the reference), while reading
each label once: a history of n values costs O(n), not O(n²)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.finance.years import FinancialYear, quarter_from_index
from engine.scoring import rag
from engine.scoring.indicators import Polarity
from engine.scoring.periods import (
    Frequency,
    Month,
    canonical_label,
    parse_period,
    previous_period,
    same_period_last_year,
)
from engine.scoring.rag import Basis, Comparison, Direction, Margin, Travel, direction_of_travel, travel_by_period


def travel_one_period_at_a_time(
    *, values: Mapping[str, Decimal | None], period: str, polarity: Polarity, no_change: Margin | None = None
) -> Travel:
    """The reference: ``travel`` as it was, re-reading every label of ``values`` for each period asked about."""
    by_label = {canonical_label(label): value for label, value in values.items()}
    current_period = parse_period(period)
    current = by_label.get(current_period.label)

    def against(earlier_label: str) -> Comparison:
        earlier = by_label.get(earlier_label)
        direction = direction_of_travel(current=current, earlier=earlier, polarity=polarity, no_change=no_change)
        return Comparison(earlier_period=earlier_label, earlier_value=earlier, direction=direction)

    return Travel(
        period=current_period.label,
        value=current,
        against_previous=against(previous_period(current_period).label),
        against_year_ago=against(same_period_last_year(current_period).label),
    )


def spellings(frequency: Frequency, index: int) -> st.SearchStrategy[str]:
    """The ways a user may write the period ``index`` periods from year 0 (every one parse_period accepts)."""
    if frequency is Frequency.MONTHLY:
        month = Month(index // 12, index % 12 + 1)
        return st.sampled_from([month.label, f"{month.year:04d}-{month.month}", f" {month.label} "])
    if frequency is Frequency.QUARTERLY:
        quarter = quarter_from_index(index)
        year = quarter.year.label
        return st.sampled_from([quarter.label, f"{year}q{quarter.number}", f"{year}Q{quarter.number}"])
    return st.sampled_from([FinancialYear(index).label, f" {FinancialYear(index).label}"])


numbers = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
amounts = st.decimals(min_value=0, max_value=10**3, places=2, allow_nan=False, allow_infinity=False)
margins = st.builds(Margin, st.sampled_from(Basis), amounts)


@st.composite
def histories(draw: st.DrawFn) -> tuple[dict[str, Decimal | None], list[str]]:
    """An indicator's values by period label (with gaps, missing values and several spellings; now and then the
    same period spelt twice) and the periods to ask about: those with a value and some without (a target only)."""
    frequency = draw(st.sampled_from(Frequency))
    # Financial years' labels have four-digit years from 1000 (parse_period reads no other).
    first = 1000 * frequency.periods_per_year
    start = draw(st.integers(min_value=first, max_value=first + 8000 * frequency.periods_per_year))
    offsets = draw(st.lists(st.integers(min_value=0, max_value=40), max_size=30))
    values: dict[str, Decimal | None] = {}
    for offset in offsets:
        values[draw(spellings(frequency, start + offset))] = draw(st.none() | numbers)
    extra = draw(st.lists(st.integers(min_value=0, max_value=44), max_size=6))
    asked = list(values) + [draw(spellings(frequency, start + offset)) for offset in extra]
    return values, draw(st.permutations(asked))


@given(histories(), st.sampled_from(Polarity), st.none() | margins)
def test_one_pass_gives_the_same_answers_as_one_period_at_a_time(history, polarity, no_change):
    values, periods = history
    expected = [
        travel_one_period_at_a_time(values=values, period=period, polarity=polarity, no_change=no_change)
        for period in periods
    ]
    assert travel_by_period(values=values, periods=periods, polarity=polarity, no_change=no_change) == expected
    assert [
        rag.travel(values=values, period=period, polarity=polarity, no_change=no_change) for period in periods
    ] == expected


def test_each_label_is_read_once(monkeypatch):
    """A history of 600 months asks parse_period once for each label, not 600 times for each."""
    calls: list[str] = []

    def counted(label: str, **kwargs: object) -> object:
        calls.append(label)
        return parse_period(label, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rag, "parse_period", counted)
    labels = [Month(1976, 4).plus(step).label for step in range(600)]
    values: dict[str, Decimal | None] = {label: Decimal(step % 7) for step, label in enumerate(labels)}
    moves = travel_by_period(values=values, periods=labels, polarity=Polarity.HIGHER_IS_BETTER)
    assert len(moves) == 600
    assert len(calls) == len(set(calls)) == 600
    assert moves[-1].against_previous == Comparison(labels[-2], Decimal(3), Direction.IMPROVING)  # 4 after 3


def test_the_first_month_of_the_calendar_is_not_comparable():
    """January of year 1 has no month before it: not comparable (the one-period-at-a-time version failed)."""
    values: dict[str, Decimal | None] = {"0001-01": Decimal(5), "0001-02": Decimal(6)}
    with pytest.raises(ValueError, match="four-digit year"):
        travel_one_period_at_a_time(values=values, period="0001-01", polarity=Polarity.HIGHER_IS_BETTER)
    first, second = travel_by_period(values=values, periods=["0001-01", "0001-02"], polarity=Polarity.HIGHER_IS_BETTER)
    assert first.against_previous == first.against_year_ago == Comparison("", None, Direction.NOT_COMPARABLE)
    assert second.against_previous == Comparison("0001-01", Decimal(5), Direction.IMPROVING)
    assert second.against_year_ago == Comparison("", None, Direction.NOT_COMPARABLE)


def test_a_label_that_is_not_a_period_is_refused():
    with pytest.raises(ValueError, match="is not a period"):
        travel_by_period(values={"2026-04": Decimal(1)}, periods=["last year"], polarity=Polarity.LOWER_IS_BETTER)
    with pytest.raises(ValueError, match="is not a period"):
        travel_by_period(values={"April": Decimal(1)}, periods=["2026-04"], polarity=Polarity.LOWER_IS_BETTER)
