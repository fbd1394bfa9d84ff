"""An indicator's history can be long (an import may bring 100,000 values for one indicator), and no page may cost
more for it: the indicator page shows its periods in pages and charts only the latest, and the outcome and service
pages read only each indicator's latest values. Direction of travel is the engine's, from the whole history."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.outcomes import calculations, selectors
from commissioning.outcomes.models import Measurement
from engine.scoring.periods import Month
from tests.commissioning.outcomes.factories import IndicatorFactory, OutcomeFactory, TargetFactory
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
LATEST = Month(2026, 3)


def months(count: int, *, last: Month = LATEST) -> list[str]:
    """``count`` consecutive month labels, oldest first, ending with ``last``."""
    return [last.plus(step - count + 1).label for step in range(count)]


def record(indicator, labels: list[str]) -> None:
    """Values straight into the table (as an import's would be), each different from the one before."""
    officer = UserFactory(role=Role.OFFICER)
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, period=label, value=D(50 + (step * 37) % 23), entered_by=officer)
        for step, label in enumerate(labels)
    )


def rows(content: str, testid: str = "values") -> list[str]:
    """The periods of a table's rows, in order."""
    table = content.split(f'data-testid="{testid}"')[1].split("</table>")[0].split("<tbody")[1]
    return re.findall(r'<tr class="govuk-table__row"[^>]*>\s*<t[dh][^>]*>([^<]+)</t[dh]>', table)


@pytest.fixture
def long_indicator():
    """A monthly indicator with 45 values (2022-07 to 2026-03) and targets for its last year and the next month."""
    service = ServiceFactory()
    outcome = OutcomeFactory(services=[service])
    indicator = IndicatorFactory(code="LNG-01", monthly=True, outcome=outcome, services=[service])
    record(indicator, months(45))
    for label in [*months(12), "2026-04"]:
        TargetFactory(indicator=indicator, period=label, target=D(60), tolerance_basis="absolute", tolerance=D(5))
    return indicator


def test_the_indicator_page_shows_every_period_in_pages_of_twenty_newest_first(long_indicator):
    everything = selectors.indicator_series(indicator=long_indicator, years=None).periods
    newest_first = [row.period for row in reversed(everything)]
    assert newest_first[:2] == ["2026-04", "2026-03"]  # a target ahead of the latest value comes first
    page_url = reverse("outcomes:indicator-detail", args=[long_indicator.pk])
    client = Client()
    first = client.get(page_url).content.decode()
    assert rows(first) == newest_first[:20]
    assert "46 periods, 20 to a page (page 1 of 3)" in first
    assert 'href="?page=2#values"' in first
    third = client.get(page_url, {"page": 3}).content.decode()
    assert rows(third) == newest_first[40:] == months(45)[:6][::-1]
    # Each row's RAG and travel are those worked out from the whole history.
    second = client.get(page_url, {"page": 2}).content.decode()
    assert rows(second) == newest_first[20:40]
    expected = {row.period: row for row in everything}
    for label in rows(second):
        row = second[second.index(f'data-period="{label}"') :].split("</tr>")[0]
        wanted = expected[label]
        assert f'data-rag="{wanted.rag.value}"' in row
        travel = re.findall(r'data-travel="([^"]+)"', row)
        assert travel == [wanted.against_previous.direction.value, wanted.against_year_ago.direction.value], label
    assert client.get(page_url, {"page": "last"}).status_code == 200  # any page number answers a page


