"""Who may do what with risks: every route, every role (and anonymous), every state (ADR 0033).

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

In the world (risk_world.py) the officer owns "published" (a published corporate risk, with an action) and
"unpublished" (an unpublished review risk) and "contract" (an unpublished contract risk); the finance officer owns
"other" (published, corporate). The council's staff see every risk; scrutiny and councillors the published ones;
providers, partners and the public none (404 on a risk's pages). A risk's owner, any director and an administrator
change it; only a review or contract risk is escalated. "by contract" adds a contract risk by the contract's
reference.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone

from commissioning.risks.models import Control, Level, Risk, RiskAction, RiskReview
from tests import matrix
from tests.commissioning.risks.risk_world import CONTRACT_REFERENCE, build_with_contract, form_scores, risk_post
from tests.dates import date_input
from tests.matrix import DENIED, DONE, HIDDEN, LOGIN, NO_VERB, OK

# fmt: off
READERS = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
SEE_ALL = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
SEE_STAFF = (HIDDEN, OK, OK, OK, OK, HIDDEN, HIDDEN, HIDDEN, OK, OK, HIDDEN)
HISTORY = (HIDDEN, OK, OK, OK, OK, DENIED, DENIED, HIDDEN, OK, OK, HIDDEN)
OWNER_GET = (HIDDEN, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN, OK, DENIED, HIDDEN)
OWNER_POST = (HIDDEN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, HIDDEN, DONE, DENIED, HIDDEN)
OTHER_GET = (HIDDEN, DENIED, OK, OK, DENIED, DENIED, DENIED, HIDDEN, OK, DENIED, HIDDEN)
OTHER_POST = (HIDDEN, DENIED, DONE, DONE, DENIED, DENIED, DENIED, HIDDEN, DONE, DENIED, HIDDEN)
ESCALATE_GET = (HIDDEN, OK, OK, DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, OK, DENIED, HIDDEN)
ESCALATE_POST = (HIDDEN, DONE, DONE, DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, DONE, DENIED, HIDDEN)
NOT_ESCALATED = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
NOBODY = (NO_VERB,) * 11

MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                  method  state          anon ... partner
    ("risks:list",           "GET",  "-",           READERS),
    ("risks:export-csv",     "GET",  "-",           READERS),
    ("risks:heat-map",       "GET",  "-",           READERS),
    ("risks:create",         "GET",  "-",           (LOGIN, OK, OK, OK, DENIED, DENIED, DENIED, DENIED, OK, DENIED, DENIED)),
    ("risks:create",         "POST", "-",           (LOGIN, DONE, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DONE, DENIED, DENIED)),
    ("risks:create",         "POST", "by contract", (LOGIN, DONE, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DONE, DENIED, DENIED)),
    ("risks:detail",         "GET",  "contract",    SEE_STAFF),
    ("risks:detail",         "GET",  "published",   SEE_ALL),
    ("risks:detail",         "GET",  "unpublished", SEE_STAFF),
    ("risks:history",        "GET",  "published",   HISTORY),
    ("risks:scores",         "GET",  "published",   HISTORY),
    ("risks:edit",           "GET",  "published",   OWNER_GET),
    ("risks:edit",           "POST", "published",   OWNER_POST),
    ("risks:edit",           "GET",  "other",       OTHER_GET),
    ("risks:edit",           "POST", "other",       OTHER_POST),
    ("risks:control-create",    "GET",  "published",   OWNER_GET),
    ("risks:control-create",    "POST", "published",   OWNER_POST),
    ("risks:action-create",     "GET",  "published",   OWNER_GET),
    ("risks:action-create",     "POST", "published",   OWNER_POST),
    ("risks:review-record",         "GET",  "published",   OWNER_GET),
    ("risks:review-record",         "POST", "published",   OWNER_POST),
    ("risks:escalate",       "GET",  "unpublished", ESCALATE_GET),
    ("risks:escalate",       "POST", "unpublished", ESCALATE_POST),
    ("risks:escalate",       "GET",  "published",   NOT_ESCALATED),
    ("risks:escalate",       "GET",  "contract",    ESCALATE_GET),
    ("risks:escalate",       "POST", "contract",    ESCALATE_POST),
    ("risks:action-done",    "POST", "action",      OWNER_POST),
    ("risks:action-done",    "GET",  "action",      NOBODY),
]
# fmt: on

world = matrix.world_fixture(build_with_contract)


def snapshot() -> dict[str, Any]:
    return {
        "risks": list(Risk.objects.order_by("pk").values_list("pk", "level", "title", "next_review_on", "updated_at")),
        "controls": Control.objects.count(),
        "actions": list(RiskAction.objects.order_by("pk").values_list("pk", "done_on")),
        "reviews": RiskReview.objects.count(),
        "risk_history": Risk.history.count(),
    }


BY_CONTRACT = "by contract"


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == BY_CONTRACT:
        return BY_CONTRACT  # no record: the row's POST names the contract by its reference
    if state == "action":
        return RiskAction.objects.get(pk=world["action"].pk)
    if state in world["risks"]:
        return Risk.objects.get(pk=world["risks"][state].pk)
    return None


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    token = {"form_token": str(uuid.uuid4())}
    if route == "risks:create" and target == BY_CONTRACT:
        return risk_post(world, level=Level.CONTRACT, contract=CONTRACT_REFERENCE.lower())
    if route == "risks:create":
        return risk_post(world)
    if route == "risks:edit":
        data = risk_post(world, title="Renamed", owner=str(target.owner_id), reason="Matrix")
        data.pop("form_token")
        return data
    if route == "risks:control-create":
        return {"description": "Monthly monitoring", "positive_effect": "on", **token}
    if route == "risks:action-create":
        owner = str(world["users"]["officer"].pk)
        return {"description": "Plan", "owner": owner, **date_input("due_on", today + dt.timedelta(days=9)), **token}
    if route == "risks:review-record":
        return {
            **date_input("reviewed_on", today), **form_scores(), "note": "Checked",
            **date_input("next_review_on", today + dt.timedelta(days=90)), **token,
        }  # fmt: skip
    if route == "risks:escalate":
        return {"level": Level.CORPORATE, "reason": "Affects the whole council"}
    return {}


def _url(route: str, target: Any, world: dict[str, Any]) -> str:
    return reverse(route) if target == BY_CONTRACT else matrix.default_url(route, target, world)


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    if route == "risks:create":
        made = Risk.objects.latest("pk")
        if made.level == Level.CONTRACT:
            assert (made.title, made.contract, made.directorate) == (
                "A new risk", world["contract"], world["contract"].directorate,
            )  # fmt: skip
        else:
            assert (made.title, made.level, made.contract) == ("A new risk", Level.CORPORATE, None)
        assert made.history.count() == 1
        return reverse("risks:detail", args=[made.pk])
    if route == "risks:action-done":
        fresh_action = RiskAction.objects.get(pk=target.pk)
        assert fresh_action.done_on == timezone.localdate()
        return reverse("risks:detail", args=[fresh_action.risk_id])
    fresh = Risk.objects.get(pk=target.pk)
    if route == "risks:edit":
        assert fresh.title == "Renamed"
    elif route == "risks:control-create":
        assert Control.objects.count() == before["controls"] + 1
    elif route == "risks:action-create":
        assert RiskAction.objects.count() == len(before["actions"]) + 1
    elif route == "risks:review-record":
        assert RiskReview.objects.count() == before["reviews"] + 1
        assert fresh.next_review_on == timezone.localdate() + dt.timedelta(days=90)
    elif route == "risks:escalate":
        assert (fresh.level, fresh.escalated_by, fresh.escalation_reason) == (
            Level.CORPORATE, user, "Affects the whole council",
        )  # fmt: skip
    unchanged = route in ("risks:control-create", "risks:action-create")
    assert Risk.history.count() == before["risk_history"] + (0 if unchanged else 1)
    return reverse("risks:detail", args=[fresh.pk])


PERMISSIONS = matrix.Matrix(
    MATRIX, snapshot=snapshot, target=_target, url=_url, post_data=_post_data, check_change=_check_change
)
test_permission_matrix = PERMISSIONS.test()
