"""Needs evidence and consultations take their dates with the GOV.UK date input, worded as the Design System says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.core import forms as core_forms
from commissioning.core.permissions import Role
from commissioning.outcomes import actions
from commissioning.outcomes.forms import ConsultationForm, EvidenceForm
from commissioning.outcomes.models import Consultation, NeedsEvidence
from tests.commissioning.outcomes.factories import ConsultationFactory
from tests.dates import date_input
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def evidence_data(**dates: str) -> dict[str, str]:
    data = {"title": "Homelessness review", "kind": "needs_assessment", "source": "Housing team", "summary": "Up."}
    data.update(date_input("evidence_date", "2026-01-15"))
    data.update(dates)
    return data


def consultation_data(**dates: str) -> dict[str, str]:
    data = {"title": "Library hours", "purpose": "When to open.", "method": "survey", "responses": "12"}
    data.update(date_input("opened_on", "2025-09-01"))
    data.update(date_input("closed_on", "2025-10-31"))
    data.update(dates)
    return data


def date_errors(form, name: str) -> list[str]:
    assert not form.is_valid()
    return form.errors[name]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("", "", ""), "Enter the date the evidence was collected"),
        (("15", "", "2026"), "Date of the evidence must include a month"),
        (("", "", "2026"), "Date of the evidence must include a day and month"),
        (("31", "2", "2026"), "Date of the evidence must be a real date"),
        (("15", "13", "2026"), "Date of the evidence must be a real date"),
        (("15", "1", "26"), "Date of the evidence must include a year with 4 numbers"),
    ],
)
def test_evidence_date_messages(typed, message):
    day, month, year = typed
    form = EvidenceForm(evidence_data(evidence_date_day=day, evidence_date_month=month, evidence_date_year=year))
    assert date_errors(form, "evidence_date") == [message]


def test_evidence_date_named_constants_give_the_messages():
    form = EvidenceForm(evidence_data(evidence_date_day="", evidence_date_month="", evidence_date_year=""))
    assert date_errors(form, "evidence_date") == [
        core_forms.DATE_ENTER.format(what="the date the evidence was collected")
    ]


def test_evidence_date_in_the_future_is_refused_by_the_form():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = EvidenceForm(evidence_data(**date_input("evidence_date", tomorrow)))
    assert date_errors(form, "evidence_date") == [core_forms.DATE_TODAY_OR_PAST.format(subject="Date of the evidence")]
    today = EvidenceForm(evidence_data(**date_input("evidence_date", timezone.localdate())))
    assert today.is_valid(), today.errors


def test_evidence_date_accepts_month_names():
    form = EvidenceForm(evidence_data(evidence_date_day=" 7 ", evidence_date_month="Mar", evidence_date_year="2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["evidence_date"] == dt.date(2026, 3, 7)


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (date_input("opened_on", ""), "opened_on", "Enter the date the consultation opened"),
        ({"opened_on_month": "Sept", "opened_on_day": "31"}, "opened_on", "Opening date must be a real date"),
        ({"closed_on_year": ""}, "closed_on", "Closing date must include a year"),
        ({"closed_on_day": "99"}, "closed_on", "Closing date must be a real date"),
    ],
)
def test_consultation_date_messages(dates, field, message):
    form = ConsultationForm(consultation_data(**dates))
    assert date_errors(form, field) == [message]


def test_a_consultation_left_open_needs_no_closing_date():
    form = ConsultationForm(consultation_data(**date_input("closed_on", "")))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["closed_on"] is None


def test_a_closing_date_in_the_future_is_queried_then_kept():
    later = timezone.localdate() + dt.timedelta(days=30)
    form = ConsultationForm(consultation_data(**date_input("closed_on", later)))
    assert date_errors(form, "closed_on") == [
        core_forms.DATE_CHECK.format(subject="Closing date", when="in the future")
    ]
    again = ConsultationForm(consultation_data(**date_input("closed_on", later), closed_on_confirmed=later.isoformat()))
    assert again.is_valid(), again.errors


def test_editing_a_consultation_keeps_its_future_closing_date_without_a_query():
    later = timezone.localdate() + dt.timedelta(days=30)
    consultation = ConsultationFactory(closed_on=later, service=ServiceFactory())
    form = ConsultationForm(consultation_data(**date_input("closed_on", later), title="Renamed"), instance=consultation)
    assert form.is_valid(), form.errors


def test_closing_before_opening_is_still_the_actions_error_on_the_closing_date(client_for):
    service = ServiceFactory()
    response = client_for(Role.OFFICER).post(
        reverse("outcomes:consultation-create"),
        {**consultation_data(**date_input("closed_on", "2025-08-01")), "service": service.pk, "outcome": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert actions.CLOSED_BEFORE_OPENED.format(opened="1 September 2025") in body
    assert 'href="#id_closed_on"' in body
    assert Consultation.objects.count() == 0


def test_evidence_form_page_shows_the_date_input(client_for):
    service = ServiceFactory()
    response = client_for(Role.OFFICER).post(
        reverse("outcomes:evidence-create"),
        {**evidence_data(evidence_date_month="Febtober"), "service": service.pk, "outcome": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_evidence_date_month"' in body
    assert 'id="id_evidence_date_month" name="evidence_date_month" type="text" value="Febtober"' in body
    assert "Homelessness review" in body
    assert NeedsEvidence.objects.count() == 0
    saved = client_for(Role.OFFICER).post(
        reverse("outcomes:evidence-create"),
        {**evidence_data(evidence_date_month="Feb"), "service": service.pk, "outcome": ""},
    )
    assert saved.status_code == 302
    assert NeedsEvidence.objects.get().evidence_date == dt.date(2026, 2, 15)


def test_evidence_or_a_consultation_over_ten_years_old_is_queried_once():
    old = timezone.localdate() - dt.timedelta(days=3653 + 1)
    form = EvidenceForm(evidence_data(**date_input("evidence_date", old)))
    assert date_errors(form, "evidence_date") == [
        core_forms.DATE_CHECK.format(subject="Date of the evidence", when="a long time ago")
    ]
    again = EvidenceForm(evidence_data(**date_input("evidence_date", old), evidence_date_confirmed=old.isoformat()))
    assert again.is_valid(), again.errors
    form = ConsultationForm(consultation_data(**date_input("opened_on", old)))
    assert date_errors(form, "opened_on") == [
        core_forms.DATE_CHECK.format(subject="Opening date", when="a long time ago")
    ]
