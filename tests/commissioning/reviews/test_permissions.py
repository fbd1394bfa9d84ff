"""Who may do what with commissioning reviews: every route, every role (and anonymous), every review state.

The same readable matrix as tests/commissioning/test_permissions.py, whose route-coverage test reads MATRIX from
this module too. Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Outcomes: OK 200; DONE 302 to the review's page after the change (which is checked); LOGIN 302 to sign in;
DENIED 403; HIDDEN 404 (the review is not visible to this user, so its existence is not revealed).
Every POST that is not DONE must leave the database exactly as it was.

Review states: published, unpublished, archived (was published), and own_unpublished (unpublished, and covering a
service that the provider user's own organisation delivers: a provider still does not see it, because reviews
are the council's own work and providers see published reviews only).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.reviews.calculations import STATUS_MOVES, service_status_from_reviews
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.reviews.selectors import reviews_covering
from commissioning.services.models import DeliveryModel, Service
from tests import matrix
from tests.factories import DirectorateFactory, OrganisationFactory, ReviewFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK
from tests.matrix import label as _label

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                        method  state               anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("reviews:list",               "GET",  "-",                (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("reviews:export-csv",         "GET",  "-",                (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("reviews:export-xlsx",        "GET",  "-",                (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("reviews:create",             "GET",  "-",                (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:create",             "POST", "-",                (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    # Review detail
    ("reviews:detail",             "GET",  "published",        (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("reviews:detail",             "GET",  "unpublished",      (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("reviews:detail",             "GET",  "archived",         (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("reviews:detail",             "GET",  "own_unpublished",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    # Review edit
    ("reviews:edit",               "GET",  "published",        (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:edit",               "POST", "published",        (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:edit",               "GET",  "unpublished",      (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:edit",               "POST", "unpublished",      (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:edit",               "GET",  "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:edit",               "POST", "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:edit",               "GET",  "own_unpublished",  (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:edit",               "POST", "own_unpublished",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    # Review archive
    ("reviews:archive",            "GET",  "published",        (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:archive",            "POST", "published",        (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:archive",            "GET",  "unpublished",      (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:archive",            "POST", "unpublished",      (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:archive",            "GET",  "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:archive",            "POST", "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:archive",            "POST", "own_unpublished",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    # Review restore: only an archived review can be restored
    ("reviews:restore",            "GET",  "archived",         (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:restore",            "POST", "archived",         (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:restore",            "GET",  "published",        (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:restore",            "POST", "published",        (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:restore",            "POST", "unpublished",      (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    # The review's status (ADR 0021): start, hold, resume, complete, cancel, each with a reason. Each row is tried
    # on a review at the status (and stage) the move starts from (_target).
    ("reviews:start",               "GET",  "published",        (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:start",               "POST", "published",        (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:start",               "POST", "unpublished",      (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:start",               "POST", "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:hold",                "GET",  "published",        (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:hold",                "POST", "published",        (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:hold",                "POST", "unpublished",      (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:hold",                "POST", "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:resume",              "GET",  "published",        (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:resume",              "POST", "published",        (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:resume",              "POST", "unpublished",      (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:resume",              "POST", "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:complete",            "GET",  "published",        (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:complete",            "POST", "published",        (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:complete",            "POST", "unpublished",      (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:complete",            "POST", "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:cancel",              "GET",  "published",        (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:cancel",              "POST", "published",        (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("reviews:cancel",              "POST", "unpublished",      (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("reviews:cancel",              "POST", "archived",         (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    # Review history: internal roles only
    ("reviews:history",            "GET",  "published",        (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("reviews:history",            "GET",  "unpublished",      (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("reviews:history",            "GET",  "archived",         (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("reviews:history",            "GET",  "own_unpublished",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
]
# fmt: on

# Which reviews each kind of user finds in the list and both downloads: (without ?archived=on, with it).
PUB, UNP, ARC, OWN = "CR-2026-101", "CR-2026-102", "CR-2026-103", "CR-2026-104"
ALL_REFERENCES = {PUB, UNP, ARC, OWN}
INTERNAL_SEES = ({PUB, UNP, OWN}, {PUB, UNP, ARC, OWN})
PUBLIC_SEES = ({PUB}, {PUB})
LISTED: dict[str | None, tuple[set[str], set[str]]] = {
    role: INTERNAL_SEES if role in Role.INTERNAL else PUBLIC_SEES for role in COLUMNS
}


def _build_world() -> dict[str, Any]:
    council = OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(
            username=role,
            role=role,
            organisation=provider_org if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None
    }
    directorate = DirectorateFactory(name="Adults and Health", code="ADH")
    home_care = ServiceFactory(reference="ADH-001", name="Home care", directorate=directorate)
    day_care = ServiceFactory(
        reference="ADH-002",
        name="Day care",
        directorate=directorate,
        unpublished=True,
        delivery_model=DeliveryModel.PRIVATE,
        provider=provider_org,
    )
    common = {"directorate": directorate, "lead_commissioner": users[Role.OFFICER]}
    reviews = {
        "published": ReviewFactory(
            reference=PUB, title="Published care review", services=[home_care], public=True, **common
        ),
        "unpublished": ReviewFactory(reference=UNP, title="Unpublished draft review", services=[home_care], **common),
        "archived": ReviewFactory(
            reference=ARC, title="Archived old review", services=[home_care], public=True, archived=True, **common
        ),
        "own_unpublished": ReviewFactory(reference=OWN, title="Draft day care review", services=[day_care], **common),
    }
    return {
        "council": council,
        "users": users,
        "reviews": reviews,
        "services": {"home_care": home_care, "day_care": day_care},
        "directorate": directorate,
    }


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


# What a review must be at for each status move (ADR 0021): set by _target inside the row's own transaction.
MOVE_FROM = {
    "reviews:start": (ReviewStatus.PLANNED, Stage.ANALYSE),
    "reviews:hold": (ReviewStatus.IN_PROGRESS, Stage.ANALYSE),
    "reviews:resume": (ReviewStatus.ON_HOLD, Stage.PLAN),
    "reviews:complete": (ReviewStatus.IN_PROGRESS, Stage.REVIEW),
    "reviews:cancel": (ReviewStatus.IN_PROGRESS, Stage.DO),
}


def _target(route: str, state: str, world: dict[str, Any]) -> CommissioningReview | None:
    if state == "-":
        return None
    pk = world["reviews"][state].pk
    if route in MOVE_FROM:
        status, stage = MOVE_FROM[route]
        CommissioningReview.objects.filter(pk=pk).update(status=status, stage=stage)
    return CommissioningReview.objects.get(pk=pk)


def _review_form(review: CommissioningReview | None, world: dict[str, Any]) -> dict[str, Any]:
    """A valid ReviewForm POST: a new review, or the review's own values with a new title."""
    data: dict[str, Any] = {
        "title": "New test review" if review is None else "Renamed by permission test",
        "reference": "CR-2026-201" if review is None else review.reference,
        "purpose": "Find out what residents need.",
        "services": [world["services"]["home_care"].pk],
        "directorate": world["directorate"].pk,
        "lead_commissioner": world["users"][Role.OFFICER].pk,
        "stage": Stage.ANALYSE,
        "planned_start": "2026/27 Q2",
        "planned_end": "2027/28 Q1",
        "status": ReviewStatus.PLANNED,
    }
    if review is not None:
        data["reason"] = "Permission test"
        if review.published:
            data["published"] = "on"
    return data


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route in {"reviews:create", "reviews:edit"}:
        return _review_form(target, world)
    return {"reason": "Permission test"}


