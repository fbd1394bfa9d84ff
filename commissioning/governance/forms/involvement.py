"""Forms for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from commissioning.accounts.models import Councillor
from commissioning.core.forms import GovukDateField, OneTimeFormMixin, RecordFormMixin
from commissioning.governance.actions import involvement as actions
from commissioning.governance.models import (
    Body,
    InvolvementEntry,
    InvolvementPart,
    Meeting,
    ProtocolStep,
)
from commissioning.reviews.models import Stage

STAGE_REQUIRED = "Choose the stage of the cycle"
PARTICIPANT_REQUIRED = "Choose who is involved"
PART_REQUIRED = "Choose their part: decides, consulted, informed or critical friend"
WEEKS_INVALID = "Enter the number of weeks into the stage, from 0 to 104"


class ProtocolStepForm(RecordFormMixin, forms.ModelForm):
    reason = forms.CharField(
        label="Why is the protocol changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the protocol's list of changes, with your name.",
        error_messages={"required": actions.PROTOCOL_REASON_REQUIRED},
    )

    class Meta:
        model = ProtocolStep
        fields: ClassVar = ["stage", "participant", "part", "asked", "weeks_into_stage"]
        labels: ClassVar = {
            "stage": "Stage of the cycle",
            "participant": "Who",
            "part": "Their part",
            "asked": "What is asked of them",
            "weeks_into_stage": "Weeks into the stage",
        }
        widgets: ClassVar = {"part": forms.RadioSelect}
        error_messages: ClassVar = {
            "stage": {"required": STAGE_REQUIRED, "invalid_choice": STAGE_REQUIRED},
            "participant": {"required": PARTICIPANT_REQUIRED, "invalid_choice": PARTICIPANT_REQUIRED},
            "part": {"required": PART_REQUIRED, "invalid_choice": PART_REQUIRED},
            "asked": {"required": actions.ASKED_REQUIRED},
            "weeks_into_stage": {
                "required": WEEKS_INVALID,
                "invalid": WEEKS_INVALID,
                "max_value": WEEKS_INVALID,
                "min_value": WEEKS_INVALID,
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = InvolvementPart.choices  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass  # the action checks the rules across fields

    def details(self) -> actions.StepDetails:
        data = self.cleaned_data
        return actions.StepDetails(
            stage=data["stage"],
            participant=data["participant"],
            part=data["part"],
            asked=data["asked"],
            weeks_into_stage=data["weeks_into_stage"],
        )


class EntryForm(RecordFormMixin, forms.ModelForm):
    """An amendment to one review's plan: add someone, or change what is asked of them. The reason is required."""

    due_on = GovukDateField(subject="Date it is due", required=False, example="14 9 2026")
    done_on = GovukDateField(subject="Date it was done", required=False, past_only=True, example="2 9 2026")
    reason = forms.CharField(
        label="Why does this review depart from the council's protocol?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the plan's history, with your name.",
        error_messages={"required": actions.AMENDMENT_REASON_REQUIRED},
    )

    class Meta:
        model = InvolvementEntry
        fields: ClassVar = ["stage", "part", "councillor", "body", "officer", "asked", "due_on", "done_on"]
        labels: ClassVar = {
            "stage": "Stage of the cycle",
            "part": "Their part",
            "councillor": "Councillor",
            "body": "Or a body",
            "officer": "Or an officer",
            "asked": "What is asked of them",
        }
        widgets: ClassVar = {"part": forms.RadioSelect}
        error_messages: ClassVar = {
            "stage": {"required": STAGE_REQUIRED, "invalid_choice": STAGE_REQUIRED},
            "part": {"required": PART_REQUIRED, "invalid_choice": PART_REQUIRED},
            "asked": {"required": actions.ASKED_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = InvolvementPart.choices  # type: ignore[attr-defined]
        self.fields["stage"].choices = Stage.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            # Who and when stay: remove the entry and add another to change them.
            for name in ("stage", "councillor", "body", "officer"):
                self.fields.pop(name)
        else:
            self.fields.pop("done_on")
            self.fields["councillor"].queryset = Councillor.objects.active().order_by("name")  # type: ignore[attr-defined]
            self.fields["councillor"].empty_label = "Not a councillor"  # type: ignore[attr-defined]
            self.fields["body"].empty_label = "Not a body"  # type: ignore[attr-defined]
            self.fields["officer"].empty_label = "Not an officer"  # type: ignore[attr-defined]
            self.fields["body"].queryset = Body.objects.active().order_by("name")  # type: ignore[attr-defined]
            self.fields["officer"].queryset = (  # type: ignore[attr-defined]
                self.fields["officer"].queryset.filter(is_active=True).order_by("first_name", "last_name")  # type: ignore[attr-defined]
            )

    def _post_clean(self) -> None:
        pass

    def details(self) -> actions.EntryDetails:
        data = self.cleaned_data
        instance = self.instance
        return actions.EntryDetails(
            stage=data.get("stage") or instance.stage,
            part=data["part"],
            asked=data["asked"],
            due_on=data.get("due_on"),
            done_on=data.get("done_on"),
            councillor=data.get("councillor"),
            body=data.get("body"),
            officer=data.get("officer"),
        )


class SignOffForm(OneTimeFormMixin, forms.Form):
    signed_off_on = GovukDateField(subject="Date of the sign-off", past_only=True, example="12 6 2026")
    meeting = forms.ModelChoiceField(
        label="Meeting of the Programme Board (optional)",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not at a meeting",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, board: Body | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if board is not None:
            self.fields["meeting"].queryset = Meeting.objects.active().filter(body=board).order_by("-starts_at")  # type: ignore[attr-defined]
