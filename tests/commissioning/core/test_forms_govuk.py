from django import forms

from commissioning.core.forms_govuk import error_summary_params, field_params


class ExampleForm(forms.Form):
    wards = forms.MultipleChoiceField(choices=[("1", "Abbey"), ("2", "Brook")], widget=forms.CheckboxSelectMultiple)
    model = forms.ChoiceField(choices=[("a", "In-house"), ("b", "Shared")], widget=forms.RadioSelect)
    colour = forms.ChoiceField(choices=[("", "Choose"), ("r", "Red")])
    agree = forms.BooleanField(required=False, label="I agree")
    notes = forms.CharField(widget=forms.Textarea, required=False)
    amount = forms.DecimalField(help_text="In pounds")


def test_multiple_choices_are_checkboxes_that_keep_every_choice():
    form = ExampleForm(data={"wards": ["1", "2"], "model": "a", "amount": "x"})
    wards = field_params(form["wards"])
    assert wards["component"] == "checkboxes"
    assert [i["checked"] for i in wards["params"]["items"]] == [True, True]
    assert wards["params"]["idPrefix"] == "id_wards"


def test_single_choice_radios_select_and_checkbox():
    form = ExampleForm(data={"model": "b", "colour": "r", "agree": "on", "amount": "1"})
    assert field_params(form["model"])["component"] == "radios"
    assert [i["checked"] for i in field_params(form["model"])["params"]["items"]] == [False, True]
    colour = field_params(form["colour"])
    assert colour["component"] == "select"
    assert [i["selected"] for i in colour["params"]["items"]] == [False, True]
    assert field_params(form["agree"])["params"]["items"][0]["checked"] is True
    assert field_params(form["notes"])["component"] == "textarea"


def test_numbers_get_a_numeric_keyboard_hint_and_errors_link_to_the_field():
    form = ExampleForm(data={"model": "a", "amount": "lots"})
    amount = field_params(form["amount"])
    assert amount["params"]["inputmode"] == "decimal"
    assert amount["params"]["hint"] == {"text": "In pounds"}
    assert amount["params"]["errorMessage"]["text"]
    summary = error_summary_params(form)
    assert summary is not None
    assert {"text": "Enter a number.", "href": "#id_amount"} in summary["errorList"]