def snapshot() -> dict[str, Any]:
    """Every row a refused request could have touched, history included."""
    services_history = apps.get_model("reviews", "HistoricalCommissioningReview_services")
    return {
        "reviews": list(CommissioningReview.objects.order_by("pk").values()),
        "review_services": sorted(
            CommissioningReview.services.through.objects.values_list("commissioningreview_id", "service_id")
        ),
        "review_history": CommissioningReview.history.count(),
        "review_services_history": services_history.objects.count(),
        "services": list(Service.objects.order_by("pk").values()),
        "service_history": Service.history.count(),
        "users": list(User.objects.order_by("pk").values("pk", "username", "role", "is_active")),
    }


def _without_review_status(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in ("review_status", "updated_at")} for row in rows]


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    """A DONE request made exactly the change it should, with one history entry; returns where it should go."""
    after = snapshot()
    # A review's write changes nothing about the services it covers but their review status (and so when they were
    # updated), which follows from their reviews (issue 8).
    assert _without_review_status(after["services"]) == _without_review_status(before["services"])
    changed = {row["id"]: row["review_status"] for row in after["services"] if row not in before["services"]}
    covering = reviews_covering(service_ids=set(changed))
    assert changed == {pk: service_status_from_reviews(reviews) for pk, reviews in covering.items()}
    assert after["review_history"] == before["review_history"] + 1
    if route == "reviews:create":
        assert len(after["reviews"]) == len(before["reviews"]) + 1
        created = CommissioningReview.objects.get(reference="CR-2026-201")
        entry = created.history.latest()
        assert (entry.history_user, entry.history_type) == (user, "+")
        assert list(entry.services.values_list("service_id", flat=True)) == [world_service_id(created)]
        return reverse("reviews:detail", args=[created.pk])
    assert len(after["reviews"]) == len(before["reviews"])
    target.refresh_from_db()
    if route == "reviews:edit":
        assert target.title == "Renamed by permission test"
    elif route == "reviews:archive":
        assert (target.is_archived, target.archived_by) == (True, user)
    elif route == "reviews:restore":
        assert not target.is_archived
    elif route in MOVE_FROM:
        assert target.status == STATUS_MOVES[route.removeprefix("reviews:")][1]
        assert target.history.latest().history_change_reason.endswith(": Permission test")
    else:  # pragma: no cover - a DONE in the matrix for a route this test does not know
        pytest.fail(f"no change check for {route}")
    assert target.history.latest().history_user == user
    return reverse("reviews:detail", args=[target.pk])


