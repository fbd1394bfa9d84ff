"""Ward intelligence actions: who may submit for which ward, the order of statuses, and one history entry each."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.permissions import Role
from commissioning.intelligence import actions, selectors
from commissioning.intelligence.actions import IntelligenceDetails
from commissioning.intelligence.models import IntelligenceStatus, Urgency, WardIntelligence
from tests.commissioning.intelligence.conftest import Patch
from tests.commissioning.intelligence.factories import WardIntelligenceFactory
from tests.factories import ServiceFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def details(patch: Patch, **changes: object) -> IntelligenceDetails:
    values: dict[str, object] = {
        "service": patch.bins,
        "ward": patch.millbrook,
        "title": "  Bins missed on Mill Lane  ",
        "residents_saying": "Twelve households say their bins were missed three weeks running.",
        "urgency": Urgency.HIGH,
    }
    values.update(changes)
    return IntelligenceDetails(**values)  # type: ignore[arg-type]


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def at(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


# Submitting -------------------------------------------------------------------------------------------------------


def test_a_councillor_submits_for_their_own_ward(patch: Patch, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, dt.datetime(2026, 4, 2, 16, 30, tzinfo=LONDON))  # the Thursday before Easter
    user = patch.councillor.user

    item = actions.intelligence_submit(details=details(patch), by=user)

    item.refresh_from_db()
    assert item.reference == "WI-2026-0001"
    assert (item.councillor, item.submitted_by, item.ward, item.service) == (
        patch.councillor,
        user,
        patch.millbrook,
        patch.bins,
    )
    assert item.title == "Bins missed on Mill Lane"
    assert item.status == IntelligenceStatus.SUBMITTED
    # High urgency: 5 working days. Good Friday and Easter Monday do not count.
    assert item.response_due == dt.date(2026, 4, 13)
    (entry,) = item.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        user,
        actions.SUBMITTED_REASON,
    )


def test_a_reference_taken_at_the_same_moment_is_replaced_by_the_next(
    patch: Patch, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, dt.datetime(2026, 4, 2, 16, 30, tzinfo=LONDON))
    WardIntelligenceFactory(reference="WI-2026-0001")
    given = iter(["WI-2026-0001"])  # read before the other submission committed WI-2026-0001
    real = actions.next_reference
    monkeypatch.setattr(actions, "next_reference", lambda **kwargs: next(given, None) or real(**kwargs))
    item = actions.intelligence_submit(details=details(patch), by=patch.councillor.user)
    assert item.reference == "WI-2026-0002"
    assert item.history.count() == 1


@pytest.mark.parametrize(
    ("urgency", "due"),
    [
        (Urgency.URGENT, dt.date(2026, 12, 29)),  # Christmas Day and the Boxing Day substitute do not count
        (Urgency.HIGH, dt.date(2027, 1, 4)),  # nor New Year's Day 2027
        (Urgency.MEDIUM, dt.date(2027, 1, 11)),
        (Urgency.LOW, dt.date(2027, 1, 25)),
    ],
)
def test_the_response_is_due_in_working_days_by_urgency(
    patch: Patch, monkeypatch: pytest.MonkeyPatch, urgency: str, due: dt.date
) -> None:
    at(monkeypatch, dt.datetime(2026, 12, 23, 10, 0, tzinfo=LONDON))
    item = actions.intelligence_submit(details=details(patch, urgency=urgency), by=patch.councillor.user)
    assert item.response_due == due


def test_a_ward_that_is_not_theirs_is_refused_and_nothing_is_saved(patch: Patch) -> None:
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_submit(details=details(patch, ward=patch.riverside), by=patch.councillor.user)

    assert errors_of(excinfo) == {
        "ward": ["You can only submit intelligence for your own wards: Riverside is not one of them"]
    }
    assert actions.NOT_YOUR_WARD.format(ward="Riverside") == errors_of(excinfo)["ward"][0]
    assert not WardIntelligence.objects.exists()
    assert not WardIntelligence.history.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.DIRECTOR, Role.SCRUTINY, Role.ADMIN, Role.PROVIDER])
def test_only_a_councillor_can_submit(patch: Patch, role: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_submit(details=details(patch), by=UserFactory(role=role))
    assert excinfo.value.messages == [actions.NOT_A_COUNCILLOR]
    assert not WardIntelligence.objects.exists()


def test_a_councillor_login_without_a_current_profile_is_refused(patch: Patch) -> None:
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_submit(details=details(patch), by=UserFactory(role=Role.COUNCILLOR))
    assert excinfo.value.messages == [actions.NO_COUNCILLOR_PROFILE]
    patch.councillor.archived_at = dt.datetime(2026, 5, 8, tzinfo=dt.UTC)
    patch.councillor.save()
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_submit(details=details(patch), by=patch.councillor.user)
    assert excinfo.value.messages == [actions.NO_COUNCILLOR_PROFILE]
    assert not WardIntelligence.objects.exists()


def test_a_service_not_recorded_in_the_ward_is_accepted_and_flagged(patch: Patch) -> None:
    """The catalogue's wards can be wrong, and "it does not reach us" is what the council needs to hear."""
    elsewhere = ServiceFactory(name="Riverside ferry", wards=[patch.riverside])
    item = actions.intelligence_submit(details=details(patch, service=elsewhere), by=patch.councillor.user)
    assert item.pk
    assert selectors.ward_is_served(service=elsewhere, ward=patch.millbrook) is False
    assert selectors.intelligence_detail(user=patch.officer, pk=item.pk).ward_served is False
    assert selectors.intelligence_detail(
        user=patch.officer,
        pk=actions.intelligence_submit(details=details(patch), by=patch.councillor.user).pk,
    ).ward_served


