from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commissioning.appraisals.models import (
    Appraisal,
    BusinessCase,
    CostBenefitLine,
    CriterionScore,
    EqualityImpactAssessment,
    Option,
    SimulationRun,
)
from commissioning.core.admin import DomainAdmin


class ReadOnlyAdmin(DomainAdmin):
    """Read-only here: appraisals change through their own pages, where the rules, checks and history live."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyAdmin):
    list_display = ("review", "base_year", "horizon_years")


@admin.register(Option)
class OptionAdmin(ReadOnlyAdmin):
    list_display = ("name", "appraisal", "kind", "delivery_model", "partner")
    list_filter = ("kind", "delivery_model")


@admin.register(CostBenefitLine)
class CostBenefitLineAdmin(ReadOnlyAdmin):
    list_display = ("label", "option", "kind", "transition_category")
    list_filter = ("kind",)


@admin.register(CriterionScore)
class CriterionScoreAdmin(ReadOnlyAdmin):
    list_display = ("option", "criterion", "score")


@admin.register(SimulationRun)
class SimulationRunAdmin(ReadOnlyAdmin):
    list_display = ("appraisal", "status", "draws", "seed", "created_by", "finished_at")


@admin.register(BusinessCase)
class BusinessCaseAdmin(ReadOnlyAdmin):
    list_display = ("review", "version", "status", "board", "submitted_at")
    list_filter = ("status",)


@admin.register(EqualityImpactAssessment)
class EqualityImpactAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "review", "option", "status", "signed_off_at")
    list_filter = ("status",)
