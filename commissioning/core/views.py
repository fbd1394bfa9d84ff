"""Site-wide pages: the health check, the signed-in user's notifications and the error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from commissioning.core import notifications
from commissioning.core.access import require


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "database": "ok"}; 503 with the reason when the database cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        return JsonResponse({"status": "error", "database": "unreachable", "reason": reason}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The emails sent to the signed-in user, newest first: their own only."""
    require(request, "core.view_own_notifications")
    items = notifications.user_notifications(user=request.user)
    page = Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page, "notifications": page.object_list})


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)
