"""Forms for appraisals and business cases. They parse and check each field; rules across fields live in actions."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.forms import formset_factory

from commissioning.appraisals import actions, calculations, selectors
from commissioning.appraisals.actions import (
    AppraisalSettings,
    BusinessCaseDetails,
    CellError,
    LineDetails,
    OptimismBias,
    OptionDetails,
    ScoreDetails,
)
from commissioning.appraisals.models import (
    CRITERION_HINTS,
    Appraisal,
    BusinessCase,
    BusinessCaseStatus,
    CostBenefitLine,
    Criterion,
    Distribution,
    LineKind,
    Option,
    OptionDeliveryModel,
    OptionKind,
    TransitionCategory,
    weight_field,
)
from commissioning.core.forms import (
    ActionErrorsMixin,
    CountField,
    FilterFormMixin,
    GovukMessagesMixin,
    MoneyField,
    OneTimeFormMixin,
    ReasonForm,
    RecordFormMixin,
    VersionedFormMixin,
    change_reason_field,
    sort_choices,
)

__all__ = ["ReasonForm"]

BASE_YEAR_REQUIRED = "Enter the base year as a financial year, like 2026/27"
HORIZON_REQUIRED = "Enter the appraisal period in years, like 10"
HORIZON_INVALID = "Enter the appraisal period as a whole number of years, like 10"
WEIGHT_INVALID = "Enter the weight as a whole number from 0 to 100"
OPTION_NAME_REQUIRED = "Enter a name for the option, like Shared service with Eastmoor"
OPTION_KIND_REQUIRED = "Choose whether this is the do-minimum option or another option"
MITIGATION_INVALID = "Enter the reduction as a percentage from 0 to 100, like 25"
AMOUNT_INVALID = "Enter an amount in pounds, like 12500 or 12500.50"
RANGE_INVALID = "Enter a percentage of the amounts, like 90"
KIND_CHOICE_REQUIRED = "Choose the kind of line"
DRAWS_INVALID = "Enter the number of draws as a whole number, like 10000"
SEED_INVALID = "Enter the seed as a whole number of 0 or more, like 2026"
FILE_REQUIRED = "Choose the Excel file (.xlsx) to import"
RECOMMENDED_INVALID = "Choose an option on the shortlist"
BOARD_LABEL = "Which board is it going to?"

YEAR_FIELD = "y{year}"
SCORE_CHOICES = [
    ("none", "Not scored yet"),
    ("0", "0: fails or unacceptable"),
    ("1", "1: poor"),
    ("2", "2: weak"),
    ("3", "3: satisfactory"),
    ("4", "4: good"),
    ("5", "5: excellent"),
]


class _ActionErrorsMixin:
    def _post_clean(self) -> None:
        # Rules across fields belong to the actions, which report them through apply_errors.
        pass


class _BaseYearField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Base year",
            help_text="The financial year of today's prices, like 2026/27. It is year 0 of the appraisal.",
            error_messages={"required": BASE_YEAR_REQUIRED},
            **kwargs,
        )

    def clean(self, value: Any) -> int:  # type: ignore[override]
        text = super().clean(value)
        try:
            return calculations.parse_base_year(text)
        except ValueError:
            raise forms.ValidationError(BASE_YEAR_REQUIRED) from None


def _horizon_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Appraisal period (years)",
        help_text=f"Usually 10 years. From 1 to {calculations.MAX_HORIZON_YEARS}.",
        error_messages={"required": HORIZON_REQUIRED, "invalid": HORIZON_INVALID},
    )


class AppraisalStartForm(OneTimeFormMixin, forms.Form):
    base_year = _BaseYearField()
    horizon_years = _horizon_field()


class AppraisalSettingsForm(VersionedFormMixin, forms.Form):
    base_year = _BaseYearField()
    horizon_years = _horizon_field()
    reason = change_reason_field()

    def __init__(self, *args: Any, appraisal: Appraisal, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "base_year": calculations.year_label(appraisal.base_year),
                "horizon_years": appraisal.horizon_years,
                **{weight_field(c): getattr(appraisal, weight_field(c)) for c in Criterion},
            },
        )
        super().__init__(*args, versioned=appraisal, **kwargs)
        for criterion in Criterion:
            self.fields[weight_field(criterion)] = forms.IntegerField(
                label=f"{criterion.label} (%)",
                min_value=0,
                max_value=100,
                help_text=CRITERION_HINTS[criterion],
                error_messages={
                    "required": WEIGHT_INVALID,
                    "invalid": WEIGHT_INVALID,
                    "min_value": WEIGHT_INVALID,
                    "max_value": WEIGHT_INVALID,
                },
            )
        self.order_fields(["base_year", "horizon_years", *[weight_field(c) for c in Criterion], "reason"])

    def settings(self) -> AppraisalSettings:
        data = self.cleaned_data
        return AppraisalSettings(
            base_year=data["base_year"],
            horizon_years=data["horizon_years"],
            weights={c.value: data[weight_field(c)] for c in Criterion},
        )


class OptionForm(RecordFormMixin, _ActionErrorsMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label="What kind of option is it?",
        choices=[
            (OptionKind.DO_MINIMUM, "Do minimum: the least change that meets the service's essential needs"),
            (OptionKind.OPTION, "Another way of delivering the service"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": OPTION_KIND_REQUIRED, "invalid_choice": OPTION_KIND_REQUIRED},
    )
    reason = change_reason_field()

    class Meta:
        model = Option
        fields: ClassVar = ["kind", "name", "delivery_model", "partner", "description"]
        labels: ClassVar = {
            "name": "Name of the option",
            "delivery_model": "How would it be delivered?",
            "partner": "Partner or provider (optional)",
            "description": "Description",
        }
        help_texts: ClassVar = {
            "partner": "A shared service names its partner. Leave blank if the provider is not yet known.",
            "description": "What would change, for whom, and when.",
        }
        widgets: ClassVar = {"delivery_model": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        error_messages: ClassVar = {
            "name": {"required": OPTION_NAME_REQUIRED},
            "partner": {"invalid_choice": actions.PARTNER_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery_model"].choices = OptionDeliveryModel.choices  # type: ignore[attr-defined]
        self.fields["delivery_model"].required = False
        self.fields["partner"].queryset = selectors.partner_choices()  # type: ignore[attr-defined]
        self.fields["partner"].empty_label = "None named"  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.is_bau:
            self.fields.pop("kind")
            self.fields["delivery_model"].help_text = "Business as usual is the service as it is delivered today."
        if not self.instance.pk:
            self.fields.pop("reason")

    def details(self) -> OptionDetails:
        data = self.cleaned_data
        return OptionDetails(
            kind=data.get("kind") or OptionKind.BAU,
            name=data["name"],
            delivery_model=data.get("delivery_model") or "",
            partner=data.get("partner"),
            description=data.get("description") or "",
        )


class OptimismBiasForm(ActionErrorsMixin, forms.Form):
    action_field_names: ClassVar = {"optimism_bias_category": "category", "optimism_bias_reason": "reason"}

    category = forms.ChoiceField(
        label="Which Green Book category fits the option best?",
        widget=forms.RadioSelect,
        required=False,
        help_text="The ranges are the optimism bias on costs found in past projects. The appraisal starts at the top "
        "of the range.",
    )
    mitigation = forms.DecimalField(
        label="Reduction for mitigated risks (%)",
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text="The share of the starting optimism bias that the evidence removes. 0 if none.",
        error_messages={
            "invalid": MITIGATION_INVALID,
            "min_value": MITIGATION_INVALID,
            "max_value": MITIGATION_INVALID,
            "max_digits": MITIGATION_INVALID,
            "max_decimal_places": MITIGATION_INVALID,
        },
    )
    reason = forms.CharField(
        label="Evidence for the reduction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Which contributory risks are mitigated, and how: firm prices, a tested market, a pilot.",
    )

    def __init__(self, *args: Any, option: Option, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "category": option.optimism_bias_category or "none",
                "mitigation": (option.optimism_bias_mitigation * 100).normalize(),
                "reason": option.optimism_bias_reason,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("none", "Not assessed yet: no uplift on costs"),
            *calculations.bias_category_choices(),
        ]

    def bias(self) -> OptimismBias:
        data = self.cleaned_data
        category = data.get("category") or ""
        return OptimismBias(
            category="" if category == "none" else category,
            mitigation=(data.get("mitigation") or Decimal(0)) / 100,
            reason=data.get("reason") or "",
        )


class ScoresForm(forms.Form):
    reason = change_reason_field()

    def __init__(self, *args: Any, option: Option, **kwargs: Any) -> None:
        scores = {score.criterion: score for score in option.current_scores}  # type: ignore[attr-defined]
        initial = {}
        for criterion in Criterion:
            score = scores.get(criterion.value)
            initial[f"score_{criterion.value}"] = str(score.score) if score else "none"
            initial[f"justification_{criterion.value}"] = score.justification if score else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.option = option
        for criterion in Criterion:
            self.fields[f"score_{criterion.value}"] = forms.ChoiceField(
                label=f"Score for {criterion.label.lower()}",
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                help_text=CRITERION_HINTS[criterion],
            )
            self.fields[f"justification_{criterion.value}"] = forms.CharField(
                label=f"Why this score for {criterion.label.lower()}?",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields([*[name for name in self.fields if name != "reason"], "reason"])

    def criteria(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": criterion,
                "score": self[f"score_{criterion.value}"],
                "justification": self[f"justification_{criterion.value}"],
            }
            for criterion in Criterion
        ]

    def scores(self) -> list[ScoreDetails]:
        data = self.cleaned_data
        result = []
        for criterion in Criterion:
            raw = data.get(f"score_{criterion.value}") or "none"
            result.append(
                ScoreDetails(
                    criterion=criterion.value,
                    score=None if raw == "none" else int(raw),
                    justification=data.get(f"justification_{criterion.value}") or "",
                )
            )
        return result


# The grid of lines -------------------------------------------------------------------------------------------------

GRID_COLUMNS = {
    "line_id": "Line ID",
    "kind": "Kind",
    "transition_category": "Transition category",
    "label": "Line",
    "range_low": "Lowest (%)",
    "range_likely": "Most likely (%)",
    "range_high": "Highest (%)",
    "distribution": "Distribution",
    "amounts": "Amounts",
}


class LineRowForm(GovukMessagesMixin, forms.Form):
    """One row of the grid: a line's kind, label, an amount for each year, and its range."""

    line_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Choose"), *LineKind.choices],
        error_messages={"invalid_choice": KIND_CHOICE_REQUIRED},
    )
    transition_category = forms.ChoiceField(
        label="Transition category", required=False, choices=[("", "None"), *TransitionCategory.choices]
    )
    label = forms.CharField(label="Line", required=False, max_length=200)
    range_low = forms.DecimalField(
        label="Lowest (%)",
        required=False,
        max_digits=7,
        decimal_places=2,
        error_messages={"invalid": RANGE_INVALID, "max_digits": RANGE_INVALID, "max_decimal_places": RANGE_INVALID},
    )
    range_likely = forms.DecimalField(
        label="Most likely (%)",
        required=False,
        max_digits=7,
        decimal_places=2,
        error_messages={"invalid": RANGE_INVALID, "max_digits": RANGE_INVALID, "max_decimal_places": RANGE_INVALID},
    )
    range_high = forms.DecimalField(
        label="Highest (%)",
        required=False,
        max_digits=7,
        decimal_places=2,
        error_messages={"invalid": RANGE_INVALID, "max_digits": RANGE_INVALID, "max_decimal_places": RANGE_INVALID},
    )
    distribution = forms.ChoiceField(
        label="Distribution", required=False, choices=[("", "None"), *Distribution.choices]
    )
    remove = forms.BooleanField(label="Remove", required=False)

    def __init__(self, *args: Any, years: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year_labels = list(years)
        for year, label in enumerate(years):
            self.fields[YEAR_FIELD.format(year=year)] = MoneyField(
                label=label, required=False, invalid_message=AMOUNT_INVALID
            )

    @property
    def year_fields(self) -> list[forms.BoundField]:
        return [self[YEAR_FIELD.format(year=year)] for year in range(len(self.year_labels))]

    def is_blank(self) -> bool:
        return not self.cleaned_data.get("line_id") and not any(
            self.cleaned_data.get(name) not in (None, "", False) for name in self.fields if name != "line_id"
        )

    def details(self) -> LineDetails:
        data = self.cleaned_data
        return LineDetails(
            line_id=data.get("line_id"),
            kind=data.get("kind") or "",
            transition_category=data.get("transition_category") or "",
            label=data.get("label") or "",
            amounts=tuple(
                data.get(YEAR_FIELD.format(year=year)) or Decimal(0) for year in range(len(self.year_labels))
            ),
            range_low=data.get("range_low"),
            range_likely=data.get("range_likely"),
            range_high=data.get("range_high"),
            distribution=data.get("distribution") or "",
            remove=bool(data.get("remove")),
        )


BLANK_ROWS = 3
LineFormSet = formset_factory(LineRowForm, extra=BLANK_ROWS, max_num=actions.MAX_LINES + BLANK_ROWS)


def line_initial(line: CostBenefitLine) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "line_id": line.pk,
        "kind": line.kind,
        "transition_category": line.transition_category,
        "label": line.label,
        "range_low": line.range_low,
        "range_likely": line.range_likely,
        "range_high": line.range_high,
        "distribution": line.distribution,
    }
    for year, amount in enumerate(line.amounts):
        initial[YEAR_FIELD.format(year=year)] = amount
    return initial


