"""Forms for pooled budgets: a new pool with its partners, and a year's total and contributions (ADR 0027)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from commissioning.accounts.models import Organisation, User
from commissioning.core.forms import GovukDateField, MoneyField, OneTimeFormMixin, VersionedFormMixin
from commissioning.core.permissions import Role
from commissioning.finance.actions_pools import PoolDetails
from commissioning.finance.models import PooledFund, RiskShareMethod

NAME_REQUIRED = "Enter the pooled fund's name"
HOST_REQUIRED = "Choose the host organisation"
MANAGER_REQUIRED = "Choose the pool manager"
PARTNERS_REQUIRED = "Choose at least one partner organisation"
YEAR_INVALID = "Enter the financial year like 2026/27"
AMOUNT_INVALID = "Enter an amount in pounds, like 250000 or 250000.50"
AMOUNT_NEGATIVE = "The amount cannot be less than £0"
TOTAL_REQUIRED = "Enter the pool's total for the year"
CONTRIBUTION_REQUIRED = "Enter {name}'s contribution, or 0"
SHARE_REQUIRED = "Enter {name}'s risk share, or 0"
SPEND_DESCRIPTION_REQUIRED = "Enter what the spend was for"
SPEND_AMOUNT_REQUIRED = "Enter the amount spent, like 12500 or -250 for a credit"


class PoolForm(OneTimeFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": NAME_REQUIRED})
    host = forms.ModelChoiceField(
        label="Host organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": HOST_REQUIRED, "invalid_choice": HOST_REQUIRED},
    )
    manager = forms.ModelChoiceField(
        label="Pool manager",
        queryset=User.objects.filter(is_active=True, role__in=sorted(Role.INTERNAL)).order_by("last_name"),
        empty_label="Choose a person",
        error_messages={"required": MANAGER_REQUIRED, "invalid_choice": MANAGER_REQUIRED},
    )
    method = forms.ChoiceField(
        label="After underspends within the pool and the risk reserve, share the rest",
        choices=RiskShareMethod.choices,
        widget=forms.RadioSelect,
        initial=RiskShareMethod.PERCENTAGE,
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partners",
        queryset=Organisation.objects.filter(kind__in=[Organisation.Kind.COUNCIL, Organisation.Kind.PARTNER]),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": PARTNERS_REQUIRED},
    )
    purpose = forms.CharField(label="Purpose", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def details(self) -> PoolDetails:
        data = self.cleaned_data
        return PoolDetails(
            name=data["name"].strip(),
            host=data["host"],
            manager=data["manager"],
            method=data["method"],
            purpose=data["purpose"],
            partners=sorted(data["partners"], key=lambda org: (not org.is_home, org.name)),
        )


def _money(label: str, required_message: str = AMOUNT_INVALID, **kwargs: Any) -> MoneyField:
    return MoneyField(
        label=label,
        invalid_message=AMOUNT_INVALID,
        negative_message=AMOUNT_NEGATIVE,
        error_messages={"required": required_message},
        **kwargs,
    )


class PoolYearForm(OneTimeFormMixin, forms.Form):
    """A year's total and each partner's contribution (a field ``contribution_<partner pk>`` per partner)."""

    financial_year = forms.CharField(
        label="Financial year",
        max_length=7,
        error_messages={"required": YEAR_INVALID},
        help_text="For example, 2026/27",
    )
    total = _money("Pool total for the year (£)", TOTAL_REQUIRED)
    within_pool = _money(
        "Underspends within the pool (£)", required=False, help_text="Step 1 of the risk share. Leave blank for none."
    )
    risk_reserve = _money(
        "Risk reserve (£)", required=False, help_text="Step 2 of the risk share. Leave blank for none."
    )

    def __init__(self, *args: Any, pool: PooledFund, year: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool = pool
        self.partners = list(pool.partners.all())
        self.fields["financial_year"].initial = year
        for partner in self.partners:
            name = partner.display_name
            self.fields[f"contribution_{partner.pk}"] = _money(
                f"{name}'s contribution (£)", CONTRIBUTION_REQUIRED.format(name=name)
            )
        existing = pool.years.filter(financial_year=year).first()
        if existing is not None and not self.is_bound:  # the year's figures as saved, to change
            self.initial.update(
                total=existing.total, within_pool=existing.within_pool, risk_reserve=existing.risk_reserve
            )
            for contribution in existing.contributions.all():
                self.initial[f"contribution_{contribution.partner_id}"] = contribution.amount

    def clean_financial_year(self) -> str:
        value = self.cleaned_data["financial_year"].strip()
        match = re.fullmatch(r"(\d{4})/(\d{2})", value)
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise forms.ValidationError(YEAR_INVALID)
        return value

    def contribution_fields(self) -> list[Any]:
        return [self[f"contribution_{partner.pk}"] for partner in self.partners]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "financial_year": data["financial_year"],
            "total": data["total"],
            "within_pool": data.get("within_pool") or Decimal(0),
            "risk_reserve": data.get("risk_reserve") or Decimal(0),
            "contributions": {p.pk: data[f"contribution_{p.pk}"] for p in self.partners},
        }


class PoolEditForm(VersionedFormMixin, forms.Form):
    """The pool's details and each partner's risk share (a field ``share_<partner pk>`` per partner)."""

    name = PoolForm.base_fields["name"]
    host = PoolForm.base_fields["host"]
    manager = PoolForm.base_fields["manager"]
    method = PoolForm.base_fields["method"]
    purpose = PoolForm.base_fields["purpose"]

    def __init__(self, *args: Any, pool: PooledFund, **kwargs: Any) -> None:
        super().__init__(*args, versioned=pool, **kwargs)
        self.partners = list(pool.partners.all())
        self.initial.update(
            name=pool.name, host=pool.host_id, manager=pool.manager_id, method=pool.method, purpose=pool.purpose
        )
        for partner in self.partners:
            name = partner.display_name
            self.fields[f"share_{partner.pk}"] = _money(
                f"{name}'s risk share (per cent, or £ for fixed amounts)", SHARE_REQUIRED.format(name=name)
            )
            self.initial[f"share_{partner.pk}"] = partner.share

    def share_fields(self) -> list[Any]:
        return [self[f"share_{partner.pk}"] for partner in self.partners]

    def details(self) -> PoolDetails:
        data = self.cleaned_data
        return PoolDetails(
            name=data["name"].strip(),
            host=data["host"],
            manager=data["manager"],
            method=data["method"],
            purpose=data["purpose"],
            partners=[p.organisation for p in self.partners],
        )

    def shares(self) -> dict[int, Decimal]:
        return {p.pk: self.cleaned_data[f"share_{p.pk}"] for p in self.partners}


class PoolSpendForm(OneTimeFormMixin, forms.Form):
    date = GovukDateField(label="Date of the spend", subject="Date of the spend", past_only=True, example="1 4 2026")
    description = forms.CharField(
        label="What was it for?", max_length=200, error_messages={"required": SPEND_DESCRIPTION_REQUIRED}
    )
    amount = MoneyField(
        label="Amount (£)", invalid_message=AMOUNT_INVALID, error_messages={"required": SPEND_AMOUNT_REQUIRED}
    )
