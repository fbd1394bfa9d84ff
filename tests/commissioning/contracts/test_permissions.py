"""Who may do what on the contract register: every route, every role (and anonymous), every state.

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

States: published (another supplier's contract on the public register), own (the provider contact's own
organisation's unpublished contract), other (another supplier's unpublished contract), in_house (an in-house plan:
never on the public register), archived (another supplier's, archived).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.urls import reverse

from commissioning.contracts.models import Contract
from commissioning.core.permissions import Role
from tests import matrix
from tests.dates import date_input
from tests.factories import ContractFactory, DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

ALL = (OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)
INSIDE = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
EDIT_GET = (LOGIN, OK, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
EDIT_POST = (LOGIN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HIDDEN_EDIT_GET = (HIDDEN, OK, DENIED, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
HIDDEN_EDIT_POST = (HIDDEN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
NOBODY_HIDDEN = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
NOBODY = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HISTORY = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                       method  state        outcomes
    ("contracts:list",            "GET",  "-",         ALL),
    ("contracts:export-csv",      "GET",  "-",         ALL),
    ("contracts:export-xlsx",     "GET",  "-",         ALL),
    ("contracts:pipeline",        "GET",  "-",         (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)),
    ("contracts:create",          "GET",  "-",         EDIT_GET),
    ("contracts:create",          "POST", "-",         EDIT_POST),
    ("contracts:detail",          "GET",  "published", ALL),
    ("contracts:detail",          "GET",  "own",       (HIDDEN, OK, OK, OK, OK, OK, OK, OK, OK, OK, HIDDEN)),
    ("contracts:detail",          "GET",  "other",     INSIDE),
    ("contracts:detail",          "GET",  "in_house",  INSIDE),
    ("contracts:detail",          "GET",  "archived",  INSIDE),
    ("contracts:edit",            "GET",  "published", EDIT_GET),
    ("contracts:edit",            "POST", "published", EDIT_POST),
    ("contracts:edit",            "GET",  "own",       (HIDDEN, OK, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN)),
    ("contracts:edit",            "GET",  "other",     HIDDEN_EDIT_GET),
    ("contracts:edit",            "POST", "other",     HIDDEN_EDIT_POST),
    ("contracts:edit",            "GET",  "archived",  NOBODY_HIDDEN),
    ("contracts:edit",            "POST", "archived",  NOBODY_HIDDEN),
    ("contracts:archive",         "GET",  "published", EDIT_GET),
    ("contracts:archive",         "POST", "published", EDIT_POST),
    ("contracts:archive",         "POST", "other",     HIDDEN_EDIT_POST),
    ("contracts:archive",         "POST", "archived",  NOBODY_HIDDEN),
    ("contracts:restore",         "GET",  "archived",  HIDDEN_EDIT_GET),
    ("contracts:restore",         "POST", "archived",  HIDDEN_EDIT_POST),
    ("contracts:restore",         "POST", "published", NOBODY),
    ("contracts:history",         "GET",  "published", HISTORY),
    ("contracts:history",         "GET",  "own",       (HIDDEN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, HIDDEN)),
    ("contracts:history",         "GET",  "other",     INSIDE),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    own = OrganisationFactory(name="Own Care Ltd")
    users = {
        role: UserFactory(
            username=role, role=role, is_staff=role == Role.ADMIN, organisation=own if role == Role.PROVIDER else None
        )
        for role in COLUMNS
        if role is not None
    }
    other = OrganisationFactory(name="Other Care Ltd")
    directorate = DirectorateFactory(name="Adults", code="ADL")
    service = ServiceFactory(reference="ADL-001", name="Home care", directorate=directorate)
    manager = users[Role.OFFICER]
    common = {"directorate": directorate, "contract_manager": manager, "services": [service]}
    contracts = {
        "published": ContractFactory(reference="CON-2025-001", provider=other, **common),
        "own": ContractFactory(reference="CON-2025-002", provider=own, published=False, **common),
        "other": ContractFactory(reference="CON-2025-003", provider=other, published=False, **common),
        "in_house": ContractFactory(reference="IHP-2025-001", in_house=True, published=True, **common),
        "archived": ContractFactory(
            reference="CON-2025-004",
            provider=other,
            archived_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
            archive_reason="Ended early",
            **common,
        ),
    }
    return {"users": users, "contracts": contracts, "other": other, "directorate": directorate, "service": service}


world = matrix.world_fixture(_build_world)


def snapshot() -> dict[str, Any]:
    return {
        "contracts": list(Contract.objects.order_by("pk").values_list("pk", "title", "archived_at")),
        "history": Contract.history.count(),
    }


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    return None if state == "-" else Contract.objects.get(pk=world["contracts"][state].pk)


def form_data(world: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "contract",
        "title": "Matrix contract",
        "directorate": world["directorate"].pk,
        "provider": world["other"].pk,
        "procedure": "open",
        "cpv_codes": "85311000-2",
        "total_value": "£300,000",
        "annual_value": "100000",
        "services": [world["service"].pk],
        "contract_manager": world["users"][Role.OFFICER].pk,
        "notice_period_months": "3",
        **date_input("start_date", "2026-04-01"),
        **date_input("end_date", "2029-03-31"),
    }
    data.update(changes)
    return data


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "contracts:create":
        return form_data(world, form_token=str(uuid.uuid4()))
    if route == "contracts:edit":
        return form_data(world, title="Renamed by the matrix", provider=target.provider_id, published="on")
    return {"reason": "Matrix"}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    if route == "contracts:create":
        made = Contract.objects.latest("pk")
        assert (made.title, made.reference, made.cpv_codes) == ("Matrix contract", "CON-2026-001", "85311000-2")
        assert list(made.services.all()) == [world["service"]]
        assert made.history.latest().history_user == user
        return reverse("contracts:detail", args=[made.pk])
    fresh = Contract.objects.get(pk=target.pk)
    if route == "contracts:edit":
        assert fresh.title == "Renamed by the matrix"
    elif route == "contracts:archive":
        assert fresh.is_archived
        assert fresh.archive_reason == "Matrix"
    else:
        assert not fresh.is_archived
    assert fresh.history.count() == target.history.count()
    assert Contract.history.count() == before["history"] + 1
    return reverse("contracts:detail", args=[fresh.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()
