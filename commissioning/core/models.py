"""The base every domain record builds on: timestamps, archiving instead of deletion."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core import search

HARD_DELETE_FORBIDDEN = "Records are never deleted. Archive it instead, saying who and why."


class HardDeleteForbiddenError(Exception):
    """Raised when code tries to delete a domain record instead of archiving it."""


class DomainQuerySet(models.QuerySet):
    def active(self) -> DomainQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> DomainQuerySet:
        return self.filter(archived_at__isnull=False)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HardDeleteForbiddenError(HARD_DELETE_FORBIDDEN)

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        """As Django's, filling the hidden search columns first (``save()`` fills them for one record)."""
        objs = list(objs)
        search.refresh_for_bulk(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None) -> int:
        """As Django's, refreshing the hidden search columns of the fields it writes."""
        objs, fields = list(objs), list(fields)
        columns = search.refresh_for_bulk(objs, fields)
        return super().bulk_update(objs, [*fields, *sorted(columns - set(fields))], batch_size=batch_size)


class DomainModel(models.Model):
    """Abstract base: created/updated times and archiving with who, when and why.

    Each concrete model declares its own ``history = HistoricalRecords()`` so that its audit trail is explicit;
    a test checks that every domain model has one.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archive_reason = models.TextField(blank=True, editable=False)

    objects: ClassVar[Any] = DomainQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HardDeleteForbiddenError(HARD_DELETE_FORBIDDEN)


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class Notification(DomainModel):
    """One email to a user or to a resident (who has no account): the core outbox (``core.notifications``).

    The subject and body are rendered when the notification is queued, inside the action's transaction, so the
    row says exactly what was (or will be) sent whatever happens to the record afterwards. The record it is about
    is named by its model label and primary key, not by a foreign key, so any app can notify without core knowing
    the app.
    """

    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
        help_text="The user it is for; empty for a resident, who has no account.",
    )
    to_email = models.EmailField("To", blank=True, help_text="The address it goes to.")
    template = models.CharField(max_length=200, help_text="The templates it was rendered from.")
    subject = models.CharField(max_length=255)
    body_text = models.TextField("Body (text)")
    body_html = models.TextField("Body (HTML)", blank=True)
    about_model = models.CharField(
        max_length=100, blank=True, help_text='The record it is about, like "intelligence.wardintelligence".'
    )
    about_pk = models.CharField(max_length=64, blank=True)
    about_label = models.CharField(max_length=255, blank=True, help_text="The record's name when it was queued.")
    status = models.CharField(max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When a failed attempt is tried again.")
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="When a worker began sending.")
    sent_at = models.DateTimeField("Sent", null=True, blank=True)

    # The subject and bodies never change after queueing: the row keeps them, the history keeps the status changes.
    history = HistoricalRecords(excluded_fields=["body_text", "body_html"])

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["to_user", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.to_email or self.to_user})"

    @property
    def about_url(self) -> str | None:
        """The page of the record it is about, where an app registered one (``notifications.register_about``)."""
        from commissioning.core.notifications import about_url

        return about_url(self)


class FormSubmission(DomainModel):
    """A create form's one-time token, claimed by the first submission and pointing at the record it made.

    The unique token is inserted first thing in the create action's transaction, so a repeat of the same form (the
    back button, a second tab, a double click that got through) fails on the unique key, or waits for the first
    transaction and then fails on it, and is answered with the record the first submission made.
    See ``commissioning.core.concurrency``.
    """

    token = models.UUIDField(unique=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Form {self.token}"

    @property
    def record(self) -> models.Model | None:
        if self.content_type is None or self.object_id is None:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)
