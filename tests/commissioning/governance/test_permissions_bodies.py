"""Who may do what with bodies, membership, meetings, agendas, attendance and minutes: every route, every role.

Columns, in order: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner.
Democratic services officers keep all of it; everyone inside the council reads; the public and providers read
published bodies and their meetings and never an exempt item's title or papers; administrators manage users only.

States: published (a politically balanced committee, published), unpublished (an internal body), archived (an
archived body); held (a past meeting of the published body, with an open and an exempt item), upcoming (a meeting in
three days, agenda not yet published), internal_meeting (a meeting of the unpublished body), archived_meeting (an
archived meeting of the published body); open_item and exempt_item (on the held meeting), archived_item (an item taken
off the upcoming meeting's agenda); member (a current membership of the published body).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    Membership,
)
from tests import matrix
from tests.commissioning.governance.factories import AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory
from tests.dates import date_input
from tests.factories import CouncillorFactory, OrganisationFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

ALL_OK = (OK,) * 11
INTERNAL_ONLY = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
KEEPER_GET = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, DENIED)
KEEPER_POST = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DONE, DENIED)
KEEPER_GET_INTERNAL = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, OK, HIDDEN)
KEEPER_POST_INTERNAL = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DONE, HIDDEN)
NOBODY_INTERNAL = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
NOBODY = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HISTORY = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                               method  state               outcomes
    ("governance:body-list",               "GET",  "-",                ALL_OK),
    ("governance:body-export-csv",         "GET",  "-",                ALL_OK),
    ("governance:body-export-xlsx",        "GET",  "-",                ALL_OK),
    ("governance:body-create",             "GET",  "-",                KEEPER_GET),
    ("governance:body-create",             "POST", "-",                KEEPER_POST),
    ("governance:body-detail",             "GET",  "published",        ALL_OK),
    ("governance:body-detail",             "GET",  "unpublished",      INTERNAL_ONLY),
    ("governance:body-detail",             "GET",  "archived",         INTERNAL_ONLY),
    ("governance:body-edit",               "GET",  "published",        KEEPER_GET),
    ("governance:body-edit",               "POST", "published",        KEEPER_POST),
    ("governance:body-edit",               "GET",  "unpublished",      KEEPER_GET_INTERNAL),
    ("governance:body-edit",               "POST", "archived",         NOBODY_INTERNAL),
    ("governance:body-archive",            "GET",  "published",        KEEPER_GET),
    ("governance:body-archive",            "POST", "published",        KEEPER_POST),
    ("governance:body-archive",            "POST", "archived",         NOBODY_INTERNAL),
    ("governance:body-restore",            "POST", "archived",         KEEPER_POST_INTERNAL),
    ("governance:body-restore",            "POST", "published",        NOBODY),
    ("governance:body-history",            "GET",  "published",        HISTORY),
    ("governance:body-history",            "GET",  "unpublished",      INTERNAL_ONLY),
    ("governance:membership-create",       "GET",  "published",        KEEPER_GET),
    ("governance:membership-create",       "POST", "published",        KEEPER_POST),
    ("governance:membership-create",       "POST", "archived",         NOBODY_INTERNAL),
    ("governance:membership-end",          "GET",  "member",           KEEPER_GET),
    ("governance:membership-end",          "POST", "member",           KEEPER_POST),
    ("governance:meeting-list",            "GET",  "-",                ALL_OK),
    ("governance:meeting-export-csv",      "GET",  "-",                ALL_OK),
    ("governance:meeting-export-xlsx",     "GET",  "-",                ALL_OK),
    ("governance:meeting-create",          "GET",  "published",        KEEPER_GET),
    ("governance:meeting-create",          "POST", "published",        KEEPER_POST),
    ("governance:meeting-create",          "POST", "unpublished",      KEEPER_POST_INTERNAL),
    ("governance:meeting-create",          "POST", "archived",         NOBODY_INTERNAL),
    ("governance:meeting-detail",          "GET",  "held",             ALL_OK),
    ("governance:meeting-detail",          "GET",  "upcoming",         ALL_OK),
    ("governance:meeting-detail",          "GET",  "internal_meeting", INTERNAL_ONLY),
    ("governance:meeting-edit",            "GET",  "upcoming",         KEEPER_GET),
    ("governance:meeting-edit",            "POST", "upcoming",         KEEPER_POST),
    ("governance:meeting-edit",            "POST", "internal_meeting", KEEPER_POST_INTERNAL),
    # An archived meeting is shown (as archived) inside the council, and hidden from the public and providers.
    ("governance:meeting-detail",          "GET",  "archived_meeting", INTERNAL_ONLY),
    ("governance:meeting-archive",         "GET",  "upcoming",         KEEPER_GET),
    ("governance:meeting-archive",         "POST", "upcoming",         KEEPER_POST),
    ("governance:meeting-archive",         "POST", "archived_meeting", NOBODY_INTERNAL),
    ("governance:meeting-restore",         "GET",  "archived_meeting", KEEPER_GET_INTERNAL),
    ("governance:meeting-restore",         "POST", "archived_meeting", KEEPER_POST_INTERNAL),
    ("governance:meeting-restore",         "POST", "upcoming",         NOBODY),
    ("governance:meeting-history",         "GET",  "archived_meeting", INTERNAL_ONLY),
    ("governance:meeting-history",         "GET",  "held",             HISTORY),
    ("governance:meeting-history",         "GET",  "internal_meeting", INTERNAL_ONLY),
    ("governance:meeting-publish-agenda",  "GET",  "upcoming",         KEEPER_GET),
    ("governance:meeting-publish-agenda",  "POST", "upcoming",         KEEPER_POST),
    ("governance:meeting-attendance",      "GET",  "held",             KEEPER_GET),
    ("governance:meeting-attendance",      "POST", "held",             KEEPER_POST),
    ("governance:meeting-minutes",         "GET",  "held",             KEEPER_GET),
    ("governance:meeting-minutes",         "POST", "held",             KEEPER_POST),
    ("governance:agenda-item-create",      "GET",  "held",             KEEPER_GET),
    ("governance:agenda-item-create",      "POST", "upcoming",         KEEPER_POST),
    ("governance:agenda-item-create",      "POST", "internal_meeting", KEEPER_POST_INTERNAL),
    ("governance:agenda-item-edit",        "GET",  "open_item",        KEEPER_GET),
    ("governance:agenda-item-edit",        "POST", "open_item",        KEEPER_POST),
    # An exempt item is not even found by the public or a provider.
    ("governance:agenda-item-edit",        "GET",  "exempt_item",      KEEPER_GET_INTERNAL),
    ("governance:agenda-item-edit",        "POST", "exempt_item",      KEEPER_POST_INTERNAL),
    ("governance:agenda-item-edit",        "POST", "archived_item",    NOBODY),
    ("governance:agenda-item-archive",     "GET",  "open_item",        KEEPER_GET),
    ("governance:agenda-item-archive",     "POST", "open_item",        KEEPER_POST),
    ("governance:agenda-item-archive",     "GET",  "exempt_item",      KEEPER_GET_INTERNAL),
    ("governance:agenda-item-archive",     "POST", "exempt_item",      KEEPER_POST_INTERNAL),
    ("governance:agenda-item-archive",     "POST", "archived_item",    NOBODY),
    ("governance:agenda-item-restore",     "GET",  "archived_item",    KEEPER_GET),
    ("governance:agenda-item-restore",     "POST", "archived_item",    KEEPER_POST),
    ("governance:agenda-item-restore",     "POST", "open_item",        NOBODY),
]
# fmt: on

EXEMPT_TITLE = "Contract award: commercial terms"
EXEMPT_PAPER = "Tender evaluation (confidential)"
OPEN_PAPER = "Budget monitoring report"
OPEN_MINUTE = "Before item 2, the press and public were excluded."
EXEMPT_MINUTE = "The committee agreed the preferred bidder at a price of 412,000 pounds."


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(username=role, role=role, organisation=provider_org if role == Role.PROVIDER else None)
        for role in COLUMNS
        if role is not None
    }
    published = BodyFactory(name="Staff and Support Services Committee", seats=3)
    unpublished = BodyFactory(name="Cabinet Working Group on Estates", kind=BodyKind.WORKING_GROUP, published=False)
    archived = BodyFactory(name="Old Licensing Panel", archived_at=timezone.now(), archive_reason="Merged")
    member = MembershipFactory(body=published, councillor=CouncillorFactory(name="Ada Member", party="Civic"))
    now = timezone.now()
    held = MeetingFactory(body=published, starts_at=now - dt.timedelta(days=7), agenda_published_on=None)
    held.agenda_published_on = timezone.localdate() - dt.timedelta(days=20)
    held.minutes, held.exempt_minutes = OPEN_MINUTE, EXEMPT_MINUTE
    held.save()
    upcoming = MeetingFactory(body=published, starts_at=now + dt.timedelta(days=3))
    internal_meeting = MeetingFactory(body=unpublished, starts_at=now + dt.timedelta(days=10))
    open_item = AgendaItemFactory(meeting=held, number=1, title="Budget monitoring", papers=OPEN_PAPER)
    exempt_item = AgendaItemFactory(
        meeting=held, number=2, title=EXEMPT_TITLE, exempt_paragraph="3", papers=EXEMPT_PAPER
    )
    AgendaItemFactory(meeting=upcoming, number=1, title="Apologies")
    archived_item = AgendaItemFactory(
        meeting=upcoming, number=4, title="Withdrawn report", archived_at=now, archive_reason="Withdrawn by the author"
    )
    archived_meeting = MeetingFactory(
        body=published, starts_at=now + dt.timedelta(days=5), archived_at=now, archive_reason="Arranged in error"
    )
    return {
        "users": users,
        "records": {
            "published": published,
            "unpublished": unpublished,
            "archived": archived,
            "member": member,
            "held": held,
            "upcoming": upcoming,
            "internal_meeting": internal_meeting,
            "open_item": open_item,
            "exempt_item": exempt_item,
            "archived_item": archived_item,
            "archived_meeting": archived_meeting,
        },
        "spare_councillor": CouncillorFactory(name="Ben Spare", party="Green"),
    }


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    record = world["records"][state]
    return type(record).objects.get(pk=record.pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    later = timezone.localdate() + dt.timedelta(days=30)
    if route in {"governance:body-create", "governance:body-edit"}:
        return {"name": "Renamed by the permission test", "kind": BodyKind.COMMITTEE, "seats": "3", "published": "on"}
    if route == "governance:membership-create":
        return {
            "councillor": world["spare_councillor"].pk,
            "role": "member",
            **date_input("starts_on", timezone.localdate()),
            **date_input("ends_on", None),
        }
    if route == "governance:membership-end":
        return date_input("ends_on", timezone.localdate())
    if route in {"governance:meeting-create", "governance:meeting-edit"}:
        return {**date_input("date", later), "time": "18:30", "place": "Committee Room 3", "status": "scheduled"}
    if route == "governance:meeting-attendance":
        return {f"c{world['records']['member'].councillor_id}": "apologies"}
    if route == "governance:meeting-minutes":
        return {
            "minutes": "Minutes from the permission test.",
            "exempt_minutes": EXEMPT_MINUTE,
            **date_input("approved_on", None),
        }
    if route in {"governance:agenda-item-create", "governance:agenda-item-edit"}:
        return {"number": "9", "title": "Item from the permission test", "exempt_paragraph": ""}
    if route in {
        "governance:body-archive",
        "governance:body-restore",
        "governance:meeting-archive",
        "governance:meeting-restore",
        "governance:agenda-item-archive",
        "governance:agenda-item-restore",
    }:
        return {"reason": "Permission test"}
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "bodies": list(Body.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "meetings": list(Meeting.objects.order_by("pk").values()),
        "items": list(AgendaItem.objects.order_by("pk").values()),
        "attendance": list(Attendance.objects.order_by("pk").values()),
        "history": [
            m.history.count()  # type: ignore[attr-defined]
            for m in (Body, Membership, Meeting, AgendaItem, Attendance)
        ],
        "users": list(User.objects.order_by("pk").values("pk", "role")),
    }


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    added = [a - b for a, b in zip(after["history"], before["history"], strict=True)]
    assert sum(added) == 1, added
    body_url = lambda body: reverse("governance:body-detail", args=[body.pk])  # noqa: E731
    meeting_url = lambda meeting: reverse("governance:meeting-detail", args=[meeting.pk])  # noqa: E731
    if route == "governance:body-create":
        made = Body.objects.get(name="Renamed by the permission test")
        assert made.history.latest().history_user == user
        return body_url(made)
    if route == "governance:membership-create":
        made = Membership.objects.get(councillor=world["spare_councillor"])
        assert made.party == "Green"  # defaulted from the councillor
        return body_url(target)
    if route == "governance:meeting-create":
        made = Meeting.objects.get(place="Committee Room 3")
        assert made.body == target
        return meeting_url(made)
    if route == "governance:agenda-item-create":
        made = AgendaItem.objects.get(title="Item from the permission test")
        assert made.meeting == target
        return meeting_url(target)
    target.refresh_from_db()
    if route == "governance:body-edit":
        assert target.name == "Renamed by the permission test"
        return body_url(target)
    if route == "governance:body-archive":
        assert target.is_archived
        return body_url(target)
    if route == "governance:body-restore":
        assert not target.is_archived
        return body_url(target)
    if route in {"governance:meeting-archive", "governance:agenda-item-archive"}:
        assert target.is_archived
        assert (target.archived_by, target.archive_reason) == (user, "Permission test")
        return meeting_url(getattr(target, "meeting", target))
    if route in {"governance:meeting-restore", "governance:agenda-item-restore"}:
        assert not target.is_archived
        return meeting_url(getattr(target, "meeting", target))
    if route == "governance:membership-end":
        assert target.ends_on == timezone.localdate()
        return body_url(target.body)
    if route == "governance:meeting-edit":
        assert target.place == "Committee Room 3"
        return meeting_url(target)
    if route == "governance:meeting-publish-agenda":
        assert target.agenda_published_on == timezone.localdate()
        return meeting_url(target)
    if route == "governance:meeting-attendance":
        assert Attendance.objects.get(meeting=target).status == "apologies"
        return meeting_url(target)
    if route == "governance:meeting-minutes":
        assert (target.minutes, target.status) == ("Minutes from the permission test.", "held")
        return meeting_url(target)
    if route == "governance:agenda-item-edit":
        assert (target.number, target.title) == (9, "Item from the permission test")
        return meeting_url(target.meeting)
    pytest.fail(f"no change check for {route}")  # pragma: no cover


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=matrix.label)
def test_an_exempt_items_title_and_papers_are_seen_inside_the_council_only(
    role: str | None, world: dict[str, Any], client_for: Any
) -> None:
    held = world["records"]["held"]
    content = client_for(role).get(reverse("governance:meeting-detail", args=[held.pk])).content.decode()
    internal = role not in {None, Role.PROVIDER, Role.PARTNER}
    assert "Exempt: paragraph 3 of Schedule 12A" in content
    assert (EXEMPT_TITLE in content) == internal
    assert (EXEMPT_PAPER in content) == internal
    assert OPEN_PAPER in content  # an open item's papers are public


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, Role.PROVIDER])
def test_the_public_sees_no_agenda_before_it_is_published_and_no_internal_body(
    role: str | None, world: dict[str, Any], client_for: Any
) -> None:
    client: Client = client_for(role)
    upcoming = world["records"]["upcoming"]
    content = client.get(reverse("governance:meeting-detail", args=[upcoming.pk])).content.decode()
    assert "The agenda has not been published yet." in content
    listing = client.get(reverse("governance:body-list")).content.decode()
    assert world["records"]["published"].name in listing
    assert world["records"]["unpublished"].name not in listing
    meetings = client.get(reverse("governance:meeting-list") + "?when=all").content.decode()
    assert world["records"]["unpublished"].name not in meetings


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=matrix.label)
def test_an_archived_meeting_is_shown_as_archived_inside_the_council_and_hidden_from_the_public(
    role: str | None, world: dict[str, Any], client_for: Any
) -> None:
    archived = world["records"]["archived_meeting"]
    response = client_for(role).get(reverse("governance:meeting-detail", args=[archived.pk]))
    if role in {None, Role.PROVIDER, Role.PARTNER}:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert "Arranged in error" in response.content.decode()
    body_page = client_for(role).get(reverse("governance:body-detail", args=[archived.body_id])).content.decode()
    assert reverse("governance:meeting-detail", args=[archived.pk]) not in body_page


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=matrix.label)
def test_the_exempt_minutes_are_seen_by_those_who_see_exempt_items_on_no_other_surface(
    role: str | None, world: dict[str, Any], client_for: Any
) -> None:
    """The open minutes are public; the exempt part follows the rule for exempt items (governance.view_exempt_item),
    on the meeting's page and on every other page, export and calendar that could show a meeting or its minutes."""
    client: Client = client_for(role)
    held = world["records"]["held"]
    sees = role not in {None, Role.PROVIDER, Role.PARTNER}
    page = client.get(reverse("governance:meeting-detail", args=[held.pk])).content.decode()
    assert OPEN_MINUTE in page
    assert (EXEMPT_MINUTE in page) == sees
    assert ("Exempt minutes (not for publication)" in page) == sees
    assert ("The minutes of item 2 are exempt under paragraph 3 of Schedule 12A" in page) == (not sees)
    q = "?q=" + "preferred bidder"
    surfaces = [
        reverse("governance:meeting-history", args=[held.pk]),
        reverse("governance:meeting-minutes", args=[held.pk]),
        reverse("governance:meeting-list") + "?when=all",
        reverse("governance:meeting-export-csv") + "?when=all",
        reverse("governance:body-detail", args=[held.body_id]),
        reverse("governance:body-list") + q,
        reverse("governance:body-export-csv") + q,
        reverse("governance:decisions") + q,
        reverse("governance:decisions-csv") + q,
        reverse("governance:forward-plan") + q,
        reverse("governance:forward-plan-ics"),
        reverse("governance:forward-plan-csv"),
    ]
    for address in surfaces if not sees else []:
        response = client.get(address)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code in {200, 302, 403}, address
        assert b"agreed the preferred bidder" not in content, address  # the query itself is echoed
