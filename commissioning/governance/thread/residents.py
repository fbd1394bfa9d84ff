"""Golden-thread sections on the residents app's public pages (issue 14; commissioning.core.thread WHO_RUNS and
PLACE): the cabinet member who answers for a service, and a ward's community committees and decisions."""

from __future__ import annotations

from typing import Any

from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.governance.selectors import residents as selectors


def portfolio_holder_of_service(user: Any, service: Any) -> ThreadSection | None:
    found = selectors.portfolio_holder_of_service(user=user, service=service)
    if found is None:
        return None
    return ThreadSection(
        template="governance/residents/_who_runs_portfolio.html",
        context={"about": "answers", "body": found.body, "councillors": found.councillors},
    )


def governance_of_ward(user: Any, ward: Any) -> ThreadSection | None:
    found = selectors.ward_governance(user=user, ward=ward)
    return ThreadSection(
        template="governance/residents/_place_governance.html",
        context={"slot": "decisions", "committees": found.committees, "decisions": found.decisions},
    )


def register() -> None:
    thread.register(thread.WHO_RUNS_KEY, portfolio_holder_of_service)
    thread.register(thread.PLACE_KEY, governance_of_ward)
