"""The expiry pipeline's dates (engine.contracts.expiry)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.contracts.expiry import LEAD_TIME_MONTHS, add_months, expiry, final_end, horizon_end

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


def test_months_keep_the_day_or_take_the_last_of_a_shorter_month() -> None:
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2027, 3, 31), -9) == dt.date(2026, 6, 30)
    assert add_months(dt.date(2027, 12, 15), 1) == dt.date(2028, 1, 15)


def test_an_open_procedure_starts_nine_months_before_the_end_and_is_late_after() -> None:
    end = dt.date(2027, 9, 30)
    on_time = expiry(end_date=end, procedure="open", today=dt.date(2026, 12, 1))
    assert (on_time.start_by, on_time.late, on_time.lead_time_months) == (dt.date(2026, 12, 30), False, 9)
    assert on_time.due_soon
    late = expiry(end_date=end, procedure="open", today=dt.date(2027, 1, 1))
    assert late.late
    assert late.days_to_start == -2
    quote = expiry(end_date=end, procedure="below_threshold_quote", today=dt.date(2027, 1, 1))
    assert (quote.start_by, quote.late) == (dt.date(2027, 6, 30), False)


def test_unknown_procedures_and_horizons_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="no lead time"):
        expiry(end_date=dt.date(2027, 1, 1), procedure="handshake", today=dt.date(2026, 1, 1))
    with pytest.raises(ValueError, match="horizon"):
        horizon_end(today=dt.date(2026, 1, 1), months=0)
    assert horizon_end(today=dt.date(2026, 12, 3), months=18) == dt.date(2028, 6, 3)
    assert final_end(end_date=dt.date(2027, 3, 31), extension_count=2, extension_months=12) == dt.date(2029, 3, 31)


@given(day=days, months=st.integers(min_value=-240, max_value=240))
def test_moving_by_months_lands_in_the_right_month_and_never_after_the_day_number(day: dt.date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


@given(end=days, today=days, procedure=st.sampled_from(sorted(LEAD_TIME_MONTHS)))
def test_the_start_by_date_comes_before_the_end_and_longer_lead_times_start_no_later(
    end: dt.date, today: dt.date, procedure: str
) -> None:
    found = expiry(end_date=end, procedure=procedure, today=today)
    assert found.start_by < end
    assert found.late == (found.start_by < today)
    for other in LEAD_TIME_MONTHS:
        if LEAD_TIME_MONTHS[other] >= LEAD_TIME_MONTHS[procedure]:
            assert expiry(end_date=end, procedure=other, today=today).start_by <= found.start_by
