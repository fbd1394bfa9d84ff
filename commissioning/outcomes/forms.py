"""Forms for outcomes, indicators, targets, measurements, needs evidence and consultations.

They parse and check each field; rules across fields (and across records) live in the actions, which report them
back through ``apply_errors``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from typing import Any, ClassVar

from django import forms

from commissioning.core.forms import (
    CountField,
    FilterFormMixin,
    GovukDateField,
    OneTimeFormMixin,
    RecordFormMixin,
    change_reason_field,
    sort_choices,
)
from commissioning.core.uploads import MAX_DOCUMENT_BYTES
from commissioning.outcomes import actions, calculations, selectors
from commissioning.outcomes.models import (
    Consultation,
    ConsultationMethod,
    EvidenceKind,
    Frequency,
    Indicator,
    NeedsEvidence,
    Outcome,
    Polarity,
    Priority,
    ToleranceBasis,
    Unit,
)
from commissioning.services.models import Service

REASON_REQUIRED = "Enter a reason"
CODE_REQUIRED = "Enter the code"
NAME_REQUIRED = "Enter the name"
PRIORITY_REQUIRED = "Choose the priority the outcome comes under"
LEAD_REQUIRED = "Choose who leads the outcome"
OWNER_REQUIRED = "Choose the indicator's owner"
DEFINITION_REQUIRED = "Enter the definition: exactly what is counted, and how"
UNIT_REQUIRED = "Choose the unit the indicator is measured in"
POLARITY_REQUIRED = "Say whether higher or lower is better"
FREQUENCY_REQUIRED = "Choose how often the indicator is reported"
SOURCE_REQUIRED = "Enter where the figures come from"
PERIOD_REQUIRED = "Enter the period, like {example}"
PERIOD_NOT_OF_FREQUENCY = '"{label}" is not {noun}: enter {noun} like {example}'
VALUE_REQUIRED = "Enter the value"
VALUE_INVALID = "Enter the value as a number, like 1234.5 or 45.5"
TARGET_REQUIRED = "Enter the target"
TARGET_INVALID = "Enter the target as a number, like 90 or 12.5"
TOLERANCE_INVALID = "Enter the tolerance as a number of 0 or more, like 5"
TITLE_REQUIRED = "Enter the title"
KIND_REQUIRED = "Choose the kind of evidence"
EVIDENCE_SOURCE_REQUIRED = "Enter who produced the evidence"
# How each date is named in its messages ("Enter the date the evidence was collected", "Date of the evidence must
# include a month"): the wording is core.forms' DATE_* messages.
EVIDENCE_DATE = "Date of the evidence"
EVIDENCE_DATE_WHAT = "the date the evidence was collected"
OPENED_ON = "Opening date"
OPENED_ON_WHAT = "the date the consultation opened"
CLOSED_ON = "Closing date"
QUERY_BEFORE = dt.timedelta(days=3653)  # evidence or a consultation over 10 years old is queried once (a typo?)
SUMMARY_REQUIRED = "Summarise what the evidence shows"
PURPOSE_REQUIRED = "Enter what residents were asked, and why"
METHOD_REQUIRED = "Choose how residents were consulted"
RESPONSES_INVALID = "Enter the number of responses as a whole number, like 250 (0 if none yet)"
POSITION_INVALID = "Enter the position as a whole number, like 1"
CHOICE_INVALID = "Choose from the list"
DOCUMENT_EMPTY = "The selected file is empty"


class NumberField(forms.DecimalField):
    """A value in an indicator's unit: accepts "45.5%", "£1,234.50" and "1,234.5" as well as "1234.5"."""

    def __init__(self, *, invalid_message: str, **kwargs: Any) -> None:
        super().__init__(max_digits=16, decimal_places=4, **kwargs)
        self.error_messages.update(
            {
                "invalid": invalid_message,
                "max_digits": actions.VALUE_TOO_BIG.format(value="The value"),
                "max_whole_digits": "Enter a number under 1,000,000,000,000",
                "max_decimal_places": "Enter a number with up to 4 decimal places",
            }
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace("%", "").replace(" ", "")
        return super().to_python(value)


class _ActionForm(RecordFormMixin, forms.ModelForm):
    """Cross-field rules belong to the actions, which report them through apply_errors."""

    def _post_clean(self) -> None:
        pass

    def _reason_field(self) -> None:
        if not self.instance.pk:
            self.fields.pop("reason")


class ServicesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        archived = ", archived" if obj.is_archived else ""
        return f"{obj.name} ({obj.reference}{archived})"


def _services_field(label: str, help_text: str) -> ServicesField:
    return ServicesField(
        label=label,
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
        error_messages={"invalid_choice": CHOICE_INVALID, "invalid_pk_value": CHOICE_INVALID},
    )


class PriorityForm(_ActionForm):
    reason = change_reason_field()

    class Meta:
        model = Priority
        fields: ClassVar = ["code", "name", "description", "position", "published"]
        labels: ClassVar = {
            "code": "Code",
            "name": "Priority",
            "description": "Description (optional)",
            "position": "Position in the council plan",
            "published": "Publish this priority so the public can see it",
        }
        help_texts: ClassVar = {"code": "P and a number, like P3.", "name": "Like Healthy and independent lives."}
        widgets: ClassVar = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages: ClassVar = {
            "code": {"required": CODE_REQUIRED},
            "name": {"required": NAME_REQUIRED},
            "position": {"invalid": POSITION_INVALID, "required": POSITION_INVALID},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reason_field()

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def details(self) -> actions.PriorityDetails:
        data = self.cleaned_data
        return actions.PriorityDetails(
            code=data["code"],
            name=data["name"],
            description=data.get("description") or "",
            position=data["position"],
            published=bool(data.get("published")),
        )


class OutcomeForm(_ActionForm):
    services = _services_field("Contributing services", "Tick every service that contributes to this outcome.")
    reason = change_reason_field()

    class Meta:
        model = Outcome
        fields: ClassVar = ["name", "reference", "priority", "description", "lead", "services", "published"]
        labels: ClassVar = {
            "name": "Outcome",
            "reference": "Reference (optional)",
            "priority": "Priority",
            "description": "Description (optional)",
            "lead": "Lead",
            "published": "Publish this outcome so the public can see it",
        }
        help_texts: ClassVar = {
            "name": "What residents or communities gain, like Older people live independently for longer.",
            "reference": "Leave blank to give it the next reference, like OC-12.",
            "lead": "The commissioning officer or strategic director accountable for the outcome.",
        }
        widgets: ClassVar = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages: ClassVar = {
            "name": {"required": NAME_REQUIRED},
            "priority": {"required": PRIORITY_REQUIRED, "invalid_choice": PRIORITY_REQUIRED},
            "lead": {"required": LEAD_REQUIRED, "invalid_choice": LEAD_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        linked = list(self.instance.services.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["services"].queryset = selectors.service_choices(linked=linked)  # type: ignore[attr-defined]
        self.fields["priority"].queryset = selectors.priority_choices(  # type: ignore[attr-defined]
            including=self.instance.priority_id if self.instance.pk else None
        )
        self.fields["priority"].empty_label = "Choose a priority"  # type: ignore[attr-defined]
        self.fields["lead"].queryset = selectors.commissioner_choices()  # type: ignore[attr-defined]
        self.fields["lead"].empty_label = "Choose a lead"  # type: ignore[attr-defined]
        self._reason_field()

    def details(self) -> actions.OutcomeDetails:
        data = self.cleaned_data
        return actions.OutcomeDetails(
            priority=data["priority"],
            name=data["name"],
            lead=data["lead"],
            reference=data.get("reference") or "",
            description=data.get("description") or "",
            services=list(data.get("services") or []),
            published=bool(data.get("published")),
        )


class IndicatorForm(_ActionForm):
    services = _services_field("Services measured", "Tick the services whose performance this indicator measures.")
    reason = change_reason_field()

    class Meta:
        model = Indicator
        fields: ClassVar = [
            "code",
            "name",
            "definition",
            "unit",
            "polarity",
            "frequency",
            "outcome",
            "services",
            "owner",
            "data_source",
            "published",
        ]
        labels: ClassVar = {
            "code": "Code",
            "name": "Indicator",
            "definition": "Definition",
            "unit": "Unit",
            "polarity": "Which way is better?",
            "frequency": "How often is it reported?",
            "outcome": "Outcome it measures (optional)",
            "owner": "Owner",
            "data_source": "Data source",
            "published": "Publish this indicator, and its values, so the public can see them",
        }
        help_texts: ClassVar = {
            "code": "Up to 30 letters, digits, dots, hyphens and underscores, like ASC-01.",
            "data_source": "The system or return the figures come from, like Adult social care client record.",
        }
        widgets: ClassVar = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "polarity": forms.RadioSelect,
            "frequency": forms.RadioSelect,
        }
        error_messages: ClassVar = {
            "code": {"required": CODE_REQUIRED},
            "name": {"required": NAME_REQUIRED},
            "definition": {"required": DEFINITION_REQUIRED},
            "unit": {"required": UNIT_REQUIRED, "invalid_choice": UNIT_REQUIRED},
            "polarity": {"required": POLARITY_REQUIRED, "invalid_choice": POLARITY_REQUIRED},
            "frequency": {"required": FREQUENCY_REQUIRED, "invalid_choice": FREQUENCY_REQUIRED},
            "owner": {"required": OWNER_REQUIRED, "invalid_choice": OWNER_REQUIRED},
            "data_source": {"required": SOURCE_REQUIRED},
            "outcome": {"invalid_choice": CHOICE_INVALID},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked = list(self.instance.services.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["services"].queryset = selectors.service_choices(linked=linked)  # type: ignore[attr-defined]
        self.fields["outcome"].queryset = selectors.outcome_choices(  # type: ignore[attr-defined]
            including=self.instance.outcome_id if self.instance.pk else None
        )
        self.fields["outcome"].empty_label = "None"  # type: ignore[attr-defined]
        self.fields["owner"].queryset = selectors.commissioner_choices()  # type: ignore[attr-defined]
        self.fields["owner"].empty_label = "Choose an owner"  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", "Choose a unit"), *Unit.choices]  # type: ignore[attr-defined]
        self.fields["polarity"].choices = Polarity.choices  # type: ignore[attr-defined]
        self.fields["frequency"].choices = Frequency.choices  # type: ignore[attr-defined]
        self._reason_field()

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def details(self) -> actions.IndicatorDetails:
        data = self.cleaned_data
        return actions.IndicatorDetails(
            code=data["code"],
            name=data["name"],
            definition=data["definition"],
            unit=data["unit"],
            polarity=data["polarity"],
            frequency=data["frequency"],
            owner=data["owner"],
            data_source=data["data_source"],
            outcome=data.get("outcome"),
            services=list(data.get("services") or []),
            published=bool(data.get("published")),
        )


NO_TOLERANCE = "none"


class TargetForm(OneTimeFormMixin, forms.Form):
    period = forms.CharField(label="Period", max_length=20)
    target = NumberField(label="Target", invalid_message=TARGET_INVALID, error_messages={"required": TARGET_REQUIRED})
    tolerance_basis = forms.ChoiceField(
        label="Tolerance",
        choices=[(NO_TOLERANCE, "No tolerance: any miss is Red"), *ToleranceBasis.choices],
        widget=forms.RadioSelect,
        initial=NO_TOLERANCE,
        help_text="How far short of the target still counts as Amber rather than Red.",
    )
    tolerance = NumberField(
        label="Tolerance amount (if any)",
        invalid_message=TOLERANCE_INVALID,
        required=False,
        help_text="Like 5: five points (or units) short, or five per cent of the target.",
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        example = Frequency(indicator.frequency)
        self.frequency = indicator.frequency
        self.fields["period"].help_text = f"Like {_example(example)}."
        self.fields["period"].error_messages["required"] = PERIOD_REQUIRED.format(example=_example(example))
        self.initial["period"] = _shown_period(self.initial.get("period", ""), frequency=self.frequency)

    def clean_period(self) -> str:
        return _typed_period(self.cleaned_data["period"], frequency=self.frequency)

    def clean_tolerance(self) -> Decimal | None:
        value = self.cleaned_data.get("tolerance")
        if value is not None and value < 0:
            raise forms.ValidationError(TOLERANCE_INVALID)
        return value

    def details(self) -> actions.TargetDetails:
        data = self.cleaned_data
        basis = data.get("tolerance_basis") or NO_TOLERANCE
        return actions.TargetDetails(
            period=data["period"],
            target=data["target"],
            tolerance_basis="" if basis == NO_TOLERANCE else basis,
            tolerance=data.get("tolerance") if basis != NO_TOLERANCE else None,
        )


def _example(frequency: str) -> str:
    """A period as people write it in the indicator's own frequency."""
    return {"monthly": "April 2026", "quarterly": "2026/27 Q1", "annual": "2026/27"}[frequency]


_NOUNS = {"monthly": "a month", "quarterly": "a quarter", "annual": "a financial year"}
_MONTHS = [month.lower() for month in calendar.month_name[1:]]


def _typed_period(text: str, *, frequency: str) -> str:
    """The period as it is stored, from what was typed in the indicator's own frequency: "April 2026" (or "Apr 2026"
    or "2026-04") for a monthly indicator, "2026/27 Q1" for a quarterly one, "2026/27" for an annual one."""
    typed = " ".join(text.split())
    if frequency == "monthly":
        match = re.fullmatch(r"([A-Za-z]+) ([0-9]{4})", typed)
        if match:
            name = match.group(1).lower()
            number = next((i for i, month in enumerate(_MONTHS, 1) if len(name) >= 3 and month.startswith(name)), 0)
            if number:
                return f"{match.group(2)}-{number:02d}"
    if calculations.period_problem(typed, frequency=frequency) is None:
        return calculations.normalise_period(typed, frequency=frequency)
    noun = _NOUNS[frequency]
    raise forms.ValidationError(PERIOD_NOT_OF_FREQUENCY.format(label=typed, noun=noun, example=_example(frequency)))


def _shown_period(label: str, *, frequency: str) -> str:
    """A stored period as _typed_period reads it back: "2026-04" is "April 2026" for a monthly indicator."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", label or "")
    if frequency == "monthly" and match and 1 <= int(match.group(2)) <= 12:
        return f"{calendar.month_name[int(match.group(2))]} {match.group(1)}"
    return label


class MeasurementForm(OneTimeFormMixin, forms.Form):
    period = forms.CharField(label="Period", max_length=20)
    value = NumberField(label="Value", invalid_message=VALUE_INVALID, error_messages={"required": VALUE_REQUIRED})
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=actions.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything a reader should know about the value, like a change in how it is counted.",
        error_messages={"max_length": "The note must be 1,000 characters or fewer"},
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        example = _example(indicator.frequency)
        self.frequency = indicator.frequency
        self.fields["period"].help_text = f"Like {example}."
        self.fields["period"].error_messages["required"] = PERIOD_REQUIRED.format(example=example)
        self.initial["period"] = _shown_period(self.initial.get("period", ""), frequency=self.frequency)
        unit = Unit(indicator.unit)
        self.fields["value"].label = f"Value ({unit.label.lower()})"

    def clean_period(self) -> str:
        return _typed_period(self.cleaned_data["period"], frequency=self.frequency)


class _AttachedForm(_ActionForm):
    """Evidence and consultations are about a service, an outcome or both."""

    def _attachments(self) -> None:
        instance = self.instance
        service_ids = [instance.service_id] if instance.pk and instance.service_id else []
        self.fields["service"].queryset = selectors.service_choices(linked=service_ids)  # type: ignore[attr-defined]
        self.fields["service"].empty_label = "None"  # type: ignore[attr-defined]
        self.fields["service"].required = False
        self.fields["service"].error_messages["invalid_choice"] = CHOICE_INVALID
        self.fields["outcome"].queryset = selectors.outcome_choices(  # type: ignore[attr-defined]
            including=instance.outcome_id if instance.pk else None
        )
        self.fields["outcome"].empty_label = "None"  # type: ignore[attr-defined]
        self.fields["outcome"].required = False
        self.fields["outcome"].error_messages["invalid_choice"] = CHOICE_INVALID


class EvidenceForm(_AttachedForm):
    document = forms.FileField(
        label="Document (optional)",
        required=False,
        help_text=(
            f"A PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text file, or a PNG or JPEG image, smaller than "
            f"{MAX_DOCUMENT_BYTES // (1024 * 1024)}MB."
        ),
        error_messages={"empty": DOCUMENT_EMPTY, "invalid": DOCUMENT_EMPTY},
    )
    evidence_date = GovukDateField(
        label="Date of the evidence",
        subject=EVIDENCE_DATE,
        what=EVIDENCE_DATE_WHAT,
        past_only=True,
        warn_past_before=QUERY_BEFORE,
    )
    reason = change_reason_field()

    class Meta:
        model = NeedsEvidence
        fields: ClassVar = ["title", "kind", "source", "evidence_date", "summary", "service", "outcome"]
        labels: ClassVar = {
            "title": "Title",
            "kind": "Kind of evidence",
            "source": "Source",
            "summary": "Summary",
            "service": "Service it is about",
            "outcome": "Outcome it is about",
        }
        widgets: ClassVar = {"summary": forms.Textarea(attrs={"rows": 5})}
        error_messages: ClassVar = {
            "title": {"required": TITLE_REQUIRED},
            "kind": {"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
            "source": {"required": EVIDENCE_SOURCE_REQUIRED},
            "summary": {"required": SUMMARY_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose a kind"), *EvidenceKind.choices]  # type: ignore[attr-defined]
        self._attachments()
        self._reason_field()
        if self.instance.pk and self.instance.document_name:
            self.fields["document"].label = "Replace the document (optional)"

    def details(self) -> actions.EvidenceDetails:
        data = self.cleaned_data
        return actions.EvidenceDetails(
            title=data["title"],
            kind=data["kind"],
            source=data["source"],
            evidence_date=data["evidence_date"],
            summary=data["summary"],
            service=data.get("service"),
            outcome=data.get("outcome"),
        )


class ConsultationForm(_AttachedForm):
    responses = CountField(
        label="Number of responses",
        min_value=0,
        initial=0,
        error_messages={"invalid": RESPONSES_INVALID, "min_value": RESPONSES_INVALID, "required": RESPONSES_INVALID},
    )
    opened_on = GovukDateField(
        label="Opened on", subject=OPENED_ON, what=OPENED_ON_WHAT, warn_future=True, warn_past_before=QUERY_BEFORE
    )
    closed_on = GovukDateField(
        label="Closed on (optional)",
        subject=CLOSED_ON,
        required=False,
        warn_future=True,
        help_text="Leave blank while it is still open.",
    )
    reason = change_reason_field()

    class Meta:
        model = Consultation
        fields: ClassVar = [
            "title",
            "purpose",
            "method",
            "opened_on",
            "closed_on",
            "responses",
            "response_summary",
            "service",
            "outcome",
        ]
        labels: ClassVar = {
            "title": "Title",
            "purpose": "Purpose",
            "method": "How were residents consulted?",
            "response_summary": "Summary of the responses",
            "service": "Service it is about",
            "outcome": "Outcome it is about",
        }
        help_texts: ClassVar = {
            "response_summary": "What residents said: the main themes, and how many said each.",
        }
        widgets: ClassVar = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "response_summary": forms.Textarea(attrs={"rows": 6}),
            "method": forms.RadioSelect,
        }
        error_messages: ClassVar = {
            "title": {"required": TITLE_REQUIRED},
            "purpose": {"required": PURPOSE_REQUIRED},
            "method": {"required": METHOD_REQUIRED, "invalid_choice": METHOD_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = ConsultationMethod.choices  # type: ignore[attr-defined]
        self._attachments()
        self._reason_field()

    def details(self) -> actions.ConsultationDetails:
        data = self.cleaned_data
        return actions.ConsultationDetails(
            title=data["title"],
            purpose=data["purpose"],
            method=data["method"],
            opened_on=data["opened_on"],
            closed_on=data.get("closed_on"),
            responses=data.get("responses") or 0,
            response_summary=data.get("response_summary") or "",
            service=data.get("service"),
            outcome=data.get("outcome"),
        )


# Filters ----------------------------------------------------------------------------------------------------------


class _FilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    archived = forms.BooleanField(label="Include archived", required=False)
    service = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class OutcomeFilterForm(_FilterForm):
    priority = forms.ModelChoiceField(
        label="Priority", queryset=Priority.objects.none(), required=False, empty_label="All priorities"
    )
    sort = forms.ChoiceField(required=False, choices=sort_choices(selectors.OUTCOME_SORTS))

    def __init__(self, *args: Any, priorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = priorities  # type: ignore[attr-defined]

    def filters(self) -> selectors.OutcomeFilters:
        data = self.valid_data()
        sort, descending = self.sort_of(data, selectors.DEFAULT_OUTCOME_SORT)
        priority = data.get("priority")
        return selectors.OutcomeFilters(
            q=(data.get("q") or "").strip(),
            priority=priority.pk if priority else None,
            service=data.get("service") or None,
            include_archived=bool(data.get("archived")),
            sort=sort,
            descending=descending,
        )


class IndicatorFilterForm(_FilterForm):
    outcome = forms.ModelChoiceField(
        label="Outcome", queryset=Outcome.objects.none(), required=False, empty_label="All outcomes"
    )
    frequency = forms.ChoiceField(
        label="Frequency", required=False, choices=[("", "Any frequency"), *Frequency.choices]
    )
    sort = forms.ChoiceField(required=False, choices=sort_choices(selectors.INDICATOR_SORTS))

    def __init__(self, *args: Any, outcomes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = outcomes  # type: ignore[attr-defined]

    def filters(self) -> selectors.IndicatorFilters:
        data = self.valid_data()
        sort, descending = self.sort_of(data, selectors.DEFAULT_INDICATOR_SORT)
        outcome = data.get("outcome")
        return selectors.IndicatorFilters(
            q=(data.get("q") or "").strip(),
            outcome=outcome.pk if outcome else None,
            service=data.get("service") or None,
            frequency=data.get("frequency") or "",
            include_archived=bool(data.get("archived")),
            sort=sort,
            descending=descending,
        )


class EvidenceFilterForm(_FilterForm):
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *EvidenceKind.choices])
    outcome = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    sort = forms.ChoiceField(required=False, choices=sort_choices(selectors.EVIDENCE_SORTS))

    def filters(self) -> selectors.EvidenceFilters:
        data = self.valid_data()
        sort = data.get("sort") or f"-{selectors.DEFAULT_EVIDENCE_SORT}"
        return selectors.EvidenceFilters(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            service=data.get("service") or None,
            outcome=data.get("outcome") or None,
            include_archived=bool(data.get("archived")),
            sort=sort.lstrip("-"),
            descending=sort.startswith("-"),
        )


class ConsultationFilterForm(_FilterForm):
    method = forms.ChoiceField(
        label="Method", required=False, choices=[("", "Any method"), *ConsultationMethod.choices]
    )
    outcome = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    sort = forms.ChoiceField(required=False, choices=sort_choices(selectors.CONSULTATION_SORTS))

    def filters(self) -> selectors.ConsultationFilters:
        data = self.valid_data()
        sort = data.get("sort") or f"-{selectors.DEFAULT_CONSULTATION_SORT}"
        return selectors.ConsultationFilters(
            q=(data.get("q") or "").strip(),
            method=data.get("method") or "",
            service=data.get("service") or None,
            outcome=data.get("outcome") or None,
            include_archived=bool(data.get("archived")),
            sort=sort.lstrip("-"),
            descending=sort.startswith("-"),
        )
