"""Who may see and change equality impact assessments (ADR 0036; imported by rules.py, so autodiscovered with it).

Officers and directors edit the assessments of reviews they may edit: the reviews app's own rule
("reviews.change_commissioningreview") decides, for an option's assessment through the option's review. A
decommissioning's assessment (no review) is edited by officers and directors. Only a director signs one off, and a
signed-off assessment is final. Every internal role reads them; the public, providers and partners see a signed-off
assessment of a published review (not an option's: options are the council's working papers), never a draft.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.appraisals.models import Option
from commissioning.core.permissions import is_director, is_internal, is_officer

can_edit_assessments = is_officer | is_director


def _review_editable(user: Any, review: Any) -> bool:
    return bool(rules.has_perm("reviews.change_commissioningreview", user, review))


@rules.predicate
def may_assess(user: Any, subject: Any) -> bool:
    """An assessment may be started for this review or option (a current option of a review the user may edit)."""
    if subject is None:
        return True
    if isinstance(subject, Option):
        if subject.is_archived:
            return False
        return _review_editable(user, subject.appraisal.review)
    return _review_editable(user, subject)


@rules.predicate
def may_edit_subject(user: Any, assessment: Any) -> bool:
    if assessment is None:
        return True
    if assessment.is_archived:
        return False
    if assessment.review_id is not None:
        return _review_editable(user, assessment.review)
    return bool(can_edit_assessments.test(user))


@rules.predicate
def is_draft_assessment(user: Any, assessment: Any) -> bool:
    return assessment is None or not assessment.is_signed_off


@rules.predicate
def is_public_assessment(user: Any, assessment: Any) -> bool:
    if assessment is None or not assessment.is_signed_off or assessment.is_archived:
        return False
    review = assessment.review
    return assessment.option_id is None and review is not None and review.published and not review.is_archived


rules.add_perm("appraisals.view_equalityimpactassessment", is_internal | is_public_assessment)
rules.add_perm("appraisals.add_equalityimpactassessment", can_edit_assessments & may_assess)
rules.add_perm(
    "appraisals.change_equalityimpactassessment", can_edit_assessments & may_edit_subject & is_draft_assessment
)
rules.add_perm("appraisals.signoff_equalityimpactassessment", is_director & may_edit_subject & is_draft_assessment)
rules.add_perm("appraisals.view_equalityimpactassessment_history", is_internal)
