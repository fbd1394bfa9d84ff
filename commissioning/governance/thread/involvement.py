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


def register() -> None:
    """Register this area's sections on other apps' pages (a review's and a service's decisions come from the
    decisions area)."""
    thread.register("reviews.CommissioningReview", review_involvement)
    thread.register(REVIEW_STAGE_KEY, review_stage_link)
