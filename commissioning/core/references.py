"""Saving a record under a unique reference (ADL-013, CR-2026-004, WI-2026-0012, OC-07) or code that never collides.

A reference is unique in the database. Two people creating records at the same moment must neither get a 500 nor be
told that a reference they left blank "already exists", so every create or edit that sets a reference saves through
``save_with_reference``, inside the action's transaction (after ``claim_form_token``, which stays first):

- **A generated reference** (the field was left blank) is worked out under a lock on the model's series, held to the
  end of the transaction: on PostgreSQL a transaction-level advisory lock keyed by the model's label, so a second
  create waits for the first to commit and then reads the number after it; SQLite already has one writer at a time
  (``transaction_mode`` IMMEDIATE, ADR 0004). The save runs in a savepoint, and should the number still be taken (a
  reference typed by hand into the same series at the same moment) the next number is tried, up to
  ``REFERENCE_ATTEMPTS`` times.
- **A typed reference** that someone else took, even one committed between the action's check and the insert (the
  insert fails on the unique constraint, after waiting for the other transaction), is a ``ValidationError`` on the
  reference field with the app's named message, never a 500.

Any other integrity error is not a reference collision and is raised as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router, transaction

from commissioning.core.audit import save_with_history

REFERENCE_ATTEMPTS = 5
REFERENCE_TAKEN = "Reference {reference} is already used: choose another, or leave it blank"
REFERENCE_BUSY = "Another {thing} was given the reference {reference} at the same moment: send the form again"
NOT_IN_A_TRANSACTION = (
    "save_with_reference must run inside the action's transaction: the series lock is held to its end"
)

M = TypeVar("M", bound=models.Model)


def series_lock_key(model: type[models.Model]) -> int:
    """The advisory lock key of a model's reference series: a signed 64-bit number from its label."""
    digest = hashlib.blake2b(model._meta.label.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_series(model: type[models.Model]) -> None:
    """Wait for, then hold to the end of this transaction, the right to generate the model's next reference."""
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise RuntimeError(NOT_IN_A_TRANSACTION)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [series_lock_key(model)])


def reference_taken(record: models.Model, *, field: str = "reference") -> bool:
    """Whether another record of the model holds this record's reference (committed, as this transaction sees it)."""
    others = type(record)._default_manager.filter(**{field: getattr(record, field)})
    if record.pk is not None:
        others = others.exclude(pk=record.pk)
    return others.exists()


def save_with_reference(
    record: M,
    *,
    generate: Callable[[], str] | None,
    taken: str = REFERENCE_TAKEN,
    by: Any,
    reason: str,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    exclude: Sequence[str] = (),
    field: str = "reference",
) -> M:
    """Check and save the record (``full_clean``, then ``save_with_history``: one history entry) under a unique
    reference.

    ``generate`` gives the next reference of the record's series (a selector's ``next_reference``), or is None when
    the reference was typed (or is kept, on an edit). ``taken`` is the app's message for a typed reference someone
    else holds, formatted with ``reference`` (and the field's own name, like ``code``; core's own message by default). ``exclude`` is passed to ``full_clean`` (the many-to-many fields).
    """
    model = type(record)
    if generate is not None:
        lock_series(model)
    pk, adding = record.pk, record._state.adding
    for attempt in range(1, REFERENCE_ATTEMPTS + 1):
        if generate is not None:
            setattr(record, field, generate())
        record.full_clean(exclude=list(exclude), validate_unique=False)
        record.validate_unique(exclude=[*exclude, field])  # the reference's own is the savepoint's, below
        try:
            with transaction.atomic(using=router.db_for_write(model)):
                save_with_history(record, by=by, reason=reason, m2m=m2m)
        except IntegrityError:
            record.pk, record._state.adding = pk, adding
            if not reference_taken(record, field=field):
                raise
            reference = getattr(record, field)
            if generate is None:
                message = taken.format_map({"reference": reference, field: reference})
                raise ValidationError({field: message}, code="unique") from None
            if attempt == REFERENCE_ATTEMPTS:
                thing = model._meta.verbose_name
                raise ValidationError(REFERENCE_BUSY.format(thing=thing, reference=reference), code="busy") from None
            continue
        return record
    raise AssertionError("unreachable")  # pragma: no cover
