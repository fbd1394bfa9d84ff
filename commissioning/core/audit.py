"""Saving domain records so that each change is exactly one history entry, many-to-many fields included."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.db.models.signals import post_save

# django-simple-history's history_change_reason column (varchar(100): PostgreSQL enforces it, SQLite does not).
REASON_LENGTH = 100


def fitted_reason(reason: str) -> str:
    """The reason as the history column holds it: a reason an action composes (a virement's lines, a service's name)
    can run past 100 characters, so it is cut with an ellipsis rather than failing on PostgreSQL. The record itself
    keeps the full detail; reasons people type are limited to the column by their forms."""
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


@contextmanager
def history_paused(instance: models.Model) -> Iterator[None]:
    instance.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del instance.skip_history_when_saving  # type: ignore[attr-defined]


def save_with_history(
    instance: models.Model, *, by: Any, reason: str, m2m: Mapping[str, Iterable[Any]] | None = None
) -> None:
    """Save the record and its many-to-many fields as one history entry (who, why, before and after).

    django-simple-history records a save and each many-to-many change separately; an officer's one edit must read
    as one entry, with the wards it ended with.
    """
    instance._history_user = by  # type: ignore[attr-defined]
    instance._change_reason = fitted_reason(reason)  # type: ignore[attr-defined]
    m2m = m2m or {}
    if instance._state.adding:
        with history_paused(instance):
            instance.save()
            for name, values in m2m.items():
                getattr(instance, name).set(values)
        post_save.send(
            sender=type(instance),
            instance=instance,
            created=True,
            raw=False,
            using=instance._state.db,
            update_fields=None,
        )
    else:
        with history_paused(instance):
            for name, values in m2m.items():
                manager = getattr(instance, name)
                if set(manager.values_list("pk", flat=True)) != {v.pk for v in values}:
                    manager.set(values)
        instance.save()
