"""The sections finance adds to other apps' pages (the golden thread back; see commissioning.core.thread)."""

from __future__ import annotations

from typing import Any

from commissioning.core.thread import ThreadSection
from commissioning.finance import selectors_savings as selectors


def finance_of_service(user: Any, service: Any) -> ThreadSection | None:
    """A service's budget lines and savings lines, for those inside the council (two queries)."""
    if not selectors.can_see(user):
        return None
    return ThreadSection(
        template="finance/_service_finance.html",
        context={
            "budgets": selectors.budget_lines_of_service(user=user, service=service),
            "savings": selectors.savings_lines_of_service(user=user, service=service),
        },
    )
