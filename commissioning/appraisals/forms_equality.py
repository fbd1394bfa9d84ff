"""Forms of equality impact assessments (ADR 0036): start one, answer one characteristic, the conclusion, sign-off."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.appraisals.actions_equality import EIA_IMPACT_REQUIRED, CharacteristicAnswer
from commissioning.appraisals.models import EiaImpact
from commissioning.core.forms import OneTimeFormMixin, VersionedFormMixin


class EiaStartForm(OneTimeFormMixin, forms.Form):
    """Starting asks nothing: the one-time token keeps a double click from starting two."""


class CharacteristicForm(VersionedFormMixin, forms.Form):
    impact = forms.ChoiceField(choices=EiaImpact.choices, widget=forms.RadioSelect)
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the assessment rests on: data, consultation responses, research.",
    )
    mitigation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For a negative impact: what will be done to reduce or remove it.",
    )
    justification = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a negative impact that cannot be mitigated: why going ahead is justified.",
    )

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["impact"].label = f"What is the impact on {label.lower()}?"
        self.fields["impact"].error_messages["required"] = EIA_IMPACT_REQUIRED.format(characteristic=label.lower())
        self.fields["evidence"].label = "Evidence"
        self.fields["mitigation"].label = "Mitigation"
        self.fields["justification"].label = "Justification (optional)"

    def answer(self) -> CharacteristicAnswer:
        data = self.cleaned_data
        return CharacteristicAnswer(
            impact=data["impact"],
            evidence=data.get("evidence", ""),
            mitigation=data.get("mitigation", ""),
            justification=data.get("justification", ""),
        )


class ConclusionForm(VersionedFormMixin, forms.Form):
    conclusion = forms.CharField(
        label="Overall conclusion",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the assessment finds overall, and what the decision maker must take into account.",
        error_messages={"required": "Enter the overall conclusion"},
    )


class SignOffForm(VersionedFormMixin, forms.Form):
    """Signing off asks nothing: the version keeps a change made meanwhile from being signed off unseen."""
