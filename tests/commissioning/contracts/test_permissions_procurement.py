"""Who may do what with procurements, bids and grant awards: every route, every role (and anonymous), every state.

Columns: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner.
The provider column is the OTHER bidder's contact (Second Care Ltd): they see the procurements they bid in and their
own bid's scores after the award ("own_awarded"), never the first bidder's scores ("first_open", "first_awarded").
States: planning (unpublished, no bids), open (unpublished, every bid scored), awarded (published, contract made).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from commissioning.contracts.models import Bid, EvaluationCriterion, GrantAward, Lot, Procurement, Score
from commissioning.core.permissions import Role
from tests import matrix
from tests.commissioning.contracts import procurement_world
from tests.dates import date_input
from tests.matrix import DENIED, DONE, HIDDEN, LOGIN, OK

ALL = (OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)
INSIDE = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
BIDDER_SEES = (HIDDEN, OK, OK, OK, OK, OK, OK, OK, OK, OK, HIDDEN)
LIST = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
EDIT_GET = (LOGIN, OK, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
EDIT_POST = (LOGIN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HIDDEN_EDIT_GET = (HIDDEN, OK, DENIED, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
HIDDEN_EDIT_POST = (HIDDEN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
BIDDER_EDIT_GET = (HIDDEN, OK, DENIED, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN)
BIDDER_EDIT_POST = (HIDDEN, DONE, DENIED, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN)
NOBODY = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HISTORY = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
SCORES_INSIDE = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
OWN_SCORES = (HIDDEN, OK, OK, OK, OK, OK, OK, OK, OK, OK, HIDDEN)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                           method  state            outcomes
    ("contracts:procurements",        "GET",  "-",             LIST),
    ("contracts:procurement-create",  "GET",  "-",             EDIT_GET),
    ("contracts:procurement-create",  "POST", "-",             EDIT_POST),
    ("contracts:procurement",         "GET",  "planning",      INSIDE),
    ("contracts:procurement",         "GET",  "open",          BIDDER_SEES),
    ("contracts:procurement",         "GET",  "awarded",       ALL),
    ("contracts:procurement-edit",    "GET",  "planning",      HIDDEN_EDIT_GET),
    ("contracts:procurement-edit",    "POST", "planning",      HIDDEN_EDIT_POST),
    ("contracts:procurement-edit",    "POST", "open",          BIDDER_EDIT_POST),
    ("contracts:lot-create",          "GET",  "planning",      HIDDEN_EDIT_GET),
    ("contracts:lot-create",          "POST", "planning",      HIDDEN_EDIT_POST),
    ("contracts:lot-create",          "POST", "awarded",       NOBODY),
    ("contracts:criteria",            "GET",  "planning",      HIDDEN_EDIT_GET),
    ("contracts:criteria",            "POST", "planning",      HIDDEN_EDIT_POST),
    ("contracts:criteria",            "POST", "awarded",       NOBODY),
    ("contracts:bid-create",          "GET",  "planning",      HIDDEN_EDIT_GET),
    ("contracts:bid-create",          "POST", "planning",      HIDDEN_EDIT_POST),
    ("contracts:bid-create",          "POST", "awarded",       NOBODY),
    ("contracts:bid",                 "GET",  "first_open",    SCORES_INSIDE),
    ("contracts:bid",                 "POST", "first_open",    HIDDEN_EDIT_POST),
    ("contracts:bid",                 "GET",  "first_awarded", SCORES_INSIDE),
    ("contracts:bid",                 "GET",  "own_awarded",   OWN_SCORES),
    ("contracts:award",               "GET",  "open",          BIDDER_EDIT_GET),
    ("contracts:award",               "POST", "open",          BIDDER_EDIT_POST),
    ("contracts:award",               "POST", "awarded",       NOBODY),
    ("contracts:ocds",                "GET",  "planning",      INSIDE),
    ("contracts:ocds",                "GET",  "awarded",       ALL),
    ("contracts:procurement-history", "GET",  "awarded",       HISTORY),
    ("contracts:grant-create",        "GET",  "-",             EDIT_GET),
    ("contracts:grant-create",        "POST", "-",             EDIT_POST),
    ("contracts:grant",               "GET",  "published",     ALL),
]
# fmt: on

world = matrix.world_fixture(procurement_world.build)


def snapshot() -> dict[str, Any]:
    return {
        "procurements": list(Procurement.objects.order_by("pk").values_list("pk", "title", "contract_id")),
        "lots": Lot.objects.count(),
        "criteria": list(EvaluationCriterion.objects.order_by("pk").values_list("pk", "name", "weight")),
        "bids": Bid.objects.count(),
        "scores": list(Score.objects.order_by("pk").values_list("pk", "score")),
        "grants": GrantAward.objects.count(),
        "history": Procurement.history.count(),
    }


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if route == "contracts:bid":
        return Bid.objects.get(pk=world["bids"][state].pk)
    if route == "contracts:grant":
        return world["grant"]
    return Procurement.objects.get(pk=world["procurements"][state].pk)


def _details(world: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "title": "Matrix procurement",
        "directorate": world["directorate"].pk,
        "lead": world["users"][Role.OFFICER].pk,
        "procedure": "open",
        "estimated_value": "£1,000,000",
        **date_input("tender_start", "2026-09-01"),
        **date_input("tender_end", "2026-10-01"),
        **changes,
    }


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    token = {"form_token": str(uuid.uuid4())}
    if route == "contracts:procurement-create":
        return _details(world, decision=world["adopting"].pk, **token)
    if route == "contracts:procurement-edit":
        return _details(world, title="Renamed by the matrix")
    if route == "contracts:lot-create":
        return {"title": "North", **token}
    if route == "contracts:criteria":
        return {
            "name_1": "Quality",
            "kind_1": "quality",
            "weight_1": "70",
            "name_2": "Price",
            "kind_2": "price",
            "weight_2": "30",
        }
    if route == "contracts:bid-create":
        return {"bidder": world["first"].pk, **token}
    if route == "contracts:bid":
        return {f"score_{c.pk}": "10" for c in EvaluationCriterion.objects.filter(procurement=target.procurement)}
    if route == "contracts:award":
        return {
            "bid": world["bids"]["in_house_open"].pk,
            "decision": world["award_decision"].pk,
            "total_value": "3000000",
            "annual_value": "1000000",
            **date_input("start_date", "2027-04-01"),
            **date_input("end_date", "2030-03-31"),
        }
    if route == "contracts:grant-create":
        return {
            "title": "Befriending",
            "purpose": "Befriending for isolated residents",
            "amount": "15000",
            **date_input("start_date", "2026-04-01"),
            **date_input("end_date", "2027-03-31"),
            "recipient": world["charity"].pk,
            "directorate": world["directorate"].pk,
            "manager": world["users"][Role.OFFICER].pk,
            "decision": world["award_decision"].pk,
            "published": "on",
            **token,
        }
    return {}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    if route == "contracts:procurement-create":
        made = Procurement.objects.latest("pk")
        assert (made.title, made.adopting_decision, made.option_id) == (
            "Matrix procurement",
            world["adopting"],
            world["adopting"].adopted_option_id,
        )
        assert made.ocid == f"ocds-000000-{made.reference}"
        return reverse("contracts:procurement", args=[made.pk])
    if route == "contracts:grant-create":
        made = GrantAward.objects.latest("pk")
        assert (made.contract.kind, made.contract.provider) == ("grant", world["charity"])
        return reverse("contracts:grant", args=[made.pk])
    if route == "contracts:bid":
        assert set(Score.objects.filter(bid=target).values_list("score", flat=True)) == {10}
        return reverse("contracts:procurement", args=[target.procurement_id])
    fresh = Procurement.objects.get(pk=target.pk)
    if route == "contracts:procurement-edit":
        assert fresh.title == "Renamed by the matrix"
    elif route == "contracts:lot-create":
        assert list(fresh.lots.values_list("number", "title")) == [(1, "North")]
    elif route == "contracts:criteria":
        assert [
            (c.name, c.weight) for c in EvaluationCriterion.objects.filter(procurement=fresh, archived_at__isnull=True)
        ] == [
            ("Quality", 70),
            ("Price", 30),
        ]
    elif route == "contracts:bid-create":
        made = Bid.objects.latest("pk")
        assert (made.procurement, made.bidder) == (fresh, world["first"])
        return reverse("contracts:bid", args=[made.pk])
    elif route == "contracts:award":
        assert fresh.contract.kind == "in_house"  # the in-house bid ranked first
        assert fresh.contract.decision == world["award_decision"]
        assert fresh.winner_id == world["bids"]["in_house_open"].pk
    return reverse("contracts:procurement", args=[fresh.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()
