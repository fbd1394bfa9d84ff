"""Committee reports: who sees which, one report for its page and PDF, and the draft a source's records make.

Visibility agrees with rules/reports.py: everyone inside the council sees every report, drafts included; providers,
partners and the public see published reports only, and never the exempt part (``sees_exempt_part``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from commissioning.appraisals import selectors as appraisal_selectors
from commissioning.appraisals.models import COST_KINDS, BusinessCase, Option
from commissioning.core import thread
from commissioning.core.permissions import is_internal
from commissioning.governance.models import (
    AgendaItem,
    CommitteeReport,
    Decision,
    MeetingStatus,
    ReportSource,
    ReportStatus,
)
from commissioning.governance.selectors import involvement as involvement_selectors
from commissioning.reviews.models import CommissioningReview

# What the report page says in place of the risk register extract when no app provides it (the risks app registers
# its providers for the two places in core.thread).
RISK_EXTRACT_FROM_REGISTER = (
    "The risk register extract comes from the council's risk register: it is appended here as a matrix once the "
    "risk register holds the risks of this {source}."
)


def sees_drafts(user: Any) -> bool:
    return bool(is_internal(user))


def sees_exempt_part(user: Any) -> bool:
    """The exempt part (Schedule 12A) is for the council's side only: never the public, providers or partners."""
    return bool(is_internal(user))


def visible_reports(*, user: Any) -> QuerySet[CommitteeReport]:
    reports = CommitteeReport.objects.active()
    if sees_drafts(user):
        return reports
    return reports.filter(status=ReportStatus.PUBLISHED)


def report_list(*, user: Any) -> QuerySet[CommitteeReport]:
    return visible_reports(user=user).select_related(
        "review", "decision", "agenda_item", "agenda_item__meeting", "agenda_item__meeting__body"
    )


def report_detail(*, user: Any, pk: int) -> CommitteeReport:
    return (
        CommitteeReport.objects.select_related(
            "review",
            "decision",
            "agenda_item",
            "agenda_item__meeting",
            "agenda_item__meeting__body",
            "finance_signed_by",
            "legal_signed_by",
            "published_by",
        )
    ).get(pk=pk)


def risk_extract(*, user: Any, report: CommitteeReport) -> list[thread.ThreadSection]:
    """The risk register extract for the report's source, as the risks app provides it (none until it does)."""
    return thread.sections(user, report.source, place=thread.COMMITTEE_REPORT_RISKS)


def risk_extract_note(report: CommitteeReport) -> str:
    return RISK_EXTRACT_FROM_REGISTER.format(source=report.get_source_kind_display().lower())