def test_every_field_is_checked_and_named(patch: Patch) -> None:
    archived_service = ServiceFactory(name="Old tip", archived=True)
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_submit(
            details=details(patch, service=archived_service, title=" ", residents_saying="", urgency="whenever"),
            by=patch.councillor.user,
        )
    assert errors_of(excinfo) == {
        "service": ["Choose a current service: Old tip has been archived"],
        "title": [actions.TITLE_REQUIRED],
        "residents_saying": [actions.SAYING_REQUIRED],
        "urgency": [actions.URGENCY_REQUIRED],
    }
    assert not WardIntelligence.objects.exists()


def test_an_archived_ward_is_refused(patch: Patch) -> None:
    old = WardFactory(name="Old Town", archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    patch.councillor.wards.add(old)
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_submit(details=details(patch, ward=old), by=patch.councillor.user)
    assert errors_of(excinfo) == {"ward": ["Choose a current ward: Old Town has been archived"]}


def test_references_number_each_year(patch: Patch, monkeypatch: pytest.MonkeyPatch) -> None:
    WardIntelligenceFactory(reference="WI-2026-0041")
    at(monkeypatch, dt.datetime(2026, 6, 1, 9, 0, tzinfo=LONDON))
    assert actions.intelligence_submit(details=details(patch), by=patch.councillor.user).reference == "WI-2026-0042"
    at(monkeypatch, dt.datetime(2027, 1, 4, 9, 0, tzinfo=LONDON))
    assert actions.intelligence_submit(details=details(patch), by=patch.councillor.user).reference == "WI-2027-0001"


# Changing and withdrawing -----------------------------------------------------------------------------------------


def test_the_councillor_changes_it_before_acknowledgement(patch: Patch, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON))
    item = actions.intelligence_submit(details=details(patch, urgency=Urgency.LOW), by=patch.councillor.user)
    assert item.response_due == dt.date(2026, 3, 30)

    at(monkeypatch, dt.datetime(2026, 3, 3, 9, 0, tzinfo=LONDON))
    actions.intelligence_update(
        intelligence=item,
        details=details(patch, urgency=Urgency.URGENT, title="Bins missed again"),
        by=patch.councillor.user,
        reason="Now affecting a care home",
    )

    item.refresh_from_db()
    assert (item.title, item.urgency) == ("Bins missed again", Urgency.URGENT)
    assert item.response_due == dt.date(2026, 3, 4)  # still counted from when it was submitted
    latest = item.history.latest()
    assert (latest.history_type, latest.history_change_reason) == ("~", "Now affecting a care home")
    assert item.history.count() == 2


def test_nobody_else_changes_it_and_nobody_changes_it_after_acknowledgement(patch: Patch) -> None:
    item = WardIntelligenceFactory(councillor=patch.councillor, ward=patch.millbrook, service=patch.bins)
    other = UserFactory(role=Role.COUNCILLOR)
    with pytest.raises(ValidationError, match=actions.NOT_YOURS):
        actions.intelligence_update(intelligence=item, details=details(patch), by=other)
    with pytest.raises(ValidationError, match=actions.NOT_YOURS):
        actions.intelligence_withdraw(intelligence=item, by=other, reason="Not mine")
    actions.intelligence_acknowledge(intelligence=item, by=patch.officer)
    with pytest.raises(ValidationError, match="already acknowledged"):
        actions.intelligence_update(intelligence=item, details=details(patch), by=patch.councillor.user)
    with pytest.raises(ValidationError, match="already acknowledged"):
        actions.intelligence_withdraw(intelligence=item, by=patch.councillor.user, reason="Changed my mind")
    item.refresh_from_db()
    assert item.title != "Bins missed on Mill Lane"
    assert not item.is_archived
    assert item.history.count() == 2  # its creation and the acknowledgement: the refusals wrote nothing


def test_changing_to_a_ward_that_is_not_theirs_is_refused(patch: Patch) -> None:
    item = actions.intelligence_submit(details=details(patch), by=patch.councillor.user)
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_update(
            intelligence=item, details=details(patch, ward=patch.riverside), by=patch.councillor.user
        )
    assert errors_of(excinfo)["ward"] == [actions.NOT_YOUR_WARD.format(ward="Riverside")]
    item.refresh_from_db()
    assert item.ward == patch.millbrook
    assert item.history.count() == 1


