from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commissioning.core.admin import DomainAdmin
from commissioning.services.models import Directorate, Service


@admin.register(Directorate)
class DirectorateAdmin(DomainAdmin):
    list_display = ("name", "code", "director")


@admin.register(Service)
class ServiceAdmin(DomainAdmin):
    """Read-only here: services are changed through the catalogue's own pages, where the rules and history live."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    list_display = ("reference", "name", "directorate", "delivery_model", "published")
    list_filter = ("directorate", "delivery_model", "published")
    search_fields = ("name", "reference")
    filter_horizontal = ("wards",)
