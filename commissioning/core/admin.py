"""Admin site defaults: nothing is deleted from the admin either."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


class DomainAdmin(SimpleHistoryAdmin):
    """History on every record, and no delete button or bulk delete (archive instead)."""

    # simple-history's list of changes, without the style attribute that the pages' policy refuses (core/csp.py).
    object_history_list_template = "core/admin/object_history_list.html"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