def lines_formset(data: Any, *, lines: Sequence[CostBenefitLine], years: Sequence[str]) -> Any:
    return LineFormSet(
        data,
        prefix="lines",
        initial=[line_initial(line) for line in lines],
        form_kwargs={"years": years},
    )


def formset_rows(formset: Any) -> tuple[list[LineDetails], list[int]]:
    """The rows to save (blank rows left out) and, for each, its form's index in the formset."""
    rows, indexes = [], []
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        rows.append(form.details())
        indexes.append(index)
    return rows, indexes


def grid_error_items(formset: Any, *, years: Sequence[str], extra: Sequence[CellError] = ()) -> list[dict[str, str]]:
    """The error summary for the grid: "Row 2 (Agency staff), 2027/28: ..." each linked to its cell."""
    items: list[dict[str, str]] = []
    for index, form in enumerate(formset.forms):
        if not form.errors:
            continue
        for name, messages in form.errors.items():
            for message in messages:
                items.append(_grid_item(formset, index, name, message, years))
    for cell in extra:
        name = YEAR_FIELD.format(year=cell.year) if cell.year is not None else cell.field
        if name not in formset.forms[cell.row].fields:
            name = "label"
        items.append(_grid_item(formset, cell.row, name, cell.message, years))
    return items


def _grid_item(formset: Any, index: int, name: str, message: str, years: Sequence[str]) -> dict[str, str]:
    form = formset.forms[index]
    label = (form.data.get(form.add_prefix("label")) or "").strip() if form.is_bound else ""
    row = f"Row {index + 1}" + (f" ({label})" if label else "")
    is_year = name.startswith("y") and name[1:].isdigit()
    column = years[int(name[1:])] if is_year else GRID_COLUMNS.get(name, name)
    return {"text": f"{row}, {column}: {message}", "href": f"#id_{form.add_prefix(name)}"}


