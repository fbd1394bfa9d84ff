"""Governance's hooks for other apps' actions (commissioning.core.hooks), registered in GovernanceConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from commissioning.governance.models import BodyKind, Decision, DecisionStatus

DECISION_NOT_FOUND = "There is no published decision {reference}: enter the reference of the published decision"
DECISION_WRONG_BODY = "{reference} was not taken by {bodies}: a virement in this band needs {bodies}'s decision"

# Whose decision approves a virement in each body's band: a higher body's decision does too.
VIREMENT_DECIDERS = {
    "cabinet": (frozenset({BodyKind.CABINET, BodyKind.PORTFOLIO_HOLDER, BodyKind.COUNCIL}), "Cabinet"),
    "council": (frozenset({BodyKind.COUNCIL}), "Council"),
}


def decision_for_virement(*, virement: Any, reference: str, approver: str, by: Any) -> None:
    """core.hooks.VIREMENT_DECISION: link the virement to the published decision ``reference`` when the body that
    took it holds the power for the band, else refuse naming what is wrong."""
    decision = (
        Decision.objects.filter(reference=reference.strip().upper(), status=DecisionStatus.PUBLISHED)
        .select_related("body")
        .order_by("-version")
        .first()
    )
    if decision is None:
        raise ValidationError({"decision_reference": DECISION_NOT_FOUND.format(reference=reference.strip())})
    kinds, bodies = VIREMENT_DECIDERS[approver]
    if decision.body is None or decision.body.kind not in kinds:
        raise ValidationError(
            {"decision_reference": DECISION_WRONG_BODY.format(reference=decision.reference, bodies=bodies)}
        )
    virement.decision = decision
    virement.decision_reference = decision.reference
