"""The navigation each role sees: the same items, in the same order, for every role and for anonymous visitors,
at no database cost (commissioning.portal.context builds it from commissioning.registry)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.portal.context import site

PUBLIC = [
    ("Services", "/services/"),
    ("Outcomes", "/outcomes/"),
    ("Reviews", "/reviews/"),
    ("Wards and councillors", "/wards/"),
]
CASES = ("Business cases", "/appraisals/business-cases/")
INBOX = ("Ward intelligence", "/intelligence/")
MINE = ("Ward intelligence", "/intelligence/mine")
IMPORTS = ("Imports", "/imports/")
ADMINISTRATION = ("Administration", "/admin/")


def _with_cases(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [*PUBLIC[:3], CASES, PUBLIC[3], *more]


# What each role saw before the navigation was built from the registry (role lists in portal/context.py).
EXPECTED: dict[str | None, list[tuple[str, str]]] = {
    None: PUBLIC,
    Role.OFFICER: _with_cases(INBOX, IMPORTS),
    Role.DIRECTOR: _with_cases(INBOX, IMPORTS),
    Role.FINANCE: _with_cases(INBOX, IMPORTS),
    Role.CABINET: _with_cases(INBOX),
    Role.SCRUTINY: _with_cases(INBOX),
    Role.COUNCILLOR: _with_cases(MINE),
    Role.PROVIDER: PUBLIC,
    Role.ADMIN: _with_cases(IMPORTS, ADMINISTRATION),
}


def navigation(user: Any, path: str = "/") -> list[dict[str, Any]]:
    request = RequestFactory().get(path)
    request.user = user
    return list(site(request)["navigation"])


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED), ids=lambda role: role or "anonymous")
def test_each_role_sees_the_same_navigation_as_before(
    role: str | None, users: dict[str, User], django_assert_num_queries: Any
) -> None:
    user = AnonymousUser() if role is None else User.objects.get(pk=users[role].pk)
    with django_assert_num_queries(0):  # permissions asked of the rules, never of the database
        items = navigation(user)
    assert [(item["text"], item["href"]) for item in items] == EXPECTED[role]


@pytest.mark.django_db
def test_the_current_section_is_marked_active(users: dict[str, User]) -> None:
    items = navigation(users[Role.OFFICER], path="/reviews/12/")
    assert [item["text"] for item in items if item["active"]] == ["Reviews"]


@pytest.mark.django_db
def test_a_superuser_sees_the_navigation_of_their_role_as_before(make_user: Any) -> None:
    assert [(item["text"], item["href"]) for item in navigation(make_user(Role.SCRUTINY, is_superuser=True))] == (
        EXPECTED[Role.SCRUTINY]
    )
