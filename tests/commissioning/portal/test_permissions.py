"""Who may open the navigation's pages (commissioning.portal): a group's page lists the items of the group the user
may follow, and is not found (404) when there are none for them (or none at all yet, such as Decide); the user's own
page (under their name in the header) is for signed-in users. GET only. The same readable matrix as every app (the
harness in tests/matrix.py), whose route-coverage test reads PERMISSIONS from here too. Columns:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin

Outcomes: OK 200; LOGIN 302 to sign in; HIDDEN 404; NO_VERB 405. Every POST must leave the database as it was.
The state of a portal:group row is the group's slug.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from tests import matrix
from tests.factories import OrganisationFactory, UserFactory
from tests.matrix import COLUMNS, HIDDEN, LOGIN, NO_VERB, OK

EVERYONE = (OK,) * len(COLUMNS)
NOWHERE = (NO_VERB,) * len(COLUMNS)
NOBODY = (HIDDEN,) * len(COLUMNS)

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route              method  state             anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("portal:account",   "GET",  "-",              (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("portal:account",   "POST", "-",              NOWHERE),
    ("portal:group",     "GET",  "services",       EVERYONE),
    ("portal:group",     "GET",  "analyse",        EVERYONE),
    ("portal:group",     "GET",  "plan",           EVERYONE),
    ("portal:group",     "GET",  "imports",        (HIDDEN, OK,      OK,      OK,      HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  OK,      HIDDEN,  HIDDEN)),
    ("portal:group",     "GET",  "administration", (HIDDEN, HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  OK,      HIDDEN,  HIDDEN)),
    ("portal:group",     "GET",  "decide",         EVERYONE),
    ("portal:group",     "GET",  "deliver",        EVERYONE),  # the published contract register is open to all
    # a provider contact's contract returns are in Review
    ("portal:group",     "GET",  "review",         (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN)),
    ("portal:group",     "GET",  "account",        NOBODY),
    ("portal:group",     "GET",  "nonsense",       NOBODY),
    ("portal:group",     "POST", "analyse",        NOWHERE),
]
# fmt: on


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
    return {"users": users}


world = matrix.world_fixture(_build_world)


def _group_url(route: str, target: Any, world: dict[str, Any]) -> str:
    return reverse(route, args=[target]) if target is not None else reverse(route)


def _group_target(route: str, state: str, world: dict[str, Any]) -> Any:
    return None if state == "-" else state  # the group's slug


def snapshot() -> dict[str, Any]:
    return {"users": User.objects.count(), "history": User.history.count()}


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_group_target, url=_group_url)
test_permission_matrix = PERMISSIONS.test()
