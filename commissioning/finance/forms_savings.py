"""Forms for budgets and monitoring, the MTFS and savings lines (finance-savings). They parse each field; the rules
across fields live in actions_savings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from commissioning.accounts.models import User
from commissioning.core.forms import (
    FilterFormMixin,
    MoneyField,
    OneTimeFormMixin,
    VersionedFormMixin,
)
from commissioning.core.permissions import Role
from commissioning.finance import selectors_savings as selectors
from commissioning.finance.actions_savings import BudgetLineDetails, MtfsDetails, SavingsLineDetails
from commissioning.finance.models import EvidenceKind, Rag, SavingsLine
from commissioning.reviews.models import CommissioningReview
from commissioning.services.models import Directorate, Service

YEAR_REQUIRED = "Enter the financial year, like 2026/27"
SERVICE_REQUIRED = "Choose the service"
MONEY_INVALID = "Enter an amount in pounds, like 125000 or 125000.50"
MONEY_NEGATIVE = "Enter an amount of £0 or more"
AMOUNT_REQUIRED = "Enter the amount in pounds"
MONTH_REQUIRED = "Choose the month monitored"
TITLE_REQUIRED = "Enter what the saving is"
OWNER_REQUIRED = "Choose the accountable owner: a named person"
DIRECTORATE_REQUIRED = "Choose the directorate"
CASHABLE_REQUIRED = "Say whether the saving is cashable"
CONFIDENCE_REQUIRED = "Choose the delivery confidence"
FROM_YEAR_REQUIRED = "Choose the year the saving slips from"
TO_YEAR_REQUIRED = "Choose the later year the saving moves to"
KIND_REQUIRED = "Choose the kind of evidence"
NOTE_REQUIRED = "Describe the evidence"
REPLACEMENT_LABEL = "Replacement savings line"


def _field(form: forms.Form, name: str) -> Any:
    """A field of the form, typed loosely so its choices or queryset can be set for this request."""
    return form.fields[name]


def _money(label: str, *, required: bool = True, negative: bool = False, hint: str = "") -> MoneyField:
    return MoneyField(
        label=label,
        required=required,
        invalid_message=MONEY_INVALID,
        negative_message=None if negative else MONEY_NEGATIVE,
        help_text=hint,
        error_messages={"required": AMOUNT_REQUIRED},
    )


def _year_choices(current: str) -> list[tuple[str, str]]:
    return [(year, year) for year in selectors.savings_years_offered(current)]


class BudgetLineForm(VersionedFormMixin, OneTimeFormMixin, forms.Form):
    service = forms.ModelChoiceField(queryset=Service.objects.none(), error_messages={"required": SERVICE_REQUIRED})
    financial_year = forms.CharField(
        label="Financial year",
        max_length=7,
        help_text="For example, 2026/27",
        error_messages={"required": YEAR_REQUIRED},
    )
    cost_centre = forms.CharField(label="Cost centre (optional)", max_length=20, required=False)
    original = _money("Original budget (£)", negative=True)
    revised = _money("Revised budget (£)", negative=True)
    actual = _money("Actual outturn (£, optional, once the accounts close)", required=False, negative=True)

    def __init__(self, *args: Any, line: Any = None, **kwargs: Any) -> None:
        if line is not None:
            kwargs.setdefault("initial", {}).update(
                service=line.service_id,
                financial_year=line.financial_year,
                cost_centre=line.cost_centre,
                original=line.original,
                revised=line.revised,
                actual=line.actual,
            )
        super().__init__(*args, versioned=line, **kwargs)
        _field(self, "service").queryset = Service.objects.active().order_by("name")

    def details(self) -> BudgetLineDetails:
        data = self.cleaned_data
        return BudgetLineDetails(
            service=data["service"],
            financial_year=data["financial_year"].strip(),
            cost_centre=data["cost_centre"],
            original=data["original"],
            revised=data["revised"],
            actual=data["actual"],
        )


def _months(year: str) -> list[tuple[str, str]]:
    start = int(year[:4])
    months = [dt.date(start + (1 if m < 4 else 0), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    return [("", "Choose a month")] + [(m.isoformat(), f"{m:%B %Y}") for m in months]


class MonitoringForm(OneTimeFormMixin, forms.Form):
    month = forms.ChoiceField(label="Month", error_messages={"required": MONTH_REQUIRED})
    forecast_outturn = _money("Forecast outturn (£)", negative=True)
    reason = forms.CharField(
        label="Reason for the variance",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the forecast differs from the revised budget.",
    )

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "month").choices = _months(line.financial_year)

    @property
    def month_start(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["month"])


class MtfsYearForm(VersionedFormMixin, OneTimeFormMixin, forms.Form):
    financial_year = forms.CharField(
        label="Financial year",
        max_length=7,
        help_text="For example, 2027/28",
        error_messages={"required": YEAR_REQUIRED},
    )
    funding = _money("Funding (£)")
    spending = _money("Spending need (£)")
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, year: Any = None, **kwargs: Any) -> None:
        if year is not None:
            kwargs.setdefault("initial", {}).update(
                financial_year=year.financial_year, funding=year.funding, spending=year.spending, note=year.note
            )
        super().__init__(*args, versioned=year, **kwargs)
        if year is not None:
            self.fields["financial_year"].disabled = True

    def details(self) -> MtfsDetails:
        data = self.cleaned_data
        return MtfsDetails(
            financial_year=data["financial_year"].strip(),
            funding=data["funding"],
            spending=data["spending"],
            note=data["note"],
        )


RAG_CHOICES = [(value, label) for value, label in Rag.choices]


class SavingsLineForm(OneTimeFormMixin, forms.Form):
    title = forms.CharField(label="Saving", max_length=200, error_messages={"required": TITLE_REQUIRED})
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label="Accountable owner", queryset=User.objects.none(), error_messages={"required": OWNER_REQUIRED}
    )
    directorate = forms.ModelChoiceField(
        queryset=Directorate.objects.none(), error_messages={"required": DIRECTORATE_REQUIRED}
    )
    service = forms.ModelChoiceField(label="Service (optional)", queryset=Service.objects.none(), required=False)
    baseline = _money("Baseline budget (£)")
    cashable = forms.TypedChoiceField(
        label="Is the saving cashable?",
        choices=[("yes", "Cashable: it reduces the budget"), ("no", "Non-cashable: capacity or cost avoided")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": CASHABLE_REQUIRED},
    )
    financial_year = forms.ChoiceField(label="Financial year", error_messages={"required": YEAR_REQUIRED})
    in_year = _money("In-year saving (£)")
    full_year_effect = _money("Full-year effect (£)")
    confidence = forms.ChoiceField(
        label="Delivery confidence",
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CONFIDENCE_REQUIRED},
    )
    confidence_reason = forms.CharField(
        label="Reason for the confidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for amber or red.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "owner").queryset = User.objects.filter(
            is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR, Role.FINANCE]
        ).order_by("first_name", "last_name")
        _field(self, "directorate").queryset = Directorate.objects.active().order_by("name")
        _field(self, "service").queryset = Service.objects.active().order_by("name")
        _field(self, "financial_year").choices = _year_choices(selectors.current_year())

    def details(self) -> SavingsLineDetails:
        data = self.cleaned_data
        return SavingsLineDetails(
            title=data["title"],
            description=data["description"],
            owner=data["owner"],
            directorate=data["directorate"],
            service=data["service"],
            baseline=data["baseline"],
            cashable=data["cashable"],
            financial_year=data["financial_year"],
            in_year=data["in_year"],
            full_year_effect=data["full_year_effect"],
            confidence=data["confidence"],
            confidence_reason=data["confidence_reason"],
        )


class SlippageForm(VersionedFormMixin, forms.Form):
    from_year = forms.ChoiceField(label="Slips from", error_messages={"required": FROM_YEAR_REQUIRED})
    to_year = forms.ChoiceField(label="Moves to", error_messages={"required": TO_YEAR_REQUIRED})
    amount = _money("Amount that slips (£)")
    reason = forms.CharField(
        label="Why has it slipped?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The move is recorded in the line's history with this reason.",
    )

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, versioned=line, **kwargs)
        planned = [y.financial_year for y in line.years.all() if y.planned > 0]
        _field(self, "from_year").choices = [(y, y) for y in planned]
        first = planned[0] if planned else selectors.current_year()
        _field(self, "to_year").choices = [("", "Choose a year"), *_year_choices(first)[1:]]


class ConfidenceForm(VersionedFormMixin, forms.Form):
    confidence = forms.ChoiceField(
        label="Delivery confidence now",
        choices=RAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": CONFIDENCE_REQUIRED},
    )
    confidence_reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update(confidence=line.confidence)
        super().__init__(*args, versioned=line, **kwargs)


class EvidenceForm(OneTimeFormMixin, forms.Form):
    financial_year = forms.ChoiceField(label="Financial year", error_messages={"required": YEAR_REQUIRED})
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_REQUIRED},
    )
    amount = _money("Amount realised (£)")
    note = forms.CharField(
        label="What shows it",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": NOTE_REQUIRED},
        help_text="For example, the budget reduced in the ledger, the new contract price, or the spend data compared.",
    )

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "financial_year").choices = [(y.financial_year, y.financial_year) for y in line.years.all()]


class UndeliverableForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why can it not be delivered?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    replacement = forms.ModelChoiceField(
        label=REPLACEMENT_LABEL + " (optional)",
        queryset=SavingsLine.objects.none(),
        required=False,
        empty_label="None: record it as a gap",
    )

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, versioned=line, **kwargs)
        _field(self, "replacement").queryset = selectors.replacement_choices(line)


class TrackerFilterForm(FilterFormMixin, forms.Form):
    year = forms.ChoiceField(label="Financial year", required=False)
    directorate = forms.ModelChoiceField(
        queryset=Directorate.objects.none(), required=False, empty_label="All directorates"
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Everyone")
    review = forms.ModelChoiceField(
        queryset=CommissioningReview.objects.none(), required=False, empty_label="All reviews"
    )
    status = forms.ChoiceField(
        label="State", required=False, choices=[("", "Every state"), *selectors.STATUS_FILTERS.items()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = selectors.current_year()
        _field(self, "year").choices = _year_choices(current)
        self.fields["year"].initial = current  # this year unless another is asked for
        _field(self, "directorate").queryset = selectors.directorates()
        _field(self, "owner").queryset = selectors.owner_choices()
        _field(self, "review").queryset = selectors.review_choices()

    def filters(self) -> selectors.SavingsFilters:
        data = self.valid_data() if self.is_bound else {}
        return selectors.SavingsFilters(
            year=data.get("year") or selectors.current_year(),
            owner=data["owner"].pk if data.get("owner") else None,
            directorate=data["directorate"].pk if data.get("directorate") else None,
            review=data["review"].pk if data.get("review") else None,
            status=data.get("status") or "",
        )


class BudgetFilterForm(FilterFormMixin, forms.Form):
    year = forms.ChoiceField(label="Financial year", required=False)
    directorate = forms.ModelChoiceField(
        queryset=Directorate.objects.none(), required=False, empty_label="All directorates"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = selectors.budget_years() or [selectors.current_year()]
        _field(self, "year").choices = [(y, y) for y in years]
        self.fields["year"].initial = selectors.current_year() if selectors.current_year() in years else years[0]
        _field(self, "directorate").queryset = selectors.directorates()

    def filters(self) -> selectors.BudgetFilters:
        data = self.valid_data() if self.is_bound else {}
        return selectors.BudgetFilters(
            year=data.get("year") or selectors.current_year(),
            directorate=data["directorate"].pk if data.get("directorate") else None,
        )
