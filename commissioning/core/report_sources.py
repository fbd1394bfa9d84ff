"""Sources of a committee report that governance may not import: a registry, as core.thread is (ADR 0037).

Governance drafts a committee report from a record (a review, a decision, a scrutiny work-programme item and a risk
review). The first three are governance's own or below it; a risk review belongs to the risks app, a sibling in the
DELIVER tier that governance may never import. So the app that owns such a source registers it here, from its
``AppConfig.ready()``::

    report_sources.register("risks.RiskReview", draft_from_risk_review, find=visible_risk_review)

and governance asks for it by the model's label, without knowing who answers:

- ``find(label, user=..., pk=...)`` is the record the user may see (``find`` raises the model's ``DoesNotExist``,
  an ``ObjectDoesNotExist``, when it is missing or hidden; ``LookupError`` when nothing is registered for the label),
- ``draft(record)`` is a ``ReportDraft``: the report's title and its section texts, filled from the record's own
  app's records (one query or a few, whatever the size of the council).

The registry holds code, not data: every process fills it the same way at start-up, in INSTALLED_APPS order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class ReportDraft:
    """What a source's records fill in a committee report: its title and the text of each section (empty for a
    section the source says nothing about; the officer writes those)."""

    title: str
    executive_summary: str = ""
    recommendations: str = ""  # one a line: the report numbers them
    financial: str = ""
    legal: str = ""
    hr: str = ""
    equalities: str = ""
    environmental: str = ""
    corporate_priorities: str = ""
    risk_statement: str = ""
    introduction: str = ""
    background: str = ""
    consultation: str = ""
    appendices: str = ""  # one a line
    background_papers: str = ""
    contact_officer: str = ""
    accountability: str = ""
    scrutiny_function: str = ""

    def sections(self) -> dict[str, str]:
        """The title and every section the source filled, by the report's field names."""
        return {name: value for name, value in dataclasses.asdict(self).items() if value}


Drafter = Callable[[Any], ReportDraft]
Finder = Callable[..., models.Model]


@dataclass(frozen=True)
class _Source:
    drafter: Drafter
    find: Finder


_sources: dict[str, _Source] = {}


def register(model_label: str, drafter: Drafter, *, find: Finder) -> None:
    """Make records of the model named like "risks.RiskReview" a source of committee reports: ``drafter(record)``
    returns its ReportDraft, ``find(user=..., pk=...)`` the record the user may see (or raises DoesNotExist)."""
    _sources[model_label.lower()] = _Source(drafter=drafter, find=find)


def is_registered(model_label: str) -> bool:
    return model_label.lower() in _sources


def _source(model_label: str) -> _Source:
    try:
        return _sources[model_label.lower()]
    except KeyError:
        raise LookupError(f"No committee report source is registered for {model_label}") from None


def find(model_label: str, *, user: Any, pk: int) -> Any:
    """The record of that model the user may see (its app decides), or its DoesNotExist."""
    return _source(model_label).find(user=user, pk=pk)


def draft(record: models.Model) -> ReportDraft:
    """The draft the record's app fills from its records."""
    return _source(record._meta.label).drafter(record)