def world_service_id(review: CommissioningReview) -> int:
    (service_id,) = review.services.values_list("pk", flat=True)
    return service_id


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def test_matrix_covers_every_review_route() -> None:
    from django.urls import get_resolver

    resolver = get_resolver()
    ours = {f"reviews:{name}" for name in resolver.namespace_dict["reviews"][1].reverse_dict if isinstance(name, str)}
    assert ours
    assert ours <= {row[0] for row in MATRIX}


@pytest.mark.django_db
def test_the_permissions_agree_with_the_selector(world: dict[str, Any]) -> None:
    """visible_reviews (the lists) and reviews.view_commissioningreview (the pages) give the same answer."""
    from django.contrib.auth.models import AnonymousUser

    from commissioning.reviews.selectors import visible_reviews

    for role in COLUMNS:
        user = AnonymousUser() if role is None else world["users"][role]
        listed = set(visible_reviews(user=user).values_list("reference", flat=True))
        allowed = {
            r.reference
            for r in CommissioningReview.objects.all()
            if user.has_perm("reviews.view_commissioningreview", r)
        }
        assert listed == allowed, role


# Lists, downloads and the service page ----------------------------------------------------------------------------


def _references_in_csv(response: Any) -> set[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Reference"
    return {row[0] for row in rows[1:]}


def _references_in_xlsx(response: Any) -> set[str]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    return {row[0] for row in rows[1:]}


@pytest.mark.django_db
@pytest.mark.parametrize("archived", [False, True], ids=["current", "with-archived"])
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_lists_and_downloads_show_only_what_the_role_may_see(
    role: str | None, archived: bool, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    expected = LISTED[role][archived]
    client = client_for(role)
    query = "?archived=on" if archived else ""

    content = client.get(reverse("reviews:list") + query).content.decode()
    assert {ref for ref in ALL_REFERENCES if ref in content} == expected
    hidden_titles = {r.title for r in world["reviews"].values() if r.reference not in expected}
    assert not {title for title in hidden_titles if title in content}
    assert f"{len(expected)} review" in content
    assert _references_in_csv(client.get(reverse("reviews:export-csv") + query)) == expected
    assert _references_in_xlsx(client.get(reverse("reviews:export-xlsx") + query)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_the_service_page_lists_only_the_reviews_the_role_may_see(
    role: str | None, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    """The golden thread back: the service page names current reviews the user may open, and no others."""
    home_care = world["services"]["home_care"]
    content = client_for(role).get(reverse("services:detail", args=[home_care.pk])).content.decode()
    assert "Commissioning reviews</h2>" in content
    shown = {ref for ref in ALL_REFERENCES if ref in content}
    expected = {PUB, UNP} if role in Role.INTERNAL else {PUB}
    assert shown == expected
    for state, review in world["reviews"].items():
        link = reverse("reviews:detail", args=[review.pk])
        assert (link in content) == (review.reference in expected), state
    assert ("Add a review of this service" in content) == (role in {Role.OFFICER, Role.DIRECTOR})


@pytest.mark.django_db
def test_a_provider_cannot_reach_an_unpublished_review_of_its_own_service_by_any_route(
    world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    client = client_for(Role.PROVIDER)
    review = world["reviews"]["own_unpublished"]
    before = snapshot()
    for route in [
        "reviews:detail",
        "reviews:edit",
        "reviews:archive",
        "reviews:restore",
        "reviews:history",
        *MOVE_FROM,
    ]:
        path = reverse(route, args=[review.pk])
        assert client.get(path).status_code == 404, route
        if route not in {"reviews:detail", "reviews:history"}:
            assert client.post(path, _post_data(route, review, world)).status_code == 404, route
    assert snapshot() == before
    # Their own (unpublished) service's page shows no trace of it either.
    day_care = world["services"]["day_care"]
    service_page = client.get(reverse("services:detail", args=[day_care.pk])).content.decode()
    assert review.title not in service_page
    assert "No commissioning review covers this service yet." in service_page
    for query in ["", "?archived=on", f"?q={review.reference}", f"?service={day_care.pk}"]:
        content = client.get(reverse("reviews:list") + query).content.decode()
        assert reverse("reviews:detail", args=[review.pk]) not in content
        assert review.title not in content
        assert review.reference not in _references_in_csv(client.get(reverse("reviews:export-csv") + query))


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_home_page_counts_only_visible_current_reviews(
    role: str | None, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    count = len(LISTED[role][False])
    content = client_for(role).get(reverse("portal:home")).content.decode()
    assert f"{count} {'review' if count == 1 else 'reviews'} in the programme, 0 under way." in content
