"""A value's (or target's) period is asked for in the indicator's own frequency: "April 2026" for monthly, "2026/27
Q1" for quarterly, "2026/27" for annual; and the error message speaks of that frequency."""

from __future__ import annotations

import calendar
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.outcomes import calculations, forms
from commissioning.outcomes.models import Measurement, Target
from tests.commissioning.outcomes.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _errors(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize(
    ("frequency", "hint"),
    [("monthly", "Like April 2026."), ("quarterly", "Like 2026/27 Q1."), ("annual", "Like 2026/27.")],
)
def test_the_period_is_asked_for_in_the_indicators_frequency(client_for, council, frequency, hint):
    indicator = IndicatorFactory(frequency=frequency)
    page = _errors(client_for(Role.OFFICER).get(reverse("outcomes:measurement-record", args=[indicator.pk])))
    assert hint in page


def test_a_monthly_value_is_recorded_for_april_2026(client_for, council):
    indicator = IndicatorFactory(monthly=True)
    url = reverse("outcomes:measurement-record", args=[indicator.pk])
    client = client_for(Role.OFFICER)
    year, month = calculations.current_period("monthly").split("-")  # the last month that has ended
    assert f'value="{calendar.month_name[int(month)]} {year}"' in client.get(url).content.decode()
    response = client.post(url, {"period": "April 2026", "value": "45"})
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=indicator).period == "2026-04"
    client.post(url, {"period": "may 2026", "value": "46"})
    client.post(url, {"period": "2026-06", "value": "47"})
    assert sorted(Measurement.objects.filter(indicator=indicator).values_list("period", flat=True)) == [
        "2026-04",
        "2026-05",
        "2026-06",
    ]


def test_a_monthly_target_is_set_for_april_2026(client_for, council):
    indicator = IndicatorFactory(monthly=True)
    response = client_for(Role.OFFICER).post(
        reverse("outcomes:target-set", args=[indicator.pk]),
        {"period": "Apr 2026", "target": "50", "tolerance_basis": "none"},
    )
    assert response.status_code == 302
    assert Target.objects.get(indicator=indicator).target == Decimal(50)


@pytest.mark.parametrize(
    ("frequency", "typed", "message"),
    [
        ("monthly", "2026/27", '"2026/27" is not a month: enter a month like April 2026'),
        ("monthly", "Smarch 2026", '"Smarch 2026" is not a month: enter a month like April 2026'),
        ("quarterly", "April 2026", '"April 2026" is not a quarter: enter a quarter like 2026/27 Q1'),
        ("annual", "2026/27 Q1", '"2026/27 Q1" is not a financial year: enter a financial year like 2026/27'),
    ],
)
def test_a_period_of_another_kind_is_refused_in_the_indicators_own_terms(
    client_for, council, frequency, typed, message
):
    assert message == forms.PERIOD_NOT_OF_FREQUENCY.format(
        label=typed, noun=message.split(" is not ")[1].split(":")[0], example=message.split(" like ")[1]
    )
    indicator = IndicatorFactory(frequency=frequency)
    response = client_for(Role.OFFICER).post(
        reverse("outcomes:measurement-record", args=[indicator.pk]), {"period": typed, "value": "45"}
    )
    assert response.status_code == 200
    assert message in _errors(response)
    assert not Measurement.objects.filter(indicator=indicator).exists()
