"""The sections the contract register adds to other apps' pages (the golden thread back; commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from commissioning.contracts import selectors
from commissioning.core.thread import ThreadSection


def contracts_of_service(user: Any, service: Any) -> ThreadSection | None:
    """The contracts, grants and in-house plans that deliver a service, as the user may see them (one query)."""
    return ThreadSection(
        template="contracts/_service_contracts.html",
        context={"contracts": selectors.contracts_of_service(user=user, service=service)},
    )


def performance_of_contract(user: Any, contract: Any) -> ThreadSection | None:
    """A contract's KPIs, overdue returns and assessment due date, flagged, for those who may see them (a provider
    contact only on their own organisation's contracts)."""
    import rules

    from commissioning.contracts import selectors_returns

    if not rules.has_perm("contracts.view_performance", user, contract):
        return None
    return ThreadSection(
        template="contracts/_performance.html",
        context={
            "contract": contract,
            "requirement": selectors_returns.kpi_requirement(contract=contract),
            "overdue": selectors_returns.overdue_return_count(contract=contract),
            "due": selectors_returns.assessment_due(contract=contract),
        },
    )


def contracts_of_service_for_residents(user: Any, service: Any) -> ThreadSection | None:
    """On a service's public "Who runs this service" page (core.thread.WHO_RUNS): the current contracts and grants
    that deliver it, as the user may see them (the public: the published register), with their supplier, since when
    and to when. One query; nothing when there is none. (Contracts records no performance summary yet: when it does,
    this section is where its latest one goes.)"""
    today = timezone.localdate()
    current = [
        contract
        for contract in selectors.contracts_of_service(user=user, service=service)
        if contract.end_date >= today
    ]
    if not current:
        return None
    return ThreadSection(
        template="contracts/_who_runs_contracts.html", context={"about": "delivery", "contracts": current}
    )
