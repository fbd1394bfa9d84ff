"""Who may do what: every route, every role (and anonymous), every object state, as one readable matrix.

Each row of MATRIX is (route name, method, object state, expected outcome per role); the columns and outcomes are
tests/matrix.py's, whose harness tries every row. Every POST that is not DONE must leave the database exactly as it
was. test_matrix_covers_every_route_and_role fails when a named route is added without a row here or in an app's own
matrix (tests/commissioning/<app>/test_permissions.py, such as the reviews app's).

Service states: published, unpublished (in-house), archived (was published), own_unpublished (unpublished and
delivered by the provider user's own organisation) and other_unpublished (unpublished and delivered by another
provider: "the wrong provider"). Councillor states: own (the profile of the councillor login), other (another
councillor's profile) and archived (a former councillor).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.permissions import Role
from commissioning.services.models import DeliveryModel, Service
from tests import matrix
from tests.dates import date_input
from tests.factories import CouncillorFactory, OrganisationFactory, ServiceFactory, UserFactory, WardFactory
from tests.matrix import ADMIN, ANON, COLUMNS, DENIED, DONE, HIDDEN, HOME, LOGIN, NO_VERB, OK
from tests.matrix import label as _label

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                          method  state                 anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("portal:home",                  "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("core:healthz",                 "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("core:healthz",                 "POST", "-",                  (NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB)),
    ("admin:index",                  "GET",  "-",                  (ADMIN,  ADMIN,   ADMIN,   ADMIN,   ADMIN,   ADMIN,   ADMIN,   ADMIN,   OK,      ADMIN,   ADMIN)),
    # Accounts
    ("accounts:sign-in",             "GET",  "-",                  (OK,     HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME)),
    ("accounts:sign-out",            "POST", "-",                  (HOME,   HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME,    HOME)),
    ("accounts:sign-out",            "GET",  "-",                  (NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB)),
    ("accounts:ward-list",           "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("accounts:ward-export-csv",     "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("accounts:ward-export-xlsx",    "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("accounts:councillor-detail",   "GET",  "own",                (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("accounts:councillor-detail",   "GET",  "other",              (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("accounts:councillor-detail",   "GET",  "archived",           (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("accounts:councillor-edit",     "GET",  "own",                (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  OK,      DENIED,  DENIED)),
    ("accounts:councillor-edit",     "POST", "own",                (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DONE,    DENIED,  DENIED)),
    ("accounts:councillor-edit",     "GET",  "other",              (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED)),
    ("accounts:councillor-edit",     "POST", "other",              (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED)),
    ("accounts:councillor-history",  "GET",  "own",                (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("accounts:councillor-history",  "GET",  "other",              (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("accounts:councillor-history",  "GET",  "archived",           (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    # Service catalogue: lists and downloads (which rows each role gets is checked further down)
    ("services:list",                "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("services:export-csv",          "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("services:export-xlsx",         "GET",  "-",                  (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("services:create",              "GET",  "-",                  (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("services:create",              "POST", "-",                  (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    # Service detail
    ("services:detail",              "GET",  "published",          (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("services:detail",              "GET",  "unpublished",        (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("services:detail",              "GET",  "archived",           (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("services:detail",              "GET",  "own_unpublished",    (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN)),
    ("services:detail",              "GET",  "other_unpublished",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    # Service edit
    ("services:edit",                "GET",  "published",          (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("services:edit",                "POST", "published",          (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("services:edit",                "GET",  "unpublished",        (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:edit",                "POST", "unpublished",        (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:edit",                "GET",  "archived",           (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:edit",                "POST", "archived",           (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:edit",                "GET",  "own_unpublished",    (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN)),
    ("services:edit",                "POST", "own_unpublished",    (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN)),
    ("services:edit",                "GET",  "other_unpublished",  (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:edit",                "POST", "other_unpublished",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    # Service archive
    ("services:archive",             "GET",  "published",          (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("services:archive",             "POST", "published",          (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("services:archive",             "GET",  "unpublished",        (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:archive",             "POST", "unpublished",        (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:archive",             "GET",  "archived",           (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:archive",             "POST", "archived",           (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:archive",             "GET",  "own_unpublished",    (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN)),
    ("services:archive",             "POST", "own_unpublished",    (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN)),
    ("services:archive",             "GET",  "other_unpublished",  (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:archive",             "POST", "other_unpublished",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    # Service restore: only an archived service can be restored
    ("services:restore",             "GET",  "archived",           (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:restore",             "POST", "archived",           (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("services:restore",             "GET",  "published",          (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("services:restore",             "POST", "published",          (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    # Service history: internal roles only
    ("services:history",             "GET",  "published",          (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("services:history",             "GET",  "unpublished",        (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("services:history",             "GET",  "archived",           (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("services:history",             "GET",  "own_unpublished",    (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      HIDDEN)),
    ("services:history",             "GET",  "other_unpublished",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
]
# fmt: on

# Which services each kind of user finds in the list, the home page count and both downloads.
# (role -> (references without ?archived=on, references with ?archived=on))
PUB, UNP, ARC, OWN, OTH = "PUB-101", "UNP-102", "ARC-103", "OWN-104", "OTH-105"
ALL_REFERENCES = {PUB, UNP, ARC, OWN, OTH}
INTERNAL_SEES = ({PUB, UNP, OWN, OTH}, {PUB, UNP, ARC, OWN, OTH})
LISTED: dict[str | None, tuple[set[str], set[str]]] = {
    ANON: ({PUB}, {PUB}),
    Role.OFFICER: INTERNAL_SEES,
    Role.DIRECTOR: INTERNAL_SEES,
    Role.FINANCE: INTERNAL_SEES,
    Role.CABINET: INTERNAL_SEES,
    Role.SCRUTINY: INTERNAL_SEES,
    Role.COUNCILLOR: INTERNAL_SEES,
    Role.PROVIDER: ({PUB, OWN}, {PUB, OWN}),
    Role.ADMIN: INTERNAL_SEES,
    Role.DEMOCRATIC: INTERNAL_SEES,
    Role.PARTNER: ({PUB}, {PUB}),
    Role.LEGAL: INTERNAL_SEES,
}


def _build_world() -> dict[str, Any]:
    council = OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    other_provider_org = OrganisationFactory(name="Brookside Support Ltd")
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
    ward = WardFactory(name="Testshire Central", council=council)
    services = {
        "published": ServiceFactory(reference=PUB, name="Published leisure centre", wards=[ward]),
        "unpublished": ServiceFactory(reference=UNP, name="Unpublished draft service", unpublished=True),
        "archived": ServiceFactory(reference=ARC, name="Archived closed service", archived=True),
        "own_unpublished": ServiceFactory(
            reference=OWN,
            name="Own provider home care",
            unpublished=True,
            delivery_model=DeliveryModel.PRIVATE,
            provider=provider_org,
        ),
        "other_unpublished": ServiceFactory(
            reference=OTH,
            name="Other provider day care",
            unpublished=True,
            delivery_model=DeliveryModel.PRIVATE,
            provider=other_provider_org,
        ),
    }
    councillors = {
        "own": CouncillorFactory(name="Own Profile", user=users[Role.COUNCILLOR], wards=[ward]),
        "other": CouncillorFactory(name="Other Profile", wards=[ward]),
        "archived": CouncillorFactory(
            name="Former Profile", wards=[ward], archived_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
        ),
    }
    return {"services": services, "councillors": councillors, "ward": ward, "users": users}


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    """The record the row is about, read afresh (an earlier test may have changed, then rolled back, it)."""
    if state == "-":
        return None
    record = world["councillors"][state] if route.startswith("accounts:") else world["services"][state]
    return type(record).objects.get(pk=record.pk)


def _service_form(service: Service | None, world: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A valid ServiceForm POST: the service's own values (or a new service's), with overrides."""
    if service is None:
        template = world["services"]["published"]
        data: dict[str, Any] = {
            "name": "New test service",
            "reference": "NEW-201",
            "directorate": template.directorate_id,
            "accountable_officer": world["users"][Role.OFFICER].pk,
            "delivery_model": DeliveryModel.IN_HOUSE,
            "provider": "",
            "published": "on",
        }
    else:
        data = {
            "name": service.name,
            "reference": service.reference,
            "directorate": service.directorate_id,
            "accountable_officer": service.accountable_officer_id,
            "delivery_model": service.delivery_model,
            "provider": service.provider_id or "",
            "reason": "Permission test",
        }
        if service.published:
            data["published"] = "on"
    data.update(
        description="",
        is_statutory="no",
        statutory_basis="",
        budget_year="2026/27",
        gross_budget="250000",
        net_budget="200000",
        staff_fte="6.5",
        annual_demand="1000",
        demand_unit="visits",
        wards=[world["ward"].pk],
        **date_input("next_review_due", ""),
    )
    data.update(overrides)
    return data


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "services:create":
        return _service_form(None, world)
    if route == "services:edit":
        return _service_form(target, world, name="Renamed by permission test")
    if route == "services:archive":
        return {"reason": "Contract ended"}
    if route == "services:restore":
        return {"reason": "Needed again"}
    if route == "accounts:councillor-edit":
        return {"email": "new.address@example.org", "phone": "01632 960123", "surgery_details": "Saturdays, 10am"}
    return {}


