"""The base every domain record builds on: timestamps, archiving instead of deletion."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

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
