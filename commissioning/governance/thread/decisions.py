"""Golden-thread sections for decisions (commissioning.core.thread): the decisions taken on a review, on its page,
and on the page of each service it covers (one query each, only the decisions the user may see)."""

from __future__ import annotations

from typing import Any

from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.governance.selectors import decisions as selectors


def decisions_of_review(user: Any, review: Any) -> ThreadSection | None:
    decisions = list(selectors.decisions_of_review(user=user, review_id=review.pk))
    if not decisions:
        return None
    return ThreadSection(template="governance/decisions/_thread_decisions.html", context={"decisions": decisions})


def decisions_of_service(user: Any, service: Any) -> ThreadSection | None:
    decisions = list(selectors.decisions_of_service(user=user, service_id=service.pk))
    if not decisions:
        return None
    return ThreadSection(template="governance/decisions/_thread_decisions.html", context={"decisions": decisions})


def register() -> None:
    """Register this area's sections on other apps' pages."""
    thread.register("reviews.CommissioningReview", decisions_of_review)
    thread.register("services.Service", decisions_of_service)
