"""Results that are costly to work out and change only when the records they read change, kept in the cache under
those records' version (ADR 0038).

A council-wide list such as the services whose unit cost is in the worst quartile of their comparators reads every
service and every benchmark figure, so it costs more the larger the council; yet it changes only when a service, a
figure or a comparator does. ``remembered(name, models, compute)`` answers from the cache while the version of
``models`` is the one the answer was worked out at, and works it out again (and keeps it) otherwise.

The version is read from the database in one query: each model's highest primary key and latest ``updated_at``
(every domain model has it, set on every save and by ``bulk_update``; nothing is ever deleted, so a new row raises
the highest key), each read as its own subquery so that the database answers from an index rather than reading the
table (a large table indexes ``updated_at`` for this): any process sees another's change. Within this process a counter of saves to the model is added (a
``post_save`` signal), so a change made when the clock does not move (a test's frozen time) is seen too.

The cache is the ``memo`` alias (local memory, per process): an answer may be kept once per process, and a process
that has never seen the records works the answer out once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import caches
from django.db import connection, models
from django.db.models.signals import m2m_changed, post_save

MEMO_CACHE = "memo"
T = TypeVar("T")

_saves: dict[str, int] = {}


def _count_save(sender: Any, **_kwargs: Any) -> None:
    label = sender._meta.label_lower
    _saves[label] = _saves.get(label, 0) + 1


def _watched(model: type[models.Model]) -> str:
    label = model._meta.label_lower
    if label not in _saves:
        _saves[label] = 0
        post_save.connect(_count_save, sender=model, weak=False, dispatch_uid=f"memo:{label}")
    return label


def watch_many_to_many(through: type[models.Model], owner: type[models.Model]) -> None:
    """Count a change to a many-to-many relation (``through``) as a save of ``owner`` in this process."""
    label = _watched(owner)

    def changed(**_kwargs: Any) -> None:
        _saves[label] = _saves.get(label, 0) + 1

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"memo:{label}:{through._meta.label_lower}")


def version_of(model_list: Iterable[type[models.Model]]) -> str:
    """The version of the records of these models, in one query."""
    quote = connection.ops.quote_name
    labels, columns = [], []
    for model in model_list:
        labels.append(_watched(model))
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)  # type: ignore[union-attr]
        columns += [f"(SELECT MAX({pk}) FROM {table})", f"(SELECT MAX({quote('updated_at')}) FROM {table})"]  # noqa: S608 (table and column names from the models, quoted by the database's rules; no input)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}")
        found = cursor.fetchone()
    return "|".join(f"{label}:{found[2 * n]}:{found[2 * n + 1]}:{_saves[label]}" for n, label in enumerate(labels))


def remembered(name: str, model_list: Iterable[type[models.Model]], compute: Callable[[], T]) -> T:
    """``compute()``'s answer as of the current version of ``model_list``'s records: from the cache when it was
    worked out at this version, else worked out now and kept."""
    cache = caches[MEMO_CACHE]
    key = f"{name}@{hashlib.sha256(version_of(model_list).encode()).hexdigest()}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found)
    return found  # type: ignore[no-any-return]


_MISSING = object()
