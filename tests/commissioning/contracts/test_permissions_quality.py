"""Who may see quality triangulation and record its records: every route, every role (and anonymous).

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

The provider column is the WRONG provider: a contact of another organisation trying every page of Own Care's (and
the council's in-house plan's): each is not found. The right provider (Own Care's contact) has its own test below.
States: own (Own Care Ltd, the organisation), ext (its published contract), home (the council itself), in_house (an
in-house plan).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.contracts.models import FinancialHealthNote, InspectionRating, SafeguardingConcern
from commissioning.core.permissions import Role
from tests import matrix
from tests.dates import date_input
from tests.factories import ContractFactory, OrganisationFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

VIEW = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
RECORD_GET = (HIDDEN, OK, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
RECORD_POST = (HIDDEN, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
INTERNAL = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    ("contracts:provider-quality",      "GET",  "own",      VIEW),
    ("contracts:provider-quality",      "GET",  "home",     VIEW),
    ("contracts:quality",               "GET",  "ext",      VIEW),
    ("contracts:quality",               "GET",  "in_house", VIEW),
    ("contracts:quality-compare",       "GET",  "-",        INTERNAL),
    ("contracts:inspection-create",     "GET",  "own",      RECORD_GET),
    ("contracts:inspection-create",     "POST", "own",      RECORD_POST),
    ("contracts:concern-create",        "GET",  "own",      RECORD_GET),
    ("contracts:concern-create",        "POST", "own",      RECORD_POST),
    ("contracts:financial-note-create", "GET",  "own",      RECORD_GET),
    ("contracts:financial-note-create", "POST", "own",      RECORD_POST),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    home = OrganisationFactory(council=True)
    own = OrganisationFactory(name="Own Care Ltd")
    other = OrganisationFactory(name="Other Care Ltd")
    users = {
        role: UserFactory(
            username=role, role=role, is_staff=role == Role.ADMIN, organisation=other if role == Role.PROVIDER else None
        )
        for role in COLUMNS
        if role is not None
    }
    right = UserFactory(username="right-provider", role=Role.PROVIDER, organisation=own)
    officer = users[Role.OFFICER]
    ext = ContractFactory(reference="CON-2025-201", provider=own, contract_manager=officer, published=True)
    in_house = ContractFactory(reference="IHP-2025-201", in_house=True, contract_manager=officer)
    InspectionRating.objects.create(
        organisation=own, inspectorate="cqc", inspected_on=dt.date(2025, 1, 10), overall="good", safe="good"
    )
    return {
        "users": users,
        "right": right,
        "records": {"own": own, "home": home, "ext": ext, "in_house": in_house},
    }


world = matrix.world_fixture(_build_world)


def snapshot() -> dict[str, Any]:
    return {
        "inspections": InspectionRating.objects.count(),
        "concerns": SafeguardingConcern.objects.count(),
        "notes": FinancialHealthNote.objects.count(),
        "history": InspectionRating.history.count()
        + SafeguardingConcern.history.count()
        + FinancialHealthNote.history.count(),
    }


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    record = world["records"][state]
    return type(record).objects.get(pk=record.pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    token = {"form_token": str(uuid.uuid4())}
    if route == "contracts:inspection-create":
        return {
            "inspectorate": "cqc",
            "overall": "requires_improvement",
            **date_input("inspected_on", "2025-06-01"),
            **token,
        }
    if route == "contracts:concern-create":
        return {
            "category": "neglect",
            "status": "open",
            "substantiated": "on",
            **date_input("raised_on", "2025-06-01"),
            **token,
        }
    if route == "contracts:financial-note-create":
        return {"risk": "high", "note": "Going concern doubt", **date_input("noted_on", "2025-06-01"), **token}
    return {}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    model = {
        "contracts:inspection-create": InspectionRating,
        "contracts:concern-create": SafeguardingConcern,
        "contracts:financial-note-create": FinancialHealthNote,
    }[route]
    made = model.objects.order_by("-pk").first()
    assert made is not None
    assert made.organisation_id == target.pk
    assert made.history.latest().history_user == user
    return reverse("contracts:provider-quality", args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


@pytest.mark.django_db
def test_the_right_provider_sees_their_own_quality_only(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["right"])
    records = world["records"]
    assert client.get(reverse("contracts:provider-quality", args=[records["own"].pk])).status_code == 200
    assert client.get(reverse("contracts:quality", args=[records["ext"].pk])).status_code == 200
    assert client.get(reverse("contracts:provider-quality", args=[records["home"].pk])).status_code == 404
    assert client.get(reverse("contracts:quality", args=[records["in_house"].pk])).status_code == 404
    assert client.get(reverse("contracts:quality-compare")).status_code == 403
    assert client.get(reverse("contracts:inspection-create", args=[records["own"].pk])).status_code == 403
