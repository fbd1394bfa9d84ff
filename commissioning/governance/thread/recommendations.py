"""What scrutiny's recommendations add to the home page (core.thread.HOME_KEY): for a cabinet member, responses the
executive owes (due within ten days, or overdue); for anyone, their own actions of an action plan that are overdue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.core import formatting, thread
from commissioning.core.thread import ThreadSection, work_list
from commissioning.governance.selectors import recommendations as selectors


def responses_owed_on_home(user: Any, record: Any) -> ThreadSection | None:
    owed = selectors.responses_owed(user=user)
    if not owed.total:
        return None
    today = selectors.today()
    return work_list(
        key="recommendation-responses",
        heading="Scrutiny recommendations awaiting the executive's response",
        sample=owed,
        entry=lambda rec: (
            f"Recommendation {rec.number} of {rec.body.name}",
            reverse("governance:recommendation", args=[rec.pk]),
            ("Overdue: was due " if rec.response_due_on < today else "Due ") + formatting.date(rec.response_due_on),
        ),
        more_href=reverse("governance:recommendations") + "?status=awaiting",
        more_text="See all recommendations awaiting a response",
    )


def actions_owed_on_home(user: Any, record: Any) -> ThreadSection | None:
    owed = selectors.actions_owed(user=user)
    if not owed.total:
        return None
    return work_list(
        key="recommendation-actions",
        heading="Your overdue actions on scrutiny recommendations",
        sample=owed,
        entry=lambda action: (
            f"Recommendation {action.recommendation.number}, action {action.number}",
            reverse("governance:recommendation", args=[action.recommendation_id]),
            f"Overdue: was due {formatting.date(action.due_on)}",
        ),
        more_href=reverse("governance:recommendations") + "?status=actions_overdue",
        more_text="See all recommendations with actions overdue",
    )


def recommendations_of_contract(user: Any, contract: Any) -> ThreadSection | None:
    """On a contract's page: scrutiny's recommendations about it (the golden thread back from governance)."""
    found = selectors.recommendations_about_contract(user=user, contract_id=contract.pk)
    if not found:
        return None
    return ThreadSection(template="governance/recommendations/_thread_contract.html", context={"records": found})


def register() -> None:
    thread.register("contracts.Contract", recommendations_of_contract)
    thread.register(thread.HOME_KEY, responses_owed_on_home)
    thread.register(thread.HOME_KEY, actions_owed_on_home)
