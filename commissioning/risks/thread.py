"""Golden-thread sections for risks (commissioning.core.thread): a review's and a contract's risks on its page, and
the risk register extract a committee report appends to its "Statement on risk" (a review's risks, or those of a
decision's review, else the corporate register; for a report on a recorded risk review, that risk). One query each;
only the risks the user may see (none for providers and the public)."""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.risks import calculations, selectors

EXTRACT_TEMPLATE = "risks/_risk_extract.html"


def risks_of_review(user: Any, review: Any) -> ThreadSection | None:
    """The review page's "Risks" section, with a link to add one (for those who may)."""
    if not rules.has_perm("risks.list_risks", user):
        return None
    risks = list(selectors.risks_of_review(user=user, review_id=review.pk))
    return ThreadSection(template="risks/_thread_review.html", context={"risks": risks, "review": review})


def risks_of_contract(user: Any, contract: Any) -> ThreadSection | None:
    """The contract page's "Risks" section, with a link to add one (for those who may). Providers see none."""
    if not rules.has_perm("risks.list_risks", user):
        return None
    risks = list(selectors.risks_of_contract(user=user, contract_id=contract.pk))
    return ThreadSection(template="risks/_thread_contract.html", context={"risks": risks, "contract": contract})


def _extract(risks: list[Any], heading: str) -> ThreadSection:
    placed = [(risk.reference, risk.residual_likelihood, risk.residual_impact) for risk in risks]
    return ThreadSection(
        template=EXTRACT_TEMPLATE,
        context={"risks": risks, "grid": calculations.grid(placed), "heading": heading},
    )


def report_risks_of_review(user: Any, review: Any) -> ThreadSection | None:
    risks = list(selectors.risks_of_review(user=user, review_id=review.pk))
    return _extract(risks, f"Risk register extract: {review.reference}")


def report_risks_of_decision(user: Any, decision: Any) -> ThreadSection | None:
    """The risks of the review the decision is about (its ``review_id``), else the corporate register."""
    review_id = getattr(decision, "review_id", None)
    if review_id:
        return _extract(list(selectors.risks_of_review(user=user, review_id=review_id)), "Risk register extract")
    return _extract(list(selectors.corporate_risks(user=user)), "Corporate risk register extract")


def report_risks_of_risk_review(user: Any, risk_review: Any) -> ThreadSection | None:
    """The risk a recorded review is of: the extract of a committee report drafted from that review."""
    risks = list(selectors.risk_of_review_record(user=user, risk_review=risk_review))
    return _extract(risks, f"Risk register extract: {risks[0].reference}" if risks else "Risk register extract")


def register() -> None:
    thread.register("reviews.CommissioningReview", risks_of_review)
    thread.register("contracts.Contract", risks_of_contract)
    thread.register(thread.COMMITTEE_REPORT_RISKS_REVIEW_KEY, report_risks_of_review)
    thread.register(thread.COMMITTEE_REPORT_RISKS_DECISION_KEY, report_risks_of_decision)
    thread.register(thread.COMMITTEE_REPORT_RISKS_RISKREVIEW_KEY, report_risks_of_risk_review)
