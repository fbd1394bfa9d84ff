"""Forms for spend: filtering the published list, and mapping a supplier or an expense area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from commissioning.accounts.models import Organisation
from commissioning.core.forms import FilterFormMixin, GovukMessagesMixin
from commissioning.finance.selectors_spend import SpendFilters, spend_months, spend_services
from commissioning.services.models import Service

ORGANISATION_REQUIRED = "Choose the organisation this supplier is"
SERVICE_REQUIRED = "Choose the service this expense area is"


class SpendFilterForm(FilterFormMixin, forms.Form):
    month = forms.ChoiceField(label="Month", required=False)
    supplier = forms.CharField(label="Supplier", required=False, max_length=100)
    service = forms.ChoiceField(label="Service", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = [(month.strftime("%Y-%m"), month.strftime("%B %Y")) for month in spend_months()]
        self.fields["month"].choices = [("", "Any month"), *months]  # type: ignore[attr-defined]
        services = [(str(pk), name) for pk, name in spend_services()]
        self.fields["service"].choices = [("", "Any service"), *services]  # type: ignore[attr-defined]

    def filters(self) -> SpendFilters:
        data = self.valid_data() if self.is_bound else {}
        month = data.get("month") or ""
        service = data.get("service") or ""
        return SpendFilters(
            month=dt.date.fromisoformat(month + "-01") if month else None,
            supplier=(data.get("supplier") or "").strip(),
            service=int(service) if service else None,
        )


class SupplierMapForm(GovukMessagesMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Which organisation is it?",
        queryset=Organisation.objects.filter(is_home=False, archived_at__isnull=True).order_by("name"),
        error_messages={"required": ORGANISATION_REQUIRED, "invalid_choice": ORGANISATION_REQUIRED},
    )


class AreaMapForm(GovukMessagesMixin, forms.Form):
    service = forms.ModelChoiceField(
        label="Which service is it?",
        queryset=Service.objects.filter(archived_at__isnull=True).order_by("name"),
        error_messages={"required": SERVICE_REQUIRED, "invalid_choice": SERVICE_REQUIRED},
    )