def add_cell_errors(formset: Any, cells: Sequence[CellError], indexes: Sequence[int]) -> list[CellError]:
    """Put an action's cell errors on the grid's forms; returns them with rows renumbered to the grid's."""
    placed = []
    for cell in cells:
        index = indexes[cell.row] if cell.row < len(indexes) else len(formset.forms) - 1
        form = formset.forms[index]
        name = YEAR_FIELD.format(year=cell.year) if cell.year is not None else cell.field
        if name not in form.fields or name == "line_id":
            name = "label"
        form.add_error(name, cell.message)
        placed.append(CellError(index, name, cell.message))
    return placed


class LinesImportForm(forms.Form):
    file = forms.FileField(
        label="Excel file (.xlsx)",
        help_text="Download the lines as Excel, change them, and import the file: it replaces every line of this "
        "option. Nothing is imported if any row has a problem.",
        error_messages={"required": FILE_REQUIRED, "empty": FILE_REQUIRED},
    )
    reason = change_reason_field()


class SimulationForm(forms.Form):
    draws = CountField(
        label="Number of draws",
        initial=calculations.DEFAULT_DRAWS,
        help_text=f"At least {calculations.MIN_DRAWS:,}. More draws give steadier percentiles.",
        error_messages={"required": DRAWS_INVALID, "invalid": DRAWS_INVALID},
    )
    seed = forms.IntegerField(
        label="Random seed",
        initial=calculations.DEFAULT_SEED,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The same seed and inputs always give the same results.",
        error_messages={
            "required": SEED_INVALID,
            "invalid": SEED_INVALID,
            "min_value": SEED_INVALID,
            "max_value": SEED_INVALID,
        },
    )


