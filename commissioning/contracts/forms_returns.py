"""Forms for KPIs, returns and assessments. Each parses and checks its fields (a KPI's value by the KPI's type, with a
message naming the KPI); the rules across fields live in actions_returns."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms

from commissioning.contracts import selectors_returns as selectors
from commissioning.contracts.actions_returns import VALUE_MISSING, FailureDetails, KpiDetails, Workforce
from commissioning.contracts.models import (
    Contract,
    Kpi,
    KpiFrequency,
    KpiUnit,
    PerformanceFailure,
    PerformanceReturn,
    Rating,
)
from commissioning.core.forms import ActionErrorsMixin, GovukDateField, OneTimeFormMixin, RecordFormMixin
from commissioning.core.uploads import MAX_DOCUMENT_BYTES

NAME_REQUIRED = "Enter the name of the KPI"
UNIT_REQUIRED = "Choose what kind of value the KPI is"
TARGET_REQUIRED = "Enter the target, like 95"
TARGET_INVALID = "Enter the target as a number, like 95"
TOLERANCE_INVALID = "Enter the tolerance as a number of 0 or more, like 5"
DIRECTION_REQUIRED = "Choose whether a higher or a lower value is better"
VALUE_NOT_NUMBER = "Enter a number for {kpi}, like 42"
VALUE_NOT_PERCENT = "Enter a percentage between 0 and 100 for {kpi}, like 87.5"
VALUE_YES_NO = "Select yes or no for {kpi}"
WORKFORCE_PERCENT = "Enter {what} as a percentage between 0 and 100, like 12.5"
WORKFORCE_COUNT = "Enter {what} as a whole number, like 3"
EVIDENCE_TOO_MANY = "Select up to {limit} evidence files"
EVIDENCE_EMPTY = "The selected file is empty"
REASON_REQUIRED = "Enter why this contract has fewer than three KPIs"
REQUIREMENT_REQUIRED = "Enter the requirement of the contract that was not met"
DESCRIPTION_REQUIRED = "Enter what happened"
DECISION_DATE = "Decision date"
RATING_REQUIRED = "Choose a rating"
MAX_EVIDENCE_FILES = 5


def _number(text: str) -> Decimal | None:
    cleaned = text.strip().replace(",", "").rstrip("%").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


class KpiValueField(forms.CharField):
    """A KPI's value, typed by the KPI: a number, a percentage (0 to 100), each with a message naming the KPI."""

    def __init__(self, *, kpi: Kpi, **kwargs: Any) -> None:
        self.kpi = kpi
        super().__init__(max_length=30, **kwargs)
        self.error_messages["required"] = VALUE_MISSING.format(kpi=kpi.name)

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        wrong = VALUE_NOT_PERCENT if self.kpi.unit == KpiUnit.PERCENTAGE else VALUE_NOT_NUMBER
        try:
            number = _number(text or "")
        except ValueError:
            raise forms.ValidationError(wrong.format(kpi=self.kpi.name), code="invalid") from None
        if number is not None and self.kpi.unit == KpiUnit.PERCENTAGE and not 0 <= number <= 100:
            raise forms.ValidationError(wrong.format(kpi=self.kpi.name), code="invalid")
        if number is not None and abs(number) >= Decimal("1e12"):
            raise forms.ValidationError(wrong.format(kpi=self.kpi.name), code="invalid")
        return number


def kpi_value_field(kpi: Kpi, *, required: bool = True, label: str = "") -> forms.Field:
    if kpi.unit == KpiUnit.YES_NO:
        return forms.TypedChoiceField(
            label=label or kpi.name,
            choices=[("1", "Yes"), ("0", "No")],
            coerce=Decimal,
            widget=forms.RadioSelect,
            required=required,
            error_messages={
                "required": VALUE_YES_NO.format(kpi=kpi.name),
                "invalid_choice": VALUE_YES_NO.format(kpi=kpi.name),
            },
        )
    hint = f"Target: {'at least' if kpi.higher_is_better else 'at most'} {kpi.show(kpi.target)}."
    return KpiValueField(
        kpi=kpi,
        label=label or (f"{kpi.name} (%)" if kpi.unit == KpiUnit.PERCENTAGE else kpi.name),
        required=required,
        help_text=hint,
    )


