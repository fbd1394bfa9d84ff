"""Who may do what with pooled budgets (django-rules; agrees with selectors_pools.py, ADR 0027).

Internal users read every pool; a partner organisation's users read the pools their organisation is in (no
history: that names council staff); finance officers add pools and set each year's contributions.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_finance, is_internal, is_partner


@rules.predicate
def is_pool_partner(user: Any, pool: Any) -> bool:
    if pool is None or user.organisation_id is None:
        return False
    return any(
        partner.organisation_id == user.organisation_id and partner.archived_at is None
        for partner in pool.partners.all()
    )


rules.add_perm("finance.view_pools", is_internal | is_partner)
rules.add_perm("finance.view_pool", is_internal | (is_partner & is_pool_partner))
rules.add_perm("finance.view_pool_history", is_internal)
rules.add_perm("finance.add_pool", is_finance)
rules.add_perm("finance.change_pool", is_finance)


# A pool's partners and payments (finfinish): read with the pool, changed by finance officers
@rules.predicate
def is_partner_in_its_pool(user: Any, partner: Any) -> bool:
    return partner is not None and is_pool_partner(user, partner.pool)


rules.add_perm("finance.view_pool_partner", is_internal | (is_partner & is_partner_in_its_pool))
rules.add_perm("finance.change_pool_partner", is_finance)