class BusinessCaseForm(VersionedFormMixin, _ActionErrorsMixin, forms.ModelForm):
    class Meta:
        model = BusinessCase
        fields: ClassVar = ["recommended_option", "reasons", "risks", "assumptions", "sensitivities"]
        labels: ClassVar = {
            "recommended_option": "Which option do you recommend?",
            "reasons": "Reasons for the recommendation",
            "risks": "Risks",
            "assumptions": "Assumptions",
            "sensitivities": "Sensitivities",
        }
        help_texts: ClassVar = {
            "reasons": "Why this option gives best value: the financial results, the non-financial scores and the "
            "risks together.",
            "risks": "The main risks of the recommended option and how they will be managed.",
            "assumptions": "What the figures assume: demand, prices, staffing, the market.",
            "sensitivities": "What would change the recommendation. The switching values are added for you.",
        }
        widgets: ClassVar = {
            "recommended_option": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 5}),
            "risks": forms.Textarea(attrs={"rows": 4}),
            "assumptions": forms.Textarea(attrs={"rows": 4}),
            "sensitivities": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages: ClassVar = {"recommended_option": {"invalid_choice": RECOMMENDED_INVALID}}

    def __init__(self, *args: Any, options: Sequence[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options  # the page shows them too
        field = self.fields["recommended_option"]
        field.queryset = Option.objects.filter(pk__in=[option.pk for option in options])  # type: ignore[attr-defined]
        field.empty_label = None  # type: ignore[attr-defined]
        field.required = False

    def details(self) -> BusinessCaseDetails:
        data = self.cleaned_data
        return BusinessCaseDetails(
            recommended_option=data.get("recommended_option"),
            reasons=data.get("reasons") or "",
            risks=data.get("risks") or "",
            assumptions=data.get("assumptions") or "",
            sensitivities=data.get("sensitivities") or "",
        )


class SubmitForm(GovukMessagesMixin, forms.Form):
    board = forms.CharField(
        label=BOARD_LABEL,
        max_length=200,
        initial="Programme Board",
        help_text="The board that takes the business case, like Programme Board.",
        error_messages={"required": actions.SUBMIT_NEEDS_BOARD},
    )


class BusinessCaseFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search by review title or reference", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *BusinessCaseStatus.choices]
    )
    all_versions = forms.BooleanField(label="Include earlier versions", required=False)
    sort = forms.ChoiceField(required=False, choices=sort_choices(selectors.LIST_SORTS))

    def filters(self) -> selectors.BusinessCaseFilters:
        data = self.valid_data()
        sort, descending = self.sort_of(data, "review")
        return selectors.BusinessCaseFilters(
            q=(data.get("q") or "").strip(),
            status=data.get("status") or "",
            latest_only=not data.get("all_versions"),
            sort=sort,
            descending=descending,
        )
