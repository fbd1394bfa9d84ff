"""Forms for decommissioning: one per section of the record (its task list). Each field is checked here; the rules
across fields (consultation dates, notice against the contract's notice period, a decision to decide) live in the
actions."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from commissioning.contracts import selectors_decommissioning
from commissioning.contracts.actions_decommissioning import DecommissioningStart, StepDetails
from commissioning.contracts.models import Decommissioning, MonitoringNote, TransitionStep, Tupe
from commissioning.core.forms import (
    CountField,
    GovukDateField,
    OneTimeFormMixin,
    RecordFormMixin,
    VersionedFormMixin,
)

TITLE_REQUIRED = "Enter what is being decommissioned"
LEAD_REQUIRED = "Choose the lead officer"
STEP_REQUIRED = "Enter the step"
OWNER_REQUIRED = "Enter who is responsible for the step"
NOTE_REQUIRED = "Enter the note"
STAFF_INVALID = "Enter the number of staff affected as a whole number, like 12"


class DecommissioningForm(RecordFormMixin, forms.ModelForm):
    """Start a decommissioning (the service or contract, who leads it, why) or edit its overview."""

    class Meta:
        model = Decommissioning
        fields: ClassVar = ["title", "service", "contract", "lead", "public_summary"]
        labels: ClassVar = {
            "title": "What is being decommissioned?",
            "service": "Service (optional if you choose a contract)",
            "contract": "Contract (optional if you choose a service)",
            "lead": "Lead officer",
            "public_summary": "Why it is being decommissioned (optional)",
        }
        help_texts: ClassVar = {
            "public_summary": "In plain words: shown on the public register once the decision is published.",
        }
        widgets: ClassVar = {"public_summary": forms.Textarea(attrs={"rows": 4})}
        error_messages: ClassVar = {
            "title": {"required": TITLE_REQUIRED},
            "lead": {"required": LEAD_REQUIRED, "invalid_choice": LEAD_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        if self.instance.pk:
            f.pop("service")
            f.pop("contract")
        else:
            f["service"].queryset = selectors_decommissioning.service_choices()
            f["service"].empty_label = "Choose a service"
            f["contract"].queryset = selectors_decommissioning.contract_choices()
            f["contract"].empty_label = "Choose a contract"
        f["lead"].queryset = selectors_decommissioning.lead_choices()
        f["lead"].empty_label = "Choose an officer"

    def _post_clean(self) -> None:
        pass

    def start(self) -> DecommissioningStart:
        data = self.cleaned_data
        return DecommissioningStart(
            title=data["title"],
            lead=data["lead"],
            service=data.get("service"),
            contract=data.get("contract"),
            public_summary=data.get("public_summary") or "",
        )

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class _SectionForm(VersionedFormMixin, forms.ModelForm):
    section: ClassVar[str] = ""

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DecommissioningEvidenceForm(_SectionForm):
    section = "evidence"

    class Meta:
        model = Decommissioning
        fields: ClassVar = ["evidence_outcomes", "evidence_use", "evidence_cost", "evidence_need", "indicators"]
        labels: ClassVar = {
            "evidence_outcomes": "Outcomes: what the service achieves",
            "evidence_use": "Use: who uses it and how much",
            "evidence_cost": "Cost: what it costs, and against comparators",
            "evidence_need": "Need: whether the need it meets remains, and how else it is met",
            "indicators": "The service's indicators this evidence rests on",
        }
        widgets: ClassVar = {
            "evidence_outcomes": forms.Textarea(attrs={"rows": 3}),
            "evidence_use": forms.Textarea(attrs={"rows": 3}),
            "evidence_cost": forms.Textarea(attrs={"rows": 3}),
            "evidence_need": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["indicators"].queryset = selectors_decommissioning.indicator_choices(self.instance)
        f["indicators"].required = False


class DecommissioningEiaForm(_SectionForm):
    section = "eia"

    class Meta:
        model = Decommissioning
        fields: ClassVar = ["eia_summary"]
        labels: ClassVar = {"eia_summary": "Summary of the equality impact assessment"}
        help_texts: ClassVar = {
            "eia_summary": "Who is affected, by which protected characteristic, and how the effects are mitigated.",
        }
        widgets: ClassVar = {"eia_summary": forms.Textarea(attrs={"rows": 6})}


class DecommissioningConsultationForm(_SectionForm):
    section = "consultation"
    consultation_start = GovukDateField(label="Consultation opened", subject="Consultation opened", required=False)
    consultation_end = GovukDateField(label="Consultation closed", subject="Consultation closed", required=False)

    class Meta:
        model = Decommissioning
        fields: ClassVar = ["consultation_start", "consultation_end", "consultation_summary"]
        labels: ClassVar = {"consultation_summary": "What people said, and what changed as a result"}
        widgets: ClassVar = {"consultation_summary": forms.Textarea(attrs={"rows": 5})}


class DecommissioningNoticeForm(_SectionForm):
    section = "notice"
    notice_given_on = GovukDateField(label="Notice given on", subject="Notice given on", required=False)
    service_ends_on = GovukDateField(
        label="Service ends on",
        subject="Service ends on",
        required=False,
        help_text="The day the provider stops delivering the service under this notice.",
    )

    class Meta:
        model = Decommissioning
        fields: ClassVar = ["notice_given_on", "service_ends_on"]


class DecommissioningWorkforceForm(_SectionForm):
    section = "workforce"
    staff_affected = CountField(
        label="Staff affected (optional)",
        min_value=0,
        required=False,
        help_text="How many staff work on the service, in the council or at the provider.",
        error_messages={"invalid": STAFF_INVALID, "min_value": STAFF_INVALID},
    )

    class Meta:
        model = Decommissioning
        fields: ClassVar = ["tupe", "staff_affected", "workforce_notes"]
        labels: ClassVar = {
            "tupe": "Does TUPE apply?",
            "workforce_notes": "Workforce implications (optional)",
        }
        help_texts: ClassVar = {
            "tupe": "The Transfer of Undertakings (Protection of Employment) Regulations 2006: whether staff transfer.",
        }
        widgets: ClassVar = {"tupe": forms.RadioSelect, "workforce_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["tupe"].choices = Tupe.choices
        f["tupe"].required = False


class DecommissioningDecideForm(VersionedFormMixin, forms.Form):
    decision: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Decision",
        queryset=None,  # type: ignore[arg-type]  # set in __init__
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["decision"].queryset = selectors_decommissioning.decision_choices()
        f["decision"].empty_label = "Choose a decision"
        f["decision"].help_text = "The decision of the Cabinet, a committee or an officer that decommissions it."


class TransitionStepForm(OneTimeFormMixin, forms.ModelForm):
    due_on = GovukDateField(label="Due by", subject="Due by")

    class Meta:
        model = TransitionStep
        fields: ClassVar = ["description", "due_on", "owner"]
        labels: ClassVar = {"description": "Step", "owner": "Who is responsible"}
        help_texts: ClassVar = {
            "description": "What happens for the people who use the service, like 'Review each person's care plan'.",
        }
        error_messages: ClassVar = {
            "description": {"required": STEP_REQUIRED},
            "owner": {"required": OWNER_REQUIRED},
        }

    def _post_clean(self) -> None:
        pass

    def details(self) -> StepDetails:
        data = self.cleaned_data
        return StepDetails(description=data["description"], due_on=data["due_on"], owner=data["owner"])


class MonitoringNoteForm(OneTimeFormMixin, forms.ModelForm):
    noted_on = GovukDateField(label="Date", subject="Date of the note")

    class Meta:
        model = MonitoringNote
        fields: ClassVar = ["noted_on", "note"]
        labels: ClassVar = {"note": "Note"}
        widgets: ClassVar = {"note": forms.Textarea(attrs={"rows": 4})}
        error_messages: ClassVar = {"note": {"required": NOTE_REQUIRED}}

    def _post_clean(self) -> None:
        pass
