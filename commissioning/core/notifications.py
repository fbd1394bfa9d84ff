"""The outbox: email to users and to residents, written inside the action's transaction, sent by the task worker.

An action queues a notification with ``notification_queue(to_user=..., template=..., context=..., about=...)``
inside its own ``@transaction.atomic``. The subject and body are rendered there and then from the app's Jinja
templates (``<app>/templates/<app>/email/<name>.subject.txt``, ``<name>.body.txt`` and, if present,
``<name>.body.html``), the row is written, and the task ``core.tasks.send_notification`` is enqueued when the
transaction commits: a rolled-back action sends nothing.

Sending (``notification_send``) claims the row under a lock in a short transaction, sends through Django's email
backend outside any transaction (so a slow mail server never holds the database), then records the outcome under
the lock again. A notification that is sent, failed, or being sent by another worker is left alone, so a task run
twice sends once. A failed attempt is recorded with its error and tried again after a growing delay (a deferred
task where the task backend supports ``run_after``, and ``send_due_notifications`` / ``manage.py
send_notifications`` in any case), up to ``NOTIFICATION_MAX_ATTEMPTS``; after the last it is marked failed.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from jinja2 import Environment, TemplateNotFound, select_autoescape

from commissioning.core.audit import save_with_history
from commissioning.core.models import Notification, NotificationStatus

logger = logging.getLogger(__name__)

NOT_IN_TRANSACTION = (
    "notification_queue must be called inside the calling action's transaction (@transaction.atomic), so that a "
    "rolled-back action sends nothing"
)
NO_RECIPIENT = "A notification needs a user or an email address to go to"
NO_ADDRESS = "Not sent: there is no email address to send it to"
WORKER_LOST = "The worker stopped while sending it (it may or may not have gone)"

QUEUED_REASON = "Queued"
SENDING_REASON = "Sending (attempt {attempt})"
SENT_REASON = "Sent"
RETRY_REASON = "Attempt {attempt} failed: it will be tried again"
FAILED_REASON = "Not sent after {attempt} attempts"

# A claim older than this is a worker that died mid-send (sending itself times out after EMAIL_TIMEOUT).
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
SUBJECT_LENGTH = 255


def max_attempts() -> int:
    return max(1, int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", 5)))


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure: the base delay, then four times longer each time."""
    base = int(getattr(settings, "NOTIFICATION_RETRY_SECONDS", 60))
    return dt.timedelta(seconds=base * 4 ** max(0, attempts - 1))


# Links to the record a notification is about -----------------------------------------------------------------------

_ABOUT_ROUTES: dict[str, str] = {}


def register_about(model_label: str, route: str) -> None:
    """Say which page shows a model's records: ``register_about("intelligence.wardintelligence",
    "intelligence:detail")``; the route takes the record's primary key. Call it from the app's ``ready()``."""
    _ABOUT_ROUTES[model_label.lower()] = route


def about_url(notification: Notification) -> str | None:
    """The page of the record the notification is about (no query), or None when no app registered one."""
    route = _ABOUT_ROUTES.get(notification.about_model)
    if not route or not notification.about_pk:
        return None
    try:
        return reverse(route, args=[notification.about_pk])
    except NoReverseMatch:
        return None


def absolute_url(name: str, *args: Any) -> str:
    """A link for an email: the site's address (``SITE_URL``) and the route."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args or None)


# Rendering ---------------------------------------------------------------------------------------------------------


@functools.cache
def _email_environment() -> Environment:
    """The pages' Jinja environment, escaping HTML bodies only (text subjects and bodies are sent as written)."""
    from commissioning.core.jinja2 import environment

    env = environment()
    env.autoescape = select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False)
    env.globals["absolute_url"] = absolute_url
    return env


