"""Who may do what with KPIs, returns and assessments: every route, every role (and anonymous).

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

The provider column is the WRONG provider: a contact of another organisation, trying every page of Own Care's
contract (published, so on the public register): each is refused as not found. The right provider (Own Care's contact)
has its own test below. States: ext (Own Care's contract, worth £6m with two KPIs), kpi, due (a return due), submitted,
query (an open query), evidence, draft (a draft assessment), rating (one of its ratings), in_house (an in-house plan
with a KPI and no assessment), ih_due (its return due, submitted by an officer).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commissioning.contracts import actions_returns as act
from commissioning.contracts import selectors_returns
from commissioning.contracts.models import (
    Assessment,
    Kpi,
    KpiExemption,
    KpiRating,
    PerformanceFailure,
    PerformanceReturn,
    ReturnQuery,
    ReturnValue,
)
from commissioning.core.permissions import Role
from tests import matrix
from tests.dates import date_input
from tests.factories import ContractFactory, OrganisationFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

VIEW = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
MANAGE_GET = (HIDDEN, OK, DENIED, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
MANAGE_POST = (HIDDEN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
SUBMIT_EXTERNAL = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
SUBMIT_IN_HOUSE_GET = (HIDDEN, OK, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
SUBMIT_IN_HOUSE_POST = (HIDDEN, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    ("contracts:returns",            "GET",  "-",         (LOGIN, OK, OK, OK, OK, OK, OK, OK, OK, OK, DENIED)),
    ("contracts:returns-export-csv", "GET",  "-",         (LOGIN, OK, OK, OK, OK, OK, OK, OK, OK, OK, DENIED)),
    ("contracts:returns-export-xlsx", "GET", "-",         (LOGIN, OK, OK, OK, OK, OK, OK, OK, OK, OK, DENIED)),
    ("contracts:kpis",               "GET",  "ext",       VIEW),
    ("contracts:kpis",               "GET",  "in_house",  VIEW),
    ("contracts:kpi-create",         "GET",  "ext",       MANAGE_GET),
    ("contracts:kpi-create",         "POST", "ext",       MANAGE_POST),
    ("contracts:kpi-edit",           "GET",  "kpi",       MANAGE_GET),
    ("contracts:kpi-edit",           "POST", "kpi",       MANAGE_POST),
    ("contracts:kpi-exemption",      "GET",  "ext",       MANAGE_GET),
    ("contracts:kpi-exemption",      "POST", "ext",       MANAGE_POST),
    ("contracts:contract-returns",   "GET",  "ext",       VIEW),
    ("contracts:return",             "GET",  "due",       VIEW),
    ("contracts:return",             "GET",  "submitted", VIEW),
    ("contracts:return-submit",      "GET",  "due",       SUBMIT_EXTERNAL),
    ("contracts:return-submit",      "POST", "due",       SUBMIT_EXTERNAL),
    ("contracts:return-submit",      "GET",  "ih_due",    SUBMIT_IN_HOUSE_GET),
    ("contracts:return-submit",      "POST", "ih_due",    SUBMIT_IN_HOUSE_POST),
    ("contracts:return-accept",      "POST", "submitted", MANAGE_POST),
    ("contracts:return-query",       "GET",  "submitted", MANAGE_GET),
    ("contracts:return-query",       "POST", "submitted", MANAGE_POST),
    ("contracts:query-answer",       "GET",  "query",     SUBMIT_EXTERNAL),
    ("contracts:query-answer",       "POST", "query",     SUBMIT_EXTERNAL),
    ("contracts:return-evidence",    "GET",  "evidence",  VIEW),
    ("contracts:assessments",        "GET",  "ext",       VIEW),
    ("contracts:assessment-draft",   "POST", "in_house",  MANAGE_POST),
    ("contracts:assessment",         "GET",  "draft",     VIEW),
    ("contracts:rating-change",      "GET",  "rating",    MANAGE_GET),
    ("contracts:rating-change",      "POST", "rating",    MANAGE_POST),
    ("contracts:assessment-confirm", "POST", "draft",     MANAGE_POST),
    ("contracts:failure-create",     "GET",  "ext",       MANAGE_GET),
    ("contracts:failure-create",     "POST", "ext",       MANAGE_POST),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
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
    start, end = dt.date(2025, 4, 1), dt.date(2028, 3, 31)
    ext = ContractFactory(
        reference="CON-2025-101",
        provider=own,
        contract_manager=officer,
        start_date=start,
        end_date=end,
        total_value=Decimal("6000000"),
        published=True,
    )
    in_house = ContractFactory(
        reference="IHP-2025-101",
        in_house=True,
        contract_manager=officer,
        start_date=start,
        end_date=end,
        published=False,
    )

    def kpi(contract: Any, name: str) -> Kpi:
        details = act.KpiDetails(name=name, unit="number", target=Decimal("10"), tolerance=Decimal("2"))
        return act.kpi_create(contract=contract, details=details, by=officer)

    kpis = [kpi(ext, "Visits on time"), kpi(ext, "Complaints")]
    ih_kpi = kpi(in_house, "Meals delivered")
    returns = {r.period: r for r in ext.returns.all()}

    def submit(ret: Any, evidence: Any = ()) -> Any:
        values = {k.pk: Decimal("9") for k in kpis}
        return act.return_submit(ret=ret, values=values, workforce=act.Workforce(), evidence=evidence, by=right)

    pdf = SimpleUploadedFile("rota.pdf", b"%PDF-1.4 rota", content_type="application/pdf")
    submitted = submit(returns["2025/26 Q1"], evidence=[pdf])
    queried = submit(returns["2025/26 Q2"])
    query = act.return_query(ret=queried, kpi=kpis[0], question="Why 9?", by=officer)
    draft = act.assessment_draft(contract=ext, by=officer)
    return {
        "users": users,
        "right": right,
        "records": {
            "ext": ext,
            "in_house": in_house,
            "kpi": kpis[0],
            "due": returns["2025/26 Q3"],
            "submitted": submitted,
            "query": query,
            "evidence": submitted.evidence.get(),
            "draft": draft,
            "rating": draft.ratings.order_by("pk").first(),
            "ih_due": in_house.returns.get(period="2025/26 Q1"),
        },
        "ih_kpi": ih_kpi,
    }


world = matrix.world_fixture(_build_world, temporary_media=True)


def snapshot() -> dict[str, Any]:
    return {
        "kpis": list(Kpi.objects.order_by("pk").values_list("pk", "name", "target")),
        "returns": list(PerformanceReturn.objects.order_by("pk").values_list("pk", "status")),
        "values": ReturnValue.objects.count(),
        "queries": list(ReturnQuery.objects.order_by("pk").values_list("pk", "answer")),
        "assessments": list(Assessment.objects.order_by("pk").values_list("pk", "status")),
        "ratings": list(KpiRating.objects.order_by("pk").values_list("pk", "rating", "reason")),
        "failures": PerformanceFailure.objects.count(),
        "exemptions": KpiExemption.objects.count(),
        "history": PerformanceReturn.history.count() + Kpi.history.count() + KpiRating.history.count(),
    }


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    record = world["records"][state]
    return type(record).objects.get(pk=record.pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    token = {"form_token": str(uuid.uuid4())}
    kpi = {"unit": "number", "target": "12", "tolerance": "1", "higher_is_better": "1", "frequency": "quarterly"}
    if route == "contracts:kpi-create":
        return {"name": "Matrix KPI", **kpi, **token}
    if route == "contracts:kpi-edit":
        return {"name": "Renamed KPI", **kpi}
    if route == "contracts:kpi-exemption":
        return {"reason": "Two KPIs cover the whole service"}
    if route == "contracts:return-submit":
        kpis = [world["ih_kpi"]] if target.contract.kind == "in_house" else list(target.contract.kpis.all())
        return {f"kpi_{k.pk}": "11" for k in kpis}
    if route == "contracts:return-query":
        return {"kpi": str(world["records"]["kpi"].pk), "question": "Please explain"}
    if route == "contracts:query-answer":
        return {"answer": "Explained"}
    if route == "contracts:rating-change":
        return {"rating": "inadequate", "reason": "Matrix reason"}
    if route == "contracts:failure-create":
        return {
            "requirement": "Matrix requirement",
            "description": "Missed",
            **date_input("decision_date", "2025-10-01"),
            **token,
        }
    return {}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    records = world["records"]
    if route in ("contracts:kpi-create", "contracts:kpi-exemption"):
        made = Kpi.objects.filter(name="Matrix KPI").first()
        assert made is not None or KpiExemption.objects.filter(contract=target).exists()
        return reverse("contracts:kpis", args=[target.pk])
    if route == "contracts:kpi-edit":
        assert Kpi.objects.get(pk=target.pk).name == "Renamed KPI"
        return reverse("contracts:kpis", args=[target.contract_id])
    if route in ("contracts:return-submit", "contracts:return-accept", "contracts:return-query"):
        fresh = PerformanceReturn.objects.get(pk=target.pk)
        expected = {
            "contracts:return-submit": "submitted",
            "contracts:return-accept": "accepted",
            "contracts:return-query": "queried",
        }[route]
        assert fresh.status == expected
        return reverse("contracts:return", args=[target.pk])
    if route == "contracts:assessment-draft":
        made = Assessment.objects.filter(contract=target).get()
        assert made.history.latest().history_user == user
        return reverse("contracts:assessment", args=[made.pk])
    if route == "contracts:rating-change":
        assert KpiRating.objects.get(pk=target.pk).reason == "Matrix reason"
        return reverse("contracts:assessment", args=[target.assessment_id])
    if route == "contracts:assessment-confirm":
        assert Assessment.objects.get(pk=target.pk).is_confirmed
        return reverse("contracts:assessment", args=[target.pk])
    if route == "contracts:failure-create":
        assert PerformanceFailure.objects.get().requirement == "Matrix requirement"
        return reverse("contracts:assessments", args=[records["ext"].pk])
    raise AssertionError(route)


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


@pytest.mark.django_db
def test_the_right_provider_sees_and_submits_their_own_returns_only(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["right"])
    records = world["records"]
    for route, record in (
        ("contracts:kpis", records["ext"]),
        ("contracts:contract-returns", records["ext"]),
        ("contracts:assessments", records["ext"]),
        ("contracts:return", records["due"]),
        ("contracts:return-submit", records["due"]),
        ("contracts:query-answer", records["query"]),
        ("contracts:assessment", records["draft"]),
        ("contracts:return-evidence", records["evidence"]),
    ):
        assert client.get(reverse(route, args=[record.pk])).status_code == OK, route
    assert client.get(reverse("contracts:returns")).status_code == OK
    export = b"".join(client.get(reverse("contracts:returns-export-csv")).streaming_content).decode("utf-8-sig")
    assert "CON-2025-101" in export
    wrong = Client()
    wrong.force_login(world["users"][Role.PROVIDER])
    export = b"".join(wrong.get(reverse("contracts:returns-export-csv")).streaming_content).decode("utf-8-sig")
    assert export.splitlines() == [",".join(f'"{h}"' if "," in h else h for h in selectors_returns.EXPORT_HEADERS)]
    for route, record in (
        ("contracts:kpi-create", records["ext"]),
        ("contracts:return-query", records["submitted"]),
        ("contracts:rating-change", records["rating"]),
    ):
        assert client.get(reverse(route, args=[record.pk])).status_code == DENIED, route
    assert client.get(reverse("contracts:kpis", args=[records["in_house"].pk])).status_code == HIDDEN
    response = client.post(
        reverse("contracts:query-answer", args=[records["query"].pk]),
        {"answer": "Two visits were cancelled", "corrected_value": "10"},
    )
    assert response.status_code == 302
    query = ReturnQuery.objects.get(pk=records["query"].pk)
    assert (query.answer, query.corrected_value) == ("Two visits were cancelled", Decimal("10"))
    data = {f"kpi_{k.pk}": "10" for k in records["ext"].kpis.all()}
    assert client.post(reverse("contracts:return-submit", args=[records["due"].pk]), data).status_code == 302
    assert PerformanceReturn.objects.get(pk=records["due"].pk).status == "submitted"
    again = client.post(reverse("contracts:return-submit", args=[records["due"].pk]), data, follow=True)
    assert "is locked: it cannot be changed" in again.content.decode()
