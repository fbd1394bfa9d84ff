"""Forms for quality triangulation's records: an inspection rating, a safeguarding concern, a financial health note.
Every date is a GOV.UK date input and none may be in the future."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.models import construct_instance

from commissioning.contracts.models import FinancialHealthNote, InspectionRating, SafeguardingConcern
from commissioning.core.forms import GovukDateField, OneTimeFormMixin

INSPECTED_ON = "Date of the rating"
RAISED_ON = "Date raised"
NOTED_ON = "Date of the note"
INSPECTORATE_REQUIRED = "Choose the inspectorate"
OVERALL_REQUIRED = "Choose the overall rating"
CATEGORY_REQUIRED = "Choose the category of the concern"
STATUS_REQUIRED = "Choose whether the concern is open or closed"
RISK_REQUIRED = "Choose the financial risk"


class _ContractChoice(OneTimeFormMixin, forms.ModelForm):
    """The contract a record is about (optional): one of the provider's own."""

    def __init__(self, *args: Any, contracts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "contract" in self.fields:
            field = self.fields["contract"]
            field.queryset = field.queryset.filter(pk__in=[c.pk for c in contracts])  # type: ignore[attr-defined]
            field.required = False
            field.empty_label = "The whole provider"  # type: ignore[attr-defined]

    def _post_clean(self) -> None:  # the action sets the organisation, checks the record and saves it
        pass

    def record(self) -> Any:
        """The new record from the form's fields (not saved)."""
        return construct_instance(self, self.instance, fields=self._meta.fields)


class InspectionForm(_ContractChoice):
    inspected_on = GovukDateField(label="Date of the rating", subject=INSPECTED_ON, past_only=True)

    class Meta:
        model = InspectionRating
        fields: ClassVar = [
            "inspectorate",
            "inspected_on",
            "overall",
            "safe",
            "effective",
            "caring",
            "responsive",
            "well_led",
            "contract",
            "location",
        ]
        labels: ClassVar = {
            "overall": "Overall rating",
            "safe": "Safe (optional)",
            "effective": "Effective (optional)",
            "caring": "Caring (optional)",
            "responsive": "Responsive (optional)",
            "well_led": "Well-led (optional)",
            "contract": "Contract or in-house plan (optional)",
            "location": "Location (optional)",
        }
        error_messages: ClassVar = {
            "inspectorate": {"required": INSPECTORATE_REQUIRED},
            "overall": {"required": OVERALL_REQUIRED},
        }


class ConcernForm(_ContractChoice):
    raised_on = GovukDateField(label="Date raised", subject=RAISED_ON, past_only=True)

    class Meta:
        model = SafeguardingConcern
        fields: ClassVar = ["raised_on", "category", "status", "substantiated", "contract"]
        labels: ClassVar = {
            "substantiated": "The concern was substantiated",
            "contract": "Contract or in-house plan (optional)",
        }
        help_texts: ClassVar = {"category": "Never enter names or anything that identifies a person."}
        error_messages: ClassVar = {
            "category": {"required": CATEGORY_REQUIRED},
            "status": {"required": STATUS_REQUIRED},
        }


class FinancialNoteForm(OneTimeFormMixin, forms.ModelForm):
    noted_on = GovukDateField(label="Date of the note", subject=NOTED_ON, past_only=True)

    class Meta:
        model = FinancialHealthNote
        fields: ClassVar = ["noted_on", "risk", "note"]
        labels: ClassVar = {"risk": "Financial risk", "note": "Note (optional)"}
        widgets: ClassVar = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages: ClassVar = {"risk": {"required": RISK_REQUIRED}}

    def __init__(self, *args: Any, contracts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def _post_clean(self) -> None:
        pass

    def record(self) -> Any:
        return construct_instance(self, self.instance, fields=self._meta.fields)
