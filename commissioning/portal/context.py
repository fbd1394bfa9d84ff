"""Context every page gets: the council's name and the navigation for the signed-in user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

DEFAULT_COUNCIL_NAME = "Council commissioning platform"


def _council_name() -> str:
    from commissioning.accounts.selectors import home_council

    council = home_council()
    if council is not None:
        return council.name
    return settings.COUNCIL_NAME or DEFAULT_COUNCIL_NAME


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    path = request.path
    items = [
        ("Services", reverse("services:list")),
        ("Reviews", reverse("reviews:list")),
        ("Wards and councillors", reverse("accounts:ward-list")),
    ]
    user = request.user
    if user.is_authenticated and getattr(user, "role", None) == "admin":
        items.append(("Administration", reverse("admin:index")))
    return [{"text": text, "href": href, "active": path.startswith(href)} for text, href in items]


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "council_name": SimpleLazyObject(_council_name),
        "navigation": SimpleLazyObject(lambda: _navigation(request)),
        "user": request.user,
    }
