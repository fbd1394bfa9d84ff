"""Who may see and change procurements, bids and grant awards (django-rules; imported by rules.py).

Officers and finance run a procurement; everyone inside the council reads it and its evaluation. The public sees a
published procurement and its OCDS data, never a score. A provider contact sees a procurement their organisation bid
in (or a published one) and, once it is awarded, their own bid's scores: never another bidder's.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_finance, is_internal, is_officer, is_provider


@rules.predicate
def is_published_procurement(user: Any, procurement: Any) -> bool:
    return (
        procurement is not None
        and bool(getattr(procurement, "published", False))
        and not getattr(procurement, "is_archived", False)
    )


@rules.predicate
def is_bidding_organisation(user: Any, procurement: Any) -> bool:
    org = getattr(user, "organisation_id", None)
    return procurement is not None and org is not None and procurement.bids.filter(bidder_id=org).exists()


@rules.predicate
def is_open_procurement(user: Any, procurement: Any) -> bool:
    """Not archived and not yet awarded: its lots, criteria, bids and scores may still change."""
    return procurement is None or not (procurement.is_archived or procurement.is_awarded)


@rules.predicate
def is_current_procurement(user: Any, procurement: Any) -> bool:
    return procurement is None or not procurement.is_archived


@rules.predicate
def is_own_bid_after_award(user: Any, bid: Any) -> bool:
    org = getattr(user, "organisation_id", None)
    return bid is not None and org is not None and bid.bidder_id == org and bid.procurement.is_awarded


@rules.predicate
def is_open_bid(user: Any, bid: Any) -> bool:
    return bid is None or not (bid.procurement.is_archived or bid.procurement.is_awarded)


@rules.predicate
def is_published_grant(user: Any, grant: Any) -> bool:
    return grant is not None and bool(grant.contract.published) and not grant.is_archived


@rules.predicate
def is_own_grant(user: Any, grant: Any) -> bool:
    org = getattr(user, "organisation_id", None)
    return grant is not None and org is not None and grant.recipient_id == org


can_run = is_officer | is_finance

rules.add_perm("contracts.list_procurements", is_internal)
rules.add_perm(
    "contracts.view_procurement", is_internal | is_published_procurement | (is_provider & is_bidding_organisation)
)
rules.add_perm("contracts.view_evaluation", is_internal)  # every bid's scores and the ranking
rules.add_perm("contracts.view_procurement_history", is_internal)
rules.add_perm("contracts.add_procurement", can_run)
rules.add_perm("contracts.change_procurement", can_run & is_current_procurement)
rules.add_perm("contracts.evaluate_procurement", can_run & is_open_procurement)  # lots, criteria, bids, the award
rules.add_perm("contracts.view_bid", is_internal | (is_provider & is_own_bid_after_award))
rules.add_perm("contracts.score_bid", can_run & is_open_bid)
rules.add_perm("contracts.add_grant", can_run)
rules.add_perm("contracts.view_grant", is_internal | is_published_grant | (is_provider & is_own_grant))
