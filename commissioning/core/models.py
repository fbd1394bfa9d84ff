"""The base every domain record builds on: timestamps, archiving instead of deletion."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

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
