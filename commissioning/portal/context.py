"""Context every page gets: the council's name and the navigation for the signed-in user."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Entry:
    """An item of the navigation as this user gets it: the first of its links they may follow."""

    text: str
    href: str
    group: registry.Group
    description: str


def entries(user: Any) -> list[Entry]:
    """Every navigation item this user may see, in ``position`` order, each with the first link they may follow.

    The permissions are asked of the django-rules permission set (``rules.has_perm``), the rules the views check.
    ``user.has_perm`` would ask Django's model backend too whenever the rules say no, which costs two queries per
    request for the navigation alone, and would show a superuser every item whatever their role."""
    found = []
    for item in registry.navigation():
        link = next((link for link in item.links if rules.has_perm(link.perm, user)), None)
        if link is not None:
            found.append(Entry(item.text, reverse(link.url_name), item.group, item.description))
    return found


def group_entries(user: Any, group: registry.Group) -> list[Entry]:
    return [entry for entry in entries(user) if entry.group is group]


def group_href(group: registry.Group, items: list[Entry]) -> str:
    """Where a group in the header leads: to its only item when the user has one, else to the group's page, which
    lists its items (so every group leads somewhere without JavaScript)."""
    if len(items) == 1:
        return items[0].href
    return group_page_href(group)


def _section(href: str) -> str:
    """The first segment of a path ("/appraisals/" of "/appraisals/business-cases/")."""
    return "/" + href.strip("/").split("/", 1)[0] + "/" if href.strip("/") else "/"


def active_group(path: str, found: list[Entry]) -> registry.Group | None:
    """The group of the page at ``path``: its own page, else the item whose address is the longest start of the path,
    else the item whose first segment the path starts with (an appraisal's page is under Plan with business cases)."""
    for group in registry.Group:
        if path == group_page_href(group):
            return group
    best: tuple[int, registry.Group] | None = None
    for entry in found:
        if path.startswith(entry.href):
            score = 10_000 + len(entry.href)
        elif path.startswith(_section(entry.href)) and _section(entry.href) != "/":
            score = len(_section(entry.href))
        else:
            continue
        if best is None or score > best[0]:
            best = (score, entry.group)
    return best[1] if best is not None else None


def group_page_href(group: registry.Group) -> str:
    """The page listing a group's items: /browse/<group>/, or /account/ for the user's own pages."""
    if group is registry.Group.ACCOUNT:
        return reverse("portal:account")
    return reverse("portal:group", args=[group.value])


def _account(user: Any, *, active: registry.Group | None) -> dict[str, Any] | None:
    """The link to the user's own pages, under their name at the end of the header bar (no query)."""
    if user is None or not user.is_authenticated:
        return None
    return {
        "text": user.get_full_name() or user.username,
        "href": reverse("portal:account"),
        "active": active is registry.Group.ACCOUNT,
    }


def _navigation(request: HttpRequest) -> dict[str, Any]:
    """The header: the groups holding an item this user may see (the user's own pages apart), which group the page
    is in, and the link to the user's own pages under their name."""
    user = request.user
    found = entries(user)
    active = active_group(request.path, found)
    groups = []
    for group in registry.Group:
        items = [entry for entry in found if entry.group is group]
        if items and group is not registry.Group.ACCOUNT:
            groups.append({"text": group.text, "href": group_href(group, items), "active": active is group})
    return {"groups": groups, "account": _account(user, active=active)}


def site(request: HttpRequest) -> dict[str, Any]:
    if errors.is_error_page(request):  # the server error page (commissioning.core.errors): nothing that queries
        user = errors.known_user(request)
        return {
            "council_name": council_name_without_database(),
            "navigation": {"groups": [], "account": _account(user, active=None)},
            "user": user,
        }
    return {
        "council_name": SimpleLazyObject(_council_name),
        "navigation": SimpleLazyObject(lambda: _navigation(request)),
        "user": request.user,
    }
