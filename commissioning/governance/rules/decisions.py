"""Who may do what with decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and
call-in (django-rules).

Democratic services officers record, publish and correct decisions and keep the forward plan and call-in outcomes.
Every internal role reads every decision; the public and providers read published decisions that are not exempt
(agrees with selectors/decisions.py). Only scrutiny members call in (the action checks that they sit on a scrutiny
committee, and says so when they do not).
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_cabinet, is_democratic, is_internal, is_scrutiny
from commissioning.governance.models import DecisionStatus


@rules.predicate
def is_public_decision(user: Any, decision: Any) -> bool:
    return (
        decision is not None
        and decision.status in {DecisionStatus.PUBLISHED, DecisionStatus.SUPERSEDED}
        and not decision.exempt_paragraph
        and not decision.is_archived
    )


@rules.predicate
def is_draft(user: Any, decision: Any) -> bool:
    return decision is None or decision.status == DecisionStatus.DRAFT


@rules.predicate
def is_current_published(user: Any, decision: Any) -> bool:
    return decision is not None and decision.status == DecisionStatus.PUBLISHED


@rules.predicate
def may_be_called_in(user: Any, decision: Any) -> bool:
    return decision is None or (decision.status == DecisionStatus.PUBLISHED and decision.call_in_deadline is not None)


@rules.predicate
def is_public_plan_entry(user: Any, entry: Any) -> bool:
    return entry is not None and entry.first_published_on is not None and not entry.exempt_paragraph


rules.add_perm("governance.list_decisions", rules.always_allow)
rules.add_perm("governance.view_decision", is_internal | is_public_decision)
rules.add_perm("governance.view_unpublished_decisions", is_internal)
rules.add_perm("governance.add_decision", is_democratic)
# A published decision's edit page says why it cannot be changed (the action refuses any change to it).
rules.add_perm("governance.change_decision", is_democratic)
rules.add_perm("governance.publish_decision", is_democratic & is_draft)
rules.add_perm("governance.correct_decision", is_democratic & is_current_published)
rules.add_perm("governance.view_decision_history", is_internal)
rules.add_perm("governance.call_in_decision", is_scrutiny & may_be_called_in)
rules.add_perm("governance.record_call_in_outcome", is_democratic)
rules.add_perm("governance.reconsider_decision", is_democratic)

rules.add_perm("governance.view_forward_plan", rules.always_allow)
rules.add_perm("governance.view_forwardplanentry", is_internal | is_public_plan_entry)
rules.add_perm("governance.add_forwardplanentry", is_democratic)
# A taken or withdrawn entry's edit page says why it cannot be changed (the action refuses any change to it).
rules.add_perm("governance.change_forwardplanentry", is_democratic)
rules.add_perm("governance.view_forwardplanentry_history", is_internal)


@rules.predicate
def is_adoptable_scenario(user: Any, scenario: Any) -> bool:
    """A solved scenario the optimiser found a plan for, not adopted or superseded (ADR 0023)."""
    return scenario is None or (scenario.status == "solved" and scenario.objective is not None)


# Only the executive adopts the council's programme of reviews (a recorded decision of Cabinet or a cabinet member).
rules.add_perm("governance.adopt_programmescenario", is_cabinet & is_adoptable_scenario)
