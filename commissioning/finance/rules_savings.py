"""Who may do what with budgets and monitoring, the MTFS and savings lines (django-rules; finance-savings).

Finance officers own budgets, monitoring and the MTFS, and may update any savings line. A director updates their own
directorate's savings (slippage, confidence, evidence, undeliverable); an officer updates the lines they own. Everyone
inside the council reads all of it (cabinet and scrutiny included); providers and the public see none of it.
Agrees with selectors_savings.can_see.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_director, is_finance, is_internal


@rules.predicate
def directs_the_directorate(user: Any, line: Any) -> bool:
    return line is not None and line.directorate.director_id == user.pk


@rules.predicate
def owns_the_line(user: Any, line: Any) -> bool:
    return line is not None and line.owner_id == user.pk


@rules.predicate
def is_being_delivered(user: Any, line: Any) -> bool:
    return line is None or (not line.is_undeliverable and not line.is_archived)


rules.add_perm("finance.view_budgets", is_internal)
rules.add_perm("finance.view_budgetline", is_internal)
rules.add_perm("finance.add_budgetline", is_finance)
rules.add_perm("finance.change_budgetline", is_finance)
rules.add_perm("finance.add_budgetmonitoring", is_finance)
rules.add_perm("finance.view_budgetline_history", is_internal)
rules.add_perm("finance.view_mtfs", is_internal)
rules.add_perm("finance.add_mtfsyear", is_finance)
rules.add_perm("finance.change_mtfsyear", is_finance)
rules.add_perm("finance.view_savings", is_internal)
rules.add_perm("finance.view_savingsline", is_internal)
rules.add_perm("finance.add_savingsline", is_finance | is_director)
rules.add_perm(
    "finance.update_savingsline",
    is_internal & is_being_delivered & (is_finance | (is_director & directs_the_directorate) | owns_the_line),
)
rules.add_perm("finance.view_savingsline_history", is_internal)
# A line's title, accountable owner, directorate and service (finfinish): finance for every line, a director for their
# own directorate's lines; not an officer who owns one (they update its figures, not who answers for it).
rules.add_perm(
    "finance.edit_savingsline",
    is_internal & is_being_delivered & (is_finance | (is_director & directs_the_directorate)),
)
