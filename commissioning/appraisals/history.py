"""The History tab of an option also lists the changes to its cost and benefit lines, year by year.

A line's changes are recorded on the line (one history entry per save, see CostBenefitLine); this module reads
them back for the option's page, newest first, comparing each entry with the line's previous one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from commissioning.appraisals.models import Distribution, LineKind, TransitionCategory
from commissioning.core import formatting
from commissioning.core.history import FieldChange

MAX_ENTRIES = 100
CHOICES = {
    "kind": dict(LineKind.choices),
    "transition_category": dict(TransitionCategory.choices),
    "distribution": dict(Distribution.choices),
}
LABELS = {
    "kind": "Kind",
    "transition_category": "Transition category",
    "label": "Line",
    "range_low": "Range: lowest (%)",
    "range_likely": "Range: most likely (%)",
    "range_high": "Range: highest (%)",
    "distribution": "Distribution",
}


@dataclass(frozen=True)
class LineHistoryEntry:
    when: dt.datetime
    who: str
    kind: str
    line: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _show(name: str, value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if name in CHOICES:
        return str(CHOICES[name].get(value, value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _amount(amounts: Sequence[Any], year: int) -> Decimal:
    return Decimal(amounts[year]) if year < len(amounts) else Decimal(0)


def _changes(older: Any, newer: Any, years: Sequence[str]) -> list[FieldChange]:
    changes = []
    for name, label in LABELS.items():
        before, after = getattr(older, name), getattr(newer, name)
        if before != after:
            changes.append(FieldChange(label=label, before=_show(name, before), after=_show(name, after)))
    for year in range(max(len(older.amounts), len(newer.amounts))):
        before, after = _amount(older.amounts, year), _amount(newer.amounts, year)
        if before != after:
            label = years[year] if year < len(years) else f"Year {year}"
            changes.append(FieldChange(label=label, before=formatting.money(before), after=formatting.money(after)))
    return changes


def line_history(records: Sequence[Any], *, years: Sequence[str]) -> list[LineHistoryEntry]:
    """Entries for the option's lines, newest first (``records`` oldest first, as selectors give them)."""
    previous: dict[int, Any] = {}
    entries = []
    for record in records:
        older = previous.get(record.id)
        changes: list[FieldChange] = []
        if record.history_type == "+" or older is None:
            kind, changes = "Added", []
        elif bool(record.archived_at) != bool(older.archived_at):
            kind, changes = ("Removed" if record.archived_at else "Restored"), []
        else:
            kind, changes = "Changed", _changes(older, record, years)
        user = record.history_user
        entries.append(
            LineHistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "System",
                kind=kind,
                line=record.label,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous[record.id] = record
    entries.reverse()
    return entries[:MAX_ENTRIES]
