"""GovukDateField: a date entered with the GOV.UK date input (day, month, year), checked and worded as the Design
System says, rendered by govuk_field as govukDateInput with the error on the inputs at fault only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

import pytest
from django import forms
from django.template import engines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commissioning.core.forms import (
    DATE_CHECK,
    DATE_ENTER,
    DATE_FUTURE,
    DATE_MUST_INCLUDE,
    DATE_PAST,
    DATE_REAL,
    DATE_TODAY_OR_FUTURE,
    DATE_TODAY_OR_PAST,
    DATE_YEAR_DIGITS,
    GovukDateField,
    GovukDateInput,
    GovukMessagesMixin,
)
from commissioning.core.forms_govuk import error_summary_params, field_params
from tests.dates import date_input

TODAY = dt.date(2026, 12, 3)
SUBJECT = "Date of the evidence"
WHAT = "the date the evidence was collected"

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("commissioning.core.forms.timezone.localdate", lambda: TODAY)


class DatesForm(GovukMessagesMixin, forms.Form):
    when = GovukDateField(label="Date of the evidence", subject=SUBJECT, what=WHAT)
    optional = GovukDateField(label="Closed on (optional)", subject="Closing date", required=False)
    future = GovukDateField(label="Next review due", subject="Next review date", required=False, future_only=True)
    past = GovukDateField(label="Evidence date", subject="Evidence date", required=False, past_only=True)
    warned = GovukDateField(label="Opened on", subject="Opening date", required=False, warn_future=True)
    old = GovukDateField(
        label="Measured on", subject="Measurement date", required=False, warn_past_before=dt.timedelta(days=3650)
    )

    names: ClassVar = ["when", "optional", "future", "past", "warned", "old"]


def parts(day: str = "", month: str = "", year: str = "", name: str = "when") -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def form_with(data: dict[str, str], initial: dict[str, Any] | None = None) -> DatesForm:
    if not any(key.startswith("when_") for key in data):
        data = {**parts("1", "1", "2026"), **data}
    return DatesForm(data, initial=initial)


def one_error(form: DatesForm, name: str = "when") -> tuple[str, tuple[str, ...]]:
    assert not form.is_valid()
    [error] = form.errors.as_data()[name]
    return error.messages[0], error.params["parts"]


# Parsing ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("7", "3", "2027"),
        (" 7 ", " 3 ", " 2027 "),
        ("07", "03", "2027"),
        ("7th", "3", "2027"),
        ("7", "Mar", "2027"),
        ("7", "march", "2027"),
        ("7", "MARCH", "2027"),
        ("7", "mar.", "2027"),
    ],
)
def test_accepts_spaces_leading_zeros_ordinals_and_month_names(day, month, year):
    form = form_with(parts(day, month, year))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == dt.date(2027, 3, 7)


def test_a_blank_optional_date_is_none_and_a_blank_required_one_asks_for_it():
    form = form_with(parts())
    assert one_error(form) == (DATE_ENTER.format(what=WHAT), ("day", "month", "year"))
    assert form.errors["when"] == ["Enter the date the evidence was collected"]
    form = form_with(parts(name="optional"))
    assert form.is_valid()
    assert form.cleaned_data["optional"] is None


@pytest.mark.parametrize(
    ("typed", "missing", "at_fault"),
    [
        (("", "3", "2027"), "day", ("day",)),
        (("7", "", "2027"), "month", ("month",)),
        (("7", "3", ""), "year", ("year",)),
        (("", "", "2027"), "day and month", ("day", "month", "year")),
        (("7", "", ""), "month and year", ("day", "month", "year")),
    ],
)
def test_an_incomplete_date_says_what_is_missing(typed, missing, at_fault):
    message, faults = one_error(form_with(parts(*typed)))
    assert message == DATE_MUST_INCLUDE.format(subject=SUBJECT, missing=missing)
    assert message == f"Date of the evidence must include a {missing}"
    assert faults == at_fault


@pytest.mark.parametrize(
    ("typed", "at_fault"),
    [
        (("31", "2", "2027"), ("day",)),  # no 31 February
        (("29", "2", "2027"), ("day",)),  # not a leap year
        (("32", "1", "2027"), ("day",)),
        (("0", "1", "2027"), ("day",)),
        (("seven", "1", "2027"), ("day",)),
        (("7", "13", "2027"), ("month",)),
        (("7", "Marchember", "2027"), ("month",)),
        (("7", "0", "2027"), ("month",)),
        (("7", "3", "twenty"), ("year",)),
        (("7", "3", "0000"), ("year",)),
        (("7", "3", "9" * 5000), ("year",)),  # too long to be a number Python will read: still only a wrong year
        (("32", "13", "2027"), ("day", "month", "year")),  # more than one part: the whole date
        (("7", "13", "27"), ("day", "month", "year")),
    ],
)
def test_an_impossible_date_must_be_a_real_date_marking_the_part_at_fault(typed, at_fault):
    message, faults = one_error(form_with(parts(*typed)))
    assert message == DATE_REAL.format(subject=SUBJECT) == "Date of the evidence must be a real date"
    assert faults == at_fault


@pytest.mark.parametrize("year", ["27", "202", "20277"])
def test_a_year_needs_four_numbers(year):
    message, faults = one_error(form_with(parts("7", "3", year)))
    assert message == DATE_YEAR_DIGITS.format(subject=SUBJECT)
    assert faults == ("year",)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)), st.booleans(), st.booleans())
def test_any_real_date_round_trips_as_numbers_or_with_its_month_named(date, named, padded):
    month = MONTHS[date.month - 1] if named else f"{date.month:02d}" if padded else str(date.month)
    day = f"{date.day:02d}" if padded else f" {date.day} "
    form = form_with(parts(day, month, str(date.year)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == date
    assert form.fields["when"].widget.decompress(date)[:3] == [str(date.day), str(date.month), str(date.year)]
    assert date_input("when", date) == parts(str(date.day), str(date.month), str(date.year))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=12), st.text(max_size=12), st.text(max_size=12))
def test_anything_typed_is_a_date_or_a_worded_error_never_a_crash(day, month, year):
    form = form_with(parts(day, month, year))
    if not form.is_valid():
        message, faults = one_error(form)
        assert message.startswith((SUBJECT, "Enter "))
        assert set(faults) <= {"day", "month", "year"}


# Past and future --------------------------------------------------------------------------------------------------


def test_future_only_refuses_a_past_date_but_takes_today():
    message, faults = one_error(form_with(parts("2", "12", "2026", name="future")), "future")
    assert message == DATE_TODAY_OR_FUTURE.format(subject="Next review date")
    assert message == "Next review date must be today or in the future"
    assert faults == ("day", "month", "year")
    assert form_with(parts("3", "12", "2026", name="future")).is_valid()


def test_future_only_keeps_a_past_date_already_saved():
    """An overdue review date is flagged, not a reason to refuse every other edit to the record."""
    saved = dt.date(2026, 1, 31)
    form = form_with(date_input("future", saved), initial={"future": saved})
    assert form.is_valid(), form.errors
    form = form_with(date_input("future", dt.date(2026, 2, 1)), initial={"future": saved})
    assert not form.is_valid()


def test_past_only_refuses_a_future_date_but_takes_today():
    message, _ = one_error(form_with(parts("4", "12", "2026", name="past")), "past")
    assert message == DATE_TODAY_OR_PAST.format(subject="Evidence date")
    assert form_with(parts("3", "12", "2026", name="past")).is_valid()


def test_a_plausible_but_odd_date_is_queried_once_then_kept():
    form = form_with(parts("1", "6", "2027", name="warned"))
    message, _ = one_error(form, "warned")
    assert message == DATE_CHECK.format(subject="Opening date", when="in the future")
    params = field_params(form["warned"])["params"]
    assert 'name="warned_confirmed" value="2027-06-01"' in str(params["formGroup"]["afterInputs"]["html"])
    again = form_with({**parts("1", "6", "2027", name="warned"), "warned_confirmed": "2027-06-01"})
    assert again.is_valid(), again.errors
    assert again.cleaned_data["warned"] == dt.date(2027, 6, 1)
    changed = form_with({**parts("2", "6", "2027", name="warned"), "warned_confirmed": "2027-06-01"})
    assert not changed.is_valid()  # a different date is queried afresh


def test_a_date_long_ago_is_queried_when_the_field_asks():
    message, _ = one_error(form_with(parts("1", "1", "2010", name="old")), "old")
    assert message == DATE_CHECK.format(subject="Measurement date", when="a long time ago")
    assert form_with(parts("1", "1", "2020", name="old")).is_valid()


def test_without_today_a_date_must_be_strictly_in_the_future_or_past():
    class Strict(GovukMessagesMixin, forms.Form):
        ahead = GovukDateField(subject="Go-live date", future_only=True, today_allowed=False)
        behind = GovukDateField(subject="Start date", past_only=True, today_allowed=False)

    form = Strict({**date_input("ahead", TODAY), **date_input("behind", TODAY)})
    assert not form.is_valid()
    assert (
        form.errors["ahead"] == [DATE_FUTURE.format(subject="Go-live date")] == ["Go-live date must be in the future"]
    )
    assert form.errors["behind"] == [DATE_PAST.format(subject="Start date")] == ["Start date must be in the past"]
    assert Strict({**date_input("ahead", "2026-12-04"), **date_input("behind", "2026-12-02")}).is_valid()
    blank = Strict({**date_input("ahead", ""), **date_input("behind", "2026-12-02")})
    assert blank.errors["ahead"] == ["Enter the go-live date"]  # ``what`` defaults to "the <subject>"


# Rendering --------------------------------------------------------------------------------------------------------


def test_renders_as_a_govuk_date_input_with_legend_hint_and_stored_value():
    form = DatesForm(initial={"when": dt.date(2026, 3, 27)})
    f = field_params(form["when"])
    assert f["component"] == "date"
    params = f["params"]
    assert params["fieldset"]["legend"]["text"] == "Date of the evidence"
    assert params["hint"]["text"] == "For example, 27 3 2025"
    assert [(i["id"], i["name"], i["value"]) for i in params["items"]] == [
        ("id_when", "when_day", "27"),
        ("id_when_month", "when_month", "3"),
        ("id_when_year", "when_year", "2026"),
    ]
    assert "errorMessage" not in params
    assert not any("error" in i["classes"] for i in params["items"])
    assert "For example, 27 3 2027" in DatesForm()["future"].help_text  # an example the field accepts


def test_the_error_marks_only_the_part_at_fault_and_the_summary_links_to_it():
    form = form_with(parts("7", "13", "2027"))
    assert not form.is_valid()
    params = field_params(form["when"])["params"]
    marked = [i["name"] for i in params["items"] if "govuk-input--error" in i["classes"]]
    assert marked == ["when_month"]
    assert params["items"][1]["value"] == "13"  # kept as typed
    assert params["errorMessage"]["text"] == "Date of the evidence must be a real date"
    summary = error_summary_params(form)
    assert summary is not None
    assert summary["errorList"] == [{"text": "Date of the evidence must be a real date", "href": "#id_when_month"}]


def test_an_error_on_the_whole_date_marks_every_part_and_links_to_the_day():
    form = form_with(parts())
    assert not form.is_valid()
    params = field_params(form["when"])["params"]
    assert all("govuk-input--error" in i["classes"] for i in params["items"])
    assert error_summary_params(form)["errorList"][0]["href"] == "#id_when"  # type: ignore[index]


def test_an_actions_error_on_the_date_marks_the_whole_date():
    form = form_with(parts("7", "3", "2026"))
    assert form.is_valid()
    form.add_error("when", "The closing date must be on or after the opening date")
    params = field_params(form["when"])["params"]
    assert all("govuk-input--error" in i["classes"] for i in params["items"])


def test_the_macro_renders_the_fieldset_and_the_summary_target_exists():
    form = form_with(parts("7", "", "2027"))
    assert not form.is_valid()
    template = engines["jinja2"].from_string(
        '{% from "core/macros/forms.html" import govuk_field %}{{ govuk_field(form["when"]) }}'
    )
    page = template.render({"form": form})
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in page
    assert "Date of the evidence must include a month" in page
    inputs = re.findall(r"<input[^>]*>", page)
    assert len(inputs) == 3
    month = next(i for i in inputs if 'name="when_month"' in i)
    assert 'id="id_when_month"' in month
    assert "govuk-input--error" in month
    assert sum("govuk-input--error" in i for i in inputs) == 1
    assert 'id="id_when"' in next(i for i in inputs if 'name="when_day"' in i)


def test_the_widget_reads_the_three_parts_and_knows_when_none_was_sent():
    widget = GovukDateInput()
    data = {"d_day": "1", "d_month": "2", "d_year": "2027"}
    assert widget.value_from_datadict(data, {}, "d") == ["1", "2", "2027", ""]
    assert not widget.value_omitted_from_data(data, {}, "d")
    assert widget.value_omitted_from_data({}, {}, "d")


def test_has_changed_compares_dates():
    field = DatesForm().fields["when"]
    assert not field.has_changed(dt.date(2027, 3, 7), ["7", "Mar", "2027", ""])
    assert field.has_changed(dt.date(2027, 3, 7), ["8", "3", "2027", ""])
    assert field.has_changed(None, ["31", "2", "2027", ""])