def agenda_item_choices() -> QuerySet[AgendaItem]:
    """The agenda items a report may be published onto: current items of meetings that are not cancelled."""
    return (
        AgendaItem.objects.active()
        .filter(meeting__archived_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting", "meeting__body")
        .order_by("-meeting__starts_at", "number")
    )


# The draft a source makes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionFigures:
    option: str
    costs: Decimal
    benefits: Decimal

    @property
    def net(self) -> Decimal:
        return self.benefits - self.costs


def _money(value: Decimal) -> str:
    return f"£{value:,.0f}"


def option_figures(option: Option) -> OptionFigures:
    """The option's costs and benefits over the appraisal's years, from its cost and benefit lines."""
    costs = benefits = Decimal(0)
    for line in appraisal_selectors.option_lines(option=option):
        total = sum((Decimal(str(amount or 0)) for amount in line.amounts), Decimal(0))
        if line.kind in COST_KINDS:
            costs += total
        else:
            benefits += total
    return OptionFigures(option=option.name, costs=costs, benefits=benefits)


def _financial_text(case: BusinessCase | None, option: Option | None, *, adopted: bool = False) -> str:
    if option is None:
        return "No option has been appraised yet: the financial implications follow from the business case."
    figures = option_figures(option)
    version = f" (business case version {case.version})" if case is not None else ""
    return (
        f"The {'adopted' if adopted else 'preferred'} option, {figures.option}{version}, costs "
        f"{_money(figures.costs)} and brings benefits of {_money(figures.benefits)} over the appraisal period: "
        f"a net {'benefit' if figures.net >= 0 else 'cost'} of {_money(abs(figures.net))}."
    )


# The most people or bodies named for one part at one stage; the rest are counted ("and 12 others").
NAMES_PER_PART = 6


def _names(names: list[str]) -> str:
    shown = names[:NAMES_PER_PART]
    more = len(names) - len(shown)
    listed = ", ".join(shown)
    return f"{listed} and {more} other{'s' if more != 1 else ''}" if more else listed


def _consultation_text(review: CommissioningReview) -> str:
    """The involvement record, one paragraph a stage: who decides, is consulted, is informed or is critical friend
    (the first few named, the rest counted), and how many of the things asked are done."""
    entries = involvement_selectors.plan_entries(review)
    if not entries:
        return "No member involvement has been recorded for this review yet."
    lines = []
    for stage in involvement_selectors.STAGES:
        at_stage = [entry for entry in entries if entry.stage == stage]
        if not at_stage:
            continue
        parts: dict[str, list[str]] = {}
        for entry in at_stage:
            names = parts.setdefault(entry.get_part_display().lower(), [])
            who = str(entry.councillor or entry.body or entry.officer)
            if who not in names:
                names.append(who)
        done = sum(1 for entry in at_stage if entry.done_on)
        said = "; ".join(f"{part}: {_names(names)}" for part, names in parts.items())
        lines.append(
            f"{involvement_selectors.STAGE_LABELS[stage]} stage: {said} ({done} of {len(at_stage)} asked done)."
        )
    return "\n".join(lines)


def _contact(user: Any) -> str:
    if user is None:
        return ""
    name = user.get_full_name() or user.username
    parts = [name, getattr(user, "job_title", "") or "", user.email or ""]
    return ", ".join(part for part in parts if part)


def draft_from_review(*, user: Any, review: CommissioningReview) -> dict[str, Any]:
    """The sections a review's records fill: its purpose, the preferred option's figures from the latest business
    case (or the appraisal's first option), the involvement record, and its lead commissioner as contact."""
    case = appraisal_selectors.latest_business_case(review=review)
    option = case.recommended_option if case is not None else None
    if option is None:
        appraisal = appraisal_selectors.appraisal_of_review(user=user, review=review)
        shortlist = appraisal_selectors.shortlist(appraisal=appraisal) if appraisal is not None else []
        option = next((o for o in shortlist if not o.is_bau), shortlist[0] if shortlist else None)
    lead = review.lead_commissioner
    recommendations = [f"Notes the findings of the commissioning review {review.reference}."]
    if option is not None:
        recommendations.append(f"Agrees the preferred option: {option.name}.")
    return {
        "title": review.title,
        "executive_summary": review.purpose,
        "recommendations": "\n".join(recommendations),
        "financial": _financial_text(case, option),
        "corporate_priorities": "",
        "risk_statement": (case.risks if case is not None else "")
        or "The risks of the review are recorded on the risk register; the extract is appended.",
        "introduction": f"This report presents the commissioning review {review.reference}, {review.title}.",
        "background": (case.reasons if case is not None and case.reasons else review.purpose),
        "consultation": _consultation_text(review),
        "appendices": "Risk matrix",
        "background_papers": f"Commissioning review {review.reference}"
        + (f"; business case version {case.version}" if case is not None else ""),
        "contact_officer": _contact(lead),
        "accountability": f"{review.directorate}",
        "scrutiny_function": "The relevant overview and scrutiny committee may wish to consider this report.",
    }


def draft_from_decision(*, user: Any, decision: Decision) -> dict[str, Any]:
    """The sections a decision's records fill: its summary, its resolutions as the recommendations, the adopted
    option's figures, and the review behind it (involvement record) when there is one."""
    resolutions = [resolution.text for resolution in decision.resolutions.all().order_by("number")]
    draft: dict[str, Any] = {}
    if decision.review is not None:
        draft = draft_from_review(user=user, review=decision.review)
    draft.update(
        {
            "title": decision.title,
            "executive_summary": decision.summary or draft.get("executive_summary", ""),
            "recommendations": "\n".join(resolutions) or draft.get("recommendations", ""),
            "background": decision.reasons,
            "background_papers": decision.report or draft.get("background_papers", f"Decision {decision.reference}"),
        }
    )
    if decision.adopted_option is not None:
        draft["financial"] = _financial_text(decision.business_case, decision.adopted_option, adopted=True)
    if decision.exempt_paragraph:
        draft["exempt_paragraph"] = decision.exempt_paragraph
    draft.setdefault("introduction", f"This report concerns the decision {decision.reference}, {decision.title}.")
    draft.setdefault("appendices", "Risk matrix")
    return draft


def source_kind_of(source: Any) -> str:
    return ReportSource.REVIEW if isinstance(source, CommissioningReview) else ReportSource.DECISION
