"""Who may see and act on ward intelligence (django-rules, autodiscovered).

- A ward councillor sees only their own submissions, and may edit or withdraw one until the service acknowledges it.
- The service's accountable officer, and the strategic director of the service's directorate, acknowledge,
  respond and close. Other officers and directors read it all but do not answer for a service they are not
  accountable for: the councillor's answer must come from someone who can commit the service (ADR 0013).
- Scrutiny, cabinet and finance read it all; nobody else. Providers and residents never see it (404), and the
  administrator, who looks after users and reference data, is not given residents' concerns to read.

selectors.visible_intelligence agrees with intelligence.view_wardintelligence (a test checks that).
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import (
    is_cabinet,
    is_councillor,
    is_director,
    is_finance,
    is_internal,
    is_officer,
    is_scrutiny,
)
from commissioning.intelligence.models import OPEN_STATUSES, IntelligenceStatus

# Internal roles that read every piece of ward intelligence (the councillor reads their own only).
is_reader = is_officer | is_director | is_finance | is_cabinet | is_scrutiny


@rules.predicate
def is_own_submission(user: Any, intelligence: Any) -> bool:
    return intelligence is not None and intelligence.submitted_by_id == user.pk


@rules.predicate
def answers_for_the_service(user: Any, intelligence: Any) -> bool:
    """The service's accountable officer, or the director of the directorate the service sits in."""
    if intelligence is None:
        return False
    service = intelligence.service
    role = getattr(user, "role", None)
    if role == "officer":
        return bool(service.accountable_officer_id == user.pk)
    if role == "director":
        return bool(service.directorate.director_id == user.pk)
    return False


@rules.predicate
def awaiting_acknowledgement(user: Any, intelligence: Any) -> bool:
    return (
        intelligence is not None
        and intelligence.status == IntelligenceStatus.SUBMITTED
        and not intelligence.is_archived
    )


@rules.predicate
def awaiting_response(user: Any, intelligence: Any) -> bool:
    return intelligence is not None and intelligence.status in OPEN_STATUSES and not intelligence.is_archived


@rules.predicate
def responded(user: Any, intelligence: Any) -> bool:
    return (
        intelligence is not None
        and intelligence.status == IntelligenceStatus.RESPONDED
        and not intelligence.is_archived
    )


can_answer = (is_officer | is_director) & answers_for_the_service

# Anyone inside the council knows the feature exists (a 403 says "not for you"); providers and residents do not (404).
rules.add_perm("intelligence.know_wardintelligence", is_internal)
rules.add_perm("intelligence.view_inbox", is_reader)
rules.add_perm("intelligence.view_own_wardintelligence", is_councillor)
rules.add_perm("intelligence.export_wardintelligence", is_reader | is_councillor)
rules.add_perm("intelligence.add_wardintelligence", is_councillor)
rules.add_perm("intelligence.view_wardintelligence", is_reader | (is_councillor & is_own_submission))
rules.add_perm("intelligence.view_wardintelligence_history", is_reader | (is_councillor & is_own_submission))
rules.add_perm("intelligence.change_wardintelligence", is_councillor & is_own_submission & awaiting_acknowledgement)
rules.add_perm("intelligence.withdraw_wardintelligence", is_councillor & is_own_submission & awaiting_acknowledgement)
rules.add_perm("intelligence.acknowledge_wardintelligence", can_answer & awaiting_acknowledgement)
rules.add_perm("intelligence.respond_wardintelligence", can_answer & awaiting_response)
rules.add_perm("intelligence.close_wardintelligence", can_answer & responded)
