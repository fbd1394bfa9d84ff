"""The writes every domain record shares: archive and restore (lock the row, check its state, one history entry), and
the last steps of adding or editing one (the edited record locked at the version the form loaded; the model's own
rules checked and one history entry written).

Each app keeps its own ``<entity>_create``, ``<entity>_update``, ``<entity>_archive`` and ``<entity>_restore``
actions, with its own messages and any rule of its own, and calls these for the part that is the same everywhere. Records are never deleted (ADR 0007): archiving
sets who, when and why; restoring clears them; both say why in the history. Each is atomic on its own too, so a
refusal inside a caller's transaction leaves that transaction usable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone

from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import FormClaim, lock_for_update
from commissioning.core.models import DomainModel

R = TypeVar("R", bound=DomainModel)

ARCHIVED = "Archived"
RESTORED = "Restored"
NOT_IN_A_TRANSACTION = "record_save_unique must run inside the action's transaction, where its savepoint is a part"


def lock_row(record: R) -> R:
    """The record read again with its row locked until the transaction ends (a plain ``SELECT ... FOR UPDATE``)."""
    fresh: R = type(record)._default_manager.select_for_update().get(pk=record.pk)
    return fresh


def record_edited(record: R, *, version: str | None, already_archived: str) -> R:
    """The record an edit form changes, read again with its row locked and checked to be the version the form loaded
    (``EditConflict`` otherwise); an archived record is refused with the app's ``already_archived`` message."""
    fresh: R = lock_for_update(type(record), pk=record.pk, version=version)
    if fresh.is_archived:
        raise ValidationError(already_archived)
    return fresh


def record_save(
    record: R,
    *,
    by: Any,
    reason: str,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    exclude: Sequence[str] = (),
    claim: FormClaim | None = None,
) -> R:
    """Check the model's own rules (all but the many-to-many fields in ``m2m`` and ``exclude``), then save the record
    and ``m2m`` as one history entry saying ``reason``. A create passes the ``claim`` of its one-time token, which is
    bound to the record made."""
    record.full_clean(exclude=[*exclude, *(m2m or {})])
    save_with_history(record, by=by, reason=reason, m2m=m2m)
    if claim is not None:
        claim.made(record)
    return record


def _collides(record: DomainModel, constraint_name: str, using: str) -> bool:
    """Whether another row, committed as this transaction sees it, holds the record's values under the constraint."""
    model = type(record)
    constraint = next(
        c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.name == constraint_name
    )
    try:
        constraint.validate(model, record, using=using)  # type: ignore[attr-defined]  # Django 4.1+, not in the stubs
    except ValidationError:
        return True
    return False


def record_save_unique(
    record: R,
    *,
    constraint: str,
    field: str,
    taken: str,
    by: Any,
    reason: str,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    exclude: Sequence[str] = (),
    claim: FormClaim | None = None,
) -> R:
    """``record_save`` for a record under a unique constraint of the database (``constraint``, its name) that the
    user sets through ``field``: a row that already holds the same values, even one another transaction inserted
    between the action's own check and this insert, is ``ValidationError({field: taken})`` (the app's named
    message), never an IntegrityError and never a duplicate.

    The insert runs in a savepoint of the action's transaction: on PostgreSQL it waits for the other transaction and
    then fails on the constraint, and the savepoint leaves the action's transaction usable to say so. Any other
    integrity error is raised as it is. (A reference or code that may be generated saves through
    ``core.references.save_with_reference`` instead.)"""
    model = type(record)
    using = router.db_for_write(model)
    if not connections[using].in_atomic_block:
        raise RuntimeError(NOT_IN_A_TRANSACTION)
    excluded = [*exclude, *(m2m or {})]
    record.full_clean(exclude=excluded, validate_constraints=False)
    record.validate_constraints(exclude={*excluded, field})  # the rest; the field's own is checked below
    if _collides(record, constraint, using):
        raise ValidationError({field: taken}, code="unique")
    pk, adding = record.pk, record._state.adding
    try:
        with transaction.atomic(using=using):
            save_with_history(record, by=by, reason=reason, m2m=m2m)
    except IntegrityError:
        record.pk, record._state.adding = pk, adding
        if not _collides(record, constraint, using):
            raise
        raise ValidationError({field: taken}, code="unique") from None
    if claim is not None:
        claim.made(record)
    return record


@transaction.atomic
def record_archive(
    *,
    record: R,
    by: Any,
    reason: str,
    reason_required: str,
    already: str,
    history: str = ARCHIVED,
    lock: Callable[[R], R] = lock_row,
    check: Callable[[R], None] | None = None,
) -> R:
    """Archive ``record``, saying who and why, as one history entry "<history>: <reason>".

    A blank reason raises ``ValidationError({"reason": reason_required})`` before anything is read. The row is then
    locked (``lock``, by default the record's own row). ``check``, when given, runs on the locked row first, for a
    rule of the app's that forbids archiving this record at all; then a record that is already archived raises
    ``ValidationError(already)``. Returns the locked, archived record.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": reason_required})
    fresh = lock(record)
    if check is not None:
        check(fresh)
    if fresh.is_archived:
        raise ValidationError(already)
    fresh.archived_at = timezone.now()
    fresh.archived_by = by
    fresh.archive_reason = reason
    save_with_history(fresh, by=by, reason=f"{history}: {reason}")
    return fresh


@transaction.atomic
def record_restore(
    *,
    record: R,
    by: Any,
    reason: str,
    reason_required: str,
    not_archived: str,
    history: str = RESTORED,
    lock: Callable[[R], R] = lock_row,
    check: Callable[[R], None] | None = None,
) -> R:
    """Bring an archived ``record`` back, as one history entry "<history>: <reason>".

    A blank reason raises ``ValidationError({"reason": reason_required})``; after the lock, a record that is not
    archived raises ``ValidationError(not_archived)``. ``check``, when given, then runs on the locked, archived row
    for a rule of the app's about bringing it back (a name taken meanwhile, say). Returns the restored record.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": reason_required})
    fresh = lock(record)
    if not fresh.is_archived:
        raise ValidationError(not_archived)
    if check is not None:
        check(fresh)
    fresh.archived_at = None
    fresh.archived_by = None
    fresh.archive_reason = ""
    save_with_history(fresh, by=by, reason=f"{history}: {reason}")
    return fresh
