"""Reads for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from commissioning.accounts.models import Councillor
from commissioning.accounts.selectors import councillor_profile_of
from commissioning.governance.models import (
    Body,
    BodyKind,
    Decision,
    DecisionCategory,
    DecisionPowerRule,
    GateSignOff,
    InvolvementEntry,
    MakerKind,
    Membership,
    ProtocolStep,
)
from commissioning.governance.selectors import decisions as decision_selectors
from commissioning.governance.selectors.decisions import adopting_decision, decision_implementable, open_call_ins
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.reviews.selectors import review_detail

STAGES: tuple[str, ...] = tuple(Stage.values)
STAGE_LABELS = dict(Stage.choices)


def today() -> dt.date:
    """The day the involvement pages and gates are worked out for: the decisions area's today (GOVERNANCE_TODAY when
    set). Tests may replace this function (monkeypatch); actions take ``today`` as an argument instead."""
    return decision_selectors.today()


def next_stage(stage: str) -> str | None:
    index = STAGES.index(stage) if stage in STAGES else -1
    return STAGES[index + 1] if 0 <= index < len(STAGES) - 1 else None


def _url(name: str, *args: Any) -> str | None:
    """A link to another area's page when that page exists (the areas are built at once), else None."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _for_review(url: str | None, review: CommissioningReview) -> str | None:
    """A form's address that starts the new record on the review (its ``?review=`` query)."""
    return f"{url}?review={review.pk}" if url else None


# The protocol ------------------------------------------------------------------------------------------------------


def protocol_steps() -> QuerySet[ProtocolStep]:
    return ProtocolStep.objects.active()


def protocol_by_stage() -> list[tuple[str, str, list[ProtocolStep]]]:
    """Each stage (value, label) with its steps, in the order the protocol asks them (one query)."""
    steps = list(protocol_steps().order_by("weeks_into_stage", "participant", "part"))
    return [(stage, STAGE_LABELS[stage], [s for s in steps if s.stage == stage]) for stage in STAGES]


def protocol_step(*, pk: int) -> ProtocolStep:
    """Raises ProtocolStep.DoesNotExist for a missing or removed step."""
    return protocol_steps().get(pk=pk)


def protocol_changes(*, limit: int = 25) -> list[Any]:
    """The latest changes to the protocol, newest first: who, when and why (one query)."""
    return list(ProtocolStep.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])


# A review's participants ---------------------------------------------------------------------------------------------


def visible_review(*, user: Any, pk: int) -> CommissioningReview:
    """Raises CommissioningReview.DoesNotExist when the review is missing or not visible to this user."""
    return review_detail(user=user, pk=pk)


def programme_board(review: CommissioningReview) -> Body | None:
    return Body.objects.active().filter(kind=BodyKind.PROGRAMME_BOARD, review=review).order_by("pk").first()


def portfolio_body(review: CommissioningReview) -> Body | None:
    """The cabinet member whose portfolio covers the review's directorate: linked by ``Body.directorate``, or else
    named for it (a portfolio named like the directorate)."""
    holders = Body.objects.active().filter(kind=BodyKind.PORTFOLIO_HOLDER)
    linked = holders.filter(directorate_id=review.directorate_id).order_by("pk").first()
    if linked is not None:
        return linked
    name = review.directorate.name
    return holders.filter(Q(portfolio__iexact=name) | Q(name__icontains=name)).order_by("pk").first()


def scrutiny_body(review: CommissioningReview) -> Body | None:
    """The overview and scrutiny committee for the review: one linked to its directorate, else the first."""
    committees = Body.objects.active().filter(kind=BodyKind.SCRUTINY)
    return (
        committees.filter(directorate_id=review.directorate_id).order_by("pk").first()
        or committees.order_by("name", "pk").first()
    )


def body_of_kind(kind: str) -> Body | None:
    return Body.objects.active().filter(kind=kind).order_by("pk").first()


def ward_councillors(review: CommissioningReview) -> list[Councillor]:
    """The councillors of every ward the review's services serve (one query)."""
    return list(
        Councillor.objects.active()
        .filter(wards__services__commissioning_reviews=review, wards__services__archived_at__isnull=True)
        .distinct()
        .order_by("name", "pk")
    )


