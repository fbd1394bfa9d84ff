"""Who may do what with member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review.

The protocol is the council's: everyone inside the council reads it, democratic services officers and cabinet
members amend it. A review's plan and gates are read by everyone inside the council and run by those who run
reviews (officers, directors) and by democratic services. "My involvement" is a councillor's own page (cabinet,
scrutiny and ward councillors). Providers and the public see none of it.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import (
    is_cabinet,
    is_councillor,
    is_democratic,
    is_director,
    is_internal,
    is_officer,
    is_scrutiny,
)

can_amend_protocol = is_democratic | is_cabinet
can_run_involvement = is_officer | is_director | is_democratic
is_member = is_cabinet | is_scrutiny | is_councillor


@rules.predicate
def review_is_current(user: Any, review: Any) -> bool:
    return review is None or not getattr(review, "is_archived", False)


rules.add_perm("governance.view_protocolstep", is_internal)
rules.add_perm("governance.change_protocolstep", can_amend_protocol)
rules.add_perm("governance.view_involvemententry", is_internal)
rules.add_perm("governance.change_involvemententry", can_run_involvement & review_is_current)
rules.add_perm("governance.view_my_involvement", is_member)
rules.add_perm("governance.view_review_gates", is_internal)
rules.add_perm("governance.add_gatesignoff", can_run_involvement & review_is_current)
rules.add_perm("governance.advance_review_stage", can_run_involvement & review_is_current)
