from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commissioning.core.admin import DomainAdmin
from commissioning.intelligence.models import WardIntelligence


@admin.register(WardIntelligence)
class WardIntelligenceAdmin(DomainAdmin):
    """Read-only here: intelligence changes through its own pages, where the rules and history live."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    list_display = ("reference", "title", "service", "ward", "councillor", "urgency", "status", "response_due")
    list_filter = ("status", "urgency")
    search_fields = ("reference", "title")
