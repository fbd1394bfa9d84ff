"""Who may see and change decommissioning records (django-rules; loaded by contracts/rules.py; agrees with
selectors_decommissioning.visible_decommissionings).

Everyone inside the council reads every record and every field; commissioning officers and directors record them.
Everyone else (the public, providers, partners) sees the register of decommissioned services: a record once its
decision is published, and only its public fields (models.decommissioning.PUBLIC_FIELDS).
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_director, is_internal, is_officer


@rules.predicate
def is_on_decommissioning_register(user: Any, record: Any) -> bool:
    if record is None or getattr(record, "is_archived", False) or not getattr(record, "is_decided", False):
        return False
    decision = getattr(record, "decision", None)
    return decision is not None and getattr(decision, "status", "") == "published"


can_record = is_officer | is_director

rules.add_perm("contracts.list_decommissionings", rules.always_allow)
rules.add_perm("contracts.view_decommissioning", is_internal | is_on_decommissioning_register)
rules.add_perm("contracts.view_decommissioning_internal", is_internal)
rules.add_perm("contracts.view_decommissioning_history", is_internal)
rules.add_perm("contracts.add_decommissioning", can_record)
rules.add_perm("contracts.change_decommissioning", can_record)
