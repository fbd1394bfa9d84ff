"""Who may see and change options appraisals and business cases (django-rules, autodiscovered).

Appraisals and business cases are the council's internal working papers until a decision is taken: every internal
role reads them (the cabinet member reads the business case a board receives), commissioning officers and strategic
directors change them, and the public and providers see none of them. A provider may be bidding for the very
service, and an option's costs before procurement are commercially sensitive (exempt information under Schedule
12A of the Local Government Act 1972, paragraph 3). What the public sees is the decision report, which the
governance app publishes.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_director, is_internal, is_officer

can_edit_appraisals = is_officer | is_director


@rules.predicate
def is_current(user: Any, record: Any) -> bool:
    return record is None or not getattr(record, "is_archived", False)


@rules.predicate
def is_removed(user: Any, record: Any) -> bool:
    return record is not None and bool(getattr(record, "is_archived", False))


@rules.predicate
def is_not_bau(user: Any, option: Any) -> bool:
    return option is None or not getattr(option, "is_bau", False)


@rules.predicate
def is_draft(user: Any, case: Any) -> bool:
    return case is None or not case.is_submitted


@rules.predicate
def is_latest_submitted(user: Any, case: Any) -> bool:
    # A reverse one-to-one that is missing raises an AttributeError subclass, so getattr's default applies.
    return case is not None and case.is_submitted and getattr(case, "superseded_by", None) is None


rules.add_perm("appraisals.view_appraisal", is_internal)
rules.add_perm("appraisals.add_appraisal", can_edit_appraisals & is_current)  # the object is the review
rules.add_perm("appraisals.change_appraisal", can_edit_appraisals)
rules.add_perm("appraisals.run_simulation", can_edit_appraisals)
rules.add_perm("appraisals.view_appraisal_history", is_internal)

rules.add_perm("appraisals.view_option", is_internal)
rules.add_perm("appraisals.add_option", can_edit_appraisals)
rules.add_perm("appraisals.change_option", can_edit_appraisals & is_current)
rules.add_perm("appraisals.archive_option", can_edit_appraisals & is_current & is_not_bau)
rules.add_perm("appraisals.restore_option", can_edit_appraisals & is_removed)
rules.add_perm("appraisals.view_option_history", is_internal)

rules.add_perm("appraisals.view_businesscase", is_internal)
rules.add_perm("appraisals.add_businesscase", can_edit_appraisals)
rules.add_perm("appraisals.change_businesscase", can_edit_appraisals & is_draft)
rules.add_perm("appraisals.submit_businesscase", can_edit_appraisals & is_draft)
rules.add_perm("appraisals.add_businesscase_version", can_edit_appraisals & is_latest_submitted)
rules.add_perm("appraisals.view_businesscase_history", is_internal)

from commissioning.appraisals import rules_equality  # noqa: E402, F401  (equality impact assessments, ADR 0036)
