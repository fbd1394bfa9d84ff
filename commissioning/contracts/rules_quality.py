"""Who may see and record quality triangulation (django-rules; loaded by rules.py).

Everyone inside the council reads every provider's quality; a provider contact their own organisation's only (and
their own contracts'); the public none. Officers record inspection ratings, safeguarding concerns and financial health
notes."""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_internal, is_officer, is_provider


@rules.predicate
def is_own_provider(user: Any, organisation: Any) -> bool:
    return organisation is not None and bool(user.organisation_id) and user.organisation_id == organisation.pk


rules.add_perm("contracts.view_quality", is_internal | (is_provider & is_own_provider))
rules.add_perm("contracts.compare_quality", is_internal)
rules.add_perm("contracts.record_quality", is_officer)
