"""The actions for bodies, membership, meetings, agendas, attendance and minutes: what they refuse, with the named
message, and that a refusal saves nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.core.permissions import Role
from commissioning.governance.actions import bodies as actions
from commissioning.governance.models import AgendaItem, Attendance, BodyKind, Meeting, MeetingStatus, Membership
from commissioning.governance.selectors import bodies as selectors
from tests.commissioning.governance.factories import AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory
from tests.factories import CouncillorFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


@pytest.fixture
def clerk() -> object:
    return UserFactory(role=Role.DEMOCRATIC)


def test_a_membership_that_ends_before_it_starts_is_refused(clerk: object) -> None:
    body = BodyFactory()
    councillor = CouncillorFactory(party="Civic")
    details = actions.MembershipDetails(
        councillor=councillor, starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 30)
    )
    with pytest.raises(ValidationError) as error:
        actions.membership_add(body=body, details=details, by=clerk)
    assert _messages(error) == {"ends_on": [actions.ENDS_BEFORE_STARTS.format(starts="1 May 2026")]}
    assert not Membership.objects.exists()


def test_an_officer_cannot_chair_and_sits_for_no_party(clerk: object) -> None:
    body = BodyFactory(kind=BodyKind.PROGRAMME_BOARD)
    officer = UserFactory(role=Role.OFFICER)
    details = actions.MembershipDetails(officer=officer, role="chair", party="Civic", starts_on=TODAY)
    with pytest.raises(ValidationError) as error:
        actions.membership_add(body=body, details=details, by=clerk)
    assert _messages(error) == {"role": [actions.OFFICER_NOT_ADVISER], "party": [actions.OFFICER_PARTY]}
    adviser = actions.membership_add(
        body=body, details=actions.MembershipDetails(officer=officer, role="adviser", starts_on=TODAY), by=clerk
    )
    assert (adviser.officer, adviser.party, adviser.history.count()) == (officer, "", 1)


def test_a_member_is_a_councillor_or_an_officer(clerk: object) -> None:
    body = BodyFactory()
    with pytest.raises(ValidationError) as error:
        actions.membership_add(body=body, details=actions.MembershipDetails(starts_on=TODAY), by=clerk)
    assert _messages(error) == {"councillor": [actions.MEMBER_REQUIRED]}
    both = actions.MembershipDetails(councillor=CouncillorFactory(), officer=UserFactory(), starts_on=TODAY)
    with pytest.raises(ValidationError) as error:
        actions.membership_add(body=body, details=both, by=clerk)
    assert _messages(error) == {"officer": [actions.MEMBER_BOTH]}


def test_the_party_defaults_from_the_councillor_and_a_different_one_is_refused(clerk: object) -> None:
    body = BodyFactory()
    councillor = CouncillorFactory(name="Ada Lovell", party="Green Future")
    wrong = actions.MembershipDetails(councillor=councillor, party="Civic Alliance", starts_on=TODAY)
    with pytest.raises(ValidationError) as error:
        actions.membership_add(body=body, details=wrong, by=clerk)
    assert _messages(error) == {"party": [actions.PARTY_MISMATCH.format(name="Ada Lovell", party="Green Future")]}
    made = actions.membership_add(
        body=body, details=actions.MembershipDetails(councillor=councillor, starts_on=TODAY), by=clerk
    )
    assert made.party == "Green Future"
    # A second seat for the same councillor while the first is open is refused.
    with pytest.raises(ValidationError) as error:
        actions.membership_add(
            body=body, details=actions.MembershipDetails(councillor=councillor, starts_on=TODAY), by=clerk
        )
    assert _messages(error) == {
        "councillor": [actions.ALREADY_A_MEMBER.format(name="Ada Lovell", body=body.name, starts="1 June 2026")]
    }


def test_ending_a_membership(clerk: object) -> None:
    membership = MembershipFactory(starts_on=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError) as error:
        actions.membership_end(membership=membership, ends_on=dt.date(2026, 4, 1), by=clerk)
    assert _messages(error) == {"ends_on": [actions.ENDS_BEFORE_STARTS.format(starts="1 May 2026")]}
    ended = actions.membership_end(membership=membership, ends_on=timezone.localdate(), by=clerk, reason="Resigned")
    assert ended.ends_on == timezone.localdate()
    assert ended.history.latest().history_change_reason == "Resigned"
    with pytest.raises(ValidationError) as error:
        actions.membership_end(membership=ended, ends_on=timezone.localdate(), by=clerk)
    assert "ends_on" in _messages(error)


def test_a_body_kind_needs_its_own_details(clerk: object) -> None:
    details = actions.BodyDetails(name="Board", kind=BodyKind.PROGRAMME_BOARD, portfolio="Adults")
    with pytest.raises(ValidationError) as error:
        actions.body_create(details=details, by=clerk)
    assert _messages(error) == {"review": [actions.REVIEW_REQUIRED], "portfolio": [actions.PORTFOLIO_NOT_HOLDER]}
    with pytest.raises(ValidationError) as error:
        actions.body_create(details=actions.BodyDetails(name="Area", kind=BodyKind.COMMUNITY_COMMITTEE), by=clerk)
    assert _messages(error) == {"wards": [actions.WARDS_REQUIRED]}
    BodyFactory(name="Cabinet", kind=BodyKind.CABINET)
    with pytest.raises(ValidationError) as error:
        actions.body_create(details=actions.BodyDetails(name="cabinet ", kind=BodyKind.CABINET), by=clerk)
    assert _messages(error) == {"name": [actions.NAME_TAKEN.format(name="cabinet")]}


def test_an_agenda_item_number_already_taken_is_refused(clerk: object) -> None:
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, number=3, title="Budget")
    details = actions.AgendaItemDetails(number=3, title="Another")
    with pytest.raises(ValidationError) as error:
        actions.agenda_item_add(meeting=meeting, details=details, by=clerk, form_token=uuid.uuid4())
    assert _messages(error) == {"number": [actions.NUMBER_TAKEN.format(number=3)]}
    assert AgendaItem.objects.count() == 1
    item = actions.agenda_item_add(
        meeting=meeting, details=actions.AgendaItemDetails(number=4, title="Exempt", exempt_paragraph="3"), by=clerk
    )
    assert item.is_exempt
    with pytest.raises(ValidationError) as error:
        actions.agenda_item_update(item=item, details=details, by=clerk)
    assert _messages(error) == {"number": [actions.NUMBER_TAKEN.format(number=3)]}


def test_attendance_for_a_non_member_is_refused(clerk: object) -> None:
    body = BodyFactory(name="Appointments Committee")
    member = MembershipFactory(body=body, starts_on=dt.date(2020, 1, 1)).councillor
    stranger = CouncillorFactory(name="Ben Stranger")
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        actions.attendance_record(meeting=meeting, statuses={member.pk: "present", stranger.pk: "present"}, by=clerk)
    assert error.value.messages == [
        actions.ATTENDANCE_NOT_MEMBER.format(name="Ben Stranger", body="Appointments Committee")
    ]
    assert not Attendance.objects.exists()
    saved = actions.attendance_record(meeting=meeting, statuses={member.pk: "apologies"}, by=clerk)
    assert [a.status for a in saved] == ["apologies"]
    # Recording the same again changes nothing and writes no history.
    assert actions.attendance_record(meeting=meeting, statuses={member.pk: "apologies"}, by=clerk) == []
    future = MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=3))
    with pytest.raises(ValidationError):
        actions.attendance_record(meeting=future, statuses={member.pk: "present"}, by=clerk)


def test_publishing_the_agenda_late_is_allowed_and_says_so(clerk: object) -> None:
    soon = timezone.now() + dt.timedelta(days=2)
    meeting = MeetingFactory(starts_at=soon)
    with pytest.raises(ValidationError) as error:
        actions.meeting_publish_agenda(meeting=meeting, by=clerk)
    assert error.value.messages == [actions.AGENDA_EMPTY]
    AgendaItemFactory(meeting=meeting, number=1)
    notice = actions.meeting_publish_agenda(meeting=meeting, by=clerk)
    assert notice.late
    assert notice.required == selectors.governance_settings().agenda_clear_working_days == 5
    meeting.refresh_from_db()
    assert meeting.agenda_published_on == timezone.localdate()
    with pytest.raises(ValidationError) as error:
        actions.meeting_publish_agenda(meeting=meeting, by=clerk)
    assert error.value.messages == [actions.AGENDA_ALREADY_PUBLISHED.format(on=f"{timezone.localdate():%-d %B %Y}")]


def test_an_agenda_published_in_good_time_is_not_late(clerk: object) -> None:
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=21))
    AgendaItemFactory(meeting=meeting, number=1)
    assert not actions.meeting_publish_agenda(meeting=meeting, by=clerk).late


def test_agenda_clear_working_days_leave_out_weekends_and_bank_holidays() -> None:
    from commissioning.governance.calculations.bodies import agenda_clear_working_days

    # Published Tuesday 22 December 2026 for a meeting on Monday 4 January 2027: 23, 24, 29, 30, 31 December.
    assert agenda_clear_working_days(published_on=dt.date(2026, 12, 22), meeting_on=dt.date(2027, 1, 4)) == 5


def test_minutes_are_recorded_after_the_meeting(clerk: object) -> None:
    future = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        actions.meeting_record_minutes(meeting=future, minutes="Early", approved_on=None, by=clerk)
    day = timezone.localtime(future.starts_at).date()
    assert _messages(error) == {"minutes": [actions.MINUTES_BEFORE_MEETING.format(day=f"{day:%-d %B %Y}")]}
    past = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        actions.meeting_record_minutes(meeting=past, minutes="  ", approved_on=None, by=clerk)
    assert _messages(error) == {"minutes": [actions.MINUTES_REQUIRED]}
    saved = actions.meeting_record_minutes(meeting=past, minutes="Noted.", approved_on=timezone.localdate(), by=clerk)
    assert (saved.status, saved.minutes) == (MeetingStatus.HELD, "Noted.")
    assert Meeting.objects.get(pk=past.pk).history.count() == 2


def test_the_exempt_minutes_belong_to_a_meeting_with_an_exempt_item(clerk: object) -> None:
    past = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=3))
    AgendaItemFactory(meeting=past, number=1, title="Apologies")
    with pytest.raises(ValidationError) as error:
        actions.meeting_record_minutes(
            meeting=past, minutes="Noted.", exempt_minutes="A private minute.", approved_on=None, by=clerk
        )
    assert _messages(error) == {"exempt_minutes": [actions.EXEMPT_MINUTES_NO_EXEMPT_ITEM]}
    assert Meeting.objects.get(pk=past.pk).history.count() == 1  # nothing saved
    exempt = AgendaItemFactory(meeting=past, number=2, title="Disposal of land: valuation", exempt_paragraph="3")
    saved = actions.meeting_record_minutes(
        meeting=past, minutes="Noted.", exempt_minutes=" The sale was agreed. ", approved_on=None, by=clerk
    )
    assert (saved.minutes, saved.exempt_minutes) == ("Noted.", "The sale was agreed.")
    # Without the exempt part (None), the one saved is kept; an empty one removes it.
    kept = actions.meeting_record_minutes(meeting=past, minutes="Noted again.", approved_on=None, by=clerk)
    assert kept.exempt_minutes == "The sale was agreed."
    # Once the item is taken off the agenda, the meeting has no exempt item: the exempt part must go.
    actions.agenda_item_archive(item=exempt, by=clerk, reason="Withdrawn")
    with pytest.raises(ValidationError) as error:
        actions.meeting_record_minutes(meeting=past, minutes="Noted.", approved_on=None, by=clerk)
    assert _messages(error) == {"exempt_minutes": [actions.EXEMPT_MINUTES_NO_EXEMPT_ITEM]}
    cleared = actions.meeting_record_minutes(
        meeting=past, minutes="Noted.", exempt_minutes="", approved_on=None, by=clerk
    )
    assert cleared.exempt_minutes == ""


def test_the_open_minutes_may_not_name_an_exempt_item(clerk: object) -> None:
    past = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=3))
    AgendaItemFactory(meeting=past, number=6, title="Staffing matter", exempt_paragraph="1")
    with pytest.raises(ValidationError) as error:
        actions.meeting_record_minutes(
            meeting=past, minutes="6. The staffing matter was agreed.", exempt_minutes="", approved_on=None, by=clerk
        )
    assert _messages(error) == {
        "minutes": [actions.OPEN_MINUTES_NAME_EXEMPT_ITEM.format(number=6, title="Staffing matter")]
    }
    assert Meeting.objects.get(pk=past.pk).minutes == ""


def test_minutes_saved_by_someone_else_since_the_form_was_loaded_are_not_lost(clerk: object) -> None:
    from commissioning.core.concurrency import EditConflict, version_of

    past = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=3))
    AgendaItemFactory(meeting=past, number=1, title="Disposal of land: valuation", exempt_paragraph="3")
    loaded = version_of(past)
    actions.meeting_record_minutes(
        meeting=past, minutes="Noted.", exempt_minutes="Agreed.", approved_on=None, by=clerk, version=loaded
    )
    with pytest.raises(EditConflict):
        actions.meeting_record_minutes(
            meeting=past, minutes="Mine.", exempt_minutes="Mine.", approved_on=None, by=clerk, version=loaded
        )
    assert (Meeting.objects.get(pk=past.pk).exempt_minutes) == "Agreed."


def test_the_exempt_minutes_are_shown_only_to_those_who_see_exempt_items(clerk: object) -> None:
    from django.contrib.auth.models import AnonymousUser

    past = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=3), minutes="Open.", exempt_minutes="Secret.")
    AgendaItemFactory(meeting=past, number=2, title="Staffing matter", exempt_paragraph="1")
    AgendaItemFactory(meeting=past, number=3, title="Legal advice", exempt_paragraph="5")
    for user, sees in [(clerk, True), (UserFactory(role=Role.PROVIDER), False), (AnonymousUser(), False)]:
        assert selectors.sees_exempt(user) == user.has_perm("governance.view_exempt_item") == sees
        shown = selectors.meeting_minutes(user=user, meeting=past)
        assert (shown.open, shown.exempt, shown.restricted) == ("Open.", "Secret." if sees else "", not sees)
        assert [i.number for i in shown.exempt_items] == [2, 3]
        assert shown.schedule_paragraphs == "1 and 5"


def test_the_balance_of_a_committee_names_who_is_under_and_over_represented() -> None:
    for party, count in [("Civic", 6), ("Green", 3), ("Independent", 1)]:
        for _ in range(count):
            CouncillorFactory(party=party)
    body = BodyFactory(seats=5)
    for party in ["Civic", "Civic", "Green", "Green", "Green"]:
        MembershipFactory(body=body, councillor=CouncillorFactory(party=party))
    balance = selectors.body_balance(body=body, members=selectors.body_members(body=body))
    assert balance is not None
    # 15 seats now: Civic 8, Green 6, Independent 1 -> of 5: 2.67, 2, 0.33 -> 3, 2, 0
    assert [(p.party, p.entitled, p.actual) for p in balance.parties] == [
        ("Civic", 3, 2),
        ("Green", 2, 3),
        ("Independent", 0, 0),
    ]
    assert [p.party for p in balance.under_represented] == ["Civic"]
    assert [p.party for p in balance.over_represented] == ["Green"]
    assert selectors.body_balance(body=BodyFactory(kind=BodyKind.CABINET), members=selectors.Members([], [])) is None


def _history_reasons(record: object) -> list[str]:
    return [h.history_change_reason for h in record.history.order_by("history_id")]  # type: ignore[attr-defined]


def test_a_meeting_is_archived_then_restored_with_a_reason_each_time(clerk: object) -> None:
    meeting = MeetingFactory()
    before = meeting.history.count()  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as error:
        actions.meeting_archive(meeting=meeting, by=clerk, reason="  ")
    assert _messages(error) == {"reason": [actions.MEETING_ARCHIVE_REASON_REQUIRED]}
    archived = actions.meeting_archive(meeting=meeting, by=clerk, reason="Arranged in error")
    assert (archived.is_archived, archived.archived_by, archived.archive_reason) == (True, clerk, "Arranged in error")
    with pytest.raises(ValidationError) as error:
        actions.meeting_archive(meeting=archived, by=clerk, reason="Again")
    assert error.value.messages == [actions.MEETING_ALREADY_ARCHIVED]
    with pytest.raises(ValidationError) as error:
        actions.meeting_restore(meeting=archived, by=clerk, reason="")
    assert _messages(error) == {"reason": [actions.MEETING_RESTORE_REASON_REQUIRED]}
    restored = actions.meeting_restore(meeting=archived, by=clerk, reason="Going ahead after all")
    assert not restored.is_archived
    with pytest.raises(ValidationError) as error:
        actions.meeting_restore(meeting=restored, by=clerk, reason="Again")
    assert error.value.messages == [actions.MEETING_NOT_ARCHIVED]
    assert meeting.history.count() == before + 2  # type: ignore[attr-defined]
    assert _history_reasons(meeting)[-2:] == ["Archived: Arranged in error", "Restored: Going ahead after all"]


def test_an_agenda_item_taken_off_frees_its_number_and_comes_back_only_when_the_number_is_free(clerk: object) -> None:
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, number=3, title="Withdrawn report")
    before = item.history.count()  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as error:
        actions.agenda_item_archive(item=item, by=clerk, reason="")
    assert _messages(error) == {"reason": [actions.ITEM_ARCHIVE_REASON_REQUIRED]}
    actions.agenda_item_archive(item=item, by=clerk, reason="Withdrawn by the author")
    assert item.history.count() == before + 1  # type: ignore[attr-defined]
    assert [shown.item for shown in selectors.meeting_agenda(user=clerk, meeting=meeting) or []] == []
    assert selectors.removed_agenda_items(meeting=meeting) == [item]
    with pytest.raises(ValidationError) as error:
        actions.agenda_item_restore(item=item, by=clerk, reason="")
    assert _messages(error) == {"reason": [actions.ITEM_RESTORE_REASON_REQUIRED]}
    # The number can be used again, and then the removed item cannot come back under it.
    other = actions.agenda_item_add(meeting=meeting, details=actions.AgendaItemDetails(number=3, title="New"), by=clerk)
    with pytest.raises(ValidationError) as error:
        actions.agenda_item_restore(item=item, by=clerk, reason="Back on")
    assert _messages(error) == {"reason": [actions.ITEM_NUMBER_TAKEN_ON_RESTORE.format(number=3)]}
    actions.agenda_item_archive(item=other, by=clerk, reason="Added in error")
    restored = actions.agenda_item_restore(item=item, by=clerk, reason="Back on")
    assert not restored.is_archived
    assert item.history.count() == before + 2  # type: ignore[attr-defined]
    assert _history_reasons(item)[-2:] == [
        "Removed from the agenda: Withdrawn by the author",
        "Put back on the agenda: Back on",
    ]
    with pytest.raises(ValidationError) as error:
        actions.agenda_item_restore(item=restored, by=clerk, reason="Again")
    assert error.value.messages == [actions.ITEM_NOT_ARCHIVED]