def snapshot() -> dict[str, Any]:
    """Every row a refused request could have touched, history included."""
    service_wards_history = apps.get_model("services", "HistoricalService_wards")
    councillor_wards_history = apps.get_model("accounts", "HistoricalCouncillor_wards")
    return {
        "services": list(Service.objects.order_by("pk").values()),
        "service_wards": sorted(Service.wards.through.objects.values_list("service_id", "ward_id")),
        "service_history": Service.history.count(),
        "service_wards_history": service_wards_history.objects.count(),
        "councillors": list(Councillor.objects.order_by("pk").values()),
        "councillor_wards": sorted(Councillor.wards.through.objects.values_list("councillor_id", "ward_id")),
        "councillor_history": Councillor.history.count(),
        "councillor_wards_history": councillor_wards_history.objects.count(),
        "users": list(User.objects.order_by("pk").values("pk", "username", "role", "is_active")),
        "wards": Ward.objects.count(),
        "organisations": Organisation.objects.count(),
    }


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    """A DONE request made exactly the change it should, with one history entry; returns where it should go."""
    after = snapshot()
    if route == "accounts:councillor-edit":
        target.refresh_from_db()
        assert target.phone == "01632 960123"
        assert after["councillor_history"] == before["councillor_history"] + 1
        assert target.history.latest().history_user == user
        assert after["services"] == before["services"]
        return reverse("accounts:councillor-detail", args=[target.pk])
    assert after["councillors"] == before["councillors"]
    assert after["service_history"] == before["service_history"] + 1
    if route == "services:create":
        assert len(after["services"]) == len(before["services"]) + 1
        created = Service.objects.get(reference="NEW-201")
        created_entry = created.history.latest()
        assert created_entry.history_user == user
        assert created_entry.history_type == "+"
        wards = list(created.wards.values_list("pk", flat=True))
        assert wards
        assert list(created_entry.wards.values_list("ward_id", flat=True)) == wards
        return reverse("services:detail", args=[created.pk])
    assert len(after["services"]) == len(before["services"])
    target.refresh_from_db()
    if route == "services:edit":
        assert target.name == "Renamed by permission test"
    elif route == "services:archive":
        assert target.archived_at is not None
        assert target.archived_by == user
    elif route == "services:restore":
        assert target.archived_at is None
    else:  # pragma: no cover - a DONE in the matrix for a route this test does not know
        pytest.fail(f"no change check for {route}")
    assert target.history.latest().history_user == user
    return reverse("services:detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def _routes_covered_by_app_matrices() -> set[str]:
    """Routes covered by an app's own matrices (tests/commissioning/<app>/test_permissions*.py: one per area if it has several).

    Every one is on the shared harness: its PERMISSIONS is a tests.matrix.Matrix (so its columns are the harness's),
    not a copy of the harness of its own.
    """
    covered: set[str] = set()
    for path in sorted(Path(__file__).parent.glob("*/test_permissions*.py")):
        module = importlib.import_module(f"tests.commissioning.{path.parent.name}.{path.stem}")
        permissions = getattr(module, "PERMISSIONS", None)
        assert isinstance(permissions, matrix.Matrix), f"{path} must feed the shared harness (tests/matrix.py)"
        rows = list(permissions.rows)
        assert rows, f"{path} has an empty matrix"
        covered |= {row[0] for row in rows}
    return covered


def test_matrix_covers_every_route_and_role() -> None:
    """Every named route in the project has at least one row, and every role has a column."""
    from django.urls import get_resolver

    def names(resolver: Any, namespace: str = "") -> set[str]:
        found = set()
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                found |= names(pattern, inner)
            elif pattern.name:
                found.add(f"{namespace}{pattern.name}")
        return found

    ours = {name for name in names(get_resolver()) if not name.startswith("admin:")}
    assert ours <= PERMISSIONS.routes | _routes_covered_by_app_matrices()
    assert set(COLUMNS) - {ANON} == {value for value, _label in Role.CHOICES}


# Lists and downloads ----------------------------------------------------------------------------------------------


def _references_in_page(content: str) -> set[str]:
    return {ref for ref in ALL_REFERENCES if ref in content}


def _references_in_csv(response: Any) -> set[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Reference"
    return {row[0] for row in rows[1:]}


def _references_in_xlsx(response: Any) -> set[str]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    return {row[0] for row in rows[1:]}


@pytest.mark.django_db
@pytest.mark.parametrize("archived", [False, True], ids=["current", "with-archived"])
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_lists_and_downloads_show_only_what_the_role_may_see(
    role: str | None, archived: bool, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    expected = LISTED[role][archived]
    client = client_for(role)
    query = "?archived=on" if archived else ""

    page = client.get(reverse("services:list") + query)
    assert page.status_code == 200
    content = page.content.decode()
    assert _references_in_page(content) == expected
    hidden_names = {s.name for s in world["services"].values() if s.reference not in expected}
    assert not {name for name in hidden_names if name in content}
    assert f"{len(expected)} service" in content

    csv_response = client.get(reverse("services:export-csv") + query)
    assert csv_response.status_code == 200
    assert _references_in_csv(csv_response) == expected

    xlsx_response = client.get(reverse("services:export-xlsx") + query)
    assert xlsx_response.status_code == 200
    assert _references_in_xlsx(xlsx_response) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_home_page_counts_only_visible_current_services(
    role: str | None, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    count = len(LISTED[role][False])
    content = client_for(role).get(reverse("portal:home")).content.decode()
    noun = "service" if count == 1 else "services"
    assert f"{count} {noun} with a gross budget" in content


@pytest.mark.django_db
def test_wrong_provider_cannot_reach_the_service_by_any_route(
    world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    """The other provider's unpublished service is invisible to the provider, whatever the route or method."""
    client = client_for(Role.PROVIDER)
    service = world["services"]["other_unpublished"]
    before = snapshot()
    for route in ["services:detail", "services:edit", "services:archive", "services:restore", "services:history"]:
        path = reverse(route, args=[service.pk])
        assert client.get(path).status_code == 404, route
        if route not in {"services:detail", "services:history"}:
            assert client.post(path, _post_data(route, service, world)).status_code == 404, route
    assert snapshot() == before
    for query in ["", "?archived=on", f"?q={service.reference}", f"?q={service.name.split()[0]}"]:
        content = client.get(reverse("services:list") + query).content.decode()
        # (The search box echoes the query, so look for the row: its link and its full name.)
        assert reverse("services:detail", args=[service.pk]) not in content
        assert service.name not in content
        csv_response = client.get(reverse("services:export-csv") + query)
        assert service.reference not in _references_in_csv(csv_response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_ward_downloads_list_current_councillors_only(
    role: str | None, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    """Councillors are public figures, so every role gets the same download: without former councillors."""
    client = client_for(role)
    text = b"".join(client.get(reverse("accounts:ward-export-csv")).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert sorted(row[2] for row in rows[1:]) == ["Other Profile", "Own Profile"]
    sheet = load_workbook(io.BytesIO(client.get(reverse("accounts:ward-export-xlsx")).content), read_only=True).active
    assert sorted(row[2] for row in list(sheet.iter_rows(values_only=True))[1:]) == ["Other Profile", "Own Profile"]
