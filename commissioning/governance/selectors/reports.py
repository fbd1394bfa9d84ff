"""Committee reports: who sees which, one report for its page and PDF, and the draft a source's records make.

Visibility agrees with rules/reports.py: everyone inside the council sees every report, drafts included; providers,
partners and the public see published reports only, and never the exempt part (``sees_exempt_part``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from commissioning.accounts.models import User
from commissioning.appraisals import selectors as appraisal_selectors
from commissioning.appraisals.models import COST_KINDS, BusinessCase, Option
from commissioning.core import report_sources, thread
from commissioning.core.permissions import Role, is_internal
from commissioning.governance.models import (
    AgendaItem,
    CommitteeReport,
    Decision,
    EvidenceSession,
    Inquiry,
    MeetingStatus,
    Recommendation,
    ReportSource,
    ReportStatus,
    SubjectKind,
    WorkProgrammeItem,
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
        "review",
        "decision",
        "scrutiny_item",
        "risk_review",
        "agenda_item",
        "agenda_item__meeting",
        "agenda_item__meeting__body",
    )


def report_detail(*, user: Any, pk: int) -> CommitteeReport:
    return (
        CommitteeReport.objects.select_related(
            "review",
            "decision",
            "scrutiny_item",
            "risk_review",
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
        "equalities": _equalities_text(
            (option is not None and appraisal_selectors.assessment_of_option(user=user, option=option))
            or appraisal_selectors.assessment_of_review(user=user, review=review)
        ),
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


def _characteristics(keys: tuple[str, ...]) -> str:
    names = [appraisal_selectors.EIA_LABELS[key].lower() for key in keys]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _equalities_text(assessment: Any) -> str:
    """The equalities implications as the equality impact assessment of the option (or else the review) found them
    (ADR 0036): what it is about and whether it is signed off, the characteristics it finds a negative impact on and
    how each is addressed, those it finds a positive one on, and its conclusion. Empty when there is none."""
    if not assessment:
        return ""
    subject = f"the option {assessment.option.name}" if assessment.option_id else "the review"
    if assessment.is_signed_off:
        state = f"signed off by {assessment.signed_off_by} on {assessment.signed_off_at:%-d %B %Y}"
    else:
        state = "a draft, not yet signed off"
    found = assessment.summary
    lines = [f"The equality impact assessment of {subject} is {state}."]
    if found.negative:
        lines.append(f"It finds a negative impact on {_characteristics(found.negative)}.")
        if found.mitigated:
            lines.append(f"Mitigation is recorded for {_characteristics(found.mitigated)}.")
        if found.justified:
            lines.append(f"Going ahead is justified, without mitigation, for {_characteristics(found.justified)}.")
        if found.unaddressed:
            lines.append(
                f"Neither mitigation nor justification is recorded yet for {_characteristics(found.unaddressed)}."
            )
    else:
        lines.append(
            "It finds no negative impact on any protected characteristic, socio-economic disadvantage or carers."
        )
    if found.positive:
        lines.append(f"It finds a positive impact on {_characteristics(found.positive)}.")
    if assessment.conclusion.strip():
        lines.append(assessment.conclusion.strip())
    return " ".join(lines)


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
        adopted = appraisal_selectors.assessment_of_option(user=user, option=decision.adopted_option)
        if adopted is not None:
            draft["equalities"] = _equalities_text(adopted)
    if decision.exempt_paragraph:
        draft["exempt_paragraph"] = decision.exempt_paragraph
    draft.setdefault("introduction", f"This report concerns the decision {decision.reference}, {decision.title}.")
    draft.setdefault("appendices", "Risk matrix")
    return draft


def _subject_text(item: WorkProgrammeItem) -> str:
    subject = {
        SubjectKind.SERVICE: item.service,
        SubjectKind.REVIEW: item.review,
        SubjectKind.DECISION: item.decision,
        SubjectKind.INDICATOR: item.indicator,
        SubjectKind.THEME: item.theme,
    }.get(SubjectKind(item.subject_kind))
    kind = item.get_subject_kind_display().lower()
    return f"{kind}: {subject}" if subject else kind


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def item_recommendations(item: WorkProgrammeItem) -> list[Recommendation]:
    """The committee's current recommendations about the item, where a link exists: those made at the meeting the
    item came to, or about the contract it is on (one query; none without such a link)."""
    link = Q()
    if item.meeting_id:
        link |= Q(meeting_id=item.meeting_id)
    if item.contract_id:
        link |= Q(contract_id=item.contract_id)
    if not link:
        return []
    return list(
        Recommendation.objects.filter(link, body_id=item.programme.body_id, archived_at__isnull=True).order_by(
            "made_on", "number"
        )
    )


def democratic_services_officer(user: Any) -> Any:
    """The democratic services officer who supports the committee: the one drafting, else the council's first (one
    query at most; None when there is none)."""
    if getattr(user, "role", None) == Role.DEMOCRATIC:
        return user
    return User.objects.filter(role=Role.DEMOCRATIC, is_active=True).order_by("pk").first()


def draft_from_scrutiny_item(*, user: Any, item: WorkProgrammeItem) -> dict[str, Any]:
    """The sections a scrutiny work-programme item fills: why it was chosen and its subject, the scope of its
    inquiries, their evidence sessions (who gave evidence, the papers) as the consultation, the latest inquiry
    report as the executive summary, the committee's recommendations about it (when a link exists), and the
    democratic services officer as contact (three or four queries)."""
    body = item.programme.body
    inquiries = list(
        Inquiry.objects.filter(item=item, archived_at__isnull=True)
        .prefetch_related(Prefetch("sessions", queryset=EvidenceSession.objects.filter(archived_at__isnull=True)))
        .order_by("pk")
    )
    consultation, papers = [], []
    for inquiry in inquiries:
        for session in inquiry.sessions.all():
            witnesses = ", ".join(_lines(session.witnesses))
            lines = session.paper_lines
            said = f"{inquiry.title}, evidence session of {session.held_on:%-d %B %Y}: evidence from {witnesses}."
            if lines:
                said += f" Papers: {'; '.join(lines)}."
            consultation.append(said)
            papers += lines
    reported = [inquiry for inquiry in inquiries if inquiry.report.strip()]
    background = [item.reason]
    if item.source:
        background.append(f"It came to the work programme from {item.source}.")
    background += [f"Scope of the {i.get_kind_display().lower()} {i.title}: {i.scope}" for i in inquiries]
    officer = democratic_services_officer(user)
    return {
        "title": item.title,
        "executive_summary": reported[-1].report if reported else "",
        "recommendations": "\n".join(rec.text for rec in item_recommendations(item)),
        "introduction": (
            f"This report presents the {body}'s scrutiny of {item.title}, an item of its work programme about "
            f"{_subject_text(item)}. It was chosen because: {item.reason}"
        ),
        "background": "\n".join(background),
        "consultation": "\n".join(consultation) or "No evidence session has been held yet.",
        "appendices": "Risk matrix",
        "background_papers": "; ".join([f"Work programme of the {body}", *papers]),
        "contact_officer": _contact(officer),
        "accountability": str(body),
        "scrutiny_function": f"This report is from the {body}, an overview and scrutiny committee.",
    }


def draft_from_registered(source: Any) -> dict[str, Any]:
    """The sections a source that governance may not import fills (its app registered it in core.report_sources)."""
    return report_sources.draft(source).sections()


def source_kind_of(source: Any) -> str:
    if isinstance(source, CommissioningReview):
        return ReportSource.REVIEW
    if isinstance(source, Decision):
        return ReportSource.DECISION
    if isinstance(source, WorkProgrammeItem):
        return ReportSource.SCRUTINY_ITEM
    if source._meta.label == RISK_REVIEW_SOURCE:
        return ReportSource.RISK_REVIEW
    raise ValueError(f"A committee report cannot be drafted from {source._meta.label}")


def start_title(source: Any) -> str:
    """The title the "Draft a committee report" form suggests: the source's own, or the one its app's draft gives."""
    if hasattr(source, "title"):
        return str(source.title)
    return report_sources.draft(source).title


# The risks app's risk review: governance holds it by a string key and reaches it through core.report_sources.
RISK_REVIEW_SOURCE = "risks.RiskReview"


def risk_review_detail(*, user: Any, pk: int) -> Any:
    """A recorded risk review the user may see, as its app finds it (raises its DoesNotExist)."""
    return report_sources.find(RISK_REVIEW_SOURCE, user=user, pk=pk)
