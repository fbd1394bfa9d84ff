"""Shared fixtures: one user per role, the home council, a signed-in client per role, and the seeded demo councils
(tests/demo.py), with the test order they need."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from tests import demo
from tests.factories import OrganisationFactory, UserFactory

# No time limit per example: on two shared cores running the suite in parallel an example can take longer than
# hypothesis's default 200 ms for reasons that have nothing to do with the code, and a property test must fail only
# when the property does not hold.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

ROLES = [
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


@pytest.fixture(autouse=True)
def empty_memo_cache() -> None:
    """No council-wide list remembered from an earlier test (commissioning.core.memo): each test's records are its
    own, and rolled-back rows may come back with the same count and time."""
    from django.core.cache import caches

    from commissioning.core.memo import MEMO_CACHE

    caches[MEMO_CACHE].clear()


@pytest.fixture
def empty_document_cache() -> Iterator[None]:
    """No printed document kept from an earlier test (the cache of PDFs is a folder of this test process's own)."""
    from django.core.cache import caches

    from commissioning.core.pdf import DOCUMENT_CACHE

    caches[DOCUMENT_CACHE].clear()
    yield
    caches[DOCUMENT_CACHE].clear()


@pytest.fixture
def council(db: None) -> Organisation:
    return OrganisationFactory(council=True)


@pytest.fixture
def provider_org(db: None) -> Organisation:
    return OrganisationFactory(name="Ashfield Care Ltd")


@pytest.fixture
def other_provider_org(db: None) -> Organisation:
    return OrganisationFactory(name="Brookside Support Ltd")


@pytest.fixture
def make_user(db: None, provider_org: Organisation) -> Callable[..., User]:
    def make(role: str, **kwargs: object) -> User:
        if role == Role.PROVIDER:
            kwargs.setdefault("organisation", provider_org)
        if role == Role.ADMIN:
            kwargs.setdefault("is_staff", True)
        return UserFactory(username=kwargs.pop("username", role), role=role, **kwargs)

    return make


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    return {role: make_user(role) for role in ROLES}


@pytest.fixture
def client_for(users: dict[str, User]) -> Callable[[str | None], Client]:
    """A test client signed in as the role (None for an anonymous resident)."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(users[role])
        return client

    return make


# Files -------------------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploaded files go to a folder of this session's own (each xdist worker has its own), never ./media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


# Seeded demo councils (see tests/demo.py) --------------------------------------------------------------------------


DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "live_server"})


def uses_the_database(item: pytest.Item) -> bool:
    """Whether a test may touch the database: pytest-django lets nothing else (it blocks the rest)."""
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def pytest_itemcollected(item: pytest.Item) -> None:
    """A test that cannot touch the database cannot differ between databases: .ci/run's PostgreSQL pass leaves it
    out, with the tests marked so by hand (pyproject.toml, markers)."""
    if not uses_the_database(item):
        item.add_marker(pytest.mark.database_independent)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    demo.order(items)  # after pytest's own reordering by fixture


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """Roll the seeded demo council back once the next test needs none (or there is no next test)."""
    result = yield
    councils = _DEMO_COUNCILS.get("councils")
    if councils is not None and (nextitem is None or demo.scale_of(nextitem) is None):
        councils.release()
    return result


_DEMO_COUNCILS: dict[str, demo.DemoCouncils] = {}

# What django_db_setup runs on each table of a PostgreSQL test database.
AUTOVACUUM_OFF = "ALTER TABLE {} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database as pytest-django makes it, with PostgreSQL's autovacuum off for its tables.

    A seeded demo council lives in a transaction that is never committed (tests/demo.py), and every test's rows are
    rolled back, so the tables fill with dead rows and autovacuum comes to them. VACUUM does not count rows that a
    transaction still in progress inserted, so it records a table holding a whole seeded council as having none
    (pg_class.reltuples 0 over its full relpages). From then on the planner estimates one row for it, chooses
    nested loops over tens of thousands of rows, and a page that takes 50 ms runs for minutes: how .ci/run's
    PostgreSQL pass came to stop for seven minutes in the query-count test (2026-12-04), whenever autovacuum's timing
    fell between the metropolitan council's rollback and the district council's measurement. Without autovacuum the
    planner reads the tables' sizes from their files, as it does for any table never vacuumed. The test database
    lives for one run, so nothing needs vacuuming; a server of tests only (scripts/start-postgres) or a developer's
    own server alike."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(AUTOVACUUM_OFF.format(connection.ops.quote_name(table)))


@pytest.fixture(scope="session")
def demo_councils(django_db_setup: None, django_db_blocker: Any) -> Iterator[demo.DemoCouncils]:
    councils = _DEMO_COUNCILS["councils"] = demo.DemoCouncils(django_db_blocker)
    yield councils
    councils.release()
    del _DEMO_COUNCILS["councils"]


@pytest.fixture(scope="session")
def demo_district(demo_councils: demo.DemoCouncils) -> demo.DemoCouncil:
    """The district demo council (Wexcombe), seeded once for the session."""
    return demo_councils.use("district")


@pytest.fixture(scope="session")
def demo_metropolitan(demo_councils: demo.DemoCouncils) -> demo.DemoCouncil:
    """The metropolitan demo council (Castlebridge), seeded once for the session."""
    return demo_councils.use("metropolitan")


@pytest.fixture(scope="session", params=["district", demo.METROPOLITAN])
def demo_council(request: pytest.FixtureRequest, demo_councils: demo.DemoCouncils) -> demo.DemoCouncil:
    """The demo council at the scale the test is parametrised with (indirectly)."""
    return demo_councils.use(request.param)


@pytest.fixture(scope="session")
def demo_query_counts(demo_councils: demo.DemoCouncils) -> demo.QueryCounts:
    return demo_councils.measure_all()


@pytest.fixture(scope="session")
def demo_seeds(demo_councils: demo.DemoCouncils) -> demo.Seeds:
    return demo_councils.read_after_each_seed()


@pytest.fixture(autouse=True)
def _the_demo_council_the_test_needs(request: pytest.FixtureRequest) -> None:
    """A test on a demo council finds that council seeded (and not the other): the test order is as tests/demo.py
    sets it."""
    scale = demo.scale_of(request.node)
    if scale in (None, demo.QUERY_COUNTS, demo.SEEDS):
        return
    active = request.getfixturevalue("demo_councils").active
    seeded = active.scale if active is not None else "no"
    assert seeded == scale, f"{request.node.nodeid} needs the {scale} demo council, but {seeded} council is seeded"
