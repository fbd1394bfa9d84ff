"""A service's next review date is entered with the GOV.UK date input: a past date is refused (a date already saved
may stay), the messages name the date, and a wrong date loses nothing else typed on the form."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from commissioning.core import forms as core_forms
from commissioning.services import forms
from commissioning.services.models import Service
from tests.commissioning.services.test_views import valid_form_data
from tests.dates import date_input
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser would send back from the page's form: each text input's value, each checked box, each selected
    option and each textarea's text."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str | None, value: str | None) -> None:
        if name:
            self.values.setdefault(name, []).append(value or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") in {"radio", "checkbox"}:
            if "checked" in a:
                self._add(a.get("name"), a.get("value"))
        elif tag == "input" and a.get("type") not in {"submit", "button"}:
            self._add(a.get("name"), a.get("value"))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value"))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._add(self._textarea, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data.strip("\n")


def future(days: int = 400) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_a_wrong_date_keeps_every_other_value_typed(client_for, council):
    sent = valid_form_data(council, description="Call-outs for wasps and rats", statutory_basis="")
    sent.update(next_review_due_day="31", next_review_due_month="2", next_review_due_year=str(future().year))
    response = client_for("officer").post("/services/new", sent)
    assert response.status_code == 200
    assert Service.objects.count() == 0
    body = response.content.decode()
    assert core_forms.DATE_REAL.format(subject=forms.NEXT_REVIEW) in body
    assert 'href="#id_next_review_due"' in body  # the day: the part at fault
    shown = FormValues()
    shown.feed(body)
    for name, value in sent.items():
        expected = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        assert shown.values.get(name, [""]) == expected, name


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("1", "", "2030"), "Next review date must include a month"),
        (("1", "4", ""), "Next review date must include a year"),
        (("31", "4", "2030"), "Next review date must be a real date"),
        (("1", "April", "30"), "Next review date must include a year with 4 numbers"),
        (("1", "1", "2020"), "Next review date must be today or in the future"),
    ],
)
def test_next_review_date_messages(client_for, council, typed, message):
    day, month, year = typed
    data = valid_form_data(council, next_review_due_day=day, next_review_due_month=month, next_review_due_year=year)
    response = client_for("officer").post("/services/new", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Service.objects.count() == 0


def test_next_review_date_in_the_past_is_refused_by_the_named_constant():
    form = forms.ServiceForm({**date_input("next_review_due", "2020-01-01")})
    assert not form.is_valid()
    assert form.errors["next_review_due"] == [core_forms.DATE_TODAY_OR_FUTURE.format(subject=forms.NEXT_REVIEW)]


def test_a_next_review_date_is_saved_from_day_month_and_year(client_for, council):
    when = future()
    data = valid_form_data(council, next_review_due_day=f" {when.day} ", next_review_due_month=when.strftime("%b"))
    data["next_review_due_year"] = str(when.year)
    response = client_for("officer").post("/services/new", data)
    assert response.status_code == 302
    assert Service.objects.get().next_review_due == when


def test_an_overdue_next_review_date_can_stay_while_the_service_is_edited(client_for, council):
    passed = timezone.localdate() - dt.timedelta(days=10)
    service = ServiceFactory(name="Parks", next_review_due=passed)
    page = client_for("officer").get(f"/services/{service.pk}/edit").content.decode()
    shown = FormValues()
    shown.feed(page)
    assert shown.values["next_review_due_day"] == [str(passed.day)]
    assert shown.values["next_review_due_year"] == [str(passed.year)]
    data = valid_form_data(council, name="Parks and gardens", reference=service.reference, reason="Renamed")
    data.update(date_input("next_review_due", passed), directorate=service.directorate.pk)
    response = client_for("officer").post(f"/services/{service.pk}/edit", data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.next_review_due) == ("Parks and gardens", passed)
    data.update(date_input("next_review_due", passed - dt.timedelta(days=1)))
    refused = client_for("officer").post(f"/services/{service.pk}/edit", data)
    assert "Next review date must be today or in the future" in refused.content.decode()
