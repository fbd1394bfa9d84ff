"""Who may see and act on complaints (agrees with selectors_complaints.visible_complaints)."""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import Role, has_role, is_councillor, is_internal, is_provider

is_reader = has_role(*(Role.INTERNAL - {Role.COUNCILLOR}))


@rules.predicate
def is_routed_to_own_organisation(user: Any, complaint: Any) -> bool:
    return (
        complaint is not None
        and complaint.route == "provider"
        and user.organisation_id is not None
        and complaint.provider_id == user.organisation_id
    )


@rules.predicate
def raised_it(user: Any, complaint: Any) -> bool:
    return complaint is not None and complaint.raised_by_id == user.pk


@rules.predicate
def handles_it(user: Any, complaint: Any) -> bool:
    from commissioning.residents.actions_complaints import may_handle

    return complaint is not None and complaint.is_open and may_handle(complaint, user)


@rules.predicate
def not_closed(user: Any, complaint: Any) -> bool:
    return complaint is not None and complaint.status != "closed"


@rules.predicate
def agreed_to_share(user: Any, complaint: Any) -> bool:
    return complaint is not None and bool(complaint.share_contact)


rules.add_perm("residents.view_complaint_queue", is_internal | is_provider)
rules.add_perm(
    "residents.view_complaint",
    is_reader | (is_councillor & raised_it) | (is_provider & is_routed_to_own_organisation),
)
rules.add_perm("residents.handle_complaint", handles_it)
rules.add_perm("residents.raise_complaint", is_councillor)
# The ward councillor who raised a complaint follows it: they add information for the resident until the final answer.
rules.add_perm("residents.add_complaint_information", is_councillor & raised_it & not_closed)
# The resident's name and contact details: the council, the councillor who raised it, and a provider only when the
# resident agreed.
rules.add_perm(
    "residents.view_complaint_contact",
    is_reader | (is_councillor & raised_it) | (is_provider & is_routed_to_own_organisation & agreed_to_share),
)
