"""Admin: comparator groups and benchmark figures are reference data that administrators keep here; outcomes,
indicators, values, evidence and consultations are read-only here (they change through their own pages, where the
rules and history live)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commissioning.core.admin import DomainAdmin
from commissioning.outcomes.models import (
    Benchmark,
    Comparator,
    ComparatorGroup,
    Consultation,
    Indicator,
    Measurement,
    NeedsEvidence,
    Outcome,
    Priority,
    Target,
    UnitCostBenchmark,
)


class ReadOnlyAdmin(DomainAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Priority)
class PriorityAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "position", "published")


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("reference", "name", "priority", "published")
    list_filter = ("priority", "published")
    search_fields = ("reference", "name")


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "unit", "frequency", "published")
    list_filter = ("frequency", "unit", "published")
    search_fields = ("code", "name")


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "period", "target", "tolerance_basis", "tolerance")
    search_fields = ("indicator__code",)


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "period", "value", "entered_by")
    search_fields = ("indicator__code",)


@admin.register(NeedsEvidence)
class NeedsEvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "evidence_date", "service", "outcome")
    exclude = ("document",)  # documents are downloaded through the permission-checked page, never a media URL


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("title", "method", "opened_on", "responses")


class ComparatorInline(admin.TabularInline):
    model = Comparator
    extra = 0
    can_delete = False
    fields = ("position", "name", "ons_code")


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(DomainAdmin):
    list_display = ("name", "council", "source")
    inlines = (ComparatorInline,)


@admin.register(Benchmark)
class BenchmarkAdmin(DomainAdmin):
    list_display = ("indicator", "year", "ons_code", "value", "source")
    list_filter = ("year",)
    search_fields = ("indicator__code", "ons_code")


@admin.register(UnitCostBenchmark)
class UnitCostBenchmarkAdmin(DomainAdmin):
    list_display = ("service", "year", "ons_code", "unit_cost", "source")
    list_filter = ("year",)
    search_fields = ("service__reference", "ons_code")
