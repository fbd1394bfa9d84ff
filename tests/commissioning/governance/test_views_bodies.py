"""The bodies and meetings pages: filters, downloads, and wrong input shown on the field with nothing lost."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from commissioning.core.permissions import Role
from commissioning.governance.actions import bodies as actions
from commissioning.governance.forms.bodies import TIME_INVALID
from commissioning.governance.models import Body, BodyKind, Meeting, Membership
from tests.commissioning.governance.factories import AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory
from tests.dates import date_input
from tests.factories import CouncillorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _csv(response: object) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


def test_the_bodies_list_filters_by_kind_and_downloads_what_it_shows(client_for: object) -> None:
    BodyFactory(name="Cabinet", kind=BodyKind.CABINET)
    BodyFactory(name="Audit Committee")
    BodyFactory(name="Hidden Working Group", kind=BodyKind.WORKING_GROUP, published=False)
    public = client_for(None)  # type: ignore[operator]
    content = public.get(reverse("governance:body-list") + "?kind=cabinet").content.decode()
    assert "Cabinet" in content
    assert "Audit Committee" not in content
    rows = _csv(public.get(reverse("governance:body-export-csv")))
    assert [row[0] for row in rows[1:]] == ["Audit Committee", "Cabinet"]
    officer = client_for(Role.OFFICER)  # type: ignore[operator]
    rows = _csv(officer.get(reverse("governance:body-export-csv") + "?kind=working_group"))
    assert [row[0] for row in rows[1:]] == ["Hidden Working Group"]


def test_the_meetings_list_shows_upcoming_then_past(client_for: object) -> None:
    body = BodyFactory(name="Licensing Committee")
    MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=5), place="Room Upcoming")
    MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=5), place="Room Past")
    client = client_for(None)  # type: ignore[operator]
    upcoming = client.get(reverse("governance:meeting-list")).content.decode()
    assert "Room Upcoming" in upcoming
    assert "Room Past" not in upcoming
    past = client.get(reverse("governance:meeting-list") + f"?when=past&body={body.pk}").content.decode()
    assert "Room Past" in past
    assert "Room Upcoming" not in past


def test_a_wrong_time_is_named_and_nothing_typed_is_lost(client_for: object) -> None:
    body = BodyFactory()
    clerk = client_for(Role.DEMOCRATIC)  # type: ignore[operator]
    day = timezone.localdate() + dt.timedelta(days=10)
    response = clerk.post(
        reverse("governance:meeting-create", args=[body.pk]),
        {**date_input("date", day), "time": "half ten", "place": "Council Chamber"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert TIME_INVALID in content
    assert 'value="Council Chamber"' in content
    assert not Meeting.objects.exists()


def test_a_membership_that_ends_before_it_starts_is_named_on_the_end_date(client_for: object) -> None:
    body = BodyFactory()
    councillor = CouncillorFactory(party="Civic")
    clerk = client_for(Role.DEMOCRATIC)  # type: ignore[operator]
    response = clerk.post(
        reverse("governance:membership-create", args=[body.pk]),
        {
            "councillor": councillor.pk,
            "role": "member",
            **date_input("starts_on", dt.date(2026, 5, 1)),
            **date_input("ends_on", dt.date(2026, 4, 1)),
        },
    )
    content = response.content.decode()
    assert actions.ENDS_BEFORE_STARTS.format(starts="1 May 2026") in content
    assert 'href="#id_ends_on"' in content
    assert not Membership.objects.exists()


def test_a_programme_board_without_its_review_is_refused(client_for: object) -> None:
    clerk = client_for(Role.DEMOCRATIC)  # type: ignore[operator]
    response = clerk.post(reverse("governance:body-create"), {"name": "A Board", "kind": BodyKind.PROGRAMME_BOARD})
    assert actions.REVIEW_REQUIRED in response.content.decode()
    assert not Body.objects.exists()


def test_the_body_page_names_the_group_that_is_over_represented(client_for: object) -> None:
    for _ in range(3):
        CouncillorFactory(party="Civic")
    body = BodyFactory(name="Cross-Party Group", kind=BodyKind.CROSS_PARTY, seats=2)
    MembershipFactory(body=body, councillor=CouncillorFactory(party="Civic"))
    MembershipFactory(body=body, councillor=CouncillorFactory(party="Green"))
    MembershipFactory(body=body, councillor=CouncillorFactory(party="Green"))
    # Council: Civic 4, Green 2 -> of 2 seats: Civic 1.33, Green 0.67 -> 1 and 1; Green holds 2.
    content = client_for(None).get(reverse("governance:body-detail", args=[body.pk])).content.decode()  # type: ignore[operator]
    assert "Over-represented: Green (2 for 1)." in content


def test_the_agenda_item_number_taken_is_named_on_the_number(client_for: object) -> None:
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number=1)
    UserFactory(role=Role.DEMOCRATIC)
    clerk = client_for(Role.DEMOCRATIC)  # type: ignore[operator]
    response = clerk.post(
        reverse("governance:agenda-item-create", args=[meeting.pk]), {"number": "1", "title": "Another"}
    )
    content = response.content.decode()
    assert actions.NUMBER_TAKEN.format(number=1) in content
    assert 'value="Another"' in content


def test_a_reviews_page_shows_its_programme_board(client_for: object) -> None:
    from tests.factories import ReviewFactory

    review = ReviewFactory()
    board = BodyFactory(name="Programme Board: Libraries", kind=BodyKind.PROGRAMME_BOARD, review=review)
    MembershipFactory(body=board, councillor=CouncillorFactory(name="Ada Holder", party="Civic"), role="chair")
    MeetingFactory(body=board, starts_at=timezone.now() + dt.timedelta(days=9))
    content = client_for(Role.OFFICER).get(reverse("reviews:detail", args=[review.pk])).content.decode()  # type: ignore[operator]
    assert reverse("governance:body-detail", args=[board.pk]) in content
    assert "Ada Holder, chair (Civic)" in content
    assert "next meets" in content
    other = ReviewFactory()
    assert (
        "Programme Board"
        not in client_for(Role.OFFICER)
        .get(  # type: ignore[operator]
            reverse("reviews:detail", args=[other.pk])
        )
        .content.decode()
    )


def test_a_deciding_body_links_to_its_decisions_and_an_advisory_one_does_not() -> None:
    cabinet = BodyFactory(cabinet=True)
    group = BodyFactory(kind=BodyKind.CROSS_PARTY, name="Cross-party member group")
    page = Client().get(reverse("governance:body-detail", args=[cabinet.pk])).content.decode()
    assert reverse("governance:body-decisions", args=[cabinet.pk]) in page
    page = Client().get(reverse("governance:body-detail", args=[group.pk])).content.decode()
    assert "body-decisions-link" not in page


def test_a_meeting_is_archived_and_restored_from_its_page(client_for: object) -> None:
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    UserFactory(role=Role.DEMOCRATIC)
    clerk = client_for(Role.DEMOCRATIC)  # type: ignore[operator]
    page = reverse("governance:meeting-detail", args=[meeting.pk])
    archive = reverse("governance:meeting-archive", args=[meeting.pk])
    assert archive in clerk.get(page).content.decode()
    response = clerk.post(archive, {"reason": ""})
    assert actions.MEETING_ARCHIVE_REASON_REQUIRED in response.content.decode()
    response = clerk.post(archive, {"reason": "Arranged in error"}, follow=True)
    content = response.content.decode()
    assert "The meeting has been archived." in content
    assert "Reason: Arranged in error" in content
    restore = reverse("governance:meeting-restore", args=[meeting.pk])
    assert restore in content
    assert archive not in content
    response = clerk.post(restore, {"reason": "Going ahead"}, follow=True)
    assert "The meeting has been restored." in response.content.decode()
    assert not Meeting.objects.get(pk=meeting.pk).is_archived


def test_an_agenda_item_taken_off_leaves_the_agenda_and_can_be_put_back(client_for: object) -> None:
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    item = AgendaItemFactory(meeting=meeting, number=2, title="Withdrawn report")
    UserFactory(role=Role.DEMOCRATIC)
    clerk = client_for(Role.DEMOCRATIC)  # type: ignore[operator]
    archive = reverse("governance:agenda-item-archive", args=[item.pk])
    assert archive in clerk.get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
    response = clerk.post(archive, {"reason": ""})
    assert actions.ITEM_ARCHIVE_REASON_REQUIRED in response.content.decode()
    response = clerk.post(archive, {"reason": "Withdrawn by the author"}, follow=True)
    content = response.content.decode()
    assert "Item 2 has been taken off the agenda." in content
    assert 'data-testid="agenda-item"' not in content
    restore = reverse("governance:agenda-item-restore", args=[item.pk])
    assert restore in content
    officer = client_for(Role.OFFICER)  # type: ignore[operator]
    seen = officer.get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Withdrawn report" not in seen
    assert restore not in seen
    response = clerk.post(restore, {"reason": "Back on"}, follow=True)
    content = response.content.decode()
    assert "Item 2 has been put back on the agenda." in content
    assert 'data-testid="agenda-item"' in content


def test_the_minutes_form_offers_an_exempt_part_only_for_a_meeting_with_an_exempt_item(client_for: object) -> None:
    clerk = client_for(Role.DEMOCRATIC)  # type: ignore[operator]
    open_only = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=2))
    AgendaItemFactory(meeting=open_only, number=1, title="Apologies")
    with_exempt = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=2))
    AgendaItemFactory(meeting=with_exempt, number=4, title="Staffing matter", exempt_paragraph="1")
    form = clerk.get(reverse("governance:meeting-minutes", args=[open_only.pk])).content.decode()
    assert "Exempt minutes" not in form
    form = clerk.get(reverse("governance:meeting-minutes", args=[with_exempt.pk])).content.decode()
    assert "Exempt minutes (not for publication)" in form
    assert "item 4, Staffing matter (paragraph 1)" in form
    # A posted exempt part the form does not offer is not saved.
    data = {"minutes": "Noted.", "exempt_minutes": "Smuggled in.", **date_input("approved_on", None)}
    clerk.post(reverse("governance:meeting-minutes", args=[open_only.pk]), data)
    open_only.refresh_from_db()
    assert (open_only.minutes, open_only.exempt_minutes) == ("Noted.", "")
    # The open minutes naming the exempt item are refused on that field, and the exempt part typed is kept.
    data = {
        "minutes": "4. Staffing matter agreed.",
        "exempt_minutes": "Agreed in private.",
        **date_input("approved_on", None),
    }
    page = clerk.post(reverse("governance:meeting-minutes", args=[with_exempt.pk]), data).content.decode()
    assert str(escape(actions.OPEN_MINUTES_NAME_EXEMPT_ITEM.format(number=4, title="Staffing matter"))) in page
    assert "Agreed in private." in page
    with_exempt.refresh_from_db()
    assert with_exempt.exempt_minutes == ""
