"""Forms for committee reports: starting a draft, editing its sections, clearing it and publishing it (ADR 0037)."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.core.forms import ActionErrorsMixin, OneTimeFormMixin, VersionedFormMixin
from commissioning.governance.actions.reports import AGENDA_ITEM_REQUIRED, EDITABLE
from commissioning.governance.models import CommitteeReport
from commissioning.governance.selectors import reports as selectors

TITLE_REQUIRED = "Enter the report's title"
REPORT_OF_REQUIRED = "Enter who the report is from, for example: the Chief Executive"


class ReportStartForm(OneTimeFormMixin, forms.Form):
    """The two things a draft needs that no record holds; every section is filled from the source's records."""

    title = forms.CharField(max_length=300, error_messages={"required": TITLE_REQUIRED})
    report_of = forms.CharField(
        label="Report of",
        max_length=200,
        help_text="Who the report is from, for example: the Chief Executive.",
        error_messages={"required": REPORT_OF_REQUIRED},
    )

    def details(self) -> dict[str, Any]:
        return {"title": self.cleaned_data["title"], "report_of": self.cleaned_data["report_of"]}


class ReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeReport
        fields = list(EDITABLE)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in EDITABLE
            if name
            not in {
                "title",
                "report_of",
                "exempt_paragraph",
                "financial_contact",
                "legal_contact",
                "hr_contact",
                "equalities_contact",
                "environmental_contact",
                "contact_officer",
            }
        }
        error_messages = {"title": {"required": TITLE_REQUIRED}, "report_of": {"required": REPORT_OF_REQUIRED}}

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE}


class ClearForm(VersionedFormMixin, forms.Form):
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with your sign-off, for example any condition of your clearance.",
    )


class ReportPublishForm(VersionedFormMixin, ActionErrorsMixin, forms.Form):
    agenda_item = forms.ModelChoiceField(
        label="Agenda item",
        queryset=selectors.agenda_item_choices(),
        required=False,
        empty_label="Choose an agenda item",
        help_text="The meeting and item the report is a paper for.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agenda_item"]
        field.queryset = selectors.agenda_item_choices()
        field.label_from_instance = lambda item: f"{item.meeting}: item {item.number}, {item.title}"
        field.error_messages["invalid_choice"] = AGENDA_ITEM_REQUIRED
