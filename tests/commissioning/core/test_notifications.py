"""The notifications outbox: queued inside the action's transaction, sent once by the task, retried, then failed."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from jinja2 import ChoiceLoader, DictLoader, Environment

from commissioning.core import notifications
from commissioning.core.models import Notification, NotificationStatus
from commissioning.core.notifications import (
    NO_ADDRESS,
    NO_RECIPIENT,
    NOT_IN_TRANSACTION,
    WORKER_LOST,
    notification_queue,
    notification_send,
    send_due_notifications,
)
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "test/email/hello.subject.txt": "Hello {{ name }},\n  about   {{ thing }}\n",
    "test/email/hello.body.txt": "Dear {{ recipient.username if recipient else 'resident' }},\n\n{{ thing }} & co.\n",
    "test/email/hello.body.html": "<p>{{ thing }}</p>",
    "test/email/plain.subject.txt": "Plain",
    "test/email/plain.body.txt": "Just text: {{ absolute_url('core:notifications') }}",
}
BROKEN = "Connection refused by smtp.example.org"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError(BROKEN)


FAILING = f"{__name__}.FailingBackend"


@pytest.fixture(autouse=True)
def test_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real email environment (its escaping, filters and globals), with the test's templates in front."""
    real = notifications._email_environment()
    env: Environment = real.overlay(loader=ChoiceLoader([DictLoader(TEMPLATES), real.loader]))  # type: ignore[list-item]
    monkeypatch.setattr(notifications, "_email_environment", lambda: env)


def queue(**kwargs: Any) -> Notification:
    values: dict[str, Any] = {"template": "test/email/hello", "context": {"name": "Ada", "thing": "<Bins>"}}
    values.update(kwargs)
    return notification_queue(**values)


def at(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


# Queueing ----------------------------------------------------------------------------------------------------------


def test_queueing_renders_the_templates_and_sends_only_after_commit(django_capture_on_commit_callbacks: Any) -> None:
    user = UserFactory(username="olive", email="olive@example.org")
    service = ServiceFactory(name="Household waste collection")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = queue(to_user=user, about=service, by=user)
        assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.QUEUED
    assert notification.to_email == "olive@example.org"
    assert notification.subject == "Hello Ada, about <Bins>"
    assert notification.body_text == "Dear olive,\n\n<Bins> & co.\n"
    assert notification.body_html == "<p>&lt;Bins&gt;</p>"
    assert (notification.about_model, notification.about_pk) == ("services.service", str(service.pk))
    assert notification.about_label == str(service)
    assert notification.attempts == 0
    entry = notification.history.get()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == ("+", user, "Queued")
    assert len(callbacks) == 1

    callbacks[0]()

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.sent_at is not None
    assert notification.attempts == 1
    assert notification.last_error == ""
    [message] = mail.outbox
    assert message.to == ["olive@example.org"]
    assert message.subject == "Hello Ada, about <Bins>"
    assert message.body == "Dear olive,\n\n<Bins> & co.\n"
    assert message.alternatives[0][0] == "<p>&lt;Bins&gt;</p>"


def test_a_resident_without_an_account_is_sent_to_their_address(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(to_email="resident@example.net", template="test/email/plain", context={})
    notification.refresh_from_db()
    assert notification.to_user is None
    assert notification.status == NotificationStatus.SENT
    [message] = mail.outbox
    assert message.to == ["resident@example.net"]
    assert message.alternatives == []
    assert message.body == "Just text: http://testserver/notifications/\n"


@transaction.atomic
def an_action_that_fails_after_queueing(*, by: Any) -> None:
    queue(to_user=by)
    raise RuntimeError("the action failed")


def test_a_rolled_back_action_writes_and_sends_nothing(django_capture_on_commit_callbacks: Any) -> None:
    user = UserFactory(email="olive@example.org")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="the action failed"),
    ):
        an_action_that_fails_after_queueing(by=user)
    assert Notification.objects.count() == 0
    assert Notification.history.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_queueing_outside_a_transaction_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notifications.transaction, "get_connection", lambda: SimpleNamespace(in_atomic_block=False))
    with pytest.raises(RuntimeError, match=re.escape(NOT_IN_TRANSACTION)):
        queue(to_email="resident@example.net")
    assert Notification.objects.count() == 0


def test_a_notification_needs_someone_to_go_to() -> None:
    with pytest.raises(ValueError, match=re.escape(NO_RECIPIENT)):
        queue()


def test_a_user_without_an_email_address_sees_it_as_not_sent(django_capture_on_commit_callbacks: Any) -> None:
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = queue(to_user=user)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error == NO_ADDRESS
    assert callbacks == []
    assert mail.outbox == []


