"""The council's virement settings (who is the section 151 officer) and approval bands, in the admin site with
history (ADR 0026). Virements themselves are kept through their own pages, where the bands are checked."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from commissioning.core.admin import DomainAdmin
from commissioning.finance import calculations_virements as calc
from commissioning.finance.models import VirementBand, VirementSettings


@admin.register(VirementSettings)
class VirementSettingsAdmin(DomainAdmin):
    """One row: it is changed, never added a second time or deleted."""

    list_display = ("__str__", "section_151_officer")
    exclude = ("archived_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not VirementSettings.objects.exists() and super().has_add_permission(request)


class VirementBandForm(forms.ModelForm):
    class Meta:
        model = VirementBand
        fields: ClassVar = ["approver", "up_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "approver" in data and "up_to" in data:
            others = VirementBand.objects.active().exclude(pk=self.instance.pk)
            rows = [(row.approver, row.up_to) for row in others] + [(data["approver"], data["up_to"])]
            problem = calc.check_bands(rows)  # the bands as they would be, all checked together
            if problem:
                raise forms.ValidationError(problem)
        return data


@admin.register(VirementBand)
class VirementBandAdmin(DomainAdmin):
    form = VirementBandForm
    list_display = ("approver", "up_to")
