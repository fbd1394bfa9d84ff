"""A ward councillor follows a complaint they raised for a resident: they add information to it (as the resident can
through the tracking link) until the final answer, and see their open ones on their home page. Nobody else adds
information through the council's pages: the council's roles read it (403), a provider, a partner and another ward's
councillor do not see it (404).

Columns: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner.
The councillor column raised "raised" and "raised_closed" (closed after stage 2); the provider column is the wrong
provider (Brookside Care).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.residents import actions_complaints as actions
from commissioning.residents.models import Complaint, ComplaintStatus, ComplaintStep, StepKind
from tests import matrix
from tests.commissioning.intelligence.factories import councillor_with_login
from tests.commissioning.residents.complaints_world import DAY, build_world, details
from tests.commissioning.residents.test_permissions_complaints import snapshot
from tests.factories import WardFactory
from tests.matrix import DENIED, DONE, HIDDEN, NO_VERB

FOLLOW = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DONE, HIDDEN, DENIED, DENIED, HIDDEN)
NOT_RAISED = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, HIDDEN, DENIED, DENIED, HIDDEN)
CLOSED = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    ("residents:complaint-add", "POST", "raised",        FOLLOW),
    ("residents:complaint-add", "POST", "council_new",   NOT_RAISED),
    ("residents:complaint-add", "POST", "provider_new",  NOT_RAISED),
    ("residents:complaint-add", "POST", "raised_closed", CLOSED),
    ("residents:complaint-add", "GET",  "raised",        (NO_VERB,) * 11),
]
# fmt: on


def _build() -> dict[str, Any]:
    world = build_world()
    users = world["users"]
    closed, _token = actions.complaint_make(
        details=details(world["services"]["repairs"]), by=users[Role.COUNCILLOR], today=DAY
    )
    answer = {"answer": "Answered", "outcome": "not_upheld", "remedy": "", "learning": "", "today": DAY}
    actions.complaint_answer(complaint=closed, by=users[Role.OFFICER], **answer)  # type: ignore[arg-type]
    actions.complaint_request_stage2(complaint=closed, reason="Not satisfied", today=DAY)
    closed = actions.complaint_answer(complaint=closed, by=world["second_officer"], **answer)  # type: ignore[arg-type]
    assert closed.status == ComplaintStatus.CLOSED
    world["complaints"]["raised_closed"] = closed
    other_ward = WardFactory(name="Eastfield")
    world["other_councillor"] = councillor_with_login(username="other-cllr", wards=[other_ward]).user
    return world


world = matrix.world_fixture(_build)


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    return Complaint.objects.get(pk=world["complaints"][state].pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    return {"text": "The resident phoned me: it happened again on Monday."}


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    assert len(after["steps"]) == len(before["steps"]) + 1
    step = ComplaintStep.objects.order_by("pk").last()
    assert step is not None
    assert (step.complaint_id, step.kind, step.by, step.text) == (
        target.pk,
        StepKind.INFORMATION,
        user,
        "The resident phoned me: it happened again on Monday.",
    )
    assert after["notifications"] > before["notifications"]  # the handler is told
    return reverse("residents:complaint-detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_councillor_follows_it_from_their_home_page_and_adds_nothing_empty(world: dict[str, Any]) -> None:
    councillor = world["users"][Role.COUNCILLOR]
    raised = world["complaints"]["raised"]
    client = _client(councillor)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Complaints you raised for residents" in home
    assert reverse("residents:complaint-detail", args=[raised.pk]) in home
    assert world["complaints"]["raised_closed"].reference not in home  # closed: no longer to follow
    page = client.get(reverse("residents:complaint-detail", args=[raised.pk])).content.decode()
    assert "Add information for the resident" in page
    steps = ComplaintStep.objects.count()
    response = client.post(reverse("residents:complaint-add", args=[raised.pk]), {"text": "  "})
    assert response.status_code == 200
    assert actions.INFORMATION_REQUIRED in response.content.decode()
    assert ComplaintStep.objects.count() == steps
    # Another ward's councillor sees neither the complaint nor it on their home page
    other = _client(world["other_councillor"])
    assert "Complaints you raised" not in other.get(reverse("portal:home")).content.decode()
    assert other.get(reverse("residents:complaint-detail", args=[raised.pk])).status_code == 404
    # A handler reads the page without the councillor's form
    officer_page = _client(world["users"][Role.OFFICER]).get(reverse("residents:complaint-detail", args=[raised.pk]))
    assert "Add information for the resident" not in officer_page.content.decode()


@pytest.mark.django_db
def test_only_the_councillor_who_raised_it_adds_information_through_the_action(world: dict[str, Any]) -> None:
    raised = world["complaints"]["raised"]
    for user in (world["other_councillor"], world["users"][Role.OFFICER]):
        with pytest.raises(ValidationError) as refused:
            actions.complaint_add_information(complaint=raised, text="Not mine", by=user)
        assert refused.value.messages == [actions.NOT_RAISER]
    with pytest.raises(ValidationError) as closed:
        actions.complaint_add_information(
            complaint=world["complaints"]["raised_closed"], text="Late", by=world["users"][Role.COUNCILLOR]
        )
    assert closed.value.messages == [actions.CLOSED]