# Sending -----------------------------------------------------------------------------------------------------------


def test_sending_twice_sends_once() -> None:
    notification = queue(to_email="resident@example.net")
    assert notification_send(notification_id=notification.pk).status == NotificationStatus.SENT
    assert notification_send(notification_id=notification.pk).status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).attempts == 1


def test_one_being_sent_by_another_worker_is_left_alone() -> None:
    notification = queue(to_email="resident@example.net")
    notification.status, notification.claimed_at, notification.attempts = NotificationStatus.SENDING, timezone.now(), 1
    notification.save()

    assert notification_send(notification_id=notification.pk).status == NotificationStatus.SENDING
    assert send_due_notifications() == 0
    assert mail.outbox == []


def test_one_a_dead_worker_left_half_sent_is_sent_again(monkeypatch: pytest.MonkeyPatch) -> None:
    notification = queue(to_email="resident@example.net")
    notification.status, notification.attempts = NotificationStatus.SENDING, 1
    notification.claimed_at = timezone.now() - dt.timedelta(minutes=11)
    notification.save()

    assert send_due_notifications() == 1

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_dead_worker_on_the_last_attempt_marks_it_failed(settings: Any) -> None:
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    notification = queue(to_email="resident@example.net")
    notification.status, notification.attempts = NotificationStatus.SENDING, 2
    notification.claimed_at = timezone.now() - dt.timedelta(minutes=11)
    notification.save()

    assert send_due_notifications() == 0

    notification.refresh_from_db()
    assert (notification.status, notification.last_error) == (NotificationStatus.FAILED, WORKER_LOST)
    assert mail.outbox == []