def render(template: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """The subject (one line), text body and HTML body ("" when the app has no HTML template) of a notification."""
    env = _email_environment()
    subject = " ".join(env.get_template(f"{template}.subject.txt").render(context).split())
    body_text = env.get_template(f"{template}.body.txt").render(context).strip() + "\n"
    try:
        body_html = env.get_template(f"{template}.body.html").render(context)
    except TemplateNotFound:
        body_html = ""
    return subject[:SUBJECT_LENGTH], body_text, body_html


# Queueing ----------------------------------------------------------------------------------------------------------


def _enqueue(notification_id: int) -> None:
    from commissioning.core.tasks import send_notification

    send_notification.enqueue(notification_id=notification_id)


def notification_queue(
    *,
    to_user: Any = None,
    to_email: str = "",
    template: str,
    context: Mapping[str, Any],
    about: models.Model | None = None,
    by: Any = None,
) -> Notification:
    """Write a notification inside the caller's transaction and send it once that transaction commits.

    ``to_user`` is a user (their address is taken now); ``to_email`` an address for someone without an account (a
    resident), or to override the user's. ``template`` names the templates without their endings, like
    ``"intelligence/email/submitted"``; they are rendered with ``context`` plus ``recipient`` (the user or None).
    ``about`` is the record it is about, shown as a link on the Notifications page. ``by`` is who caused it (for
    the history). A notification with no address to go to is written as failed, so the user still sees it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(NOT_IN_TRANSACTION)
    if to_user is None and not to_email.strip():
        raise ValueError(NO_RECIPIENT)
    address = to_email.strip() or (getattr(to_user, "email", "") or "").strip()
    subject, body_text, body_html = render(template, {**context, "recipient": to_user})
    notification = Notification(
        to_user=to_user,
        to_email=address,
        template=template,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
    )
    if about is not None:
        notification.about_model = about._meta.label_lower
        notification.about_pk = str(about.pk)
        notification.about_label = str(about)[:255]
    if not address:
        notification.status = NotificationStatus.FAILED
        notification.last_error = NO_ADDRESS
    save_with_history(notification, by=by, reason=QUEUED_REASON if address else NO_ADDRESS)
    if address:
        transaction.on_commit(functools.partial(_enqueue, notification.pk), robust=True)
    return notification


# Sending -----------------------------------------------------------------------------------------------------------


def _locked(pk: int) -> Notification:
    return Notification.objects.select_for_update().get(pk=pk)


@transaction.atomic
def _claim(pk: int) -> Notification | None:
    """Take the notification for this worker if it is due; None when there is nothing to send."""
    notification = _locked(pk)
    now = timezone.now()
    stale = (
        notification.status == NotificationStatus.SENDING
        and notification.claimed_at is not None
        and notification.claimed_at < now - CLAIM_TIMEOUT
    )
    if stale and notification.attempts >= max_attempts():
        _finish(notification, error=WORKER_LOST)
        return None
    due = notification.status == NotificationStatus.QUEUED and (
        notification.next_attempt_at is None or notification.next_attempt_at <= now
    )
    if not (due or stale):
        return None
    notification.status = NotificationStatus.SENDING
    notification.claimed_at = now
    notification.attempts += 1
    save_with_history(notification, by=None, reason=SENDING_REASON.format(attempt=notification.attempts))
    return notification


def _deliver(notification: Notification) -> str:
    """Send it through the email backend; the error as text, or "" when it went."""
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.to_email],
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server is recorded and retried
        logger.warning("Notification %s not sent (attempt %s): %s", notification.pk, notification.attempts, exc)
        return f"{exc.__class__.__name__}: {exc}"[:2000]
    return ""


def _finish(notification: Notification, *, error: str) -> None:
    """Record an attempt's outcome on the locked row: sent, to be tried again, or failed for good."""
    now = timezone.now()
    notification.claimed_at = None
    if not error:
        notification.status = NotificationStatus.SENT
        notification.sent_at = now
        notification.last_error = ""
        notification.next_attempt_at = None
        save_with_history(notification, by=None, reason=SENT_REASON)
        return
    notification.last_error = error
    if notification.attempts >= max_attempts():
        notification.status = NotificationStatus.FAILED
        notification.next_attempt_at = None
        save_with_history(notification, by=None, reason=FAILED_REASON.format(attempt=notification.attempts))
        return
    notification.status = NotificationStatus.QUEUED
    notification.next_attempt_at = now + retry_delay(notification.attempts)
    save_with_history(notification, by=None, reason=RETRY_REASON.format(attempt=notification.attempts))
    _schedule_retry(notification)


def _schedule_retry(notification: Notification) -> None:
    """A deferred task for the next attempt, in this transaction, where the backend can defer one.

    Backends that cannot (the immediate backend of the tests) leave it to ``send_due_notifications``.
    """
    from commissioning.core.tasks import send_notification

    if send_notification.get_backend().supports_defer:
        send_notification.using(run_after=notification.next_attempt_at).enqueue(notification_id=notification.pk)


@transaction.atomic
def _record(claimed: Notification, error: str) -> Notification:
    notification = _locked(claimed.pk)
    if notification.status == NotificationStatus.SENDING and notification.claimed_at == claimed.claimed_at:
        _finish(notification, error=error)
    return notification


def notification_send(*, notification_id: int) -> Notification:
    """Send one notification if it is due, at most once: safe to call twice, from two workers, or after a crash.

    Not atomic on purpose: the row is claimed and recorded in two short transactions, with the mail sent between
    them, so the database is never locked while the mail server answers.
    """
    claimed = _claim(notification_id)
    if claimed is None:
        return Notification.objects.get(pk=notification_id)
    if not claimed.to_email:
        return _record(claimed, NO_ADDRESS)
    return _record(claimed, _deliver(claimed))


def due_notifications(*, now: dt.datetime | None = None) -> QuerySet[Notification]:
    """Notifications waiting for an attempt now, and those a dead worker left half-sent."""
    now = now or timezone.now()
    waiting = Q(status=NotificationStatus.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    abandoned = Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    return Notification.objects.filter(waiting | abandoned).order_by("created_at", "pk")


def send_due_notifications(*, limit: int = 500) -> int:
    """Try every due notification once (retries, and any whose task was lost); returns how many were sent."""
    sent = 0
    for pk in list(due_notifications().values_list("pk", flat=True)[:limit]):
        if notification_send(notification_id=pk).status == NotificationStatus.SENT:
            sent += 1
    return sent


# Reading -----------------------------------------------------------------------------------------------------------


def user_notifications(*, user: Any) -> QuerySet[Notification]:
    """The notifications sent to this user, newest first (nobody else's); none for anyone not signed in."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return (
        Notification.objects.filter(to_user_id=user.pk).defer("body_text", "body_html").order_by("-created_at", "-pk")
    )
