"""Who may see and change risks (django-rules, autodiscovered; ADR 0033).

The council's staff (officers, directors, finance, cabinet members, administrators, democratic services and the
monitoring officer) see every risk; scrutiny members and ward councillors see published ones; providers, partners and
the public see none. A risk's owner, any director and an administrator change it (its scores, controls, actions,
reviews and escalation of a review or contract risk).
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import Role, has_role, is_admin, is_democratic, is_director, is_published

# Democratic services and the monitoring officer through core's is_democratic, which holds both.
is_council_staff = has_role(Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.CABINET, Role.ADMIN) | is_democratic
is_member_reader = has_role(Role.SCRUTINY, Role.COUNCILLOR)
# Who may add a risk (and be named its owner): the council's officers.
can_add_risks = has_role(Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.ADMIN)


@rules.predicate
def is_risk_owner(user: Any, risk: Any) -> bool:
    return risk is not None and user is not None and getattr(risk, "owner_id", None) == getattr(user, "pk", -1)


@rules.predicate
def is_current(user: Any, risk: Any) -> bool:
    return risk is not None and not getattr(risk, "is_archived", False)


@rules.predicate
def is_escalatable(user: Any, risk: Any) -> bool:
    """A review or contract risk: the registers a risk is escalated from (actions.ESCALATES_FROM)."""
    return risk is not None and getattr(risk, "level", None) in ("review", "contract")


can_see_risk = is_council_staff | (is_member_reader & is_published)
can_change_risk = (can_add_risks & is_risk_owner) | is_director | is_admin

rules.add_perm("risks.list_risks", is_council_staff | is_member_reader)
rules.add_perm("risks.view_risk", can_see_risk)
rules.add_perm("risks.view_unpublished_risks", is_council_staff)
rules.add_perm("risks.view_risk_history", is_council_staff)
rules.add_perm("risks.add_risk", can_add_risks)
rules.add_perm("risks.change_risk", can_change_risk & is_current)
rules.add_perm("risks.escalate_risk", can_change_risk & is_current & is_escalatable)
