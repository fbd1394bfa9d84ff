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
        ("Outcomes", reverse("outcomes:list")),
        ("Reviews", reverse("reviews:list")),
        ("Wards and councillors", reverse("accounts:ward-list")),
    ]
    user = request.user
    role = getattr(user, "role", None) if user.is_authenticated else None
    if role in {"officer", "director", "finance", "cabinet", "scrutiny", "councillor", "admin"}:
        items.insert(3, ("Business cases", reverse("appraisals:business-case-list")))
    if role == "councillor":
        items.append(("Ward intelligence", reverse("intelligence:mine")))
    elif role in {"officer", "director", "finance", "cabinet", "scrutiny"}:
        items.append(("Ward intelligence", reverse("intelligence:list")))
    if role in {"officer", "director", "finance", "admin"}:  # imports.list_importjobs, without a query
        items.append(("Imports", reverse("imports:list")))
    if user.is_authenticated and getattr(user, "role", None) == "admin":
        items.append(("Administration", reverse("admin:index")))
    return [{"text": text, "href": href, "active": path.startswith(href)} for text, href in items]


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "council_name": SimpleLazyObject(_council_name),
        "navigation": SimpleLazyObject(lambda: _navigation(request)),
        "user": request.user,
    }
