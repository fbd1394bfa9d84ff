"""Who may do what with scrutiny work programmes, the scrutiny dashboard, inquiries and evidence sessions: every route,
every role (and anonymous).

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Scrutiny members and democratic services officers keep a committee's work programme and its inquiries; everyone inside
the council reads them and the dashboard; the public, providers and partners read a published committee's work
programme and inquiries once it is published ("published"), and find nothing before ("draft": 404). The dashboard is
the council's alone. Every POST that is not DONE leaves the database exactly as it was.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from commissioning.core.permissions import Role
from commissioning.governance.models import (
    Body,
    EvidenceSession,
    Inquiry,
    SubjectKind,
    WorkItemStatus,
    WorkProgramme,
    WorkProgrammeItem,
)
from tests import matrix
from tests.commissioning.governance.factories import BodyFactory
from tests.factories import CouncillorFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, NO_VERB, OK

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                              method  state        anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("governance:scrutiny",              "GET",  "-",         (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("governance:scrutiny-programme",    "GET",  "published", (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:scrutiny-programme",    "GET",  "draft",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:scrutiny-dashboard",    "GET",  "published", (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:scrutiny-item-create",     "GET",  "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:scrutiny-item-create",     "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:scrutiny-item-create",     "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:scrutiny-publish",      "GET",  "draft",     (NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB)),
    ("governance:scrutiny-publish",      "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:scrutiny-item-edit",    "GET",  "item",      (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:scrutiny-item-edit",    "POST", "item",      (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:scrutiny-item-edit",    "GET",  "draft item", (HIDDEN, DENIED, DENIED,  DENIED,  DENIED,  OK,      DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:scrutiny-inquiry-create",  "GET",  "item",      (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:scrutiny-inquiry-create",  "POST", "item",      (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:scrutiny-inquiry",      "GET",  "inquiry",   (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:scrutiny-inquiry",      "GET",  "draft inquiry", (HIDDEN, OK,  OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:scrutiny-inquiry-edit", "GET",  "inquiry",   (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:scrutiny-inquiry-edit", "POST", "inquiry",   (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:scrutiny-session-create",  "GET",  "inquiry",   (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:scrutiny-session-create",  "POST", "inquiry",   (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
]
# fmt: on


def _build_world() -> dict[str, Any]:
    provider_org = OrganisationFactory(name="Scrutinised Care Ltd")
    users = {
        role: UserFactory(
            username=f"scr-{role}",
            role=role,
            organisation=provider_org if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None
    }
    published = BodyFactory(scrutiny=True, name="Overview and Scrutiny Committee")
    draft = BodyFactory(scrutiny=True, name="Health Scrutiny Committee")
    service = ServiceFactory(name="Home care")
    world: dict[str, Any] = {"users": users, "published": published, "draft": draft, "service": service}
    for state, body in (("published", published), ("draft", draft)):
        programme = WorkProgramme.objects.create(
            body=body, published_on=timezone.localdate() if state == "published" else None
        )
        item = WorkProgrammeItem.objects.create(
            programme=programme,
            title=f"Home care ({state})",
            subject_kind=SubjectKind.SERVICE,
            service=service,
            reason="Complaints are rising",
            status=WorkItemStatus.PROPOSED,
        )
        inquiry = Inquiry.objects.create(item=item, title=f"Home care inquiry ({state})", scope="Home care visits")
        world["item" if state == "published" else "draft item"] = item
        world["inquiry" if state == "published" else "draft inquiry"] = inquiry
    world["councillor"] = CouncillorFactory(name="Morgan Member")
    return world


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if state in ("published", "draft"):
        return Body.objects.get(pk=world[state].pk)
    if state.endswith("item"):
        return WorkProgrammeItem.objects.get(pk=world[state].pk)
    return Inquiry.objects.get(pk=world[state].pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "governance:scrutiny-item-create":
        return {"subject_kind": "theme", "theme": "Loneliness", "title": "Loneliness", "reason": "Residents asked"}
    if route == "governance:scrutiny-item-edit":
        return {"title": "Changed by the permission test", "reason": target.reason, "status": "proposed"}
    if route == "governance:scrutiny-inquiry-create":
        return {"kind": "inquiry", "title": "Added by the permission test", "scope": "Everything"}
    if route == "governance:scrutiny-inquiry-edit":
        return {
            "kind": "task_finish",
            "title": target.title,
            "scope": "Changed by the permission test",
            "members": [world["councillor"].pk],
        }
    if route == "governance:scrutiny-session-create":
        return {
            "held_on_day": "3",
            "held_on_month": "11",
            "held_on_year": "2026",
            "witnesses": "Head of Adult Social Care",
            "papers": "https://example.org/paper.pdf",
        }
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "programmes": list(WorkProgramme.objects.order_by("pk").values()),
        "items": list(WorkProgrammeItem.objects.order_by("pk").values()),
        "item_history": WorkProgrammeItem.history.count(),
        "inquiries": list(Inquiry.objects.order_by("pk").values()),
        "inquiry_history": Inquiry.history.count(),
        "sessions": list(EvidenceSession.objects.order_by("pk").values()),
    }


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    if route == "governance:scrutiny-item-create":
        added = WorkProgrammeItem.objects.order_by("-pk").first()
        assert added.programme.body == target
        assert (added.theme, added.reason, added.status) == ("Loneliness", "Residents asked", "proposed")
        assert added.history.get().history_user == user
        return reverse("governance:scrutiny-programme", args=[target.pk])
    if route == "governance:scrutiny-publish":
        assert WorkProgramme.objects.get(body=target).published_on is not None
        return reverse("governance:scrutiny-programme", args=[target.pk])
    if route == "governance:scrutiny-item-edit":
        assert WorkProgrammeItem.objects.get(pk=target.pk).title == "Changed by the permission test"
        assert after["item_history"] == before["item_history"] + 1
        return reverse("governance:scrutiny-programme", args=[target.programme.body_id])
    if route == "governance:scrutiny-inquiry-create":
        added = Inquiry.objects.get(title="Added by the permission test")
        assert added.item == target
        return reverse("governance:scrutiny-inquiry", args=[added.pk])
    if route == "governance:scrutiny-inquiry-edit":
        changed = Inquiry.objects.get(pk=target.pk)
        assert changed.scope == "Changed by the permission test"
        assert list(changed.members.all()) == [world["councillor"]]
        return reverse("governance:scrutiny-inquiry", args=[target.pk])
    if route == "governance:scrutiny-session-create":
        assert len(after["sessions"]) == len(before["sessions"]) + 1
        return reverse("governance:scrutiny-inquiry", args=[target.pk])
    raise AssertionError(route)


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()
