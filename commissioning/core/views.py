"""Site-wide pages: the health check and the Service status page, the footer's pages (accessibility, privacy,
cookies), the signed-in user's notifications and the error pages."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.paginator import Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from commissioning.core import notifications, status
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


def _footer_page(template: str) -> Any:
    """A page of the footer: the same for everyone, signed in or not."""

    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, _contacts())

    view.__name__ = view.__qualname__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


def _contacts() -> dict[str, Any]:
    return {"contact_email": settings.COUNCIL_CONTACT_EMAIL, "data_protection_email": settings.DATA_PROTECTION_EMAIL}


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
        # Without the database there is no session, no user and no council record: draw the page without them.
        offline = {
            "request": SimpleNamespace(path=request.path, get_full_path=request.get_full_path),
            "user": AnonymousUser(),
            "navigation": [],
            "council_name": settings.COUNCIL_NAME or status.DEFAULT_COUNCIL_NAME,
            "csrf_input": "",
            **context,
        }
        return HttpResponse(get_template("core/status.html").render(offline), status=503)
    return render(request, "core/status.html", context)


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
