"""Site-wide pages: the health check, the signed-in user's notifications and the error pages."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from commissioning.core import errors, notifications
from commissioning.core.access import require

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "database": "ok"}; 503 {"status": "error", "database": "unreachable"} when the database
    cannot be reached. The page is public: why it failed (which names the database's host and port) goes to the log,
    never into the answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        reason = " ".join(str(exc).split()) or exc.__class__.__name__
        logger.error("Health check: the database is unreachable: %s", reason)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The emails sent to the signed-in user, newest first: their own only."""
    require(request, "core.view_own_notifications")
    items = notifications.user_notifications(user=request.user)
    page = Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page, "notifications": page.object_list})


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """403, logged as one line at WARNING: who was refused, the path, and the rule that refused them.

    A refusal is an everyday event, not an error: Django would log it with the traceback of the PermissionDenied.
    Marking the response as logged (Django's own flag, checked by django.utils.log.log_response) stops that."""
    user = getattr(request, "user", None)
    who = f"{user.get_username()} ({user.role})" if user is not None and user.is_authenticated else "anonymous"
    rule = getattr(exception, "perm", "") or "no named rule"
    about = getattr(exception, "about", "")
    path = request.path.encode("unicode_escape").decode("ascii")  # one line, whatever the path holds
    logger.warning("Refused %s %s to %s: %s%s", request.method, path, who, rule, f" on {about}" if about else "")
    response = render(request, "core/403.html", status=403)
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The council's error page, served without a query: the error may be that the database is down."""
    errors.mark_error_page(request)
    return render(request, "core/500.html", status=500)
