from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commissioning.core.admin import DomainAdmin
from commissioning.reviews.models import CommissioningReview


@admin.register(CommissioningReview)
class CommissioningReviewAdmin(DomainAdmin):
    """Read-only here: reviews are changed through their own pages, where the rules and history live."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    list_display = ("reference", "title", "directorate", "stage", "planned_start", "planned_end", "status", "published")
    list_filter = ("stage", "status", "directorate", "published")
    search_fields = ("reference", "title")
    filter_horizontal = ("services",)
