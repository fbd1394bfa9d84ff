"""Who may do what with categories and decommissioning: every route, every role (and anonymous), every state.

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

States: category (a council category); proposed (a decommissioning with no decision yet), decided_draft (decided by
a decision still in draft: not on the public register), published (decided by a published decision: on it).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from commissioning.contracts.models import Category, Decommissioning, MonitoringNote, TransitionStep
from commissioning.core.permissions import Role
from commissioning.governance.models import DecisionStatus
from tests import matrix
from tests.commissioning.governance.factories import DecisionFactory
from tests.dates import date_input
from tests.factories import ContractFactory, DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

ALL = (OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)
INSIDE = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
INSIDE_LIST = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
CAT_GET = (LOGIN, OK, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
CAT_POST = (LOGIN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
CAT_EDIT_GET = (HIDDEN, OK, DENIED, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
CAT_EDIT_POST = (HIDDEN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
DCM_GET = (LOGIN, OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
DCM_POST = (LOGIN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
DCM_EDIT_GET = (HIDDEN, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
DCM_EDIT_POST = (HIDDEN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
HISTORY_PUBLIC = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
SECTIONS = ("edit", "edit-evidence", "edit-eia", "edit-consultation", "edit-notice", "edit-workforce")
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                                       method  state            outcomes
    ("contracts:category-list",                   "GET",  "-",             INSIDE_LIST),
    ("contracts:category-mine",                   "GET",  "-",             INSIDE_LIST),
    ("contracts:category-create",                 "GET",  "-",             CAT_GET),
    ("contracts:category-create",                 "POST", "-",             CAT_POST),
    ("contracts:category-detail",                 "GET",  "category",      INSIDE),
    ("contracts:category-edit",                   "GET",  "category",      CAT_EDIT_GET),
    ("contracts:category-edit",                   "POST", "category",      CAT_EDIT_POST),
    ("contracts:decommissioning-list",            "GET",  "-",             ALL),
    ("contracts:decommissioning-create",          "GET",  "-",             DCM_GET),
    ("contracts:decommissioning-create",          "POST", "-",             DCM_POST),
    ("contracts:decommissioning-detail",          "GET",  "proposed",      INSIDE),
    ("contracts:decommissioning-detail",          "GET",  "decided_draft", INSIDE),
    ("contracts:decommissioning-detail",          "GET",  "published",     ALL),
    *[(f"contracts:decommissioning-{s}",          "GET",  "proposed",      DCM_EDIT_GET) for s in SECTIONS],
    *[(f"contracts:decommissioning-{s}",          "POST", "proposed",      DCM_EDIT_POST) for s in SECTIONS],
    ("contracts:decommissioning-edit",            "GET",  "published",     DCM_GET),
    ("contracts:decommissioning-decide",          "GET",  "proposed",      DCM_EDIT_GET),
    ("contracts:decommissioning-decide",          "POST", "proposed",      DCM_EDIT_POST),
    ("contracts:decommissioning-step-create",     "GET",  "proposed",      DCM_EDIT_GET),
    ("contracts:decommissioning-step-create",     "POST", "proposed",      DCM_EDIT_POST),
    ("contracts:decommissioning-note-create",     "GET",  "published",     DCM_GET),
    ("contracts:decommissioning-note-create",     "POST", "published",     DCM_POST),
    ("contracts:decommissioning-history",         "GET",  "proposed",      INSIDE),
    ("contracts:decommissioning-history",         "GET",  "published",     HISTORY_PUBLIC),
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
    directorate = DirectorateFactory(name="Adults", code="ADL")
    service = ServiceFactory(reference="ADL-001", name="Day centre", directorate=directorate)
    contract = ContractFactory(
        reference="CON-2025-001", provider=OrganisationFactory(name="Other Care Ltd"), services=[service]
    )
    officer = users[Role.OFFICER]
    category = Category.objects.create(code="SOC-01", name="Adult social care", covers="85311", manager=officer)
    draft = DecisionFactory(title="Close the day centre (draft)")
    published = DecisionFactory(title="Close the day centre", status=DecisionStatus.PUBLISHED)

    def record(reference: str, **fields: Any) -> Decommissioning:
        return Decommissioning.objects.create(
            reference=reference,
            title=f"Day centre {reference}",
            service=service,
            contract=contract,
            lead=officer,
            **fields,
        )

    records = {
        "proposed": record("DCM-2026-001"),
        "decided_draft": record("DCM-2026-002", status="decided", decision=draft),
        "published": record("DCM-2026-003", status="decided", decision=published),
    }
    return {
        "users": users,
        "category": category,
        "records": records,
        "service": service,
        "decision": published,
    }


world = matrix.world_fixture(_build_world)


def snapshot() -> dict[str, Any]:
    return {
        "categories": list(Category.objects.order_by("pk").values_list("pk", "name", "updated_at")),
        "records": list(Decommissioning.objects.order_by("pk").values_list("pk", "title", "status", "updated_at")),
        "steps": TransitionStep.objects.count(),
        "notes": MonitoringNote.objects.count(),
        "history": Decommissioning.history.count(),
    }


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if state == "category":
        return Category.objects.get(pk=world["category"].pk)
    return Decommissioning.objects.get(pk=world["records"][state].pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    token = {"form_token": str(uuid.uuid4())}
    officer = world["users"][Role.OFFICER].pk
    name = route.split(":")[1]
    if name == "category-create":
        return {**token, "kind": "council", "code": "ENV-01", "name": "Environment", "covers": "90", "manager": officer}
    if name == "category-edit":
        return {"kind": "council", "code": "SOC-01", "name": "Renamed by the matrix", "covers": "85311, 85312"}
    if name == "decommissioning-create":
        return {**token, "title": "Matrix decommissioning", "service": world["service"].pk, "lead": officer}
    if name == "decommissioning-edit":
        return {"title": "Renamed by the matrix", "lead": officer}
    if name == "decommissioning-edit-evidence":
        return {"evidence_outcomes": "Renamed by the matrix"}
    if name == "decommissioning-edit-eia":
        return {"eia_summary": "Renamed by the matrix"}
    if name == "decommissioning-edit-consultation":
        return {"consultation_summary": "Renamed by the matrix", **date_input("consultation_start", "2026-01-05")}
    if name == "decommissioning-edit-notice":
        return {**date_input("notice_given_on", "2026-01-05"), **date_input("service_ends_on", "2027-01-05")}
    if name == "decommissioning-edit-workforce":
        return {"tupe": "applies", "staff_affected": "12"}
    if name == "decommissioning-decide":
        return {"decision": world["decision"].pk}
    if name == "decommissioning-step-create":
        return {
            **token,
            "description": "Review each plan",
            "owner": "Reviewing team",
            **date_input("due_on", "2027-01-01"),
        }
    return {**token, "note": "All well", **date_input("noted_on", "2027-02-01")}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    name = route.split(":")[1]
    if name == "category-create":
        made = Category.objects.get(code="ENV-01")
        assert made.history.latest().history_user == user
        return reverse("contracts:category-detail", args=[made.pk])
    if name == "category-edit":
        assert Category.objects.get(pk=target.pk).name == "Renamed by the matrix"
        return reverse("contracts:category-detail", args=[target.pk])
    if name == "decommissioning-create":
        made = Decommissioning.objects.latest("pk")
        assert made.title == "Matrix decommissioning"
        assert made.history.latest().history_user == user
        return reverse("contracts:decommissioning-detail", args=[made.pk])
    fresh = Decommissioning.objects.get(pk=target.pk)
    if name == "decommissioning-step-create":
        assert TransitionStep.objects.count() == before["steps"] + 1
    elif name == "decommissioning-note-create":
        assert fresh.notes.get().author == user
    elif name == "decommissioning-decide":
        assert (fresh.status, fresh.decision_id) == ("decided", world["decision"].pk)
    elif name == "decommissioning-edit-notice":
        assert fresh.notice_given_on is not None
    elif name == "decommissioning-edit-workforce":
        assert (fresh.tupe, fresh.staff_affected) == ("applies", 12)
    else:
        assert "Renamed by the matrix" in (
            fresh.title + fresh.evidence_outcomes + fresh.eia_summary + fresh.consultation_summary
        )
    assert Decommissioning.history.count() == before["history"] + (0 if name.endswith("create") else 1)
    return reverse("contracts:decommissioning-detail", args=[fresh.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()
