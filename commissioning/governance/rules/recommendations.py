"""Who may do what with scrutiny's recommendations, the responses and their follow-up (issue 10, ADR 0035).

- Scrutiny members make recommendations (democratic services record them too) and follow up their implementation
  until the committee signs them off; they cannot respond.
- Only the executive responds to a recommendation made to it: a cabinet member. Directors do not: a response on the
  executive's behalf is still the executive's (s.9FE asks the executive), so an officer drafts it and a cabinet member
  records it, as only the executive adopts the programme of reviews (rules/decisions.py). A partner organisation has
  no account to respond with, so democratic services record a partner's response to a recommendation made to it.
- Everyone inside the council reads every recommendation; the public (and providers and partners, who see what the
  public sees) read a published one and its response.
- Administrators manage users, not these records (as for bodies and decisions).
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_cabinet, is_democratic, is_internal, is_scrutiny


@rules.predicate
def is_public_recommendation(user: Any, record: Any) -> bool:
    return record is not None and record.published_on is not None and not record.is_archived


@rules.predicate
def is_unpublished(user: Any, record: Any) -> bool:
    return record is None or (record.published_on is None and not record.is_archived)


@rules.predicate
def awaits_response(user: Any, record: Any) -> bool:
    return record is None or (not record.response and not record.is_archived)


@rules.predicate
def is_to_executive(user: Any, record: Any) -> bool:
    return record is None or record.to == "executive"


@rules.predicate
def is_to_partner(user: Any, record: Any) -> bool:
    return record is None or record.to == "partner"


@rules.predicate
def is_being_implemented(user: Any, record: Any) -> bool:
    """Accepted or partly accepted, and not yet signed off by the committee."""
    return record is None or (
        record.response in {"accepted", "partly_accepted"} and not record.implementation and not record.is_archived
    )


rules.add_perm("governance.list_recommendations", rules.always_allow)
rules.add_perm("governance.view_recommendation", is_internal | is_public_recommendation)
rules.add_perm("governance.view_unpublished_recommendations", is_internal)
rules.add_perm("governance.view_recommendation_history", is_internal)
rules.add_perm("governance.add_recommendation", is_scrutiny | is_democratic)
rules.add_perm("governance.publish_recommendation", (is_scrutiny | is_democratic) & is_unpublished)
rules.add_perm(
    "governance.respond_recommendation",
    ((is_cabinet & is_to_executive) | (is_democratic & is_to_partner)) & awaits_response,
)
rules.add_perm("governance.follow_up_recommendation", is_scrutiny & is_being_implemented)
