"""Forms for virements: the request, the approval (with a body's decision when the band needs one) and the filters."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.core.forms import ActionErrorsMixin, FilterFormMixin, MoneyField, OneTimeFormMixin
from commissioning.finance.actions_virements import VirementRequest
from commissioning.finance.models import Approver, BudgetLine, Permanence, VirementStatus
from commissioning.finance.selectors_virements import VirementFilters

FROM_REQUIRED = "Choose the budget line the money comes from"
TO_REQUIRED = "Choose the budget line the money goes to"
AMOUNT_REQUIRED = "Enter the amount to move, like 25000 or 25000.50"
AMOUNT_INVALID = "Enter the amount as an amount in pounds, like 25000 or 25000.50"
AMOUNT_NEGATIVE = "The amount must be more than £0"
PERMANENCE_REQUIRED = "Say whether the virement is one-off or permanent"
REASON_REQUIRED = "Enter why the money is moved"


class BudgetLineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.service.name}, {obj.financial_year} (revised budget £{obj.revised:,.2f})"


class VirementRequestForm(OneTimeFormMixin, forms.Form):
    from_line = BudgetLineChoice(
        label="From budget line",
        queryset=BudgetLine.objects.none(),
        empty_label="Choose a budget line",
        error_messages={"required": FROM_REQUIRED, "invalid_choice": FROM_REQUIRED},
    )
    to_line = BudgetLineChoice(
        label="To budget line",
        queryset=BudgetLine.objects.none(),
        empty_label="Choose a budget line",
        error_messages={"required": TO_REQUIRED, "invalid_choice": TO_REQUIRED},
    )
    amount = MoneyField(
        label="Amount (£)",
        invalid_message=AMOUNT_INVALID,
        negative_message=AMOUNT_NEGATIVE,
        error_messages={"required": AMOUNT_REQUIRED},
    )
    permanence = forms.ChoiceField(
        label="Is the virement one-off or permanent?",
        choices=Permanence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": PERMANENCE_REQUIRED},
    )
    reason = forms.CharField(
        label="Why is the money moved?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args: Any, lines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["to_line"].queryset = lines  # type: ignore[attr-defined]

    def details(self) -> VirementRequest:
        data = self.cleaned_data
        return VirementRequest(
            from_line=data["from_line"],
            to_line=data["to_line"],
            amount=data["amount"],
            reason=data["reason"],
            permanence=data["permanence"],
        )


class VirementApproveForm(ActionErrorsMixin, forms.Form):
    decision_reference = forms.CharField(
        label="Decision reference",
        required=False,
        max_length=12,
        help_text="The published decision of Cabinet, a cabinet member or Council that approves it, like DEC-2026-001",
    )


class VirementFilterForm(FilterFormMixin, forms.Form):
    year = forms.ChoiceField(label="Financial year", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any"), *VirementStatus.choices])
    band = forms.TypedChoiceField(
        label="Approval band", required=False, coerce=int, empty_value=None, choices=[("", "Any"), *Approver.choices]
    )

    def __init__(self, *args: Any, years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any"), *((y, y) for y in years)]  # type: ignore[attr-defined]

    def filters(self) -> VirementFilters:
        data = self.valid_data()
        return VirementFilters(year=data.get("year") or "", status=data.get("status") or "", band=data.get("band"))
