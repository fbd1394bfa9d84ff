"""Every form words its length limits the GOV.UK way ("Name must be 200 characters or fewer")."""

from __future__ import annotations

from django import forms

from commissioning.core.forms import MAX_LENGTH, ActionErrorsMixin
from commissioning.services.forms import ServiceFilterForm, ServiceForm
from commissioning.services.models import Directorate


class _NoteForm(ActionErrorsMixin, forms.Form):
    name = forms.CharField(max_length=200)
    note = forms.CharField(label="Your note", max_length=1000)
    own = forms.CharField(max_length=5, error_messages={"max_length": "Keep it short"})


def test_a_text_over_its_limit_gets_a_govuk_worded_message():
    form = _NoteForm({"name": "x" * 201, "note": "y" * 1001, "own": "z" * 6})
    assert not form.is_valid()
    assert form.errors["name"] == ["Name must be 200 characters or fewer"]
    assert form.errors["note"] == ["Your note must be 1,000 characters or fewer"]
    assert form.errors["own"] == ["Keep it short"]
    assert MAX_LENGTH.format(label="Name", limit="200") == "Name must be 200 characters or fewer"


def test_a_model_form_words_its_limits_the_govuk_way():
    form = ServiceForm({"name": "x" * 201})
    assert not form.is_valid()
    assert form.errors["name"] == ["Service name must be 200 characters or fewer"]


def test_a_filter_panel_words_its_limit_the_govuk_way():
    form = ServiceFilterForm({"q": "x" * 201}, directorates=Directorate.objects.none())
    assert not form.is_valid()
    assert form.errors["q"] == ["Search must be 200 characters or fewer"]
