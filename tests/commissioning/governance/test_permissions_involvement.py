"""Who may do what with member involvement and the stage gates: every route, every role (and anonymous).

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

The protocol is read inside the council and amended by democratic services officers and cabinet members. A review's
involvement plan and its gates are read inside the council and run by officers, directors and democratic services.
"My involvement" is a councillor's own page (cabinet, scrutiny and ward councillors): anyone else signed in finds no
such page (404). Providers and the public see none of it (a provider gets 404, as if the pages were not there).
Every POST that is not DONE leaves the database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.governance.models import (
    BodyKind,
    Gate,
    GateSignOff,
    InvolvementEntry,
    InvolvementPart,
    ProtocolStep,
)
from commissioning.reviews.models import CommissioningReview, Stage
from tests import matrix
from tests.commissioning.governance.factories import BodyFactory
from tests.commissioning.governance.involvement_world import build_world
from tests.factories import OrganisationFactory, ReviewFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, NO_VERB, OK

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                                    method  state      anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("governance:protocol",                    "GET",  "-",       (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("governance:protocol-step-edit",          "GET",  "step",    (HIDDEN, DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:protocol-step-edit",          "POST", "step",    (HIDDEN, DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:protocol-step-add",           "GET",  "-",       (LOGIN,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:protocol-step-add",           "POST", "-",       (LOGIN,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:protocol-step-remove",        "GET",  "step",    (HIDDEN, DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:protocol-step-remove",        "POST", "step",    (HIDDEN, DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:my-involvement",              "GET",  "-",       (LOGIN,  HIDDEN,  HIDDEN,  HIDDEN,  OK,      OK,      OK,      HIDDEN,  HIDDEN,  HIDDEN,  HIDDEN)),
    ("governance:review-involvement",          "GET",  "review",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:review-involvement-generate", "GET",  "review",  (NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB)),
    ("governance:review-involvement-generate", "POST", "review",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:review-involvement-add",      "GET",  "review",  (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:review-involvement-add",      "POST", "review",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:involvement-entry-edit",      "GET",  "entry",   (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:involvement-entry-edit",      "POST", "entry",   (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:involvement-entry-remove",    "GET",  "entry",   (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:involvement-entry-remove",    "POST", "entry",   (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:review-gates",                "GET",  "review",  (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:review-gates",                "GET",  "draft",   (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:review-gate-sign-off",        "GET",  "review",  (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:review-gate-sign-off",        "POST", "review",  (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:review-stage-advance",        "GET",  "signed",  (NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB)),
    ("governance:review-stage-advance",        "POST", "signed",  (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    # Without its gate the move is refused on the gate page (200, with what is missing), and nothing is saved.
    ("governance:review-stage-advance",        "POST", "review",  (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(
            username=f"inv-{role}",
            role=role,
            organisation=provider_org if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None
    }
    world = build_world(users=users)
    world["users"] = users
    # The scrutiny member is a councillor on the scrutiny committee.
    from tests.commissioning.governance.factories import MembershipFactory
    from tests.factories import CouncillorFactory

    MembershipFactory(
        body=world["scrutiny"], councillor=CouncillorFactory(name="Sam Scrutiny", user=users[Role.SCRUTINY])
    )
    world["entry"] = InvolvementEntry.objects.create(
        review=world["review"],
        stage=Stage.ANALYSE,
        part=InvolvementPart.CONSULTED,
        councillor=world["south_cllr"],
        asked="Meet the residents' forum",
        amendment_reason="The day centre is in the South ward",
    )
    signed = ReviewFactory(
        reference="CR-2026-502", title="Review of day care", services=[world["service"]], public=True
    )
    board = BodyFactory(kind=BodyKind.PROGRAMME_BOARD, name="Day care Programme Board", review=signed)
    GateSignOff.objects.create(
        review=signed,
        gate=Gate.ANALYSE_TO_PLAN,
        body=board,
        signed_off_on=dt.date(2026, 6, 1),
        signed_off_by=users[Role.OFFICER],
    )
    world["signed"] = signed
    world["draft"] = ReviewFactory(reference="CR-2026-503", title="Draft review", services=[world["service"]])
    return world


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if state == "step":
        return ProtocolStep.objects.active().order_by("pk").first()
    if state == "entry":
        return InvolvementEntry.objects.get(pk=world["entry"].pk)
    return CommissioningReview.objects.get(pk=world[state].pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "governance:protocol-step-edit":
        return {
            "stage": target.stage,
            "participant": target.participant,
            "part": target.part,
            "asked": "Changed by the permission test",
            "weeks_into_stage": target.weeks_into_stage,
            "reason": "Permission test",
        }
    if route == "governance:protocol-step-add":
        return {
            "stage": "do",
            "participant": "cross_party",
            "part": "consulted",
            "asked": "Added by the permission test",
            "weeks_into_stage": 2,
            "reason": "Permission test",
        }
    if route == "governance:protocol-step-remove":
        return {"reason": "Permission test"}
    if route == "governance:review-involvement-add":
        return {
            "stage": Stage.PLAN,
            "part": InvolvementPart.INFORMED,
            "councillor": world["south_cllr"].pk,
            "asked": "Read the options",
            "reason": "Permission test",
        }
    if route == "governance:involvement-entry-edit":
        return {
            "part": InvolvementPart.INFORMED,
            "asked": "Changed by the permission test",
            "reason": "Permission test",
        }
    if route == "governance:involvement-entry-remove":
        return {"reason": "Permission test"}
    if route == "governance:review-gate-sign-off":
        return {"signed_off_on_day": "1", "signed_off_on_month": "6", "signed_off_on_year": "2026", "notes": "Agreed"}
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "steps": list(ProtocolStep.objects.order_by("pk").values()),
        "step_history": ProtocolStep.history.count(),
        "entries": list(InvolvementEntry.objects.order_by("pk").values()),
        "entry_history": InvolvementEntry.history.count(),
        "sign_offs": list(GateSignOff.objects.order_by("pk").values()),
        "sign_off_history": GateSignOff.history.count(),
        "reviews": list(CommissioningReview.objects.order_by("pk").values("pk", "stage")),
        "review_history": CommissioningReview.history.count(),
    }


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    plan = reverse("governance:review-involvement", args=[world["review"].pk])
    if route == "governance:protocol-step-edit":
        step = ProtocolStep.objects.get(pk=target.pk)
        assert step.asked == "Changed by the permission test"
        assert after["step_history"] == before["step_history"] + 1
        assert step.history.first().history_user == user
        return reverse("governance:protocol")
    if route == "governance:protocol-step-add":
        added = ProtocolStep.objects.get(asked="Added by the permission test")
        assert added.history.get().history_user == user
        assert len(after["steps"]) == len(before["steps"]) + 1
        return reverse("governance:protocol")
    if route == "governance:protocol-step-remove":
        assert ProtocolStep.objects.get(pk=target.pk).is_archived
        assert after["step_history"] == before["step_history"] + 1
        return reverse("governance:protocol")
    if route == "governance:review-involvement-generate":
        assert after["entry_history"] > before["entry_history"]
        assert len(after["entries"]) > len(before["entries"])
        return plan
    if route == "governance:review-involvement-add":
        assert len(after["entries"]) == len(before["entries"]) + 1
        added = InvolvementEntry.objects.order_by("-pk").first()
        assert (added.asked, added.amendment_reason) == ("Read the options", "Permission test")
        return plan
    if route == "governance:involvement-entry-edit":
        assert InvolvementEntry.objects.get(pk=target.pk).asked == "Changed by the permission test"
        assert after["entry_history"] == before["entry_history"] + 1
        return plan
    if route == "governance:involvement-entry-remove":
        assert InvolvementEntry.objects.get(pk=target.pk).is_archived
        return plan
    if route == "governance:review-gate-sign-off":
        assert len(after["sign_offs"]) == len(before["sign_offs"]) + 1
        assert GateSignOff.objects.get(review=target).signed_off_by == user
        return reverse("governance:review-gates", args=[target.pk])
    if route == "governance:review-stage-advance":
        assert CommissioningReview.objects.get(pk=target.pk).stage == Stage.PLAN
        assert after["review_history"] == before["review_history"] + 1
        return reverse("governance:review-gates", args=[target.pk])
    raise AssertionError(route)


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()
