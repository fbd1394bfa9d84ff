"""Who may do what with ward intelligence: every route, every role (and anonymous), every state of a submission.

The same readable matrix as tests/commissioning/test_permissions.py, whose route-coverage test reads MATRIX from
this module too. Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner, legal

Outcomes: OK 200; DONE 302 to the intelligence's page after the change (which is checked); LOGIN 302 to sign in;
DENIED 403; HIDDEN 404 (not visible to this user, so its existence is not revealed); NO_VERB 405.
Every POST that is not DONE must leave the database exactly as it was.

The officer column is the accountable officer of the Household waste collection service, and the director column
the director of its directorate; the councillor column sits for Millbrook. States: submitted, acknowledged,
responded, closed and withdrawn (all the councillor's own, about waste collection), other_councillor (submitted
by another councillor, about waste collection: "another councillor" must not see it) and other_service (the
councillor's own, about a service in another directorate, which neither the officer nor the director answers for).
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.intelligence.models import IntelligenceStatus, WardIntelligence
from commissioning.intelligence.selectors import visible_intelligence
from commissioning.services.models import Service
from tests import matrix
from tests.commissioning.intelligence.factories import WardIntelligenceFactory, councillor_with_login
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory, WardFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, NO_VERB, OK
from tests.matrix import label as _label

# Rows that repeat: what a reader, the councillor and the rest get for a page they may only read.
READ_OWN = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
READ_OTHER = (HIDDEN, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
GET_NOT_ANSWERED = (NO_VERB,) * 11

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                         method  state               anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("intelligence:list",           "GET",  "-",                (LOGIN,  OK,      OK,      OK,      OK,      OK,      DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("intelligence:mine",           "GET",  "-",                (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("intelligence:export-csv",     "GET",  "-",                (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("intelligence:export-xlsx",    "GET",  "-",                (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("intelligence:create",         "GET",  "-",                (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("intelligence:create",         "POST", "-",                (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    # Reading one: readers all of it, the councillor their own, nobody else anything
    ("intelligence:detail",         "GET",  "submitted",        READ_OWN),
    ("intelligence:detail",         "GET",  "acknowledged",     READ_OWN),
    ("intelligence:detail",         "GET",  "responded",        READ_OWN),
    ("intelligence:detail",         "GET",  "closed",           READ_OWN),
    ("intelligence:detail",         "GET",  "withdrawn",        READ_OWN),
    ("intelligence:detail",         "GET",  "other_service",    READ_OWN),
    ("intelligence:detail",         "GET",  "other_councillor", READ_OTHER),
    ("intelligence:history",        "GET",  "submitted",        READ_OWN),
    ("intelligence:history",        "GET",  "closed",           READ_OWN),
    ("intelligence:history",        "GET",  "withdrawn",        READ_OWN),
    ("intelligence:history",        "GET",  "other_councillor", READ_OTHER),
    # The councillor changes or withdraws their own, until the service acknowledges it
    ("intelligence:edit",           "GET",  "submitted",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:edit",           "POST", "submitted",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:edit",           "POST", "other_service",    (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:edit",           "GET",  "acknowledged",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:edit",           "POST", "acknowledged",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:edit",           "POST", "withdrawn",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:edit",           "GET",  "other_councillor", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:edit",           "POST", "other_councillor", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:withdraw",       "GET",  "submitted",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:withdraw",       "POST", "submitted",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:withdraw",       "POST", "acknowledged",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:withdraw",       "POST", "withdrawn",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:withdraw",       "POST", "other_councillor", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    # The service answers: its accountable officer and its directorate's director, nobody else
    ("intelligence:acknowledge",    "POST", "submitted",        (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:acknowledge",    "POST", "other_councillor", (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:acknowledge",    "POST", "other_service",    (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:acknowledge",    "POST", "acknowledged",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:acknowledge",    "POST", "withdrawn",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:acknowledge",    "GET",  "submitted",        GET_NOT_ANSWERED),
    ("intelligence:respond",        "POST", "submitted",        (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:respond",        "POST", "acknowledged",     (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:respond",        "POST", "other_service",    (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:respond",        "POST", "responded",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:respond",        "POST", "withdrawn",        (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:respond",        "GET",  "acknowledged",     GET_NOT_ANSWERED),
    ("intelligence:close",          "POST", "responded",        (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:close",          "POST", "acknowledged",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:close",          "POST", "closed",           (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("intelligence:close",          "GET",  "responded",        GET_NOT_ANSWERED),
]
# fmt: on

REFERENCES = {
    "submitted": "WI-2026-0101",
    "acknowledged": "WI-2026-0102",
    "responded": "WI-2026-0103",
    "closed": "WI-2026-0104",
    "withdrawn": "WI-2026-0105",
    "other_councillor": "WI-2026-0106",
    "other_service": "WI-2026-0107",
}
ALL = set(REFERENCES.values())
OWN = ALL - {REFERENCES["other_councillor"]}


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
        if role is not None and role != Role.COUNCILLOR
    }
    millbrook = WardFactory(name="Millbrook")
    riverside = WardFactory(name="Riverside")
    own = councillor_with_login(username=Role.COUNCILLOR, wards=[millbrook], name="Ada Lovell")
    users[Role.COUNCILLOR] = own.user
    other = councillor_with_login(username="other-councillor", wards=[riverside], name="Ben Other")
    place = DirectorateFactory(name="Place", code="PLE", director=users[Role.DIRECTOR])
    people = DirectorateFactory(name="People", code="PEO", director=UserFactory(role=Role.DIRECTOR))
    bins = ServiceFactory(
        reference="PLE-001",
        name="Household waste collection",
        directorate=place,
        accountable_officer=users[Role.OFFICER],
        wards=[millbrook, riverside],
        delivery_model="private",
        provider=provider_org,  # even the provider that delivers the service never sees the intelligence
    )
    libraries = ServiceFactory(reference="PEO-001", name="Libraries", directorate=people, wards=[millbrook])
    common = {"councillor": own, "ward": millbrook, "service": bins}
    items = {
        "submitted": WardIntelligenceFactory(title="Bins missed on Mill Lane", **common),
        "acknowledged": WardIntelligenceFactory(title="Recycling left behind", acknowledged=True, **common),
        "responded": WardIntelligenceFactory(title="Crews blocking the school run", responded=True, **common),
        "closed": WardIntelligenceFactory(title="Food caddies missing", closed=True, **common),
        "withdrawn": WardIntelligenceFactory(title="Duplicate report about bins", withdrawn=True, **common),
        "other_councillor": WardIntelligenceFactory(
            title="Overflowing bins by the river", councillor=other, ward=riverside, service=bins
        ),
        "other_service": WardIntelligenceFactory(
            title="Library opening hours cut", councillor=own, ward=millbrook, service=libraries
        ),
    }
    for state, item in items.items():
        item.reference = REFERENCES[state]
        item.save()
    return {"users": users, "items": items, "services": {"bins": bins, "libraries": libraries}, "wards": [millbrook]}


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _target(route: str, state: str, world: dict[str, Any]) -> WardIntelligence | None:
    if state == "-":
        return None
    return WardIntelligence.objects.get(pk=world["items"][state].pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route in {"intelligence:create", "intelligence:edit"}:
        return {
            "service": target.service_id if target else world["services"]["bins"].pk,
            "ward": target.ward_id if target else world["wards"][0].pk,
            "title": "New from the permission test" if target is None else "Renamed by permission test",
            "residents_saying": "Residents told me at the surgery.",
            "urgency": "medium",
            "reason": "Permission test",
        }
    if route == "intelligence:respond":
        return {"response": "Answer from the permission test"}
    return {"reason": "Permission test"}


def snapshot() -> dict[str, Any]:
    """Every row a refused request could have touched, history included."""
    return {
        "intelligence": list(WardIntelligence.objects.order_by("pk").values()),
        "history": WardIntelligence.history.count(),
        "services": list(Service.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values("pk", "username", "role", "is_active")),
    }


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    """A DONE request made exactly the change it should, with one history entry; returns where it should go."""
    after = snapshot()
    assert after["services"] == before["services"]
    assert after["history"] == before["history"] + 1
    if route == "intelligence:create":
        assert len(after["intelligence"]) == len(before["intelligence"]) + 1
        created = WardIntelligence.objects.get(title="New from the permission test")
        entry = created.history.latest()
        assert (entry.history_user, entry.history_type) == (user, "+")
        assert created.submitted_by == user
        return reverse("intelligence:detail", args=[created.pk])
    assert len(after["intelligence"]) == len(before["intelligence"])
    target.refresh_from_db()
    if route == "intelligence:edit":
        assert target.title == "Renamed by permission test"
    elif route == "intelligence:withdraw":
        assert (target.is_archived, target.archived_by) == (True, user)
    elif route == "intelligence:acknowledge":
        assert (target.status, target.acknowledged_by) == (IntelligenceStatus.ACKNOWLEDGED, user)
    elif route == "intelligence:respond":
        assert (target.status, target.response, target.responded_by) == (
            IntelligenceStatus.RESPONDED,
            "Answer from the permission test",
            user,
        )
    elif route == "intelligence:close":
        assert (target.status, target.closed_by) == (IntelligenceStatus.CLOSED, user)
    else:  # pragma: no cover - a DONE in the matrix for a route this test does not know
        pytest.fail(f"no change check for {route}")
    assert target.history.latest().history_user == user
    return reverse("intelligence:detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


@pytest.mark.django_db
def test_the_permissions_agree_with_the_selector(world: dict[str, Any]) -> None:
    """visible_intelligence (the lists) and intelligence.view_wardintelligence (the pages) give the same answer."""
    for role in COLUMNS:
        user = AnonymousUser() if role is None else world["users"][role]
        listed = set(visible_intelligence(user=user).values_list("reference", flat=True))
        allowed = {
            item.reference
            for item in WardIntelligence.objects.all()
            if user.has_perm("intelligence.view_wardintelligence", item)
        }
        assert listed == allowed, role


# Lists, downloads and the service page ----------------------------------------------------------------------------


def _references_in_csv(response: Any) -> set[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Reference"
    return {row[0] for row in rows[1:]}


def _references_in_xlsx(response: Any) -> set[str]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    return {str(row[0]) for row in rows[1:]}


OPEN_ON_BINS = {REFERENCES["submitted"], REFERENCES["acknowledged"], REFERENCES["other_councillor"]}
OPEN_ANYWHERE = OPEN_ON_BINS | {REFERENCES["other_service"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "query", "expected"),
    [
        # An officer's inbox starts with the open intelligence about the services they answer for.
        (Role.OFFICER, "", OPEN_ON_BINS),
        (Role.OFFICER, "?scope=all", OPEN_ANYWHERE),
        (Role.OFFICER, "?scope=all&status=any&withdrawn=on", ALL),
        # A director's starts with all of it; "mine" is their directorate's.
        (Role.DIRECTOR, "", OPEN_ANYWHERE),
        (Role.DIRECTOR, "?scope=mine", OPEN_ON_BINS),
        # Readers see everything, with nothing to choose.
        (Role.SCRUTINY, "?status=any&withdrawn=on", ALL),
        (Role.SCRUTINY, "?scope=mine&status=any", ALL - {REFERENCES["withdrawn"]}),
        (Role.FINANCE, "?status=closed", {REFERENCES["closed"]}),
        (Role.CABINET, "?status=any&overdue=on", set()),
    ],
)
def test_the_inbox_and_its_downloads_show_what_the_role_may_see(
    role: str, query: str, expected: set[str], world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    client = client_for(role)
    content = client.get(reverse("intelligence:list") + query).content.decode()
    assert {ref for ref in ALL if ref in content} == expected
    noun = "item" if len(expected) == 1 else "items"
    assert f"{len(expected)} {noun} of ward intelligence" in content
    # The page's own download links carry its filters, defaults included, so each file matches the page.
    for route, reader in [
        ("intelligence:export-csv", _references_in_csv),
        ("intelligence:export-xlsx", _references_in_xlsx),
    ]:
        assert reader(client.get(_download_link(content, route))) == expected, route


def _download_link(content: str, route: str) -> str:
    match = re.search(rf'href="({re.escape(reverse(route))}[^"]*)"', content)
    assert match, f"no {route} link on the page"
    return html.unescape(match.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?status=any&withdrawn=on", "?status=any&scope=all&withdrawn=on"])
def test_a_councillor_lists_and_downloads_their_own_only(
    query: str, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    client = client_for(Role.COUNCILLOR)
    content = client.get(reverse("intelligence:mine") + query).content.decode()
    assert {ref for ref in ALL if ref in content} == OWN
    assert world["items"]["other_councillor"].title not in content
    assert _references_in_csv(client.get(_download_link(content, "intelligence:export-csv"))) == OWN
    assert _references_in_xlsx(client.get(_download_link(content, "intelligence:export-xlsx"))) == OWN
    assert _references_in_csv(client.get(reverse("intelligence:export-csv") + query)) == OWN


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_the_service_page_shows_the_intelligence_the_role_may_see(
    role: str | None, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    """The golden thread back: current intelligence about the service, for those who may read it."""
    bins = world["services"]["bins"]
    content = client_for(role).get(reverse("services:detail", args=[bins.pk])).content.decode()
    current = {state: item for state, item in world["items"].items() if state not in {"withdrawn", "other_service"}}
    if role in {Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.CABINET, Role.SCRUTINY}:
        expected = set(current)
    elif role == Role.COUNCILLOR:
        expected = set(current) - {"other_councillor"}
    else:
        expected = set()
    assert ("Ward intelligence</h2>" in content) == (
        role not in {None, Role.PROVIDER, Role.ADMIN, Role.DEMOCRATIC, Role.LEGAL, Role.PARTNER}
    )
    for state, item in world["items"].items():
        link = reverse("intelligence:detail", args=[item.pk])
        assert (link in content) == (state in expected), state
        assert (item.title in content) == (state in expected), state
    assert ("Submit ward intelligence about this service" in content) == (role == Role.COUNCILLOR)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ADMIN, "other councillor"])
def test_no_route_reveals_intelligence_to_those_who_may_not_see_it(
    role: str, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    """The provider delivers the service and still sees nothing; nor does the administrator or another councillor."""
    if role == "other councillor":
        client = Client()
        client.force_login(world["items"]["other_councillor"].submitted_by)
        hidden = OWN
    else:
        client = client_for(role)
        hidden = ALL
    before = snapshot()
    for state, item in world["items"].items():
        if item.reference not in hidden:
            continue
        for route in ["detail", "history", "edit", "withdraw"]:
            assert client.get(reverse(f"intelligence:{route}", args=[item.pk])).status_code == 404, (state, route)
        for route in ["edit", "withdraw", "acknowledge", "respond", "close"]:
            path = reverse(f"intelligence:{route}", args=[item.pk])
            assert client.post(path, _post_data(f"intelligence:{route}", item, world)).status_code == 404, (
                state,
                route,
            )
    assert snapshot() == before
    download = reverse("intelligence:export-csv") + "?status=any&scope=all&withdrawn=on"
    if role == "other councillor":
        assert _references_in_csv(client.get(download)) == {REFERENCES["other_councillor"]}
    else:
        assert client.get(download).status_code == (404 if role == Role.PROVIDER else 403)
