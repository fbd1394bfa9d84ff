"""Ward intelligence notifies: a submission the people who answer for the service; an acknowledgement and a
response the councillor who submitted it. Each is written in the action's transaction and sent once it commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.core.models import Notification, NotificationStatus
from commissioning.core.permissions import Role
from commissioning.intelligence import actions
from commissioning.intelligence.actions import IntelligenceDetails
from commissioning.intelligence.models import Urgency, WardIntelligence
from tests.commissioning.intelligence.conftest import Patch
from tests.commissioning.intelligence.factories import WardIntelligenceFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def details(patch: Patch) -> IntelligenceDetails:
    return IntelligenceDetails(
        service=patch.bins,
        ward=patch.millbrook,
        title="Bins missed on Mill Lane",
        residents_saying="Twelve households say their bins were missed three weeks running.",
        urgency=Urgency.HIGH,
    )


def about(item: WardIntelligence) -> dict[str, Any]:
    return {"about_model": "intelligence.wardintelligence", "about_pk": str(item.pk), "about_label": str(item)}


def test_a_submission_notifies_the_accountable_officer_and_the_director(
    patch: Patch, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = actions.intelligence_submit(details=details(patch), by=patch.councillor.user)

    sent = Notification.objects.order_by("to_user__username")
    assert [n.to_user for n in sent] == [patch.director, patch.officer]
    for notification in sent:
        assert notification.template == actions.SUBMITTED_TEMPLATE
        assert {key: getattr(notification, key) for key in about(item)} == about(item)
        assert notification.subject == f"Ward intelligence {item.reference} to answer: Bins missed on Mill Lane"
        assert notification.status == NotificationStatus.SENT
        assert notification.history.earliest().history_user == patch.councillor.user
    assert sorted(tuple(m.to) for m in mail.outbox) == [(patch.director.email,), (patch.officer.email,)]
    body = mail.outbox[0].body
    assert "Ada Lovell, councillor for Millbrook" in body
    assert "Household waste collection (PLE-001)" in body
    assert f"http://testserver{reverse('intelligence:detail', args=[item.pk])}" in body
    assert patch.bins.name in body
    assert "Twelve households" not in body  # what residents said stays behind the sign-in


def test_an_officer_who_is_also_the_director_is_notified_once(patch: Patch) -> None:
    patch.directorate.director = patch.officer
    patch.directorate.save()

    actions.intelligence_submit(details=details(patch), by=patch.councillor.user)

    assert [n.to_user for n in Notification.objects.all()] == [patch.officer]


def test_a_directorate_without_a_current_director_notifies_the_officer_only(patch: Patch) -> None:
    patch.director.is_active = False
    patch.director.save()

    actions.intelligence_submit(details=details(patch), by=patch.councillor.user)

    assert [n.to_user for n in Notification.objects.all()] == [patch.officer]


def test_a_submission_that_fails_writes_no_notification(
    patch: Patch, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """The second notification fails: the first, and the submission itself, are rolled back with it."""
    real = actions.notification_queue
    queued: list[Notification] = []

    def fail_on_the_second(**kwargs: Any) -> Notification:
        if queued:
            raise RuntimeError("mail templates missing")
        queued.append(real(**kwargs))
        return queued[-1]

    monkeypatch.setattr(actions, "notification_queue", fail_on_the_second)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        actions.intelligence_submit(details=details(patch), by=patch.councillor.user)

    assert len(queued) == 1
    assert Notification.objects.count() == 0
    assert WardIntelligence.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_acknowledging_notifies_the_councillor(patch: Patch, django_capture_on_commit_callbacks: Any) -> None:
    item = WardIntelligenceFactory(service=patch.bins, ward=patch.millbrook, councillor=patch.councillor)

    with django_capture_on_commit_callbacks(execute=True):
        actions.intelligence_acknowledge(intelligence=item, by=patch.officer)

    [notification] = Notification.objects.all()
    assert notification.to_user == patch.councillor.user
    assert notification.template == actions.ACKNOWLEDGED_TEMPLATE
    assert {key: getattr(notification, key) for key in about(item)} == about(item)
    assert notification.status == NotificationStatus.SENT
    [message] = mail.outbox
    assert message.to == [patch.councillor.user.email]
    assert message.subject == f"{item.reference} acknowledged: {item.title}"
    assert "Olive Okafor has acknowledged" in message.body


def test_responding_notifies_the_councillor_with_the_response(
    patch: Patch, django_capture_on_commit_callbacks: Any
) -> None:
    item = WardIntelligenceFactory(service=patch.bins, ward=patch.millbrook, councillor=patch.councillor)

    with django_capture_on_commit_callbacks(execute=True):
        actions.intelligence_respond(intelligence=item, response="A new crew now covers Mill Lane.", by=patch.director)

    [notification] = Notification.objects.all()
    assert notification.to_user == patch.councillor.user
    assert notification.template == actions.RESPONDED_TEMPLATE
    [message] = mail.outbox
    assert message.subject == f"Response to {item.reference}: {item.title}"
    assert "Dev Patel has responded" in message.body
    assert "A new crew now covers Mill Lane." in message.body


def test_a_refused_step_notifies_nobody(patch: Patch) -> None:
    item = WardIntelligenceFactory(service=patch.bins, ward=patch.millbrook, councillor=patch.councillor, closed=True)
    with pytest.raises(ValidationError):
        actions.intelligence_acknowledge(intelligence=item, by=patch.officer)
    with pytest.raises(ValidationError):
        actions.intelligence_respond(intelligence=item, response="Again", by=patch.officer)
    assert Notification.objects.count() == 0


def test_the_councillor_finds_the_answer_on_their_notifications_page(client: Any, patch: Patch) -> None:
    item = WardIntelligenceFactory(service=patch.bins, ward=patch.millbrook, councillor=patch.councillor)
    actions.intelligence_respond(intelligence=item, response="Fixed.", by=patch.officer)
    client.force_login(patch.councillor.user)

    page = client.get(reverse("core:notifications")).content.decode()

    assert f"Response to {item.reference}" in page
    assert f'href="{reverse("intelligence:detail", args=[item.pk])}">{item}</a>' in page
    client.force_login(UserFactory(role=Role.COUNCILLOR))
    assert item.reference not in client.get(reverse("core:notifications")).content.decode()
