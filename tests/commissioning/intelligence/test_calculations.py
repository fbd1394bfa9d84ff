"""The bridge to the working-days engine: England's bank holidays from the packaged list, never downloaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from commissioning.intelligence import calculations
from commissioning.intelligence.models import RESPONSE_WORKING_DAYS, URGENCY_MEANINGS, Urgency


@pytest.fixture
def fresh_calendar() -> Iterator[None]:
    calculations.english_calendar.cache_clear()
    yield
    calculations.english_calendar.cache_clear()


def test_the_holidays_come_from_the_packaged_list_without_the_network(
    fresh_calendar: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("govuk-bank-holidays tried to download the list")

    monkeypatch.setattr("requests.get", no_network)
    monkeypatch.setattr("requests.Session.request", no_network)
    calendar = calculations.english_calendar()
    england_2026 = {d for d in calendar.holidays if d.year == 2026}
    assert england_2026 == {
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 3),
        dt.date(2026, 4, 6),
        dt.date(2026, 5, 4),
        dt.date(2026, 5, 25),
        dt.date(2026, 8, 31),
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 28),
    }
    # England and Wales only: Scotland's 2 January and St Andrew's Day are working days here.
    assert dt.date(2026, 1, 2) not in calendar.holidays
    assert dt.date(2026, 11, 30) not in calendar.holidays
    assert calendar.known_until is not None
    assert calendar.known_until >= dt.date(2027, 12, 28)


def test_due_dates_count_from_the_london_day_of_submission() -> None:
    # 23:30 UTC on Thursday 2 April 2026 is 00:30 on Good Friday in London: day 0 is Good Friday.
    late_night = dt.datetime(2026, 4, 2, 23, 30, tzinfo=dt.UTC)
    assert calculations.response_due(submitted=late_night, working_days=1) == dt.date(2026, 4, 7)
    assert calculations.response_due(submitted=dt.date(2026, 4, 2), working_days=1) == dt.date(2026, 4, 7)


def test_working_days_overdue() -> None:
    due = dt.date(2026, 4, 2)
    assert calculations.working_days_overdue(due=due, today=dt.date(2026, 4, 2)) == 0
    assert calculations.working_days_overdue(due=due, today=dt.date(2026, 4, 1)) == 0
    assert calculations.working_days_overdue(due=due, today=dt.date(2026, 4, 7)) == 1


def test_a_date_beyond_the_list_is_counted_with_weekends_only_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    calendar = calculations.english_calendar()
    assert calendar.known_until is not None
    after = calendar.known_until + dt.timedelta(days=400)
    with caplog.at_level("WARNING", logger="commissioning.intelligence.calculations"):
        due = calculations.response_due(submitted=after, working_days=5)
    assert due.weekday() < 5
    assert "Upgrade govuk-bank-holidays" in caplog.text


def test_every_urgency_has_a_meaning_and_a_deadline_that_shortens_with_urgency() -> None:
    assert set(URGENCY_MEANINGS) == set(Urgency) == set(RESPONSE_WORKING_DAYS)
    days = [RESPONSE_WORKING_DAYS[u] for u in (Urgency.LOW, Urgency.MEDIUM, Urgency.HIGH, Urgency.URGENT)]
    assert days == sorted(days, reverse=True)
