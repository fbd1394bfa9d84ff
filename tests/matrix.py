"""The permission-matrix harness every app's tests/commissioning/<app>/test_permissions.py feeds with its table.

An app's matrix is a list of rows (route name, method, object state, expected outcome per role column). The columns
are, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner, legal

A row gives either 12 outcomes, one per column, or 11 (every column but the last): `legal`, the monitoring officer,
leads democratic services and has every permission they have (ADR 0037), so an 11-value row expects for `legal`
what it expects for `democratic`. Give 12 values only where the monitoring officer differs (clearing a committee
report). outcomes_by_column(row_outcomes) gives a row's 12 outcomes either way.

Outcomes:
    OK      200
    DONE    302 to the record's page after a successful change (the app's change check says where, and checks it)
    LOGIN   302 to /sign-in?next=<the path asked for> (anonymous, action needs permission)
    HOME    302 to the home page (signing in when already signed in; signing out)
    ADMIN   302 to the admin site's own sign-in page
    DENIED  403 (signed in, but the role may not do this)
    HIDDEN  404 (the record is not visible to this user, so its existence is not revealed)
    NO_VERB 405 (the route does not answer this HTTP method)

Every POST that is not DONE must leave the database exactly as the app's snapshot saw it before.

An app's module declares:

    MATRIX = [(route, method, state, (anon, officer, ..., admin)), ...]
    world = world_fixture(_build_world)              # module-scoped records, rolled back after the module
    client_for = client_for_fixture()                # a client signed in as world["users"][role]
    PERMISSIONS = Matrix(MATRIX, snapshot=..., target=..., url=..., post_data=..., check_change=...)
    test_permission_matrix = PERMISSIONS.test()      # one test case per route x method x state x role

tests/commissioning/test_permissions.py's route-coverage test reads every app's PERMISSIONS (or, for a module not yet
converted, its MATRIX and COLUMNS).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from commissioning.core.permissions import Role

OK, DENIED, HIDDEN, NO_VERB = 200, 403, 404, 405
DONE, LOGIN, HOME, ADMIN = "DONE", "LOGIN", "HOME", "ADMIN"

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
    Role.DEMOCRATIC,
    Role.PARTNER,
    Role.LEGAL,
]
# A row of this many outcomes leaves out the last column, legal, which then expects what democratic expects.
SHORT_ROW = len(COLUMNS) - 1
_DEMOCRATIC = COLUMNS.index(Role.DEMOCRATIC)


def outcomes_by_column(outcomes: Sequence[Any]) -> tuple[Any, ...]:
    """A row's outcome for every column: an 11-value row gets legal's from democratic's (see the module docstring)."""
    if len(outcomes) == SHORT_ROW:
        return (*outcomes, outcomes[_DEMOCRATIC])
    assert len(outcomes) == len(COLUMNS), f"a row has {SHORT_ROW} or {len(COLUMNS)} outcomes, not {len(outcomes)}"
    return tuple(outcomes)


# .ci/run's second pass, on PostgreSQL, sets MATRIX_ROLES=one-per-outcome: each row is tried once for each different
# outcome it expects (the first role in column order that expects it), so every path through a view (allowed, refused,
# hidden, sent to sign in, changed) still runs on PostgreSQL, while which role gets which outcome, plain Python in
# rules.py, is tried for every role on the first pass. It cut that pass's matrix cases from 5,420 to 1,323.
ROLES_SETTING = "MATRIX_ROLES"
ONE_ROLE_PER_OUTCOME = "one-per-outcome"

Row = tuple[str, str, str, tuple[Any, ...]]
World = dict[str, Any]


def label(role: str | None) -> str:
    """A role's name in test ids ("anonymous" for no one signed in)."""
    return role or "anonymous"


def default_target(route: str, state: str, world: World) -> Any:
    """No record: every row of a matrix without a target hook is about a route that takes no argument."""
    return None


def default_url(route: str, target: Any, world: World) -> str:
    return reverse(route, args=[target.pk]) if target is not None else reverse(route)


def no_post_data(route: str, target: Any, world: World) -> dict[str, Any]:
    return {}


def no_change_check(route: str, target: Any, user: Any, before: dict[str, Any], world: World) -> str:
    pytest.fail(f"no change check for {route}")


