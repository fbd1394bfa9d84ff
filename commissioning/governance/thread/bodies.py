"""Golden-thread sections for bodies and meetings (commissioning.core.thread): a commissioning review's page shows
its Programme Board, with the board's members and next meeting."""

from __future__ import annotations

from typing import Any

from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.governance.selectors import bodies as selectors


def programme_board_of_review(user: Any, review: Any) -> ThreadSection | None:
    """ "Programme Board" on a review's page, when the review has one the user may see (one query either way)."""
    found = selectors.programme_board_for_review(user=user, review=review)
    if found is None:
        return None
    return ThreadSection(
        template="governance/bodies/_review_board.html",
        context={"board": found.board, "members": found.members, "next_meeting": found.next_meeting},
    )


def register() -> None:
    """Register this area's sections on other apps' pages."""
    thread.register("reviews.CommissioningReview", programme_board_of_review)
