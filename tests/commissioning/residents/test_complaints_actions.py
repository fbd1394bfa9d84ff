"""Complaints: the route, the steps and their deadlines, stage 2, the Ombudsman, abuse limits and the purge."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from commissioning.core import complaint_routes
from commissioning.core.models import Notification
from commissioning.core.permissions import Role
from commissioning.residents import actions_complaints as actions
from commissioning.residents import selectors_complaints as selectors
from commissioning.residents.models import Complaint, ComplaintStatus, Route
from engine.complaints.deadlines import STAGE2_SAME_HANDLER, STAGE2_TOO_EARLY, Ombudsman
from tests import matrix
from tests.commissioning.residents.complaints_world import DAY, build_world, details

world = matrix.world_fixture(build_world)
client_for = matrix.client_for_fixture()
pytestmark = pytest.mark.django_db


def _fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def test_the_route_sends_stage1_to_the_provider_or_the_council(world: dict[str, Any]) -> None:
    provider = world["complaints"]["provider_new"]
    assert (provider.route, provider.provider.name) == (Route.PROVIDER, "Ashfield Waste Ltd")
    council = world["complaints"]["council_new"]
    assert (council.route, council.provider) == (Route.COUNCIL, None)
    # Deadlines: 5 and 10 working days from Monday 2 November 2026
    assert (provider.stage1_acknowledge_by, provider.stage1_answer_by) == (dt.date(2026, 11, 9), dt.date(2026, 11, 16))
    # The provider's contacts were told, and the resident got their tracking link
    told = set(Notification.objects.filter(about_pk=provider.pk).values_list("to_email", flat=True))
    assert world["ashfield_contact"].email in told
    assert "pat@example.org" in told


def test_a_contract_registered_route_decides_over_the_service(world: dict[str, Any]) -> None:
    repairs = world["services"]["repairs"]
    ashfield = world["complaints"]["provider_new"].provider
    route = complaint_routes.ContractRoute(provider_id=ashfield.pk, contract_manager_id=world["users"]["finance"].pk)

    def by_contract(service_id: int) -> complaint_routes.ContractRoute | None:
        return route if service_id == repairs.pk else None

    complaint_routes.provide(by_contract)
    try:
        choice = actions.route_for(repairs)
    finally:
        complaint_routes._providers.remove(by_contract)  # the contracts app's own provider stays registered
    assert (choice.route, choice.provider, choice.contract_manager_id) == (
        Route.PROVIDER,
        ashfield,
        route.contract_manager_id,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"what_happened": "  "}, "what_happened", actions.WHAT_REQUIRED),
        ({"email": ""}, "email", actions.EMAIL_REQUIRED),
        ({"reply_by": "phone", "phone": ""}, "phone", actions.PHONE_REQUIRED),
        ({"happened_on": DAY + dt.timedelta(days=1)}, "happened_on", actions.HAPPENED_IN_FUTURE),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    world: dict[str, Any], changes: dict[str, Any], field: str, message: str
) -> None:
    before = Complaint.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.complaint_make(details=details(world["services"]["bins"], **changes), today=DAY)
    assert error.value.message_dict[field] == [message]
    assert Complaint.objects.count() == before


def test_an_unpublished_service_takes_no_complaint(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        actions.complaint_make(details=details(world["services"]["hidden"]), today=DAY)
    assert error.value.message_dict["service"] == [actions.SERVICE_NOT_PUBLISHED]


def test_a_phone_reply_needs_no_email(world: dict[str, Any]) -> None:
    complaint, _ = actions.complaint_make(
        details=details(world["services"]["bins"], reply_by="phone", email="", phone="01632 960002"), today=DAY
    )
    assert (complaint.email, complaint.phone) == ("", "01632 960002")


def test_the_tracking_token_is_stored_hashed_and_found_only_by_its_link(world: dict[str, Any]) -> None:
    token = world["tokens"]["provider_new"]
    complaint = world["complaints"]["provider_new"]
    assert complaint.token_hash != token
    assert len(token) >= 43
    assert selectors.complaint_by_token(token=token) == complaint
    with pytest.raises(Complaint.DoesNotExist):
        selectors.complaint_by_token(token=token[:-1] + ("A" if token[-1] != "A" else "B"))


def test_stage2_before_the_stage1_answer_is_refused(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        actions.complaint_request_stage2(complaint=world["complaints"]["provider_new"], reason="Not happy")
    assert error.value.messages == [STAGE2_TOO_EARLY]


def test_the_whole_route_provider_then_council_with_the_ombudsman(world: dict[str, Any]) -> None:
    complaint = world["complaints"]["provider_new"]
    provider = world["ashfield_contact"]
    # The wrong provider cannot act on it
    with pytest.raises(ValidationError) as error:
        actions.complaint_acknowledge(complaint=complaint, by=world["users"][Role.PROVIDER], today=DAY)
    assert error.value.messages == [actions.NOT_YOUR_COMPLAINT]
    # Nor can the council at stage 1 of a provider's complaint
    with pytest.raises(ValidationError):
        actions.complaint_acknowledge(complaint=complaint, by=world["users"][Role.OFFICER], today=DAY)
    actions.complaint_acknowledge(complaint=complaint, by=provider, today=DAY)
    extended = actions.complaint_extend(complaint=complaint, days=5, reason="Waiting for the crew's logs", by=provider)
    assert extended.stage1_answer_by == dt.date(2026, 11, 23)
    with pytest.raises(ValidationError):
        actions.complaint_extend(complaint=complaint, days=1, reason="Again", by=provider)
    answered = actions.complaint_answer(
        complaint=complaint, answer="Sorry", outcome="not_upheld", remedy="", learning="", by=provider, today=DAY
    )
    assert answered.status == ComplaintStatus.STAGE1_ANSWERED
    assert answered.token_expires_at is not None
    second = actions.complaint_request_stage2(
        complaint=complaint, reason="The bins are still missed", today=dt.date(2026, 12, 14)
    )
    assert (second.stage2_acknowledge_by, second.stage2_answer_by) == (dt.date(2026, 12, 21), dt.date(2027, 1, 14))
    assert second.token_expires_at is None
    # The provider no longer answers it; the council does
    with pytest.raises(ValidationError):
        actions.complaint_answer(
            complaint=complaint, answer="x", outcome="upheld", remedy="y", learning="", by=provider
        )
    final = actions.complaint_answer(
        complaint=complaint,
        answer="We have changed the round",
        outcome="partly_upheld",
        remedy="A new collection day",
        learning="Rounds were too long",
        by=world["users"][Role.OFFICER],
    )
    assert final.status == ComplaintStatus.CLOSED
    assert final.ombudsman == Ombudsman.LOCAL_GOVERNMENT.value


def test_stage2_by_the_stage1_handler_is_refused_and_housing_goes_to_the_housing_ombudsman(
    world: dict[str, Any],
) -> None:
    complaint = world["complaints"]["answered"]
    actions.complaint_request_stage2(complaint=complaint, reason="Still leaking")
    with pytest.raises(ValidationError) as error:
        actions.complaint_answer(
            complaint=complaint, answer="x", outcome="upheld", remedy="y", learning="", by=world["users"][Role.OFFICER]
        )
    assert error.value.messages == [STAGE2_SAME_HANDLER]
    final = actions.complaint_answer(
        complaint=complaint,
        answer="Fixed",
        outcome="upheld",
        remedy="Repaired",
        learning="",
        by=world["second_officer"],
    )
    assert final.ombudsman == Ombudsman.HOUSING.value


def test_an_answer_needs_an_outcome_and_a_remedy_when_upheld(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        actions.complaint_answer(
            complaint=world["complaints"]["council_new"],
            answer="",
            outcome="upheld",
            remedy="",
            learning="",
            by=world["users"][Role.OFFICER],
        )
    assert error.value.message_dict == {"answer": [actions.ANSWER_REQUIRED], "remedy": [actions.REMEDY_REQUIRED]}


@override_settings(COMPLAINT_LIMIT_PER_ADDRESS=2, COMPLAINT_LIMIT_PER_CONTACT=2)
def test_limits_per_address_and_per_contact_detail(world: dict[str, Any]) -> None:
    bins = world["services"]["bins"]
    address = selectors.keyed_digest("192.0.2.7")
    for n in range(2):
        actions.complaint_make(details=details(bins, email=f"r{n}@example.org"), sent_from=address, today=DAY)
    with pytest.raises(ValidationError) as error:
        actions.complaint_make(details=details(bins, email="new@example.org"), sent_from=address, today=DAY)
    assert error.value.messages == [actions.TOO_MANY]
    # pat@example.org already made 3 in the world (2 on the public form, 1 by the councillor)
    with pytest.raises(ValidationError) as error:
        actions.complaint_make(details=details(bins), sent_from=selectors.keyed_digest("192.0.2.8"), today=DAY)
    assert error.value.messages == [actions.TOO_MANY]


def test_overdue_steps_notify_the_handler_and_the_contract_manager_once(world: dict[str, Any]) -> None:
    complaint = world["complaints"]["provider_new"]
    Complaint.objects.filter(pk=complaint.pk).update(contract_manager=world["users"][Role.FINANCE])
    overdue = Notification.objects.filter(about_pk=complaint.pk, template="residents/email/overdue")
    assert actions.complaints_notify_overdue(today=dt.date(2026, 11, 10)) >= 1
    told = set(overdue.values_list("to_email", flat=True))
    assert told == {world["ashfield_contact"].email, world["users"][Role.FINANCE].email}
    assert _fresh(complaint).overdue_notified == "stage1_acknowledge"
    count = overdue.count()
    actions.complaints_notify_overdue(today=dt.date(2026, 11, 11))
    assert overdue.count() == count


def test_personal_details_are_removed_after_the_retention_period(world: dict[str, Any]) -> None:
    complaint = world["complaints"]["answered"]
    later = timezone.now() + dt.timedelta(days=3000)
    assert actions.complaints_purge_personal(now=later) >= 1
    purged = _fresh(complaint)
    assert (purged.name, purged.email, purged.phone, purged.what_happened) == ("", "", "", "")
    assert purged.outcome == "upheld"  # the anonymous figures stay
    assert not purged.steps.exclude(text="").exists()
    with pytest.raises(Complaint.DoesNotExist):
        selectors.complaint_by_token(token=world["tokens"]["answered"])


def test_the_public_form_names_a_wrong_field_keeps_the_input_and_never_reveals_a_known_email(
    world: dict[str, Any], client_for: Any
) -> None:
    client = client_for(None)
    url = reverse("residents:complain-start", args=["PLE-001"])
    data = {
        "kind": "complaint",
        "what_happened": "Missed again",
        "happened_on_day": "31",
        "happened_on_month": "2",
        "happened_on_year": "2026",
        "reply_by": "email",
        "email": "pat@example.org",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "When it happened must be a real date" in body
    assert "Missed again" in body
    assert "pat@example.org" in body
    data["happened_on_day"] = "20"
    response = client.post(url, data)
    assert response.status_code == 302
    track = response["Location"]
    page = client.get(track).content.decode()
    assert "Complaint sent" in page
    assert "known" not in page
    # The honeypot: a robot's complaint is thanked and not saved
    before = Complaint.objects.count()
    response = client.post(url, {**data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert Complaint.objects.count() == before


def test_the_commands_run(world: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("complaints_overdue", stdout=out)
    call_command("complaints_purge", stdout=out)
    assert "overdue complaint step" in out.getvalue()
    assert "Personal details removed from 0 complaints" in out.getvalue()


def test_the_statistics_page_counts_by_quarter_without_personal_details(world: dict[str, Any], client_for: Any) -> None:
    figures = selectors.complaint_statistics(by="service", quarter_of=lambda day: "2026/27 Q3")
    repairs = next(row for row in figures if row.name == "Council homes repairs")
    assert (repairs.volume, repairs.answered, repairs.upheld, repairs.on_time, repairs.remedies) == (3, 1, 1, 1, 1)
    assert repairs.upheld_rate == 100
    by_provider = {row.name for row in selectors.complaint_statistics(by="provider", quarter_of=str)}
    assert by_provider == {"Ashfield Waste Ltd", "The council"}
    body = client_for(None).get(reverse("residents:complaint-statistics") + "?by=ward").content.decode()
    assert "2026/27 Q3" in body
    assert "<svg" in body
    assert "pat@example.org" not in body
    assert "Pat Resident" not in body


def test_the_queue_flags_an_answer_past_its_day_as_overdue(world: dict[str, Any], client_for: Any) -> None:
    late, on_time = world["complaints"]["provider_new"], world["complaints"]["council_new"]
    today = timezone.localdate()
    Complaint.objects.filter(pk=late.pk).update(stage1_answer_by=today - dt.timedelta(days=1))
    Complaint.objects.filter(pk=on_time.pk).update(stage1_answer_by=today)
    html = client_for(Role.OFFICER).get(reverse("residents:complaint-queue") + "?show=all").content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split("<tr")[2:]}
    assert "Overdue" in rows[late.reference]
    assert "Overdue" not in rows[on_time.reference]


def test_the_councillor_who_raised_a_complaint_is_told_when_it_is_answered(world: dict[str, Any]) -> None:
    users = world["users"]
    raised, _token = actions.complaint_make(
        details=details(world["services"]["repairs"]), by=users[Role.COUNCILLOR], today=DAY
    )
    answered = actions.complaint_answer(
        complaint=raised,
        answer="We repaired the door",
        outcome="upheld",
        remedy="Repaired",
        learning="",
        by=users[Role.OFFICER],
        today=DAY,
    )
    told = Notification.objects.filter(about_pk=raised.pk, template="residents/email/raised_answered")
    assert [n.to_user_id for n in told] == [users[Role.COUNCILLOR].pk]
    note = told.get()
    assert answered.reference in note.subject
    assert "which you raised for a resident, has been answered at stage 1: upheld." in note.body_text
    assert reverse("residents:complaint-detail", args=[raised.pk]) in note.body_text
    # A complaint a resident made themselves tells no councillor.
    actions.complaint_answer(
        complaint=world["complaints"]["council_new"],
        answer="Answered",
        outcome="not_upheld",
        remedy="",
        learning="",
        by=users[Role.OFFICER],
        today=DAY,
    )
    assert not Notification.objects.filter(
        about_pk=world["complaints"]["council_new"].pk, template="residents/email/raised_answered"
    ).exists()
