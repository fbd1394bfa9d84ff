"""Who may see which notifications: every core route this module covers, every role (and anonymous), as the same
readable matrix as tests/commissioning/test_permissions.py, whose route-coverage test reads MATRIX from here too.
Columns:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin

Outcomes: OK 200; LOGIN 302 to sign in; NO_VERB 405. Every POST must leave the database exactly as it was.

Every signed-in user has a Notifications page, and it lists their own notifications only: each role's user has one,
and nobody's page shows anyone else's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from commissioning.core.models import Notification
from commissioning.core.permissions import Role
from tests.factories import OrganisationFactory, UserFactory

OK, NO_VERB = 200, 405
LOGIN = "LOGIN"

ANON = None
COLUMNS: list[str | None] = [
    ANON,
    Role.OFFICER,
    Role.DIRECTOR,
    Role.FINANCE,
    Role.CABINET,
    Role.SCRUTINY,
    Role.COUNCILLOR,
    Role.PROVIDER,
    Role.ADMIN,
]
SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK, OK, OK, OK)
NOWHERE = (NO_VERB,) * 9

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                     method  state  anon     officer  director finance  cabinet  scrutiny cllr     provider admin
    ("core:notifications",      "GET",  "-",   SIGNED_IN),
    ("core:notifications",      "POST", "-",   NOWHERE),
]
# fmt: on


def _label(role: str | None) -> str:
    return role or "anonymous"


def _cases() -> list[Any]:
    cases = []
    for route, method, state, outcomes in MATRIX:
        assert len(outcomes) == len(COLUMNS), route
        for role, expected in zip(COLUMNS, outcomes, strict=True):
            cases.append(
                pytest.param(route, method, state, role, expected, id=f"{route}-{method}-{state}-{_label(role)}")
            )
    return cases


def _subject(role: str) -> str:
    return f"Only for the {role} user"


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(
            username=role,
            role=role,
            organisation=provider_org if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None
    }
    for role, user in users.items():
        Notification.objects.create(
            to_user=user, to_email=user.email, template="test", subject=_subject(role), body_text="-"
        )
    Notification.objects.create(
        to_email="resident@example.net", template="test", subject="For a resident", body_text="-"
    )
    return {"users": users}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The records every row of the matrix is tried against, made once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def client_for(world: dict[str, Any]) -> Callable[[str | None], Client]:
    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(world["users"][role])
        return client

    return make


def snapshot() -> dict[str, Any]:
    return {
        "notifications": list(Notification.objects.order_by("pk").values()),
        "history": Notification.history.count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "state", "role", "expected"), _cases())
def test_permission_matrix(
    route: str,
    method: str,
    state: str,
    role: str | None,
    expected: Any,
    world: dict[str, Any],
    client_for: Callable[[str | None], Client],
) -> None:
    path = reverse(route)
    client = client_for(role)
    before = snapshot()

    response = client.post(path, {}) if method == "POST" else client.get(path)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == reverse(settings.LOGIN_URL) + "?" + urlencode({"next": path}, safe="/")
    else:
        assert response.status_code == expected
    if method == "POST":
        assert snapshot() == before, "a refused POST changed the database"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in COLUMNS if role is not None], ids=_label)
def test_each_user_sees_their_own_notifications_only(
    role: str, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    content = client_for(role).get(reverse("core:notifications")).content.decode()
    assert _subject(role) in content
    assert "1 notification" in content
    others = [_subject(other) for other in world["users"] if other != role] + ["For a resident"]
    assert not [subject for subject in others if subject in content]
