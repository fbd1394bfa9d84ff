"""Golden-thread sections for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review (commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.governance.selectors import involvement as selectors

# The place on a review's edit form where the stage is shown read-only: the stage follows from the gate records.
REVIEW_STAGE_KEY = "stage:reviews.CommissioningReview"


def review_involvement(user: Any, review: Any) -> ThreadSection | None:
    """ "Member involvement" on a review's page: who is involved at its current stage, with links to the whole plan
    and to the stage gate (one query). Inside the council only."""
    if not user.has_perm("governance.view_involvemententry", review):
        return None
    return ThreadSection(
        template="governance/involvement/_review_section.html",
        context={"review": review, "entries": selectors.involvement_summary(review), "who": selectors.who},
    )


def review_stage_link(user: Any, review: Any) -> ThreadSection | None:
    if not user.has_perm("governance.view_review_gates", review):
        return None
    return ThreadSection(template="governance/involvement/_review_stage.html", context={"review": review})


def decision_involvement(user: Any, decision: Any) -> ThreadSection | None:
    """ "Involvement record" on a decision's page: for a decision on a review, who was to be involved before it was
    taken (the plan's Analyse and Plan stages) and the Programme Board's sign-off of the evidence (two queries).
    Inside the council only, as the review's own section is."""
    review = decision.review
    if review is None or not user.has_perm("governance.view_involvemententry", review):
        return None
    entries = [e for e in selectors.plan_entries(review) if e.stage in ("analyse", "plan")]
    return ThreadSection(
        template="governance/involvement/_decision_section.html",
        context={
            "review": review,
            "entries": entries,
            "sign_off": selectors.current_sign_off(review),
            "who": selectors.who,
        },
    )


def register() -> None:
    """Register this area's sections on other apps' pages (a review's and a service's decisions come from the
    decisions area)."""
    thread.register("reviews.CommissioningReview", review_involvement)
    thread.register(REVIEW_STAGE_KEY, review_stage_link)
    thread.register("governance.Decision", decision_involvement)
