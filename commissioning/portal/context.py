"""Context every page gets: the council's name and the navigation for the signed-in user."""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from commissioning import registry
from commissioning.core import errors

DEFAULT_COUNCIL_NAME = "Council commissioning platform"

# The home council's name as this process last read it, for the error page alone, which must not query (the database
# may be what failed). Not a cache pages read: each page asks the database.
_last_council_name: str | None = None


def _council_name() -> str:
    global _last_council_name
    from commissioning.accounts.selectors import home_council

    council = home_council()
    if council is not None:
        _last_council_name = council.name
        return council.name
    return settings.COUNCIL_NAME or DEFAULT_COUNCIL_NAME


def council_name_without_database() -> str:
    """The name the error page shows: the home council's as last read, else COUNCIL_NAME. Never a query."""
    return _last_council_name or settings.COUNCIL_NAME or DEFAULT_COUNCIL_NAME


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The service navigation from commissioning.registry: each item's first link whose permission the user has.

    The permissions are asked of the django-rules permission set (``rules.has_perm``), the rules the views check.
    ``user.has_perm`` would ask Django's model backend too whenever the rules say no, which costs two queries per
    request for the navigation alone, and would show a superuser every item whatever their role."""
    path = request.path
    user = request.user
    items = []
    for item in registry.navigation():
        link = next((link for link in item.links if rules.has_perm(link.perm, user)), None)
        if link is not None:
            href = reverse(link.url_name)
            items.append({"text": item.text, "href": href, "active": path.startswith(href)})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    if errors.is_error_page(request):  # the server error page (commissioning.core.errors): nothing that queries
        return {"council_name": council_name_without_database(), "navigation": [], "user": errors.known_user(request)}
    return {
        "council_name": SimpleLazyObject(_council_name),
        "navigation": SimpleLazyObject(lambda: _navigation(request)),
        "user": request.user,
    }