def test_the_chart_and_the_table_beside_it_show_the_latest_periods_and_say_so(long_indicator):
    record(IndicatorFactory(code="LNG-99", monthly=True), months(3))  # another indicator's values do not count
    record(long_indicator, months(40, last=Month(2022, 6)))  # 85 values in all, from 2019-03
    content = Client().get(reverse("outcomes:indicator-detail", args=[long_indicator.pk])).content.decode()
    charted = selectors.indicator_series(indicator=long_indicator).periods
    assert len(charted) == 61  # five years of months, and the target ahead
    assert rows(content, "values-beside-chart") == [row.period for row in reversed(charted)]
    note = content.split('data-testid="chart-periods">')[1].split("</p>")[0]
    assert note == (
        f"The chart and the table beside it show the latest 61 periods, {charted[0].period} to 2026-04: "
        "older periods are in the table below."
    )
    assert "86 periods, 20 to a page (page 1 of 5)" in content


def test_pages_reach_the_newest_periods_only_and_the_download_has_every_one(long_indicator, monkeypatch):
    monkeypatch.setattr(selectors, "HISTORY_SHOWN", 30)
    page_url = reverse("outcomes:indicator-detail", args=[long_indicator.pk])
    content = Client().get(page_url, {"page": 9}).content.decode()
    assert "More than 30 periods have a value or a target: the latest 30 are here" in content
    assert "(page 2 of 2)" in content
    assert len(rows(content)) == 10
    data = Client().get(reverse("outcomes:indicator-data-csv", args=[long_indicator.pk]))
    assert b"".join(data.streaming_content).decode("utf-8-sig").count("LNG-01") == 46


def test_the_first_month_of_the_calendar_has_no_travel_rather_than_an_error():
    indicator = IndicatorFactory(monthly=True)
    record(indicator, ["0001-01", "0001-02"])
    response = Client().get(reverse("outcomes:indicator-detail", args=[indicator.pk]))
    assert response.status_code == 200
    row = response.content.decode().split('data-period="0001-01"')[1].split("</tr>")[0]
    assert re.findall(r'data-travel="([^"]+)"', row) == ["not_comparable", "not_comparable"]


def test_outcome_and_service_pages_read_only_each_indicators_latest_values(long_indicator, monkeypatch):
    short = IndicatorFactory(
        code="LNG-02", monthly=True, outcome=long_indicator.outcome, services=list(long_indicator.services.all())
    )
    record(short, months(5))
    expected = {
        indicator.code: selectors.indicator_series(indicator=indicator, years=None).latest
        for indicator in (long_indicator, short)
    }
    read: list[int] = []
    series = calculations.indicator_series

    def counted(*, polarity, measurements, targets):
        measurements = list(measurements)
        read.append(len(measurements))
        return series(polarity=polarity, measurements=measurements, targets=targets)

    monkeypatch.setattr(calculations, "indicator_series", counted)
    service = long_indicator.services.get()
    for page in (
        reverse("outcomes:detail", args=[long_indicator.outcome.pk]),
        reverse("services:detail", args=[service.pk]),
    ):
        read.clear()
        content = Client().get(page).content.decode()
        assert sorted(read) == [5, selectors.LATEST_VALUES], page
        for code, latest in expected.items():
            row = content[content.index(f'data-indicator="{code}"') :].split("</tr>")[0]
            assert latest is not None
            assert f">{latest.period}<" in row
            assert f'data-rag="{latest.rag.value}"' in row
            assert re.findall(r'data-travel="([^"]+)"', row) == [
                latest.against_previous.direction.value,
                latest.against_year_ago.direction.value,
            ], (page, code)


def test_a_long_history_costs_no_more_queries(long_indicator):
    """The indicator, outcome and service pages cost the same queries with 45 values as with 3,045."""
    service = long_indicator.services.get()
    pages = [
        reverse("outcomes:indicator-detail", args=[long_indicator.pk]),
        reverse("outcomes:indicator-detail", args=[long_indicator.pk]) + "?page=2",
        reverse("outcomes:detail", args=[long_indicator.outcome.pk]),
        reverse("services:detail", args=[service.pk]),
    ]

    def counts() -> list[int]:
        client = Client()
        found = []
        for page in pages:
            client.get(page)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    record(long_indicator, months(3000, last=Month(2022, 6)))
    assert counts() == before
