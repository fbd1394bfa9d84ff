"""Who may see the public service finder, "Who runs this service" and the place pages: every route, every role.

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

The provider column is another organisation's contact. States: published (a published service), unpublished (a
service that is not published: not found by anyone outside the council), archived (published, then archived), ward
(a current ward), old_ward (an archived ward). The same world checks what each page says to whom.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import Ward
from commissioning.core.permissions import Role
from commissioning.governance.models import BodyKind, DecisionStatus
from commissioning.intelligence.models import WardIntelligence
from commissioning.services.models import DeliveryModel, Service
from tests import matrix
from tests.commissioning.governance.factories import BodyFactory, DecisionFactory, MembershipFactory
from tests.factories import (
    ContractFactory,
    CouncillorFactory,
    DirectorateFactory,
    OrganisationFactory,
    ReviewFactory,
    ServiceFactory,
    UserFactory,
    WardFactory,
)
from tests.matrix import COLUMNS, HIDDEN, NO_VERB, OK

ALL = (OK,) * 11
INSIDE = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
NO_POST = (NO_VERB,) * 11

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                   method  state          outcomes
    ("residents:finder",      "GET",  "-",           ALL),
    ("residents:finder",      "POST", "-",           NO_POST),
    ("residents:who-runs",    "GET",  "published",   ALL),
    ("residents:who-runs",    "GET",  "unpublished", INSIDE),
    ("residents:who-runs",    "GET",  "archived",    (HIDDEN,) * 11),
    ("residents:places",      "GET",  "-",           ALL),
    ("residents:ward",        "GET",  "ward",        ALL),
    ("residents:ward",        "GET",  "old_ward",    (HIDDEN,) * 11),
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
    ward = WardFactory(name="Millbrook")
    old_ward = WardFactory(name="Old Town")
    old_ward.archived_at = timezone.now()
    old_ward.save()
    ada = CouncillorFactory(name="Ada Lovell", party="Civic Alliance", wards=[ward], user=users[Role.COUNCILLOR])
    directorate = DirectorateFactory(name="Place and Environment", code="PLE")
    greenway = OrganisationFactory(name="Greenway Waste Ltd")
    officer = UserFactory(username="olive", first_name="Olive", last_name="Okafor", job_title="Head of Waste")
    published = ServiceFactory(
        name="Household waste collection",
        description="We collect your bins every week.",
        directorate=directorate,
        accountable_officer=officer,
        delivery_model=DeliveryModel.PRIVATE,
        provider=greenway,
        published=True,
        next_review_due=dt.date(2027, 3, 31),
        wards=[ward],
    )
    unpublished = ServiceFactory(name="Secret pilot service", directorate=directorate, published=False, wards=[ward])
    archived = ServiceFactory(name="Old archived service", directorate=directorate, published=True)
    archived.archived_at = timezone.now()
    archived.save()
    ContractFactory(
        reference="CON-2026-900",
        provider=greenway,
        directorate=directorate,
        published=True,
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2099, 3, 31),
        services=[published],
    )
    # Governance adds who answers for the service, and the ward's committee and decisions (core.thread).
    holder = BodyFactory(portfolio_holder=True, portfolio="Environment", directorate=directorate)
    MembershipFactory(body=holder, councillor=CouncillorFactory(name="Ben Carter"))
    committee = BodyFactory(kind=BodyKind.COMMUNITY_COMMITTEE, name="North Community Committee")
    committee.wards.set([ward])
    review = ReviewFactory(directorate=directorate, services=[published], published=True)
    DecisionFactory(review=review, title="Recommission waste collection", status=DecisionStatus.PUBLISHED)
    DecisionFactory(review=review, title="Draft waste decision", status=DecisionStatus.DRAFT)
    councillor_user = users[Role.COUNCILLOR]
    WardIntelligence.objects.create(
        reference="WI-2026-0001",
        title="Bins missed on Mill Lane",
        service=published,
        ward=ward,
        councillor=ada,
        submitted_by=councillor_user,
        response_due=dt.date(2026, 12, 31),
        residents_saying="Bins missed three weeks running.",
    )
    return {
        "users": users,
        "services": {"published": published, "unpublished": unpublished, "archived": archived},
        "wards": {"ward": ward, "old_ward": old_ward},
    }


world = matrix.world_fixture(_build_world)


def snapshot() -> dict[str, Any]:
    return {"services": list(Service.objects.order_by("pk").values_list("pk", "updated_at"))}


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state in world["services"]:
        return Service.objects.get(pk=world["services"][state].pk)
    if state in world["wards"]:
        return Ward.objects.get(pk=world["wards"][state].pk)
    return None


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target)
test_permission_matrix = PERMISSIONS.test()


def _page(world: dict[str, Any], role: str | None, path: str) -> str:
    response = matrix.signed_in_client(world, role).get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_who_runs_says_who_delivers_and_answers_and_how_to_complain(world: dict[str, Any]) -> None:
    page = _page(world, None, reverse("residents:who-runs", args=[world["services"]["published"].pk]))
    assert "Greenway Waste Ltd runs this service for the council." in page
    assert "Greenway Waste Ltd has run it under a contract (CON-2026-900) since 1 April 2024" in page
    assert "The contract ends on 31 March 2099." in page
    assert "Olive Okafor, Head of Waste" in page
    assert "Councillor Ben Carter</a>, the cabinet member for Environment, answers for this service" in page
    assert "review this service by 31 March 2027" in page
    assert 'data-testid="complain-link"' in page


def test_the_finder_finds_by_words_topic_and_ward_and_never_an_unpublished_service(world: dict[str, Any]) -> None:
    finder = reverse("residents:finder")
    ward = world["wards"]["ward"].pk
    directorate = world["services"]["published"].directorate_id
    for query in ("?q=waste", f"?topic={directorate}", f"?ward={ward}"):
        page = _page(world, None, finder + query)
        assert "Household waste collection" in page, query
        assert "Secret pilot service" not in page, query
    assert "Place and Environment</a> (1 service)" in _page(world, None, finder)
    assert "Secret pilot service" in _page(world, Role.OFFICER, finder + f"?ward={ward}")
    assert "No services found" in _page(world, None, finder + "?q=nothingmatches")


def test_a_wards_place_page_shows_the_public_only_what_is_published(world: dict[str, Any]) -> None:
    path = reverse("residents:ward", args=[world["wards"]["ward"].pk])
    public = _page(world, None, path)
    assert "Household waste collection" in public
    assert "Greenway Waste Ltd" in public
    assert "Ada Lovell" in public
    assert "Secret pilot service" not in public
    assert "Bins missed on Mill Lane" not in public
    assert 'id="intelligence"' not in public
    assert "North Community Committee" in public
    assert "Recommission waste collection" in public
    assert "Draft waste decision" not in public
    for heading in ("Decisions that affect this ward", "Complaints about services in this ward", "Spending in"):
        assert heading in public
    councillor = _page(world, Role.COUNCILLOR, path)
    assert "Secret pilot service" in councillor
    assert "Bins missed on Mill Lane" in councillor
    assert "Draft waste decision" in councillor
