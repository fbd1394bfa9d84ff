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
    if isinstance(value, list):  # many-to-many: a list of through-row dicts
        names = []
        for row in value:
            for key, val in row.items():
                if key != model._meta.model_name and (field_name, val) in related_names:
                    names.append(related_names[(field_name, val)])
        return ", ".join(sorted(names)) or "(none)"
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


def _related_names(model: type[models.Model], records: list[Any]) -> dict[tuple[str, Any], str]:
    """Look up the names of every related object the records mention, one query per related model."""
    wanted: dict[str, set[Any]] = {}
    relations: dict[str, Any] = {f.name: f for f in model._meta.get_fields() if f.is_relation and f.concrete}
    for record in records:
        for name, rel in relations.items():
            if rel.many_to_many:
                through_rows = getattr(record, name).all() if hasattr(record, name) else []
                for row in through_rows:
                    target = getattr(row, f"{rel.name}_id", None) or getattr(
                        row, rel.related_model._meta.model_name + "_id", None
                    )
                    if target is not None:
                        wanted.setdefault(name, set()).add(target)
            else:
                value = getattr(record, rel.attname, None)
                if value is not None:
                    wanted.setdefault(name, set()).add(value)
    names: dict[tuple[str, Any], str] = {}
    for name, ids in wanted.items():
        related_model = relations[name].related_model
        for obj in related_model._base_manager.filter(pk__in=ids):  # type: ignore[union-attr]
            names[(name, obj.pk)] = str(obj)
    return names


def history_page(
    instance: models.Model, *, page_number: Any = 1, per_page: int = 20
) -> tuple[Page, list[HistoryEntry]]:
    """One page of the record's history, newest first, each entry with its field-by-field changes."""
    model = type(instance)
    history = instance.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    m2m_names = [f.name for f in getattr(model, "_history_m2m_fields", [])]
    if m2m_names:
        history = history.prefetch_related(*m2m_names)
    paginator = Paginator(history, per_page)
    page = paginator.get_page(page_number)
    records = list(page.object_list)
    # The record just before the oldest on this page, to diff against.
    previous_of_last = None
    if records:
        oldest = records[-1]
        previous_of_last = (
            instance.history.filter(history_date__lt=oldest.history_date)  # type: ignore[attr-defined]
            .order_by("-history_date", "-history_id")
            .prefetch_related(*m2m_names)
            .first()
        )
    chain = records + ([previous_of_last] if previous_of_last else [])
    names = _related_names(model, chain)
    entries = []
    for index, record in enumerate(records):
        older = chain[index + 1] if index + 1 < len(chain) else None
        changes: list[FieldChange] = []
        if older is not None:
            delta = record.diff_against(older, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in SKIPPED_FIELDS:
                    continue
                changes.append(
                    FieldChange(
                        label=_label(model, change.field),
                        before=_display(model, change.field, change.old, names),
                        after=_display(model, change.field, change.new, names),
                    )
                )
        kind = KIND_LABELS.get(record.history_type, record.history_type)
        if record.history_type == "~" and any(c.label == "Archived at" for c in changes):
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