def _quarter_dates(label: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter labelled like "2026/27 Q1" (Q1 April to June, Q4 January to March)."""
    start_year, number = int(label[:4]), int(label[-1])
    month = (4, 7, 10, 1)[number - 1]
    year = start_year + (1 if number == 4 else 0)
    starts = dt.date(year, month, 1)
    following = dt.date(year + (1 if month == 10 else 0), 1 if month == 10 else month + 3, 1)
    return starts, following - dt.timedelta(days=1)


def stage_starts(review: CommissioningReview) -> dict[str, dt.date]:
    """When each stage is planned to begin: the review's planned quarters shared equally between the four stages."""
    starts, _ = _quarter_dates(review.planned_start)
    _, ends = _quarter_dates(review.planned_end)
    length = max((ends - starts).days + 1, len(STAGES))
    return {stage: starts + dt.timedelta(days=length * i // len(STAGES)) for i, stage in enumerate(STAGES)}


def due_on(review: CommissioningReview, *, stage: str, weeks: int) -> dt.date:
    return stage_starts(review)[stage] + dt.timedelta(weeks=weeks)


# A review's plan ---------------------------------------------------------------------------------------------------


def plan_entries(review: CommissioningReview) -> list[InvolvementEntry]:
    """The review's involvement plan, stage by stage (one query)."""
    entries = list(
        InvolvementEntry.objects.active()
        .filter(review=review)
        .select_related("councillor", "officer", "body", "from_protocol")
        .order_by("due_on", "pk")
    )
    return sorted(entries, key=lambda e: (STAGES.index(e.stage), e.due_on or dt.date.max, e.pk))


def plan_by_stage(review: CommissioningReview) -> list[tuple[str, str, list[InvolvementEntry]]]:
    entries = plan_entries(review)
    return [(stage, STAGE_LABELS[stage], [e for e in entries if e.stage == stage]) for stage in STAGES]


def involvement_entry(*, user: Any, pk: int) -> InvolvementEntry:
    """A current entry of a review the user may see; raises InvolvementEntry.DoesNotExist otherwise."""
    entry = InvolvementEntry.objects.active().select_related("review", "councillor", "officer", "body").get(pk=pk)
    visible_review(user=user, pk=entry.review_id)  # raises CommissioningReview.DoesNotExist
    return entry


def who(entry: InvolvementEntry) -> str:
    if entry.councillor is not None:
        return str(entry.councillor)
    if entry.body is not None:
        return entry.body.name
    if entry.officer is not None:
        return entry.officer.get_full_name() or entry.officer.username
    return ""


# My involvement ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Involvement:
    """One review on a councillor's "My involvement" page."""

    review: CommissioningReview
    parts_now: Sequence[InvolvementEntry]  # their part at the review's current stage
    next_ask: InvolvementEntry | None  # the earliest thing asked of them that is not done (overdue or not)
    overdue: Sequence[InvolvementEntry] = field(default_factory=tuple)

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.review.stage, self.review.stage)


def _involving(user: Any, on: dt.date) -> Q:
    """Involvement entries that name the user, or a body they sit on that day (as the officer, the councillor, or a
    member of the entry's body). The bodies are a subquery rather than a join, so each alternative is an indexed
    lookup of the entries (no scan of every entry of the council) and no entry comes back twice."""
    councillor = councillor_profile_of(user)
    named = Q(officer=user)
    if councillor is not None:
        bodies = (
            Membership.objects.filter(councillor=councillor, archived_at__isnull=True)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .values("body")
        )
        named |= Q(councillor=councillor) | Q(body__in=bodies)
    return named


def my_involvement_reviews(*, user: Any, on: dt.date) -> QuerySet[CommissioningReview]:
    """The current reviews the user is involved in (named, or through a body they sit on), in programme order: one
    query when evaluated, so the page takes one page of them and ``my_involvement`` reads only that page's entries."""
    involved = InvolvementEntry.objects.active().filter(_involving(user, on)).values("review")
    return CommissioningReview.objects.active().filter(pk__in=involved).order_by("planned_start", "reference", "pk")


def my_involvement(
    *, user: Any, on: dt.date, reviews: Sequence[CommissioningReview] | None = None
) -> list[Involvement]:
    """What the user is involved in on each of ``reviews`` (by default every review of my_involvement_reviews): their
    part at the review's current stage, the next thing asked and what is overdue (one query for the entries)."""
    if reviews is None:
        reviews = list(my_involvement_reviews(user=user, on=on))
    named = _involving(user, on)
    entries = list(
        InvolvementEntry.objects.active()
        .filter(named, review__in=[review.pk for review in reviews])
        .select_related("body")  # the page names the body an entry involves the user through
        .order_by("due_on", "pk")
    )
    by_review: dict[int, list[InvolvementEntry]] = {}
    for entry in entries:
        by_review.setdefault(entry.review_id, []).append(entry)
    rows = []
    for review in reviews:
        review_entries = by_review.get(review.pk, [])
        if not review_entries:
            continue
        undone = sorted(
            (e for e in review_entries if e.done_on is None and e.due_on is not None),
            key=lambda e: (e.due_on, e.pk),
        )
        rows.append(
            Involvement(
                review=review,
                parts_now=[e for e in review_entries if e.stage == review.stage],
                next_ask=undone[0] if undone else None,  # an overdue ask is still the next thing asked
                overdue=[e for e in undone if e.due_on and e.due_on < on],
            )
        )
    return rows


# Stage gates -------------------------------------------------------------------------------------------------------

# The council's constitution by default: key decisions to Cabinet or the portfolio holder, the budget and policy
# framework to Council, other decisions to officers under delegation (or to the executive or Council).
DEFAULT_POWER_RULES: dict[str, tuple[str, bool]] = {
    DecisionCategory.KEY: ("cabinet,portfolio", False),
    DecisionCategory.BUDGET_POLICY: ("council", False),
    DecisionCategory.OTHER: ("cabinet,portfolio,council", True),
}

NO_PROGRAMME_BOARD = "The review has no Programme Board to sign off its evidence pack"
NOT_SIGNED_OFF = "The Programme Board has not signed off the evidence pack"
NO_DECISION = "No published decision has adopted an option of this review's business case"
NO_POWER = "{maker} does not hold the power to take a {category}: it belongs to {holders}"
CALL_IN_WINDOW_OPEN = "The call-in window is open until {deadline}: the decision may be implemented from {from_day}"
CALL_IN_OPEN = "A call-in of {decision} is open: scrutiny must decide it, and any reconsideration be published"
NOT_IMPLEMENTABLE = "The decision {decision} may not be implemented yet"
DO_TO_REVIEW = (
    "Moving from Do to Review needs a contract or in-house plan in force, which this platform does not record yet"
)
LAST_STAGE = (
    "Review is the last stage of the cycle: the review is completed when its Review stage closes, with what it "
    "concluded, and the next review is scheduled as a new review"
)
# The review's status (ADR 0021): one on hold moves no stage until it resumes; a closed one moves no more.
REVIEW_ON_HOLD = "The review is on hold: it must resume before it moves to another stage"
REVIEW_CLOSED = "The review is {status}: it does not move to another stage"


@dataclass(frozen=True)
class Missing:
    """One thing a gate still needs, and where it is done."""

    text: str
    link_text: str = ""
    url: str | None = None
    perm: str = ""  # who may follow the link (others are told who does it); empty: anyone who sees the gate


@dataclass(frozen=True)
class GateReport:
    review: CommissioningReview
    stage: str
    next_stage: str | None
    missing: Sequence[Missing]
    board: Body | None = None
    sign_off: GateSignOff | None = None
    decision: Decision | None = None

    @property
    def passed(self) -> bool:
        return self.next_stage is not None and not self.missing

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def next_label(self) -> str:
        return STAGE_LABELS[self.next_stage] if self.next_stage else ""


def power_holders(category: str) -> tuple[set[str], bool]:
    """The body kinds that may take a decision of this category, and whether an officer may (the council's rules,
    or the defaults when it has none)."""
    rule = DecisionPowerRule.objects.active().filter(category=category).first()
    kinds, officers = (rule.body_kinds, rule.officers_may_decide) if rule else DEFAULT_POWER_RULES[category]
    return {kind.strip() for kind in kinds.split(",") if kind.strip()}, officers


def holds_power(decision: Decision) -> bool:
    kinds, officers = power_holders(decision.category)
    if decision.maker_kind == MakerKind.OFFICER:
        return officers
    return decision.body is not None and decision.body.kind in kinds


def _holders_text(category: str) -> str:
    kinds, officers = power_holders(category)
    names = [str(BodyKind(kind).label) for kind in sorted(kinds) if kind in BodyKind.values]
    if officers:
        names.append("officers under delegation")
    return " or ".join(names) or "no one under the council's rules"


def current_sign_off(review: CommissioningReview) -> GateSignOff | None:
    return (
        GateSignOff.objects.active()
        .filter(review=review)
        .select_related("body", "signed_off_by", "meeting")
        .order_by("-signed_off_on")
        .first()
    )


def gate_report(review: CommissioningReview, *, on: dt.date) -> GateReport:
    """What the review needs to move to its next stage, each item with where it is done."""
    stage = review.stage
    following = next_stage(stage)
    board = programme_board(review)
    sign_off = current_sign_off(review)
    missing: list[Missing] = []
    decision = None
    if review.status == ReviewStatus.ON_HOLD:
        missing.append(Missing(REVIEW_ON_HOLD, "Resume the review", reverse("reviews:resume", args=[review.pk])))
    closed = review.status in (ReviewStatus.COMPLETED, ReviewStatus.CANCELLED)
    if closed:  # nothing more to record: the cycle is over for this review
        missing.append(Missing(REVIEW_CLOSED.format(status=review.get_status_display().lower())))
    elif stage == Stage.ANALYSE:
        if board is None:
            missing.append(
                Missing(
                    NO_PROGRAMME_BOARD,
                    "Set up its Programme Board",
                    _for_review(_url("governance:body-create"), review),
                    perm="governance.add_body",
                )
            )
        elif sign_off is None:
            missing.append(
                Missing(
                    NOT_SIGNED_OFF, "Record the sign-off", reverse("governance:review-gate-sign-off", args=[review.pk])
                )
            )
    elif stage == Stage.PLAN:
        decision = adopting_decision(review)
        if decision is None:
            missing.append(
                Missing(
                    NO_DECISION,
                    "Record the decision",
                    _for_review(_url("governance:decision-add"), review),
                    perm="governance.add_decision",
                )
            )
        else:
            missing.extend(_decision_missing(decision, on=on))
    elif stage == Stage.DO:
        missing.append(Missing(DO_TO_REVIEW))
    elif review.status == ReviewStatus.IN_PROGRESS:
        missing.append(Missing(LAST_STAGE, "Complete the review", reverse("reviews:complete", args=[review.pk])))
    else:
        missing.append(Missing(LAST_STAGE))
    return GateReport(
        review=review,
        stage=stage,
        next_stage=following,
        missing=missing,
        board=board,
        sign_off=sign_off,
        decision=decision,
    )


def _decision_missing(decision: Decision, *, on: dt.date) -> list[Missing]:
    missing = []
    page = _url("governance:decision", decision.pk)
    if not holds_power(decision):
        maker = str(decision.body) if decision.body is not None else "An officer"
        missing.append(
            Missing(
                NO_POWER.format(
                    maker=maker,
                    category=decision.get_category_display().lower(),
                    holders=_holders_text(decision.category),
                ),
                "See the decision",
                page,
            )
        )
    if decision_implementable(decision, on):
        return missing
    call_ins = open_call_ins(decision)
    if call_ins:
        missing.append(Missing(CALL_IN_OPEN.format(decision=decision.reference), "See the call-in", page))
    elif decision.call_in_deadline is not None and on <= decision.call_in_deadline:
        from_day = decision.implementable_from or decision.call_in_deadline + dt.timedelta(days=1)
        missing.append(
            Missing(
                CALL_IN_WINDOW_OPEN.format(deadline=_day(decision.call_in_deadline), from_day=_day(from_day)),
                "See the decision",
                page,
            )
        )
    else:
        missing.append(Missing(NOT_IMPLEMENTABLE.format(decision=decision.reference), "See the decision", page))
    return missing


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def involvement_summary(review: CommissioningReview) -> list[InvolvementEntry]:
    """The plan's entries at the review's current stage (for the section on the review's page)."""
    return [e for e in plan_entries(review) if e.stage == review.stage]
