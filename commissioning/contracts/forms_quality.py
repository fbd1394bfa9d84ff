"""Forms for quality triangulation's records: an inspection rating, a safeguarding concern, a financial health note.
Every date is a GOV.UK date input and none may be in the future."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.forms.models import construct_instance

from commissioning.contracts.models import (
    Contract,
    ContractKind,
    FinancialHealthNote,
    InspectionRating,
    SafeguardingConcern,
)
from commissioning.core.forms import GovukDateField, GovukMessagesMixin, OneTimeFormMixin

INSPECTED_ON = "Date of the rating"
RAISED_ON = "Date raised"
NOTED_ON = "Date of the note"
INSPECTORATE_REQUIRED = "Choose the inspectorate"
OVERALL_REQUIRED = "Choose the overall rating"
CATEGORY_REQUIRED = "Choose the category of the concern"
STATUS_REQUIRED = "Choose whether the concern is open or closed"
RISK_REQUIRED = "Choose the financial risk"
COMPARE_PLAN_REQUIRED = "Choose the in-house plan to compare"
COMPARE_CONTRACT_REQUIRED = "Enter the reference of the contract to compare, as the contract register shows it"
COMPARE_CONTRACT_UNKNOWN = "No current contract has the reference {reference}: check it on the contract register"
COMPARE_CONTRACT_IN_HOUSE = "{reference} is an in-house plan: enter the reference of a contract with a provider"


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


class CompareForm(GovukMessagesMixin, forms.Form):
    """What to compare (read from the query string): an in-house plan, chosen from the council's few, and a contract
    with a provider, by its reference (a metropolitan council has thousands, too many for a list). ``find`` looks a
    reference up among the contracts the user may see."""

    plan = forms.TypedChoiceField(
        label="In-house plan",
        coerce=int,
        error_messages={"required": COMPARE_PLAN_REQUIRED, "invalid_choice": COMPARE_PLAN_REQUIRED},
    )
    contract = forms.CharField(
        label="Contract reference",
        help_text="As on the contract register, for example CON-2026-0001",
        max_length=20,
        error_messages={"required": COMPARE_CONTRACT_REQUIRED},
    )

    def __init__(
        self, *args: Any, plans: list[tuple[int, str]], find: Callable[[str], Contract | None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._find = find
        field: Any = self.fields["plan"]
        field.choices = [("", "Choose an in-house plan"), *plans]

    def clean_contract(self) -> Contract:
        reference = self.cleaned_data["contract"].strip().upper()
        found = self._find(reference)
        if found is None:
            raise forms.ValidationError(COMPARE_CONTRACT_UNKNOWN.format(reference=reference))
        if found.kind == ContractKind.IN_HOUSE:
            raise forms.ValidationError(COMPARE_CONTRACT_IN_HOUSE.format(reference=found.reference))
        return found