@dataclass(frozen=True)
class Matrix:
    """One app's table, and the hooks that tell the harness how to try a row.

    snapshot()                                  every row a refused POST could have touched, history included
    target(route, state, world)                 the record the row is about, read afresh (None for "-")
    url(route, target, world)                   the path asked for (default: the route, with the target's pk)
    post_data(route, target, world)             a valid POST for the route
    check_change(route, target, user, before, world)
                                                a DONE request made exactly its change; returns where it redirects
    outcomes                                    an app's own outcomes beyond the shared ones, by name: each
                                                checker(response, path=, before=, world=) checks the answer and the
                                                database itself (imports' RETRIED and SAME)
    """

    rows: Sequence[Row]
    snapshot: Callable[[], dict[str, Any]]
    target: Callable[[str, str, World], Any] = default_target
    url: Callable[[str, Any, World], str] = default_url
    post_data: Callable[[str, Any, World], dict[str, Any]] = no_post_data
    check_change: Callable[[str, Any, Any, dict[str, Any], World], str] = no_change_check
    outcomes: Mapping[str, Callable[..., None]] = field(default_factory=dict)

    @property
    def routes(self) -> set[str]:
        return {row[0] for row in self.rows}

    def cases(self) -> list[Any]:
        one_per_outcome = os.environ.get(ROLES_SETTING) == ONE_ROLE_PER_OUTCOME
        cases = []
        for route, method, state, outcomes in self.rows:
            tried: set[Any] = set()
            for role, expected in zip(COLUMNS, outcomes_by_column(outcomes), strict=True):
                if one_per_outcome and expected in tried:
                    continue
                tried.add(expected)
                cases.append(
                    pytest.param(route, method, state, role, expected, id=f"{route}-{method}-{state}-{label(role)}")
                )
        return cases

    def check(self, route: str, method: str, state: str, role: str | None, expected: Any, world: World) -> None:
        """Ask for the route as the role and check the answer (and, for a POST, what it did to the database)."""
        with _writes_watched() as writes:  # some hooks put the record into the row's state, or make it, first
            target = self.target(route, state, world)
            path = self.url(route, target, world)
        client = signed_in_client(world, role)
        before = {}
        if method == "POST" or expected == DONE:
            before = self.snapshot() if writes else self.state_before(world)

        response = client.post(path, self.post_data(route, target, world)) if method == "POST" else client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)

        if expected == DONE:
            assert response.status_code == 302, response.content[:2000]
            assert response["Location"] == self.check_change(route, target, world["users"][role], before, world)
            return
        if isinstance(expected, str) and expected in self.outcomes:
            self.outcomes[expected](response, path=path, before=before, world=world)
            return
        if expected == LOGIN:
            assert response.status_code == 302
            assert response["Location"] == reverse(settings.LOGIN_URL) + "?" + urlencode({"next": path}, safe="/")
        elif expected == HOME:
            assert response.status_code == 302
            assert response["Location"] == reverse("portal:home")
        elif expected == ADMIN:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login") + "?next=")
        else:
            assert response.status_code == expected
        if method == "POST":
            assert self.snapshot() == before, "a refused POST changed the database"

    def state_before(self, world: World) -> dict[str, Any]:
        """The snapshot a row starts from when its target wrote nothing. Each row runs in a savepoint of the world's
        transaction that is rolled back after it, so such a row starts from the world as it was made: that snapshot
        is taken once per world (the first time a row needs it) rather than before every POST. A row whose target or
        url hook writes (to make its record or put it into the row's state) gets a snapshot of its own, taken after."""
        key = (id(world), id(self))
        if key not in _BEFORE:
            _BEFORE[key] = self.snapshot()
        return copy.deepcopy(_BEFORE[key])

    def test(self) -> Any:
        """The parametrised test function for a module to assign to `test_permission_matrix`."""
        matrix = self

        @pytest.mark.django_db
        @pytest.mark.parametrize(("route", "method", "state", "role", "expected"), self.cases())
        def test_permission_matrix(
            route: str, method: str, state: str, role: str | None, expected: Any, world: World
        ) -> None:
            matrix.check(route, method, state, role, expected, world)

        return test_permission_matrix


@contextmanager
def _writes_watched() -> Iterator[list[str]]:
    """The statements other than reads and savepoints run on the database inside the block."""
    writes: list[str] = []

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not sql.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE SAVEPOINT")):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield writes


# The session each of a world's users was signed in with when the world was made, by id(world) and role.
_SESSIONS: dict[int, dict[str, str]] = {}
# Each matrix's snapshot of the world as it was made, by (id(world), id(matrix)) (Matrix.state_before).
_BEFORE: dict[tuple[int, int], dict[str, Any]] = {}


def _sign_in_everyone(world: World) -> None:
    """Sign each of the world's users in once, in the world's own transaction (as the module's records are made).

    A row's request then carries that user's session cookie: the same signed-in session Client.force_login makes,
    without a sign-in (a session row, and the user's sign-in stamps) for each of the thousands of rows. What a
    request does to its session (signing out deletes it) is rolled back with the rest of the test.
    """
    sessions = {}
    for role, user in world.get("users", {}).items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    _SESSIONS[id(world)] = sessions


def signed_in_client(world: World, role: str | None) -> Client:
    """A client signed in as the world's user for the role (None for an anonymous resident)."""
    client = Client()
    if role is not None:
        session = _SESSIONS.get(id(world), {}).get(role)
        if session is None:
            client.force_login(world["users"][role])
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def world_fixture(build: Callable[[], World], *, temporary_media: bool = False) -> Any:
    """A module-scoped `world` fixture: the records every row is tried against, made once for the module.

    They live in an outer transaction that is rolled back after the module; each test runs in its own savepoint
    inside it (pytest-django's usual per-test rollback), so a change one test makes is gone before the next.
    Each of the world's users is signed in once there too (see _sign_in_everyone).
    With temporary_media, uploaded files go to a temporary MEDIA_ROOT for the module.
    """

    @pytest.fixture(scope="module")
    def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
        media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))) if temporary_media else None
        with django_db_blocker.unblock(), transaction.atomic():
            if media is not None:
                media.enable()
            built: World = {}
            try:
                built = build()
                _sign_in_everyone(built)
                yield built
            finally:
                _SESSIONS.pop(id(built), None)
                for key in [key for key in _BEFORE if key[0] == id(built)]:
                    del _BEFORE[key]
                if media is not None:
                    media.disable()
                transaction.set_rollback(True)

    return world


def client_for_fixture() -> Any:
    """A `client_for` fixture that signs in as the world's user for the role (None for an anonymous resident)."""

    @pytest.fixture
    def client_for(world: World) -> Callable[[str | None], Client]:
        def make(role: str | None) -> Client:
            client = Client()
            if role is not None:
                client.force_login(world["users"][role])
            return client

        return make

    return client_for