def test_withdrawing_archives_it_with_the_reason(patch: Patch) -> None:
    item = actions.intelligence_submit(details=details(patch), by=patch.councillor.user)
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_withdraw(intelligence=item, by=patch.councillor.user, reason=" ")
    assert errors_of(excinfo) == {"reason": [actions.WITHDRAW_REASON_REQUIRED]}

    actions.intelligence_withdraw(intelligence=item, by=patch.councillor.user, reason="Sorted at the ward forum")

    item.refresh_from_db()
    assert item.is_archived
    assert (item.archived_by, item.archive_reason, item.status_label) == (
        patch.councillor.user,
        "Sorted at the ward forum",
        "Withdrawn",
    )
    assert item.history.latest().history_change_reason == "Withdrawn: Sorted at the ward forum"
    assert item.history.count() == 2
    for act in (actions.intelligence_acknowledge, actions.intelligence_close):
        with pytest.raises(ValidationError, match=actions.WITHDRAWN):
            act(intelligence=item, by=patch.officer)
    with pytest.raises(ValidationError, match=actions.WITHDRAWN):
        actions.intelligence_respond(intelligence=item, response="Too late", by=patch.officer)
    assert item.history.count() == 2


# The service's side -----------------------------------------------------------------------------------------------


def test_acknowledge_respond_close(patch: Patch) -> None:
    item = actions.intelligence_submit(details=details(patch), by=patch.councillor.user)

    actions.intelligence_acknowledge(intelligence=item, by=patch.officer)
    item.refresh_from_db()
    assert (item.status, item.acknowledged_by) == (IntelligenceStatus.ACKNOWLEDGED, patch.officer)
    assert item.acknowledged_at is not None
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_acknowledge(intelligence=item, by=patch.officer)
    assert excinfo.value.messages == [
        "Only intelligence that is waiting to be acknowledged can be acknowledged: this is acknowledged"
    ]
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_close(intelligence=item, by=patch.officer)
    assert excinfo.value.messages == ["Only intelligence that has had a response can be closed: this is acknowledged"]

    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_respond(intelligence=item, response="  ", by=patch.director)
    assert errors_of(excinfo) == {"response": [actions.RESPONSE_REQUIRED]}
    actions.intelligence_respond(intelligence=item, response=" The crew rota is fixed. ", by=patch.director)
    item.refresh_from_db()
    assert (item.status, item.response, item.responded_by) == (
        IntelligenceStatus.RESPONDED,
        "The crew rota is fixed.",
        patch.director,
    )
    assert item.acknowledged_by == patch.officer  # responding does not rewrite who acknowledged it
    with pytest.raises(ValidationError) as excinfo:
        actions.intelligence_respond(intelligence=item, response="Again", by=patch.officer)
    assert excinfo.value.messages == ["This intelligence has already been responded: it cannot be responded to again"]

    actions.intelligence_close(intelligence=item, by=patch.officer)
    item.refresh_from_db()
    assert (item.status, item.closed_by) == (IntelligenceStatus.CLOSED, patch.officer)

    reasons = [entry.history_change_reason for entry in item.history.order_by("history_date", "history_id")]
    assert reasons == [
        actions.SUBMITTED_REASON,
        actions.ACKNOWLEDGED_REASON,
        actions.RESPONDED_REASON,
        actions.CLOSED_REASON,
    ]
    users = [entry.history_user for entry in item.history.order_by("history_date", "history_id")]
    assert users == [patch.councillor.user, patch.officer, patch.director, patch.officer]


def test_responding_to_unacknowledged_intelligence_acknowledges_it_too(patch: Patch) -> None:
    item = actions.intelligence_submit(details=details(patch), by=patch.councillor.user)
    actions.intelligence_respond(intelligence=item, response="Fixed.", by=patch.officer)
    item.refresh_from_db()
    assert item.status == IntelligenceStatus.RESPONDED
    assert (item.acknowledged_by, item.acknowledged_at) == (patch.officer, item.responded_at)
    assert item.history.count() == 2


def test_overdue_means_still_open_after_the_due_date(patch: Patch) -> None:
    old = dt.datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
    late = WardIntelligenceFactory(submitted_at=old, service=patch.bins)
    answered = WardIntelligenceFactory(submitted_at=old, service=patch.bins, responded=True)
    withdrawn = WardIntelligenceFactory(submitted_at=old, service=patch.bins, withdrawn=True)
    fresh = WardIntelligenceFactory(service=patch.bins)
    assert late.is_overdue
    assert not answered.is_overdue
    assert not withdrawn.is_overdue
    assert not fresh.is_overdue
    filters = selectors.IntelligenceFilters(status=selectors.ANY, overdue=True, include_withdrawn=True)
    assert list(selectors.intelligence_list(user=patch.officer, filters=filters)) == [late]
