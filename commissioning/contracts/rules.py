"""Who may see and change contracts and in-house plans (django-rules, autodiscovered).

Officers and finance add and edit; everyone inside the council reads; the public reads the published register of
external contracts and grants (the Transparency Code's fields); a provider contact reads the published register and
every contract of their own organisation.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_finance, is_internal, is_officer, is_own_organisation, is_provider


@rules.predicate
def is_on_public_register(user: Any, contract: Any) -> bool:
    return (
        contract is not None
        and bool(getattr(contract, "published", False))
        and not getattr(contract, "is_archived", False)
        and bool(getattr(contract, "is_external", False))
    )


@rules.predicate
def is_current(user: Any, contract: Any) -> bool:
    return contract is None or not getattr(contract, "is_archived", False)


@rules.predicate
def is_archived(user: Any, contract: Any) -> bool:
    return contract is not None and bool(getattr(contract, "is_archived", False))


can_edit_contracts = is_officer | is_finance

rules.add_perm("contracts.view_contract", is_internal | is_on_public_register | (is_provider & is_own_organisation))
# The register is open to everyone: it shows each user the contracts they may see.
rules.add_perm("contracts.list_contracts", rules.always_allow)
rules.add_perm("contracts.view_contract_internal", is_internal)  # decision, manager, notice: inside the council
rules.add_perm("contracts.view_contract_history", is_internal)
rules.add_perm("contracts.view_pipeline", is_internal)
rules.add_perm("contracts.add_contract", can_edit_contracts)
rules.add_perm("contracts.change_contract", can_edit_contracts & is_current)
rules.add_perm("contracts.archive_contract", can_edit_contracts & is_current)
rules.add_perm("contracts.restore_contract", can_edit_contracts & is_archived)

# Procurement, bids and grant awards
# Category management and decommissioning (issue 13): their own modules, loaded with these.
from commissioning.contracts import (  # noqa: E402, F401
    rules_categories,
    rules_decommissioning,
    rules_procurement,
)
