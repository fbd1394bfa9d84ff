"""Who may see and change outcomes, indicators, measurements, needs evidence and consultations (django-rules).

- Internal roles read everything, with the History tabs. The public and providers read published, current
  priorities, outcomes and indicators, and the measurements of those indicators: nothing else (a provider has no
  "own organisation" view here, because outcomes and indicators are the council's, not a contract's).
- Commissioning officers and strategic directors change priorities, outcomes, indicators, targets, measurements,
  needs evidence and consultations.
- Finance officers record (and withdraw) measurements of indicators measured in pounds, and only those. The money
  figures (unit costs, spend, income) come from the ledger finance keeps, so finance entering them keeps one source
  for each figure; service performance figures belong to the indicator's owner in the service, and targets are a
  commissioning decision, so finance sets neither.
- Needs evidence, consultations and evidence packs are internal working papers: every internal role reads them
  (and downloads documents); the public and providers never see them.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_director, is_finance, is_internal, is_officer, is_published

can_edit = is_officer | is_director


@rules.predicate
def is_current(user: object, obj: object) -> bool:
    return obj is None or not getattr(obj, "is_archived", False)


@rules.predicate
def is_archived(user: object, obj: object) -> bool:
    return obj is not None and bool(getattr(obj, "is_archived", False))


def _indicator(obj: Any) -> Any:
    """The indicator of a measurement, or the indicator itself."""
    return getattr(obj, "indicator", obj)


@rules.predicate
def is_money_indicator(user: object, obj: object) -> bool:
    indicator = _indicator(obj)
    return indicator is not None and getattr(indicator, "unit", None) == "gbp"


@rules.predicate
def indicator_is_current(user: object, obj: object) -> bool:
    indicator = _indicator(obj)
    return indicator is None or not getattr(indicator, "is_archived", False)


can_read = is_internal | is_published
for model in ("priority", "outcome", "indicator"):
    rules.add_perm(f"outcomes.view_{model}", can_read)
    rules.add_perm(f"outcomes.add_{model}", can_edit)
    rules.add_perm(f"outcomes.change_{model}", can_edit & is_current)
    rules.add_perm(f"outcomes.archive_{model}", can_edit & is_current)
    rules.add_perm(f"outcomes.restore_{model}", can_edit & is_archived)
    rules.add_perm(f"outcomes.view_{model}_history", is_internal)
rules.add_perm("outcomes.view_unpublished", is_internal)
# The list is open to everyone: it shows each user the outcomes they may see.
rules.add_perm("outcomes.list_outcomes", rules.always_allow)

# Targets and measurements are asked of the indicator (adding) or the measurement (withdrawing, history).
rules.add_perm("outcomes.set_target", can_edit & is_current)
can_enter = (can_edit | (is_finance & is_money_indicator)) & indicator_is_current
rules.add_perm("outcomes.add_measurement", can_enter & is_current)
rules.add_perm("outcomes.archive_measurement", can_enter & is_current)
rules.add_perm("outcomes.view_measurement_history", is_internal)

for model in ("needsevidence", "consultation"):
    rules.add_perm(f"outcomes.view_{model}", is_internal)
    rules.add_perm(f"outcomes.add_{model}", can_edit)
    rules.add_perm(f"outcomes.change_{model}", can_edit & is_current)
    rules.add_perm(f"outcomes.archive_{model}", can_edit & is_current)
    rules.add_perm(f"outcomes.restore_{model}", can_edit & is_archived)
    rules.add_perm(f"outcomes.view_{model}_history", is_internal)
rules.add_perm("outcomes.download_needsevidence", is_internal)

# Asked of a service: its evidence pack (page and PDF) is for the Programme Board, inside the council.
rules.add_perm("outcomes.view_evidence_pack", is_internal)
