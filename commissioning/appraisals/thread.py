"""The sections this app adds to other apps' record pages (the golden thread back; see commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from commissioning.appraisals import calculations_equality as eia
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


def equality_of_review(user: Any, review: Any) -> ThreadSection | None:
    """ "Equality impact assessment" on a review's page: the review's own and its options' (two queries). The public
    sees a signed-off assessment of a published review, and nothing when there is none."""
    assessment = selectors.assessment_of_review(user=user, review=review)
    internal = selectors.can_see_appraisals(user)
    if assessment is None and not internal:
        return None
    return ThreadSection(
        template="appraisals/equality/_review_thread.html",
        context={
            "review": review,
            "assessment": assessment,
            "option_assessments": selectors.option_assessments_of_review(user=user, review=review) if internal else [],
            "labels": eia.LABELS,
        },
    )
