"""Error pages that cannot fail again: a page served because something broke (the database, say) asks nothing of it.

The server error handler marks the request; the context processor (``commissioning.portal.context.site``) then
gives the page a council name that needs no query, no navigation, and the signed-in user only if this request had
already loaded them (loading them reads the session, from the database)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

_ERROR_PAGE = "_commissioning_error_page"


def mark_error_page(request: HttpRequest) -> None:
    setattr(request, _ERROR_PAGE, True)


def is_error_page(request: HttpRequest) -> bool:
    return bool(getattr(request, _ERROR_PAGE, False))


def known_user(request: HttpRequest) -> Any:
    """The user this request has already loaded (django.contrib.auth keeps them as ``_cached_user``), or anonymous:
    never a query."""
    return getattr(request, "_cached_user", None) or AnonymousUser()
