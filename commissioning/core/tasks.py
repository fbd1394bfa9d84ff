"""Background jobs for core: thin django-tasks wrappers that call the outbox's actions (ADR 0005)."""

from __future__ import annotations

from django_tasks import task

from commissioning.core import notifications


@task()
def send_notification(*, notification_id: int) -> str:
    """Send one queued notification. Safe to retry: one sent, failed or being sent elsewhere is left as it is."""
    return str(notifications.notification_send(notification_id=notification_id).status)


@task()
def send_due_notifications() -> int:
    """Try every notification that is due (retries, and any whose task was lost): how many were sent."""
    return notifications.send_due_notifications()
