from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commissioning.core.admin import DomainAdmin
from commissioning.imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(DomainAdmin):
    """Read-only: jobs are made by uploads and changed only by the import itself."""

    list_display = ("pk", "filename", "kind", "status", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    search_fields = ("filename", "sha256")
    exclude = ("data",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
