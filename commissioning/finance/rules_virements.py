"""Who may do what with virements (django-rules; agrees with selectors_virements.py, ADR 0026).

Every internal role reads the virements (scrutiny members and councillors included: they are the council's own
money); residents and providers none. Finance officers request them. Those who may hold an approval band (a service
head or director of the lines' services, the section 151 officer, a cabinet member) may open the approve and refuse
pages of an open virement; the action then checks the band for the virement and refuses above it.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_cabinet, is_director, is_finance, is_internal, is_officer


@rules.predicate
def is_open_virement(user: Any, virement: Any) -> bool:
    return virement is not None and virement.is_open


may_hold_a_band = is_officer | is_director | is_finance | is_cabinet

rules.add_perm("finance.view_virement", is_internal)
rules.add_perm("finance.view_virement_history", is_internal)
rules.add_perm("finance.add_virement", is_finance)
rules.add_perm("finance.approve_virement", may_hold_a_band & is_open_virement)
rules.add_perm("finance.refuse_virement", may_hold_a_band & is_open_virement)
rules.add_perm("finance.view_budget_line_virements", is_internal)
