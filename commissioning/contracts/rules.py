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
    rules_quality,
)

# KPIs, provider returns and performance assessments (rules_returns: every kind of contract alike) ------------------


def _contract_of(obj: Any) -> Any:
    """The contract a KPI, return, query, assessment or rating belongs to (or the contract itself)."""
    for path in ("contract", "performance_return", "assessment"):
        inner = getattr(obj, path, None)
        if inner is not None:
            return _contract_of(inner)
    return obj


@rules.predicate
def is_own_contract(user: Any, obj: Any) -> bool:
    """The record belongs to a contract of the provider contact's own organisation."""
    return obj is not None and is_own_organisation(user, _contract_of(obj))


@rules.predicate
def is_in_house(user: Any, obj: Any) -> bool:
    return obj is not None and getattr(_contract_of(obj), "kind", None) == "in_house"


@rules.predicate
def is_contract_current(user: Any, obj: Any) -> bool:
    return obj is None or not getattr(_contract_of(obj), "is_archived", False)


# A provider contact submits their own organisation's returns; an in-house plan's are submitted by an officer (its
# service manager).
can_submit_returns = ((is_provider & is_own_contract) | (is_officer & is_in_house)) & is_contract_current
rules.add_perm("contracts.view_performance", is_internal | (is_provider & is_own_contract))
rules.add_perm("contracts.list_returns", is_internal | is_provider)
rules.add_perm("contracts.manage_kpis", can_edit_contracts & is_contract_current)
rules.add_perm("contracts.submit_return", can_submit_returns)
rules.add_perm("contracts.review_return", can_edit_contracts & is_contract_current)
rules.add_perm("contracts.manage_assessments", can_edit_contracts & is_contract_current)
