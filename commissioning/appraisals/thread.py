"""The sections this app adds to other apps' record pages (the golden thread back; see commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from commissioning.appraisals import selectors
from commissioning.core.thread import ThreadSection


def appraisal_of_review(user: Any, review: Any) -> ThreadSection | None:
    """ "Options appraisal and business case" on a review's page, for those who may see appraisals (two queries)."""
    if not selectors.can_see_appraisals(user):
        return None
    appraisal = selectors.appraisal_of_review(user=user, review=review)
    return ThreadSection(
        template="appraisals/_review_thread.html",
        context={
            "review": review,
            "appraisal": appraisal,
            "business_case": selectors.latest_business_case(review=review) if appraisal is not None else None,
        },
    )
