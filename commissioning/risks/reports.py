"""A recorded risk review as the source of a committee report (core.report_sources, ADR 0037).

Governance drafts committee reports but may not import risks (a sibling in the DELIVER tier), so this app registers
its risk reviews as a source in ``apps.ready()``: ``find`` is the review the user may see, ``draft`` fills the report
from the review and its risk. No query beyond the review's own (its risk, owner, directorate and reviewer are loaded
with it by ``selectors.risk_review_detail``)."""

from __future__ import annotations

from typing import Any

from commissioning.core import report_sources
from commissioning.core.report_sources import ReportDraft
from commissioning.risks import calculations, selectors
from commissioning.risks.models import RiskReview

SOURCE = "risks.RiskReview"


def _score(likelihood: int, impact: int) -> str:
    score = likelihood * impact
    return f"{score} ({calculations.band(score).label.lower()}: likelihood {likelihood}, impact {impact})"


def _person(user: Any) -> str:
    if user is None:
        return ""
    parts = [user.get_full_name() or user.username, getattr(user, "job_title", "") or "", user.email or ""]
    return ", ".join(part for part in parts if part)


def draft_from_risk_review(review: RiskReview) -> ReportDraft:
    """The sections a risk review fills: the scores it re-assessed and its note as the summary, the risk's cause,
    event and effect as the background, its response and scores as the statement on risk, and the risk's owner as
    contact officer."""
    risk = review.risk
    on = f"{review.reviewed_on:%-d %B %Y}"
    scores = (
        f"Inherent {_score(review.inherent_likelihood, review.inherent_impact)}; "
        f"residual {_score(review.residual_likelihood, review.residual_impact)}; "
        f"target {_score(review.target_likelihood, review.target_impact)}."
    )
    summary = f"The risk {risk.reference}, {risk.title}, was reviewed on {on} by {review.reviewed_by}. {scores}"
    if review.note:
        summary += f"\n{review.note}"
    where = f"the {risk.get_level_display().lower()} risk register"
    return ReportDraft(
        title=f"Risk review: {risk.title} ({risk.reference})",
        executive_summary=summary,
        recommendations="\n".join(
            [
                f"Notes the review of the risk {risk.reference} on {on} and its scores.",
                f"Agrees the response to the risk: {risk.get_response_display().lower()}.",
            ]
        ),
        risk_statement=(
            f"The risk is on {where}, owned by {risk.owner}. {scores} The response is to "
            f"{risk.get_response_display().lower()} it; it is next reviewed on {review.next_review_on:%-d %B %Y}. "
            "The extract of the register is appended."
        ),
        introduction=f"This report presents the review on {on} of the risk {risk.reference}, {risk.title}, on {where}.",
        background=f"Cause: {risk.cause}\nEvent: {risk.event}\nEffect: {risk.effect}",
        appendices="Risk matrix",
        background_papers=f"Risk register entry {risk.reference}; its review of {on}",
        contact_officer=_person(risk.owner),
        accountability=str(risk.directorate) if risk.directorate_id else str(risk.owner),
        scrutiny_function="The relevant overview and scrutiny committee may wish to consider this report.",
    )


def find_risk_review(*, user: Any, pk: int) -> RiskReview:
    return selectors.risk_review_detail(user=user, pk=pk)


def register() -> None:
    report_sources.register(SOURCE, draft_from_risk_review, find=find_risk_review)