class KpiForm(RecordFormMixin, forms.ModelForm):
    target = forms.CharField(label="Target", max_length=30, error_messages={"required": TARGET_REQUIRED})
    tolerance = forms.CharField(
        label="Tolerance (optional)",
        required=False,
        max_length=30,
        help_text="How far short of the target is still 'approaching target', in the KPI's units, like 5.",
    )
    higher_is_better = forms.TypedChoiceField(
        label="Which way is better?",
        choices=[("1", "A higher value is better"), ("0", "A lower value is better")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": DIRECTION_REQUIRED},
    )

    class Meta:
        model = Kpi
        fields: ClassVar = ["name", "unit", "target", "tolerance", "higher_is_better", "frequency", "indicators"]
        labels: ClassVar = {
            "name": "Name of the KPI",
            "unit": "What kind of value is it?",
            "frequency": "How often is it returned?",
            "indicators": "Outcome indicators it serves (optional)",
        }
        widgets: ClassVar = {
            "unit": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "indicators": forms.CheckboxSelectMultiple,
        }
        error_messages: ClassVar = {"name": {"required": NAME_REQUIRED}, "unit": {"required": UNIT_REQUIRED}}

    def __init__(self, *args: Any, contract: Contract | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["unit"].choices = KpiUnit.choices
        f["frequency"].choices = KpiFrequency.choices
        f["indicators"].queryset = selectors.indicator_choices(contract=contract or self.instance.contract)
        if self.instance.pk:
            self.initial["higher_is_better"] = "1" if self.instance.higher_is_better else "0"
            self.initial["target"] = f"{self.instance.target.normalize():f}"
            self.initial["tolerance"] = f"{self.instance.tolerance.normalize():f}"
        else:
            self.initial.setdefault("frequency", KpiFrequency.QUARTERLY)
            self.initial.setdefault("higher_is_better", "1")

    def clean_target(self) -> Decimal:
        try:
            value = _number(self.cleaned_data["target"])
        except ValueError:
            raise forms.ValidationError(TARGET_INVALID) from None
        if value is None:
            raise forms.ValidationError(TARGET_REQUIRED)
        return value

    def clean_tolerance(self) -> Decimal:
        try:
            value = _number(self.cleaned_data.get("tolerance") or "")
        except ValueError:
            raise forms.ValidationError(TOLERANCE_INVALID) from None
        if value is not None and value < 0:
            raise forms.ValidationError(TOLERANCE_INVALID)
        return value or Decimal("0")

    def _post_clean(self) -> None:
        pass

    def details(self) -> KpiDetails:
        data = self.cleaned_data
        return KpiDetails(
            name=data["name"],
            unit=data["unit"],
            target=data["target"],
            tolerance=data["tolerance"],
            higher_is_better=bool(data["higher_is_better"]),
            frequency=data.get("frequency") or KpiFrequency.QUARTERLY,
            indicators=list(data.get("indicators") or []),
        )


class ExemptionForm(ActionErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Why does this contract have fewer than three KPIs?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REASON_REQUIRED},
        max_length=2000,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:  # type: ignore[override]
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(EVIDENCE_TOO_MANY.format(limit=MAX_EVIDENCE_FILES))
        single = super().clean
        return [single(item, initial) for item in files]


def _percent_field(label: str, what: str) -> forms.DecimalField:
    message = WORKFORCE_PERCENT.format(what=what)
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        max_digits=4,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits"), message
        ),
    )


def _count_field(label: str, what: str) -> forms.IntegerField:
    message = WORKFORCE_COUNT.format(what=what)
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), message),
    )


WORKFORCE_FIELDS = (
    "staff_turnover",
    "vacancies",
    "agency_use",
    "living_wage_share",
    "zero_hours_contracts",
    "training_completed",
)


