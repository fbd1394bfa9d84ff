"""The council's governance settings and decision power rules, configured in the admin site (with history).

Everything else in Decide is kept through its own pages, where the rules and history live; these two are the
council's constitution in numbers (call-in period, members needed, key decision threshold, notice periods) and who
holds which decision power (the Plan-to-Do gate reads them)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from commissioning.core.admin import DomainAdmin
from commissioning.governance.models import BodyKind, DecisionPowerRule, GovernanceSettings

UNKNOWN_BODY_KIND = "{kinds}: not a kind of body. Use the values {known}, separated by commas"


@admin.register(GovernanceSettings)
class GovernanceSettingsAdmin(DomainAdmin):
    """One row: it is changed, never added a second time or deleted."""

    list_display = (
        "__str__",
        "call_in_working_days",
        "call_in_members",
        "key_decision_threshold",
        "forward_plan_clear_days",
        "agenda_clear_working_days",
    )
    exclude = ("archived_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not GovernanceSettings.objects.exists() and super().has_add_permission(request)


class DecisionPowerRuleForm(forms.ModelForm):
    class Meta:
        model = DecisionPowerRule
        fields: ClassVar = ["category", "body_kinds", "officers_may_decide"]

    def clean_body_kinds(self) -> str:
        kinds = [kind.strip() for kind in self.cleaned_data["body_kinds"].split(",") if kind.strip()]
        unknown = [kind for kind in kinds if kind not in BodyKind.values]
        if unknown:
            raise forms.ValidationError(
                UNKNOWN_BODY_KIND.format(kinds=", ".join(unknown), known=", ".join(BodyKind.values))
            )
        return ",".join(kinds)


@admin.register(DecisionPowerRule)
class DecisionPowerRuleAdmin(DomainAdmin):
    form = DecisionPowerRuleForm
    list_display = ("category", "body_kinds", "officers_may_decide")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("category",) if obj is not None else ()
