"""Who may do what with virements: every route, every role (and anonymous), every state (ADR 0026).

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

In the world (tests/commissioning/finance/virement_world.py) the officer is the accountable officer (service head)
of line a, the director directs lines a and b, the finance officer is the section 151 officer. States: open (£10,000
from a to b: the service head's band, which every band above may approve too), council (£150,000 from c to d:
Council's band; the approve page answers the others with the named error, 200, nothing saved), approved (decided
already: nobody opens its approve or refuse page), line (budget line a).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.finance import actions_virements as act
from commissioning.finance.models import BudgetLine, Virement, VirementStatus
from tests import matrix
from tests.commissioning.finance.virement_world import build, request
from tests.matrix import DENIED, DONE, HIDDEN, LOGIN, OK

_ = (OK, DENIED, HIDDEN, LOGIN, DONE)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                             method  state       anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("finance:virements",               "GET",  "-",        (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("finance:virement-create",        "GET",  "-",        (LOGIN,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("finance:virement-create",        "POST", "-",        (LOGIN,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("finance:virement",                "GET",  "open",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("finance:virement-history",        "GET",  "open",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("finance:virement-approve",        "GET",  "open",     (HIDDEN, OK,      OK,      OK,      OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-approve",        "POST", "open",     (HIDDEN, DONE,    DONE,    DONE,    DONE,    DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-approve",        "POST", "council",  (HIDDEN, OK,      OK,      DONE,    OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-approve",        "GET",  "approved", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-approve",        "POST", "approved", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-refuse",         "GET",  "open",     (HIDDEN, OK,      OK,      OK,      OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-refuse",         "POST", "open",     (HIDDEN, DONE,    DONE,    DONE,    DONE,    DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-refuse",         "POST", "council",  (HIDDEN, OK,      OK,      OK,      OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:virement-refuse",         "POST", "approved", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("finance:budget-line-virements",   "GET",  "line",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
]
# fmt: on
# The refuse POST on the council state carries no reason: the form answers with REFUSAL_REASON_NEEDED (200).


def _build_world() -> dict[str, Any]:
    world = build()
    world["virements"] = {"open": request(world, "a", "b", "10000"), "council": request(world, "c", "d", "150000")}
    approved = request(world, "b", "a", "1000")
    world["virements"]["approved"] = act.virement_approve(virement=approved, by=world["users"][Role.DIRECTOR])
    return world


world = matrix.world_fixture(_build_world)


def snapshot() -> dict[str, Any]:
    return {
        "lines": list(BudgetLine.objects.order_by("pk").values_list("pk", "revised")),
        "virements": list(Virement.objects.order_by("pk").values_list("pk", "status", "decided_by", "decision")),
        "line_history": BudgetLine.history.count(),
        "virement_history": Virement.history.count(),
    }


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "line":
        return BudgetLine.objects.get(pk=world["lines"]["a"].pk)
    if state in world["virements"]:
        return Virement.objects.get(pk=world["virements"][state].pk)
    return None


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "finance:virement-create":
        lines = world["lines"]
        return {
            "from_line": lines["c"].pk, "to_line": lines["d"].pk, "amount": "£2,500", "permanence": "one_off",
            "reason": "Matrix", "form_token": str(uuid.uuid4()),
        }  # fmt: skip
    if route == "finance:virement-approve":
        return {"decision_reference": "DEC-2026-102" if target.amount >= 150000 else ""}
    if route == "finance:virement-refuse":
        return {"reason": "Not needed"} if target.amount < 150000 else {"reason": ""}
    return {}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    if route == "finance:virement-create":
        made = Virement.objects.latest("pk")
        assert (made.amount, made.requested_by, made.status) == (2500, user, VirementStatus.REQUESTED)
        assert len(before["virements"]) + 1 == Virement.objects.count()
        return reverse("finance:virement", args=[made.pk])
    fresh = Virement.objects.get(pk=target.pk)
    wanted = VirementStatus.APPROVED if route == "finance:virement-approve" else VirementStatus.REFUSED
    assert (fresh.status, fresh.decided_by) == (wanted, user)
    if wanted == VirementStatus.APPROVED:
        moved = dict(BudgetLine.objects.values_list("pk", "revised"))
        assert moved[fresh.from_line_id] == dict(before["lines"])[fresh.from_line_id] - fresh.amount
        assert moved[fresh.to_line_id] == dict(before["lines"])[fresh.to_line_id] + fresh.amount
    return reverse("finance:virement", args=[fresh.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()