class ReturnForm(ActionErrorsMixin, forms.Form):
    """A quarter's return: a value per KPI asked for (a field ``kpi_<pk>`` each), the workforce figures and evidence."""

    staff_turnover = _percent_field("Staff turnover in the quarter (%)", "staff turnover")
    vacancies = _count_field("Vacancies at the end of the quarter", "vacancies")
    agency_use = _percent_field("Hours worked by agency staff (%)", "agency use")
    living_wage_share = _percent_field(
        "Staff paid at least the Real Living Wage (%)", "the share of staff paid at least the Real Living Wage"
    )
    zero_hours_contracts = _count_field("Staff on zero-hours contracts", "zero-hours contracts")
    training_completed = _percent_field("Mandatory training completed (%)", "training completed")
    evidence = EvidenceField(
        label="Evidence (optional)",
        required=False,
        help_text=(
            f"Up to {MAX_EVIDENCE_FILES} files: PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text, or PNG or "
            f"JPEG images, each smaller than {MAX_DOCUMENT_BYTES // (1024 * 1024)}MB."
        ),
        error_messages={"empty": EVIDENCE_EMPTY, "invalid": EVIDENCE_EMPTY},
    )

    def __init__(self, *args: Any, ret: PerformanceReturn, kpis: list[Kpi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            self.fields[f"kpi_{kpi.pk}"] = kpi_value_field(kpi)

    def kpi_fields(self) -> list[forms.BoundField]:
        return [self[f"kpi_{kpi.pk}"] for kpi in self.kpis]

    def workforce_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WORKFORCE_FIELDS]

    def values(self) -> dict[int, Decimal]:
        return {kpi.pk: self.cleaned_data[f"kpi_{kpi.pk}"] for kpi in self.kpis}

    def workforce(self) -> Workforce:
        return Workforce(**{name: self.cleaned_data.get(name) for name in WORKFORCE_FIELDS})


class QueryForm(ActionErrorsMixin, forms.Form):
    kpi = forms.TypedChoiceField(label="Which value are you asking about?", coerce=int, widget=forms.RadioSelect)
    question = forms.CharField(
        label="Your question", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, ret: PerformanceReturn, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_pk = {value.kpi_id: value.kpi for value in ret.values.all()}
        field: Any = self.fields["kpi"]
        field.choices = [
            (value.kpi_id, f"{value.kpi.name}: {value.kpi.show(value.value)}") for value in ret.values.all()
        ]
        field.error_messages = {
            "required": "Choose the value you are asking about",
            "invalid_choice": "Choose the value you are asking about",
        }

    def chosen(self) -> Kpi | None:
        return self.by_pk.get(self.cleaned_data.get("kpi"))  # type: ignore[arg-type]


class AnswerForm(ActionErrorsMixin, forms.Form):
    answer = forms.CharField(
        label="Your answer", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, kpi: Kpi | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kpi is not None:
            self.fields["corrected_value"] = kpi_value_field(
                kpi, required=False, label=f"Corrected value of {kpi.name} (optional)"
            )
            self.fields["corrected_value"].help_text = "Leave blank if the value stands."

    def corrected(self) -> Decimal | None:
        value = self.cleaned_data.get("corrected_value")
        return value if value not in ("", None) else None


class RatingForm(ActionErrorsMixin, forms.Form):
    rating = forms.ChoiceField(
        label="Rating", choices=Rating.choices, widget=forms.RadioSelect, error_messages={"required": RATING_REQUIRED}
    )
    reason = forms.CharField(
        label="Reason for the change (needed if it differs from the draft)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class FailureForm(OneTimeFormMixin, forms.ModelForm):
    decision_date = GovukDateField(label="Date of the decision", subject=DECISION_DATE, past_only=True)

    class Meta:
        model = PerformanceFailure
        fields: ClassVar = ["requirement", "description", "decision_date", "remedy", "partly_terminated"]
        labels: ClassVar = {
            "requirement": "Requirement not met",
            "description": "What happened",
            "remedy": "Remedy or penalty (optional)",
            "partly_terminated": "The contract was partly terminated because of it",
        }
        widgets: ClassVar = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "remedy": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages: ClassVar = {
            "requirement": {"required": REQUIREMENT_REQUIRED},
            "description": {"required": DESCRIPTION_REQUIRED},
        }

    def _post_clean(self) -> None:
        pass

    def details(self) -> FailureDetails:
        data = self.cleaned_data
        return FailureDetails(
            requirement=data["requirement"],
            description=data["description"],
            decision_date=data["decision_date"],
            remedy=data.get("remedy") or "",
            partly_terminated=bool(data.get("partly_terminated")),
        )
