"""Reads for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in."""

from __future__ import annotations

# --- Minimal versions written by the involvement helper (ginvolve) so the stage gates can be coded against these
# names. gdecisions owns this module: at merge keep gdecisions' versions of adopting_decision, decision_implementable
# and open_call_ins (same names and signatures) and drop these.
import datetime as dt
from typing import Any

from commissioning.governance.models import CallIn, CallInOutcome, Decision, DecisionStatus


def adopting_decision(review: Any) -> Decision | None:
    """The latest published version of a decision on the review that adopted one of its options, or None."""
    return (
        Decision.objects.active()
        .filter(review=review, status=DecisionStatus.PUBLISHED, adopted_option__isnull=False)
        .select_related("body", "officer", "adopted_option")
        .order_by("-published_on", "-decided_on", "-pk")
        .first()
    )


def open_call_ins(decision: Decision) -> list[CallIn]:
    """The call-ins of the decision still open (awaiting scrutiny, or referred and not yet reconsidered)."""
    return [
        call_in
        for call_in in CallIn.objects.active()
        .filter(decision=decision)
        .exclude(outcome=CallInOutcome.NO_FURTHER_ACTION)
        if call_in.is_open
    ]


def decision_implementable(decision: Decision, on: dt.date) -> bool:
    """Published, past its call-in deadline (or its implementable-from date), with no open call-in."""
    if decision.status != DecisionStatus.PUBLISHED or decision.published_on is None:
        return False
    if decision.implementable_from is not None and on < decision.implementable_from:
        return False
    if decision.call_in_deadline is not None and on <= decision.call_in_deadline:
        return False
    return not open_call_ins(decision)
