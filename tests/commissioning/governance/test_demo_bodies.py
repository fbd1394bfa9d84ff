"""The bodies and meetings of the demo council: the contract later areas code against, and what the pages show."""

from __future__ import annotations

import pytest
from django.utils import timezone

from commissioning.accounts.models import Councillor
from commissioning.governance.models import BALANCED_KINDS, AgendaItem, Attendance, Body, BodyKind, Meeting, MemberRole
from commissioning.governance.selectors import bodies as selectors
from tests.demo import METROPOLITAN


@pytest.mark.django_db
@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_the_demo_council_has_its_bodies_and_a_year_of_meetings(demo_council: object) -> None:
    today = timezone.localdate()
    council = Body.objects.get(kind=BodyKind.COUNCIL)
    assert council.memberships.count() == Councillor.objects.count()
    cabinet = Body.objects.get(kind=BodyKind.CABINET)
    assert 6 <= cabinet.memberships.count() <= 9
    cabinet_login = Councillor.objects.get(user__username="cabinet")
    scrutiny_login = Councillor.objects.get(user__username="scrutiny")
    assert Councillor.objects.filter(user__username="councillor").exists()
    assert cabinet.memberships.filter(councillor=cabinet_login).exists()
    first_portfolio = Body.objects.filter(kind=BodyKind.PORTFOLIO_HOLDER).order_by("portfolio").first()
    assert first_portfolio is not None
    assert first_portfolio.memberships.get().councillor == cabinet_login
    scrutiny = Body.objects.get(kind=BodyKind.SCRUTINY)
    assert scrutiny.memberships.filter(councillor=scrutiny_login, role=MemberRole.MEMBER).exists()
    assert scrutiny.memberships.get(role=MemberRole.CHAIR).councillor != scrutiny_login
    assert Body.objects.get(kind=BodyKind.TASK_AND_FINISH).parent == scrutiny
    assert Body.objects.filter(kind=BodyKind.COMMUNITY_COMMITTEE, wards__isnull=False).exists()
    for board in Body.objects.filter(kind=BodyKind.PROGRAMME_BOARD).select_related("review"):
        assert board.review is not None
        assert board.memberships.filter(officer=board.review.lead_commissioner, role=MemberRole.ADVISER).exists()
    for body in Body.objects.filter(kind__in=BALANCED_KINDS):
        assert body.seats
    assert Body.objects.filter(kind=BodyKind.CROSS_PARTY).count() == 1
    # A year of meetings and two months ahead, with exempt items, attendance and minutes.
    assert Meeting.objects.filter(starts_at__date__lt=today - timezone.timedelta(days=300)).exists()
    assert Meeting.objects.filter(starts_at__date__gt=today + timezone.timedelta(days=30)).exists()
    assert not Meeting.objects.filter(starts_at__date__gt=today + timezone.timedelta(days=63)).exists()
    assert AgendaItem.objects.exclude(exempt_paragraph="").exists()
    assert Attendance.objects.exists()
    assert (
        Meeting.objects.filter(status="held").exclude(minutes="").count()
        == Meeting.objects.filter(status="held").count()
    )
    # Held meetings with an exempt item have an exempt minute; no other meeting has one, and no open minute names the
    # exempt item (the open minutes say only that the public were excluded).
    with_exempt_minutes = Meeting.objects.exclude(exempt_minutes="")
    assert with_exempt_minutes.exists()
    for meeting in with_exempt_minutes.prefetch_related("agenda_items"):
        exempt = [item for item in meeting.agenda_items.all() if item.is_exempt]
        assert exempt
        assert meeting.status == "held"
        assert all(item.title in meeting.exempt_minutes and item.title not in meeting.minutes for item in exempt)
        assert f"Before item {exempt[0].number}, the press and public were excluded" in meeting.minutes
    # One late agenda, for the warning.
    assert any(
        (notice := selectors.agenda_notice(meeting=m)) is not None and notice.late
        for m in Meeting.objects.filter(body=cabinet)
    )
