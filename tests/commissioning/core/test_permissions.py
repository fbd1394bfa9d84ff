"""Who may see which notifications, and the footer's public pages (Service status, accessibility statement,
privacy notice, cookies: the same for everyone, GET only): every core route this module covers, every role (and anonymous), as the same
readable matrix as every app (the harness in tests/matrix.py), whose route-coverage test reads PERMISSIONS from here too.
Columns:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Outcomes: OK 200; LOGIN 302 to sign in; NO_VERB 405. Every POST must leave the database exactly as it was.

Every signed-in user has a Notifications page, and it lists their own notifications only: each role's user has one,
and nobody's page shows anyone else's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.core.models import Notification
from commissioning.core.permissions import Role
from tests import matrix
from tests.factories import OrganisationFactory, UserFactory
from tests.matrix import COLUMNS, LOGIN, NO_VERB, OK
from tests.matrix import label as _label

SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)
EVERYONE = (OK,) * 11
NOWHERE = (NO_VERB,) * 11

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                     method  state  anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("core:notifications",      "GET",  "-",   SIGNED_IN),
    ("core:notifications",      "POST", "-",   NOWHERE),
    ("core:status",             "GET",  "-",   EVERYONE),
    ("core:status",             "POST", "-",   NOWHERE),
    ("core:accessibility",      "GET",  "-",   EVERYONE),
    ("core:accessibility",      "POST", "-",   NOWHERE),
    ("core:privacy",            "GET",  "-",   EVERYONE),
    ("core:privacy",            "POST", "-",   NOWHERE),
    ("core:cookies",            "GET",  "-",   EVERYONE),
    ("core:cookies",            "POST", "-",   NOWHERE),
]
# fmt: on


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


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def snapshot() -> dict[str, Any]:
    return {
        "notifications": list(Notification.objects.order_by("pk").values()),
        "history": Notification.history.count(),
    }


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot)
test_permission_matrix = PERMISSIONS.test()


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
