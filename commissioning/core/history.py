"""Audit history for the History tab of every record: who, when, what changed, before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models

from commissioning.core import formatting

KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}
SKIPPED_FIELDS = {"updated_at", "created_at"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(model: type[models.Model], field_name: str, value: Any, related_names: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return "(blank)"
    model_field: Any
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - m2m or removed fields
        model_field = None
    if model_field is not None and getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field is not None and model_field.is_relation:
        return related_names.get((field_name, value), str(value))
    if isinstance(value, bool):
        return formatting.yesno(value)
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, dt.datetime):
        return formatting.datetime(value)
    if isinstance(value, dt.date):
        return formatting.date(value)
    return str(value)


def _label(model: type[models.Model], field_name: str) -> str:
    try:
        model_field: Any = model._meta.get_field(field_name)
        return str(model_field.verbose_name).capitalize()
    except Exception:  # noqa: BLE001
        return field_name.replace("_", " ").capitalize()


def _tracked_fields(model: type[models.Model], history_model: Any) -> list[Any]:
    """The original model's concrete fields that its history records (archive fields included)."""
    recorded = {f.attname for f in history_model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.attname in recorded and f.name not in SKIPPED_FIELDS and not f.primary_key
    ]


def _m2m_rows(model: type[models.Model], history_model: Any, records: list[Any]) -> dict[str, dict[int, set[Any]]]:
    """For each tracked many-to-many field: history_id -> the set of related ids, in one query per field."""
    from django.apps import apps

    result: dict[str, dict[int, set[Any]]] = {}
    for m2m_field in getattr(history_model, "_history_m2m_fields", []) or []:
        name = m2m_field.name
        through = apps.get_model(model._meta.app_label, f"{history_model.__name__}_{name}")
        target_col = f"{m2m_field.m2m_reverse_field_name()}_id"
        rows: dict[int, set[Any]] = {r.history_id: set() for r in records}
        for history_id, target in through.objects.filter(history_id__in=list(rows)).values_list(
            "history_id", target_col
        ):
            rows[history_id].add(target)
        result[name] = rows
    return result


def _related_names(
    model: type[models.Model], records: list[Any], m2m: dict[str, dict[int, set[Any]]]
) -> dict[tuple[str, Any], str]:
    """Look up the names of every related object the records mention, one query per related model."""
    wanted: dict[str, set[Any]] = {}
    relations: dict[str, Any] = {f.name: f for f in model._meta.get_fields() if f.is_relation and f.concrete}
    for name, rel in relations.items():
        if rel.many_to_many:
            for ids in m2m.get(name, {}).values():
                wanted.setdefault(name, set()).update(ids)
        else:
            for record in records:
                value = getattr(record, rel.attname, None)
                if value is not None:
                    wanted.setdefault(name, set()).add(value)
    names: dict[tuple[str, Any], str] = {}
    for name, ids in wanted.items():
        related_model = relations[name].related_model
        for obj in related_model._base_manager.filter(pk__in=ids):
            names[(name, obj.pk)] = str(obj)
    return names


def _changes(
    model: type[models.Model],
    fields: list[Any],
    record: Any,
    older: Any,
    m2m: dict[str, dict[int, set[Any]]],
    names: dict[tuple[str, Any], str],
) -> list[FieldChange]:
    changes = []
    for model_field in fields:
        before, after = getattr(older, model_field.attname), getattr(record, model_field.attname)
        if before != after:
            changes.append(
                FieldChange(
                    label=_label(model, model_field.name),
                    before=_display(model, model_field.name, before, names),
                    after=_display(model, model_field.name, after, names),
                )
            )
    for name, rows in m2m.items():
        before_ids, after_ids = rows.get(older.history_id, set()), rows.get(record.history_id, set())
        if before_ids != after_ids:
            changes.append(
                FieldChange(
                    label=_label(model, name),
                    before=_names(name, before_ids, names),
                    after=_names(name, after_ids, names),
                )
            )
    return changes


def _names(field_name: str, ids: set[Any], names: dict[tuple[str, Any], str]) -> str:
    return ", ".join(sorted(names.get((field_name, i), str(i)) for i in ids)) or "(none)"


def changes_between(instance: models.Model, older: Any, newer: Any) -> list[FieldChange]:
    """What changed on the record from one of its history entries to a later one, field by field."""
    model = type(instance)
    history_model = instance.history.model  # type: ignore[attr-defined]
    fields = _tracked_fields(model, history_model)
    m2m = _m2m_rows(model, history_model, [older, newer])
    names = _related_names(model, [older, newer], m2m)
    return _changes(model, fields, older=older, record=newer, m2m=m2m, names=names)


def history_page(
    instance: models.Model, *, page_number: Any = 1, per_page: int = 20
) -> tuple[Page, list[HistoryEntry]]:
    """One page of the record's history, newest first, each entry with its field-by-field changes.

    The query count is fixed whatever the number of entries: the page, the entry before it (to diff the last one
    against), one query per many-to-many field, and one per related model whose names are shown.
    """
    model = type(instance)
    manager = instance.history  # type: ignore[attr-defined]
    history_model = manager.model
    ordered = manager.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(ordered, per_page).get_page(page_number)
    records = list(page.object_list)
    chain = list(records)
    if records:
        oldest = records[-1]
        before_page = (
            manager.filter(history_date__lte=oldest.history_date)
            .exclude(history_id=oldest.history_id)
            .order_by("-history_date", "-history_id")
            .first()
        )
        if before_page is not None:
            chain.append(before_page)
    fields = _tracked_fields(model, history_model)
    m2m = _m2m_rows(model, history_model, chain)
    names = _related_names(model, chain, m2m)
    entries = []
    for index, record in enumerate(records):
        older = chain[index + 1] if index + 1 < len(chain) else None
        changes = _changes(model, fields, record, older, m2m, names) if older is not None else []
        kind = KIND_LABELS.get(record.history_type, record.history_type)
        if (
            older is not None
            and record.history_type == "~"
            and bool(getattr(record, "archived_at", None)) != bool(getattr(older, "archived_at", None))
        ):
            kind = "Archived" if record.archived_at else "Restored"
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "System",
                kind=kind,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return page, entries
