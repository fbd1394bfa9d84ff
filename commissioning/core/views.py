"""Site-wide pages: the health check and the Service status page, the footer's pages (accessibility, privacy,
cookies), the signed-in user's notifications and the error pages."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.paginator import Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from commissioning.core import errors, notifications, status
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


def _footer_page(template: str) -> Any:
    """A page of the footer: the same for everyone, signed in or not."""

    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, _contacts())

    view.__name__ = view.__qualname__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


def _contacts() -> dict[str, Any]:
    return {
        "contact_email": settings.COUNCIL_CONTACT_EMAIL,
        "data_protection_email": settings.DATA_PROTECTION_EMAIL,
        "complaint_retention_days": settings.COMPLAINT_RETENTION_DAYS,
    }


accessibility = _footer_page("core/accessibility.html")
privacy = _footer_page("core/privacy.html")


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    """The cookies the service sets, named and timed from the settings, so the page cannot drift from them."""
    return render(request, "core/cookies.html", {"cookies": essential_cookies(), **_contacts()})


def essential_cookies() -> list[dict[str, str]]:
    session_hours = settings.SESSION_COOKIE_AGE // 3600
    csrf_weeks = settings.CSRF_COOKIE_AGE // (7 * 24 * 3600) if settings.CSRF_COOKIE_AGE else 0
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": "Keeps you signed in as you move from page to page.",
            "expires": "When you close your browser"
            if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
            else f"{session_hours} hours, or when you sign out",
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": "Checks that a form you send came from this service, to stop other websites acting for you.",
            "expires": f"{csrf_weeks} weeks" if csrf_weeks else "When you close your browser",
        },
        {
            "name": CookieStorage.cookie_name,
            "purpose": "Carries a message, like “Service saved”, to the next page you see.",
            "expires": "When you see the message, or when you close your browser",
        },
    ]


@never_cache
@require_GET
def service_status(request: HttpRequest) -> HttpResponse:
    """Service status for people: whether the service, its database and its task worker are working (no hosts,
    no errors: those go to the log). 503 while the database cannot be reached, drawn without touching it."""
    parts = status.service_status()
    context = {
        "parts": parts,
        "working": all(part.state == status.WORKING for part in parts),
        "checked_at": timezone.now(),
        **_contacts(),
    }
    if any(part.state == status.NOT_WORKING for part in parts):
        # Without the database there is no session, no user and no council record: drawn as the error pages are.
        errors.mark_error_page(request)
        return render(request, "core/status.html", context, status=503)
    return render(request, "core/status.html", {**context, "facts": status.status_facts()})


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
