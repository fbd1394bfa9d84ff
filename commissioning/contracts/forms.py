"""Forms for the contract register. They parse and check each field; the rules across fields live in actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms

from commissioning.contracts import selectors
from commissioning.contracts.actions import ContractDetails, split_cpv
from commissioning.contracts.models import Contract, ContractKind, Procedure
from commissioning.contracts.selectors import SORTS, ContractFilters
from commissioning.core.forms import (
    CountField,
    FilterFormMixin,
    GovukDateField,
    MoneyField,
    RecordFormMixin,
    change_reason_field,
    sort_choices,
)

KIND_REQUIRED = "Choose what kind of record this is"
TITLE_REQUIRED = "Enter the title of the contract"
DIRECTORATE_REQUIRED = "Choose the department the contract belongs to"
PROCEDURE_REQUIRED = "Choose how the contract was let"
MANAGER_REQUIRED = "Choose the contract manager"
TOTAL_REQUIRED = "Enter the total value in pounds, like 1250000"
ANNUAL_REQUIRED = "Enter the estimated annual value in pounds, like 250000"
VALUE_INVALID = "Enter an amount in pounds, like 250000 or 250000.50"
VALUE_NEGATIVE = "Enter an amount of £0 or more"
COUNT_INVALID = "Enter a whole number, like 2"
START = "Start date"
END = "End date"
REVIEW = "Review date"


def _money(label: str, required: str = "") -> MoneyField:
    messages = {"required": required} if required else {}
    return MoneyField(
        label=label,
        invalid_message=VALUE_INVALID,
        negative_message=VALUE_NEGATIVE,
        required=bool(required),
        error_messages=messages,
    )


def _count(label: str, hint: str) -> CountField:
    return CountField(
        label=label,
        min_value=0,
        required=False,
        help_text=hint,
        error_messages={"invalid": COUNT_INVALID, "min_value": COUNT_INVALID},
    )


class ContractForm(RecordFormMixin, forms.ModelForm):
    start_date = GovukDateField(label="Start date", subject=START)
    end_date = GovukDateField(label="End date", subject=END)
    review_date = GovukDateField(label="Review date (optional)", subject=REVIEW, required=False)
    total_value = _money("Total value (£)", TOTAL_REQUIRED)
    annual_value = _money("Estimated annual value (£)", ANNUAL_REQUIRED)
    irrecoverable_vat = _money("Irrecoverable VAT (£, optional)")
    cpv_codes = forms.CharField(
        label="CPV codes (optional)",
        required=False,
        max_length=200,
        help_text="Common Procurement Vocabulary codes, separated by commas, like 85311000-2, 85312000-9.",
    )
    extension_count = _count("Extension options", "How many times the contract can be extended, like 2 (0 if none).")
    extension_months = _count("Months in each extension", "Like 12.")
    notice_period_months = _count("Notice period (months)", "How many months' notice either side must give.")
    reason = change_reason_field()

    class Meta:
        model = Contract
        fields: ClassVar = [
            "kind",
            "title",
            "reference",
            "description",
            "directorate",
            "provider",
            "procedure",
            "cpv_codes",
            "total_value",
            "annual_value",
            "irrecoverable_vat",
            "start_date",
            "end_date",
            "review_date",
            "extension_count",
            "extension_months",
            "notice_period_months",
            "services",
            "decision",
            "contract_manager",
            "provider_handles_complaints",
            "published",
        ]
        labels: ClassVar = {
            "kind": "What is it?",
            "title": "Title",
            "reference": "Reference (optional)",
            "description": "Description (optional)",
            "directorate": "Department",
            "provider": "Supplier",
            "procedure": "How was it let?",
            "services": "Services it delivers",
            "decision": "Decision that awarded it (optional)",
            "contract_manager": "Contract manager",
            "provider_handles_complaints": "The supplier answers residents' complaints first (stage 1)",
            "published": "Publish it on the public contract register",
        }
        help_texts: ClassVar = {
            "reference": "Leave blank to give it the next reference, like CON-2026-014.",
            "provider": "With its company or charity number; none for an in-house plan.",
            "provider_handles_complaints": "For a contract or grant. If not, the council's service team answers "
            "them; the contract manager is told of overdue complaints either way.",
        }
        widgets: ClassVar = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "services": forms.CheckboxSelectMultiple,
        }
        error_messages: ClassVar = {
            "kind": {"required": KIND_REQUIRED},
            "title": {"required": TITLE_REQUIRED},
            "directorate": {"required": DIRECTORATE_REQUIRED, "invalid_choice": DIRECTORATE_REQUIRED},
            "procedure": {"required": PROCEDURE_REQUIRED},
            "contract_manager": {"required": MANAGER_REQUIRED, "invalid_choice": MANAGER_REQUIRED},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f: Any = self.fields
        f["reference"].required = False
        f["kind"].choices = ContractKind.choices
        f["procedure"].choices = [("", "Choose a procedure"), *Procedure.choices]
        f["directorate"].queryset = selectors.directorate_choices()
        f["directorate"].empty_label = "Choose a department"
        f["provider"].queryset = selectors.supplier_choices()
        f["provider"].empty_label = "None: an in-house plan"
        f["contract_manager"].queryset = selectors.manager_choices()
        f["contract_manager"].empty_label = "Choose an officer"
        f["services"].queryset = selectors.service_choices()
        f["decision"].queryset = selectors.decision_choices()
        f["decision"].empty_label = "None recorded"
        if self.instance.pk:
            self.initial["cpv_codes"] = self.instance.cpv_codes
        else:
            self.fields.pop("reason")
            self.initial.setdefault("notice_period_months", 3)
            self.initial.setdefault("extension_count", 0)

    def _post_clean(self) -> None:
        # Cross-field rules belong to the actions, which report them through apply_errors.
        pass

    def details(self) -> ContractDetails:
        data = self.cleaned_data
        return ContractDetails(
            kind=data["kind"],
            title=data["title"],
            reference=data.get("reference") or "",
            description=data.get("description") or "",
            directorate=data["directorate"],
            provider=data.get("provider"),
            procedure=data["procedure"],
            cpv_codes=split_cpv(data.get("cpv_codes") or ""),
            total_value=data["total_value"],
            annual_value=data["annual_value"],
            irrecoverable_vat=data.get("irrecoverable_vat") or Decimal("0"),
            start_date=data["start_date"],
            end_date=data["end_date"],
            review_date=data.get("review_date"),
            extension_count=data.get("extension_count") or 0,
            extension_months=data.get("extension_months") or 0,
            notice_period_months=data.get("notice_period_months") or 0,
            services=list(data.get("services") or []),
            decision=data.get("decision"),
            contract_manager=data["contract_manager"],
            published=bool(data.get("published")),
            provider_handles_complaints=bool(data.get("provider_handles_complaints")),
        )


class ContractFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *ContractKind.choices])
    archived = forms.BooleanField(label="Include archived contracts", required=False)
    sort = forms.ChoiceField(required=False, choices=sort_choices(SORTS))

    def filters(self) -> ContractFilters:
        data = self.valid_data()
        sort, descending = self.sort_of(data, "reference")
        return ContractFilters(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            include_archived=bool(data.get("archived")),
            sort=sort,
            descending=descending,
        )
