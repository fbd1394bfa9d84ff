"""The form that records the executive's decision adopting a programme scenario (ADR 0023)."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.core.forms import GovukDateField, OneTimeFormMixin
from commissioning.governance.actions.programme import (
    ADOPT_BODY_REQUIRED,
    ADOPT_REASONS_REQUIRED,
    AdoptionDetails,
)
from commissioning.governance.selectors import decisions as selectors


class AdoptionForm(OneTimeFormMixin, forms.Form):
    body = forms.ModelChoiceField(
        label="Decision maker",
        queryset=selectors.executive_body_choices().none(),
        empty_label=None,
        help_text="Only the executive adopts the programme: Cabinet, or a cabinet member.",
        error_messages={"required": ADOPT_BODY_REQUIRED, "invalid_choice": ADOPT_BODY_REQUIRED},
    )
    decided_on = GovukDateField(label="Date of the decision", subject="Date of the decision", example="29 11 2026")
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why this programme: they are published with the decision.",
        error_messages={"required": ADOPT_REASONS_REQUIRED},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = selectors.executive_body_choices()
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        cabinet = next((body for body in bodies if body.kind == "cabinet"), None)
        if cabinet is not None:
            self.initial.setdefault("body", cabinet.pk)
        self.initial.setdefault("decided_on", selectors.today())

    def details(self) -> AdoptionDetails:
        data = self.cleaned_data
        return AdoptionDetails(body=data["body"], decided_on=data["decided_on"], reasons=data["reasons"])
