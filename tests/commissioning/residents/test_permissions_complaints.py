"""Who may do what with complaints: every route, every role (and anonymous), the states that matter.

Columns: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner.
The provider column is the WRONG provider (Brookside Care): the bins complaint is routed to Ashfield Waste, whose
contact is tried in test_complaints_actions. The officer column is the accountable officer of both services; the
councillor column raised the "raised" complaint. A tracking link works for whoever holds it (it is the resident's
key), and a wrong token is 404 for everyone.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from commissioning.core.models import Notification
from commissioning.residents.models import Complaint, ComplaintStatus, ComplaintStep, StepKind
from tests import matrix
from tests.commissioning.residents.complaints_world import build_world
from tests.matrix import DENIED, DONE, HIDDEN, LOGIN, NO_VERB, OK

EVERYONE_OK = (OK,) * 11
EVERYONE_HIDDEN = (HIDDEN,) * 11
# The resident's own steps (whoever holds the link): a redirect back to the tracking page, with the change made.
TRACKED = "TRACKED"
EVERYONE_TRACKED = (TRACKED,) * 11
NOT_ANSWERED = (NO_VERB,) * 11
READ = (HIDDEN, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, OK, OK, HIDDEN)
HANDLE_COUNCIL = (HIDDEN, DONE, DONE, DENIED, DENIED, DENIED, HIDDEN, HIDDEN, DONE, DENIED, HIDDEN)
REFUSED = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, HIDDEN, DENIED, DENIED, HIDDEN)

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                            method  state           anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("residents:complain-start",       "GET",  "bins",         EVERYONE_OK),
    ("residents:complain-start",       "GET",  "hidden",       EVERYONE_HIDDEN),
    ("residents:complain-start",       "POST", "bins",         EVERYONE_OK),  # an empty complaint: named, not saved
    ("residents:complain-start",       "POST", "hidden",       EVERYONE_HIDDEN),
    # The tracking link: whoever holds it; a wrong token is 404
    ("residents:complaint-track",      "GET",  "provider_new", EVERYONE_OK),
    ("residents:complaint-track",      "GET",  "wrong_token",  EVERYONE_HIDDEN),
    ("residents:complaint-track-add",  "POST", "provider_new", EVERYONE_TRACKED),
    ("residents:complaint-track-add",  "POST", "wrong_token",  EVERYONE_HIDDEN),
    ("residents:complaint-track-add",  "GET",  "provider_new", NOT_ANSWERED),
    ("residents:complaint-stage2",     "POST", "provider_new", EVERYONE_OK),  # before the stage 1 answer: named
    ("residents:complaint-stage2",     "POST", "answered",     EVERYONE_TRACKED),
    ("residents:complaint-stage2",     "POST", "wrong_token",  EVERYONE_HIDDEN),
    # The queue and one complaint
    ("residents:complaint-statistics", "GET",  "-",            EVERYONE_OK),  # anonymous figures, public
    ("residents:complaint-queue",      "GET",  "-",            (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      DENIED)),
    ("residents:complaint-create",     "GET",  "-",            (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  DENIED)),
    ("residents:complaint-create",     "POST", "-",            (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DENIED)),
    ("residents:complaint-detail",     "GET",  "provider_new", READ),
    ("residents:complaint-detail",     "GET",  "council_new",  READ),
    ("residents:complaint-detail",     "GET",  "raised",       (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    # Answering: the council's team for its own route; nobody in these columns for Ashfield's (the wrong provider: 404)
    ("residents:complaint-acknowledge", "POST", "council_new", HANDLE_COUNCIL),
    ("residents:complaint-acknowledge", "POST", "provider_new", REFUSED),
    ("residents:complaint-acknowledge", "GET", "council_new",  NOT_ANSWERED),
    ("residents:complaint-extend",     "POST", "council_new",  HANDLE_COUNCIL),
    ("residents:complaint-extend",     "POST", "provider_new", REFUSED),
    ("residents:complaint-answer",     "POST", "council_new",  HANDLE_COUNCIL),
    ("residents:complaint-answer",     "POST", "provider_new", REFUSED),
    ("residents:complaint-answer",     "POST", "answered",     REFUSED),
]
# fmt: on

world = matrix.world_fixture(build_world)
TRACK_ROUTES = {"residents:complaint-track", "residents:complaint-track-add", "residents:complaint-stage2"}


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state in world["complaints"]:
        return Complaint.objects.get(pk=world["complaints"][state].pk)
    return None


def _url(route: str, target: Any, world: dict[str, Any]) -> str:
    if route == "residents:complain-start":
        return reverse(route, args=[world["_state_service"]])
    if route in TRACK_ROUTES:
        token = next(
            (t for s, t in world["tokens"].items() if target is not None and world["complaints"][s].pk == target.pk),
            None,
        )
        return reverse(route, args=[token or "x" * 43])
    return matrix.default_url(route, target, world)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "residents:complain-start":
        return {"kind": "complaint", "what_happened": "", "reply_by": "email"}
    if route == "residents:complaint-create":
        return {
            "service": world["services"]["repairs"].pk,
            "kind": "complaint",
            "what_happened": "Raised in the permission test",
            "happened_on_day": "1",
            "happened_on_month": "11",
            "happened_on_year": "2026",
            "reply_by": "phone",
            "phone": "01632 960003",
        }
    if route == "residents:complaint-track-add":
        return {"text": "More from the permission test"}
    if route == "residents:complaint-stage2":
        return {"reason": "Not satisfied (permission test)"}
    if route == "residents:complaint-extend":
        return {"days": "5", "reason": "Waiting for records"}
    if route == "residents:complaint-answer":
        return {"answer": "Answer", "outcome": "upheld", "remedy": "Apology", "learning": ""}
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "complaints": list(Complaint.objects.order_by("pk").values()),
        "steps": list(ComplaintStep.objects.order_by("pk").values("pk", "kind", "text")),
        "history": Complaint.history.count(),
        "notifications": Notification.objects.count(),
    }


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    if route == "residents:complaint-create":
        made = Complaint.objects.get(what_happened="Raised in the permission test")
        assert made.raised_by == user
        assert len(after["complaints"]) == len(before["complaints"]) + 1
        return reverse("residents:complaint-detail", args=[made.pk])
    assert len(after["complaints"]) == len(before["complaints"])
    target.refresh_from_db()
    expected = {
        "residents:complaint-acknowledge": ComplaintStatus.STAGE1_ACKNOWLEDGED,
        "residents:complaint-extend": ComplaintStatus.STAGE1_RECEIVED,
        "residents:complaint-answer": ComplaintStatus.STAGE1_ANSWERED,
    }
    assert target.status == expected[route]
    assert target.history.latest().history_user == user
    return reverse("residents:complaint-detail", args=[target.pk])


def _target_with_service(route: str, state: str, world: dict[str, Any]) -> Any:
    if route == "residents:complain-start":
        world["_state_service"] = world["services"][state].reference
    return _target(route, state, world)


def _tracked(response: Any, *, path: str, before: dict[str, Any], world: dict[str, Any]) -> None:
    """A step through the tracking link: back to the tracking page, and the step saved."""
    assert response.status_code == 302
    assert path.startswith(response["Location"])
    after = snapshot()
    assert len(after["steps"]) == len(before["steps"]) + 1
    assert after["steps"][-1]["kind"] in {StepKind.INFORMATION, StepKind.STAGE2}


PERMISSIONS = matrix.Matrix(
    MATRIX,
    snapshot=snapshot,
    target=_target_with_service,
    url=_url,
    post_data=_post_data,
    check_change=_check_change,
    outcomes={TRACKED: _tracked},
)
test_permission_matrix = PERMISSIONS.test()


@pytest.mark.django_db
def test_the_permissions_agree_with_the_selector(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    from commissioning.residents.selectors_complaints import visible_complaints

    for role in matrix.COLUMNS:
        user = AnonymousUser() if role is None else world["users"][role]
        listed = set(visible_complaints(user=user).values_list("pk", flat=True))
        allowed = {c.pk for c in Complaint.objects.all() if user.has_perm("residents.view_complaint", c)}
        assert listed == allowed, role
    contact = world["ashfield_contact"]
    assert set(visible_complaints(user=contact).values_list("pk", flat=True)) == {
        world["complaints"]["provider_new"].pk
    }
    # Without the resident's agreement the provider does not see their contact details
    assert not contact.has_perm("residents.view_complaint_contact", world["complaints"]["provider_new"])
