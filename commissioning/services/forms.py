"""Forms for the service catalogue. They parse and check each field; the rules across fields live in actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms

from commissioning.core.forms import (
    CountField,
    FilterFormMixin,
    GovukDateField,
    MoneyField,
    RecordFormMixin,
    change_reason_field,
    sort_choices,
)
from commissioning.services import selectors
from commissioning.services.actions import ServiceDetails
from commissioning.services.models import DeliveryModel, Directorate, ReviewStatus, Service
from commissioning.services.selectors import SORTS, ServiceFilters

NAME_REQUIRED = "Enter the name of the service"
DIRECTORATE_REQUIRED = "Choose the directorate the service belongs to"
OFFICER_REQUIRED = "Choose the accountable officer"
STATUTORY_REQUIRED = "Say whether the service is statutory or discretionary"
DELIVERY_REQUIRED = "Choose how the service is delivered"
YEAR_REQUIRED = "Enter the financial year the budget is for, like 2026/27"
GROSS_REQUIRED = "Enter the gross budget in pounds, like 125000 or 125000.50"
NET_REQUIRED = "Enter the net budget in pounds, like 98000 or -2500 for a service that makes a surplus"
GROSS_INVALID = "Enter the gross budget as an amount in pounds, like 125000 or 125000.50"
NET_INVALID = "Enter the net budget as an amount in pounds, like 98000 or -2500"
MONEY_NEGATIVE = "Gross budget must be £0 or more"
FTE_REQUIRED = "Enter the number of full-time equivalent staff, like 12.5 (0 if none)"
FTE_INVALID = "Enter the staff FTE as a number, like 12.5"
FTE_NEGATIVE = "Staff FTE must be 0 or more"
DEMAND_REQUIRED = "Enter how many units the service delivers in a year, like 4200"
DEMAND_INVALID = "Enter the annual demand as a whole number, like 4200"
DEMAND_UNIT_REQUIRED = "Enter what one unit of demand is, like households or visits"
REASON_REQUIRED = "Enter a reason"
NEXT_REVIEW = "Next review date"  # names the date in its messages ("Next review date must be a real date")


class ServiceForm(RecordFormMixin, forms.ModelForm):
    is_statutory = forms.TypedChoiceField(
        label="Is the service statutory?",
        choices=[
            ("yes", "Statutory: the council must provide it by law"),
            ("no", "Discretionary: the council chooses to provide it"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": STATUTORY_REQUIRED},
    )
    next_review_due = GovukDateField(
        label="Next review due (optional)", subject=NEXT_REVIEW, required=False, future_only=True
    )
    gross_budget = MoneyField(
        label="Gross budget (£)",
        invalid_message=GROSS_INVALID,
        negative_message=MONEY_NEGATIVE,
        error_messages={"required": GROSS_REQUIRED},
    )
    net_budget = MoneyField(
        label="Net budget (£)",
        invalid_message=NET_INVALID,
        help_text="Gross budget less income. Can be negative.",
        error_messages={"required": NET_REQUIRED},
    )
    staff_fte = forms.DecimalField(
        label="Staff (full-time equivalent)",
        max_digits=8,
        decimal_places=2,
        error_messages={
            "required": FTE_REQUIRED,
            "invalid": FTE_INVALID,
            "max_digits": FTE_INVALID,
            "max_decimal_places": FTE_INVALID,
        },
    )
    annual_demand = CountField(
        label="Annual demand",
        min_value=0,
        help_text="How many units the service delivers in a year.",
        error_messages={"required": DEMAND_REQUIRED, "invalid": DEMAND_INVALID, "min_value": DEMAND_INVALID},
    )
    reason = change_reason_field()

    class Meta:
        model = Service
        fields: ClassVar = [
            "name",
            "reference",
            "description",
            "directorate",
            "accountable_officer",
            "is_statutory",
            "statutory_basis",
            "delivery_model",
            "provider",
            "budget_year",
            "gross_budget",
            "net_budget",
            "staff_fte",
            "annual_demand",
            "demand_unit",
            "wards",
            "next_review_due",
            "published",
        ]
        labels: ClassVar = {
            "name": "Service name",
            "reference": "Reference (optional)",
            "description": "Description (optional)",
            "accountable_officer": "Accountable officer",
            "statutory_basis": "Statute (if statutory)",
            "delivery_model": "How is the service delivered?",
            "provider": "Provider or partner",
            "budget_year": "Financial year of the budget",
            "demand_unit": "Unit of demand",
            "wards": "Wards served",
            "published": "Publish this service so the public can see it",
        }
        help_texts: ClassVar = {
            "reference": "Leave blank to give it the next reference in its directorate's series.",
            "budget_year": "Like 2026/27.",
        }
        widgets: ClassVar = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "delivery_model": forms.RadioSelect,
            "wards": forms.CheckboxSelectMultiple,
        }
        error_messages: ClassVar = {
            "name": {"required": NAME_REQUIRED},
            "directorate": {"required": DIRECTORATE_REQUIRED, "invalid_choice": DIRECTORATE_REQUIRED},
            "accountable_officer": {"required": OFFICER_REQUIRED, "invalid_choice": OFFICER_REQUIRED},
            "delivery_model": {"required": DELIVERY_REQUIRED},
            "budget_year": {"required": YEAR_REQUIRED},
            "demand_unit": {"required": DEMAND_UNIT_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        self.fields["directorate"].queryset = selectors.directorate_choices()  # type: ignore[attr-defined]
        self.fields["directorate"].empty_label = "Choose a directorate"  # type: ignore[attr-defined]
        self.fields["accountable_officer"].queryset = selectors.accountable_officer_choices()  # type: ignore[attr-defined]
        self.fields["accountable_officer"].empty_label = "Choose an officer"  # type: ignore[attr-defined]
        self.fields["provider"].queryset = selectors.provider_choices()  # type: ignore[attr-defined]
        self.fields["provider"].empty_label = "None: the council delivers it"  # type: ignore[attr-defined]
        self.fields["wards"].queryset = selectors.ward_choices()  # type: ignore[attr-defined]
        self.fields["delivery_model"].choices = DeliveryModel.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["is_statutory"] = "yes" if self.instance.is_statutory else "no"
        else:
            self.fields.pop("reason")

    def _post_clean(self) -> None:
        # Cross-field rules belong to the actions, which report them through apply_errors.
        pass

    def details(self) -> ServiceDetails:
        data = self.cleaned_data
        return ServiceDetails(
            name=data["name"],
            reference=data.get("reference") or "",
            description=data.get("description") or "",
            directorate=data["directorate"],
            accountable_officer=data["accountable_officer"],
            is_statutory=data["is_statutory"],
            statutory_basis=data.get("statutory_basis") or "",
            delivery_model=data["delivery_model"],
            provider=data.get("provider"),
            budget_year=data["budget_year"],
            gross_budget=data["gross_budget"],
            net_budget=data["net_budget"],
            staff_fte=data["staff_fte"],
            annual_demand=data["annual_demand"],
            demand_unit=data["demand_unit"],
            wards=list(data.get("wards") or []),
            next_review_due=data.get("next_review_due"),
            published=bool(data.get("published")),
        )

    def clean_staff_fte(self) -> Decimal:
        value = self.cleaned_data["staff_fte"]
        if value is not None and value < 0:
            raise forms.ValidationError(FTE_NEGATIVE)
        return value


class ServiceFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    directorate = forms.ModelChoiceField(
        queryset=Directorate.objects.none(), required=False, empty_label="All directorates"
    )
    statutory = forms.ChoiceField(
        label="Statutory or discretionary",
        required=False,
        choices=[("", "Either"), ("yes", "Statutory"), ("no", "Discretionary")],
    )
    delivery_model = forms.ChoiceField(
        label="Delivery model", required=False, choices=[("", "Any delivery model"), *DeliveryModel.choices]
    )
    review_status = forms.ChoiceField(
        label="Review status", required=False, choices=[("", "Any review status"), *ReviewStatus.choices]
    )
    archived = forms.BooleanField(label="Include archived services", required=False)
    sort = forms.ChoiceField(required=False, choices=sort_choices(SORTS))

    def __init__(self, *args: Any, directorates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = directorates  # type: ignore[attr-defined]

    def filters(self) -> ServiceFilters:
        data = self.valid_data()
        sort, descending = self.sort_of(data, "name")
        statutory = {"yes": True, "no": False}.get(data.get("statutory") or "")
        directorate = data.get("directorate")
        return ServiceFilters(
            q=(data.get("q") or "").strip(),
            directorate=directorate.pk if directorate else None,
            statutory=statutory,
            delivery_model=data.get("delivery_model") or "",
            review_status=data.get("review_status") or "",
            include_archived=bool(data.get("archived")),
            sort=sort,
            descending=descending,
        )