def test_a_failing_mail_server_is_retried_with_backoff_then_marked_failed(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EMAIL_BACKEND = FAILING
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_SECONDS = 60
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    at(monkeypatch, start)
    notification = queue(to_email="resident@example.net")

    notification = notification_send(notification_id=notification.pk)
    assert notification.status == NotificationStatus.QUEUED
    assert notification.attempts == 1
    assert notification.last_error == f"ConnectionRefusedError: {BROKEN}"
    assert notification.next_attempt_at == start + dt.timedelta(minutes=1)

    # Not due yet: nothing is tried.
    assert notification_send(notification_id=notification.pk).attempts == 1
    assert send_due_notifications() == 0

    at(monkeypatch, start + dt.timedelta(minutes=1))
    assert send_due_notifications() == 0
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.next_attempt_at == start + dt.timedelta(minutes=1 + 4)

    at(monkeypatch, start + dt.timedelta(minutes=5))
    notification = notification_send(notification_id=notification.pk)
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 3
    assert notification.next_attempt_at is None
    assert notification.last_error == f"ConnectionRefusedError: {BROKEN}"
    reasons = list(notification.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == [
        "Queued",
        "Sending (attempt 1)",
        "Attempt 1 failed: it will be tried again",
        "Sending (attempt 2)",
        "Attempt 2 failed: it will be tried again",
        "Sending (attempt 3)",
        "Not sent after 3 attempts",
    ]

    # Failed for good: the mail server coming back sends nothing more.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    at(monkeypatch, start + dt.timedelta(days=1))
    assert send_due_notifications() == 0
    assert notification_send(notification_id=notification.pk).status == NotificationStatus.FAILED
    assert mail.outbox == []


def test_a_retry_that_works_is_sent_and_clears_the_error(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.EMAIL_BACKEND = FAILING
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    at(monkeypatch, start)
    notification = queue(to_email="resident@example.net")
    notification_send(notification_id=notification.pk)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    at(monkeypatch, start + dt.timedelta(minutes=2))
    out = StringIO()
    call_command("send_notifications", stdout=out)

    assert out.getvalue().strip() == "1 notification sent"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (NotificationStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_a_backend_that_can_defer_gets_the_retry_as_a_task(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.EMAIL_BACKEND = FAILING
    notification = queue(to_email="resident@example.net")

    notification = notification_send(notification_id=notification.pk)

    [task] = DBTaskResult.objects.filter(task_path="commissioning.core.tasks.send_notification")
    assert task.args_kwargs == {"args": [], "kwargs": {"notification_id": notification.pk}}
    assert task.run_after == notification.next_attempt_at


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left in a transaction, as a real one is not
def test_the_database_worker_sends_it_once_its_action_commits(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with transaction.atomic():  # the action's transaction, committed: the task is enqueued on commit
        notification = queue(to_email="resident@example.net")
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, queue_name="default", verbosity=0)
    finally:
        # The worker sets its own SIGINT, SIGTERM and SIGQUIT handlers (sys.exit) and leaves them set after a batch:
        # left in this test process, they would turn xdist's end-of-run signal into an exception lost in whatever
        # code it lands in, and the process would not end.
        for signum, handler in handlers.items():
            signal.signal(signum, handler)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


# Settings ----------------------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[3]
EMAIL_SETTINGS = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
]


def _email_settings(module: str, env: dict[str, str]) -> dict[str, Any]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEFAULT_FROM", "SITE_URL"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    names = [*EMAIL_SETTINGS, "EMAIL_FILE_PATH"]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: str(getattr(settings, n, '')) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_production_sends_through_the_smtp_server_it_is_given() -> None:
    values = _email_settings(
        "config.settings.production",
        {
            "SECRET_KEY": "k7#Qz9!pL2@vX4$mN8^rT1&yB6*wE3(uJ5)hG0_aD-fS+cZ=Yq",
            "ALLOWED_HOSTS": "commissioning.example.org",
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "mailer",
            "EMAIL_HOST_PASSWORD": "pw",
            "EMAIL_USE_TLS": "1",
            "DEFAULT_FROM_EMAIL": "commissioning@example.gov.uk",
            "SITE_URL": "https://commissioning.example.gov.uk",
        },
    )
    assert {name: values[name] for name in EMAIL_SETTINGS} == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "pw",
        "EMAIL_USE_TLS": "True",
        "DEFAULT_FROM_EMAIL": "commissioning@example.gov.uk",
        "SITE_URL": "https://commissioning.example.gov.uk",
    }


def test_the_demo_writes_emails_to_files_a_person_can_read(settings: Any, tmp_path: Path) -> None:
    values = _email_settings("config.settings.demo", {"PORT": "8080"})
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail")
    assert values["SITE_URL"] == "http://127.0.0.1:8080"
    assert "var/" in (ROOT / ".gitignore").read_text().splitlines()

    settings.EMAIL_BACKEND = values["EMAIL_BACKEND"]
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    notification = queue(to_email="resident@example.net")
    notification_send(notification_id=notification.pk)

    [written] = (tmp_path / "mail").iterdir()
    text = written.read_text()
    assert "Subject: Hello Ada, about <Bins>" in text
    assert "To: resident@example.net" in text


# Links -------------------------------------------------------------------------------------------------------------


def test_a_notification_links_to_a_registered_record_only() -> None:
    registered = Notification(about_model="intelligence.wardintelligence", about_pk="7")
    assert registered.about_url == reverse("intelligence:detail", args=[7])
    assert Notification(about_model="services.service", about_pk="7").about_url is None
    assert Notification().about_url is None


# The Notifications page --------------------------------------------------------------------------------------------


def _notifications_for(user: Any, count: int, subject: str) -> None:
    for number in range(count):
        with transaction.atomic():
            notification_queue(
                to_user=user, template="test/email/hello", context={"name": subject, "thing": f"item {number}"}
            )


def test_the_page_lists_the_users_own_newest_first(client: Any, settings: Any) -> None:
    settings.PAGE_SIZE = 2
    olive, dev = UserFactory(username="olive"), UserFactory(username="dev")
    _notifications_for(olive, 3, "Olive")
    _notifications_for(dev, 1, "Dev")
    client.force_login(olive)

    first = client.get(reverse("core:notifications")).content.decode()
    second = client.get(reverse("core:notifications") + "?page=2").content.decode()

    assert "3 notifications" in first
    assert first.index("Hello Olive, about item 2") < first.index("Hello Olive, about item 1")
    assert "about item 0" not in first
    assert "Hello Olive, about item 0" in second
    assert "Hello Dev" not in first + second
    # The header leads to it through the user's own pages, under their name (commissioning.registry.Group.ACCOUNT).
    assert 'href="/account/"' in first


def test_the_page_links_to_the_record_and_costs_the_same_queries_however_many(client: Any, settings: Any) -> None:
    from django.db import connection

    olive = UserFactory(username="olive")
    client.force_login(olive)
    with transaction.atomic():
        notification = notification_queue(to_user=olive, template="test/email/plain", context={})
    notification.about_model, notification.about_pk, notification.about_label = (
        "intelligence.wardintelligence",
        "42",
        "Bins missed (WI-2026-0042)",
    )
    notification.save()
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("core:notifications")).content.decode()
    assert f'href="{reverse("intelligence:detail", args=[42])}">Bins missed (WI-2026-0042)</a>' in page
    _notifications_for(olive, 5, "Olive")
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("core:notifications"))
    assert len(six) == len(one)


def test_someone_with_no_notifications_is_told_so(client: Any) -> None:
    client.force_login(UserFactory())
    assert "You have no notifications yet." in client.get(reverse("core:notifications")).content.decode()
