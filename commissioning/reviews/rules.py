"""Who may see and change commissioning reviews (django-rules, autodiscovered).

Internal roles see every review. The public, and providers, see published reviews that are not archived: a review
is the council's own work, so (unlike a service) no provider has an "own organisation" view of an unpublished one.
"""

from __future__ import annotations

import rules

from commissioning.core.permissions import is_director, is_internal, is_officer, is_published

can_edit_reviews = is_officer | is_director


@rules.predicate
def is_current(user: object, review: object) -> bool:
    return review is None or not getattr(review, "is_archived", False)


@rules.predicate
def is_archived(user: object, review: object) -> bool:
    return review is not None and bool(getattr(review, "is_archived", False))


rules.add_perm("reviews.view_commissioningreview", is_internal | is_published)
rules.add_perm("reviews.add_commissioningreview", can_edit_reviews)
rules.add_perm("reviews.change_commissioningreview", can_edit_reviews & is_current)
# Start, hold, resume, complete, cancel (ADR 0021): the actions refuse a move the review's status does not allow.
rules.add_perm("reviews.change_commissioningreview_status", can_edit_reviews & is_current)
rules.add_perm("reviews.archive_commissioningreview", can_edit_reviews & is_current)
rules.add_perm("reviews.restore_commissioningreview", can_edit_reviews & is_archived)
rules.add_perm("reviews.view_commissioningreview_history", is_internal)
rules.add_perm("reviews.view_unpublished_commissioningreviews", is_internal)
# The list is open to everyone: it shows each user the reviews they may see.
rules.add_perm("reviews.list_commissioningreviews", rules.always_allow)

# The plan (issue 11). Everyone sees the ranking and rationale of the current (published) version of the model;
# earlier versions, the officers who run reviews and what they cost are the council's own.
rules.add_perm("reviews.view_prioritymodel", rules.always_allow)
rules.add_perm("reviews.view_earlier_prioritymodels", is_internal)
rules.add_perm("reviews.change_prioritymodel", can_edit_reviews)
rules.add_perm("reviews.add_priorityjudgement", can_edit_reviews)
rules.add_perm("reviews.change_serviceskill", can_edit_reviews)
rules.add_perm("reviews.view_commissioningofficer", is_internal)
rules.add_perm("reviews.add_commissioningofficer", can_edit_reviews)
rules.add_perm("reviews.change_commissioningofficer", can_edit_reviews & is_current)
rules.add_perm("reviews.archive_commissioningofficer", can_edit_reviews & is_current)
rules.add_perm("reviews.view_commissioningofficer_history", is_internal)

# Programme scenarios (ADR 0023): internal until one is adopted; the public sees the adopted programme. Only officers
# and directors add, change and solve scenarios; an adopted or superseded one stands for a decision and is final.
# Adopting is governance's ("governance.adopt_programmescenario": the executive).


@rules.predicate
def is_open_scenario(user: object, scenario: object) -> bool:
    return scenario is None or not getattr(scenario, "is_final", False)


rules.add_perm("reviews.view_adopted_programme", rules.always_allow)
rules.add_perm("reviews.view_programmescenario", is_internal)
rules.add_perm("reviews.add_programmescenario", can_edit_reviews)
rules.add_perm("reviews.change_programmescenario", can_edit_reviews & is_open_scenario)
rules.add_perm("reviews.view_programmescenario_history", is_internal)
