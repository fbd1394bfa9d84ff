"""Reads for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in.

Visibility (agrees with rules/decisions.py): every internal role reads every decision, draft or published; the public
and providers read published decisions (current and superseded versions) that are not exempt under Schedule 12A, and
the forward plan's planned, non-exempt entries.

The stage gates (involvement area) ask three things of a review's decision, and their names and signatures are kept
stable: ``adopting_decision(review)``, ``decision_implementable(decision, on=day)`` and ``open_call_ins(decision)``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from commissioning.accounts.models import Councillor, Ward
from commissioning.appraisals.models import BusinessCase, BusinessCaseStatus, Option
from commissioning.core.permissions import is_internal
from commissioning.core.search import search
from commissioning.governance.models import (
    DECIDING_KINDS,
    EXECUTIVE_KINDS,
    AgendaItem,
    Body,
    BodyKind,
    CallIn,
    CallInOutcome,
    Decision,
    DecisionStatus,
    Declaration,
    ForwardPlanEntry,
    ForwardPlanStatus,
    Meeting,
    Membership,
    NamedVote,
    Resolution,
)
from commissioning.governance.selectors.bodies import officer_choices as officer_choices  # one list of advisers
from commissioning.reviews.models import CommissioningReview


def today() -> dt.date:
    """The council's today for decisions and call-in. Tests (and a demo frozen in time) fix it with the setting
    ``GOVERNANCE_TODAY`` (a date); otherwise it is the local date."""
    fixed = getattr(settings, "GOVERNANCE_TODAY", None)
    return fixed if isinstance(fixed, dt.date) else timezone.localdate()


# The gates helper's three questions ---------------------------------------------------------------------------------

# Open until scrutiny decides; a referral stays open until the decision maker's reconsideration is published.
OPEN_CALL_IN = Q(outcome=CallInOutcome.OPEN) | (
    Q(outcome__in=[CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL])
    & (Q(reconsidered_as__isnull=True) | Q(reconsidered_as__status=DecisionStatus.DRAFT))
)


def adopting_decision(review: CommissioningReview) -> Decision | None:
    """The latest published, current version of a decision that adopted an option for this review (None if none)."""
    return (
        Decision.objects.filter(
            review=review, status=DecisionStatus.PUBLISHED, adopted_option__isnull=False, archived_at__isnull=True
        )
        .select_related("body", "officer", "business_case", "adopted_option")
        .order_by("-published_on", "-decided_on", "-pk")
        .first()
    )


def open_call_ins(decision: Decision) -> QuerySet[CallIn]:
    """The call-ins still open on any version of the decision: awaiting scrutiny, or referred and not yet
    reconsidered (a correction does not end a call-in)."""
    return CallIn.objects.filter(
        OPEN_CALL_IN, decision__reference=decision.reference, archived_at__isnull=True
    ).order_by("made_on", "pk")


def decision_implementable(decision: Decision, on: dt.date) -> bool:
    """Whether the decision may be implemented on the day: published and current, past its call-in window (its
    ``implementable_from`` reached) and with no call-in open."""
    if decision.status != DecisionStatus.PUBLISHED or decision.implementable_from is None:
        return False
    if on < decision.implementable_from:
        return False
    return not open_call_ins(decision).exists()


# Visibility ---------------------------------------------------------------------------------------------------------


def can_see_internal_decisions(user: Any) -> bool:
    return bool(is_internal(user))


def visible_decisions(*, user: Any) -> QuerySet[Decision]:
    if can_see_internal_decisions(user):
        return Decision.objects.all()
    return Decision.objects.filter(
        status__in=[DecisionStatus.PUBLISHED, DecisionStatus.SUPERSEDED], exempt_paragraph="", archived_at__isnull=True
    )


def visible_forward_plan(*, user: Any) -> QuerySet[ForwardPlanEntry]:
    if can_see_internal_decisions(user):
        return ForwardPlanEntry.objects.all()
    return ForwardPlanEntry.objects.filter(
        first_published_on__isnull=False, exempt_paragraph="", archived_at__isnull=True
    )


def visible_call_ins(*, user: Any) -> QuerySet[CallIn]:
    decisions = visible_decisions(user=user)
    return CallIn.objects.filter(decision__in=decisions.values("pk"))


# Lists and pages ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionFilters:
    q: str = ""
    maker: str = ""
    body: int | None = None
    key: str = ""
    status: str = ""
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None


def decision_list(*, user: Any, filters: DecisionFilters | None = None) -> QuerySet[Decision]:
    """The decisions list: current versions (drafts and published; superseded versions are on each decision's page)."""
    decisions = (
        visible_decisions(user=user)
        .exclude(status=DecisionStatus.SUPERSEDED)
        .select_related("body", "officer", "review")
        .order_by("-decided_on", "reference", "-version")
    )
    if filters is None:
        return decisions
    decisions = search(decisions, filters.q, "search_text")
    if filters.maker:
        decisions = decisions.filter(maker_kind=filters.maker)
    if filters.body:
        decisions = decisions.filter(body_id=filters.body)
    if filters.key == "yes":
        decisions = decisions.exclude(key_reason="")
    elif filters.key == "no":
        decisions = decisions.filter(key_reason="")
    if filters.status:
        decisions = decisions.filter(status=filters.status)
    if filters.decided_from:
        decisions = decisions.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to:
        decisions = decisions.filter(decided_on__lte=filters.decided_to)
    return decisions


EXPORT_HEADERS = [
    "Reference",
    "Version",
    "Matter",
    "Decision maker",
    "Decided on",
    "Key decision",
    "Status",
    "Published on",
    "Call-in deadline",
    "May be implemented from",
    "Review",
]


def decision_export_rows(decisions: QuerySet[Decision]) -> Iterator[list[Any]]:
    for d in decisions.iterator(chunk_size=500):
        yield [
            d.reference,
            d.version,
            d.title,
            str(d.body or d.officer or ""),
            d.decided_on,
            d.get_key_reason_display() if d.key_reason else "No",
            d.get_status_display(),
            d.published_on,
            d.call_in_deadline,
            d.implementable_from,
            d.review.reference if d.review else "",
        ]


def decisions_of_body(*, user: Any, body_id: int) -> QuerySet[Decision]:
    return decision_list(user=user).filter(body_id=body_id)


def decision_detail(*, user: Any, pk: int) -> Decision:
    """Raises Decision.DoesNotExist when the decision is missing or not visible to this user."""
    return (
        visible_decisions(user=user)
        .select_related(
            "body",
            "officer",
            "meeting",
            "meeting__body",
            "agenda_item",
            "review",
            "business_case",
            "adopted_option",
            "forward_plan_entry",
            "supersedes",
            "published_by",
        )
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.filter(archived_at__isnull=True).order_by("number")),
            Prefetch(
                "named_votes",
                queryset=NamedVote.objects.filter(archived_at__isnull=True)
                .select_related("councillor")
                .order_by("vote", "pk"),
            ),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.filter(archived_at__isnull=True)
                .select_related("councillor")
                .order_by("pk"),
            ),
            "wards",
            Prefetch(
                "call_ins",
                queryset=CallIn.objects.select_related("meeting", "meeting__body", "reconsidered_as", "made_by")
                .prefetch_related("members")
                .order_by("made_on", "pk"),
            ),
        )
        .get(pk=pk)
    )


def decision_versions(*, user: Any, reference: str) -> list[Decision]:
    """Every version of a decision the user may see, oldest first."""
    return list(
        visible_decisions(user=user)
        .filter(reference=reference)
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.filter(archived_at__isnull=True).order_by("number")),
            "wards",
        )
        .select_related("body", "officer", "adopted_option", "business_case")
        .order_by("version")
    )


def forward_plan(*, user: Any) -> QuerySet[ForwardPlanEntry]:
    """The forward plan: planned entries, soonest first."""
    return (
        visible_forward_plan(user=user)
        .filter(status=ForwardPlanStatus.PLANNED)
        .select_related("decision_maker", "contact_officer", "review")
        .prefetch_related("wards")
        .order_by("planned_on", "reference")
    )


def forward_plan_entry_detail(*, user: Any, pk: int) -> ForwardPlanEntry:
    """One entry of the forward plan the user may see (``DoesNotExist`` otherwise)."""
    return (
        visible_forward_plan(user=user)
        .select_related("decision_maker", "contact_officer", "review")
        .prefetch_related("wards")
        .get(pk=pk)
    )


def forward_plan_entries_for_choice(*, user: Any) -> QuerySet[ForwardPlanEntry]:
    return visible_forward_plan(user=user).select_related("decision_maker").order_by("planned_on", "reference")


def urgent_decisions(*, user: Any) -> QuerySet[Decision]:
    """Key decisions taken under the general exception or special urgency."""
    return decision_list(user=user).exclude(urgency="").filter(status=DecisionStatus.PUBLISHED)


def decisions_of_review(*, user: Any, review_id: int) -> QuerySet[Decision]:
    return decision_list(user=user).filter(review_id=review_id)


def next_reference(year: int) -> str:
    """The next free decision reference of the year (DEC-2026-001 ...)."""
    prefix = f"DEC-{year}-"
    taken = Decision.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(reference.removeprefix(prefix)) for reference in taken]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def next_forward_plan_reference(year: int) -> str:
    prefix = f"FP-{year}-"
    taken = ForwardPlanEntry.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(reference.removeprefix(prefix)) for reference in taken]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


# Choices for the forms ----------------------------------------------------------------------------------------------


def deciding_body_choices() -> QuerySet[Body]:
    return Body.objects.filter(kind__in=list(DECIDING_KINDS), archived_at__isnull=True).order_by("name")


def executive_body_choices() -> QuerySet[Body]:
    return Body.objects.filter(kind__in=list(EXECUTIVE_KINDS), archived_at__isnull=True).order_by("name")


def meeting_choices() -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__kind__in=list(DECIDING_KINDS), archived_at__isnull=True).select_related("body")


def agenda_item_choices() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(
        archived_at__isnull=True, meeting__body__kind__in=list(DECIDING_KINDS)
    ).select_related("meeting", "meeting__body")


def review_choices() -> QuerySet[CommissioningReview]:
    return CommissioningReview.objects.filter(archived_at__isnull=True).order_by("reference")


def submitted_business_case_choices() -> QuerySet[BusinessCase]:
    return (
        BusinessCase.objects.filter(status=BusinessCaseStatus.SUBMITTED)
        .select_related("review")
        .order_by("review__reference", "version")
    )


def option_choices() -> QuerySet[Option]:
    return (
        Option.objects.filter(appraisal__review__archived_at__isnull=True)
        .select_related("appraisal__review")
        .order_by("appraisal__review__reference", "pk")
    )


def ward_choices() -> QuerySet[Ward]:
    return Ward.objects.order_by("name")


def councillor_choices() -> QuerySet[Councillor]:
    return Councillor.objects.filter(archived_at__isnull=True).order_by("name")


def scrutiny_councillor_choices(*, on: dt.date) -> QuerySet[Councillor]:
    """Councillors sitting on a scrutiny committee on the day (the co-signatories a call-in may name)."""
    seats = Membership.objects.filter(
        body__kind=BodyKind.SCRUTINY, starts_on__lte=on, archived_at__isnull=True, councillor__isnull=False
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    return Councillor.objects.filter(pk__in=seats.values("councillor_id")).order_by("name")


def scrutiny_meeting_choices() -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__kind=BodyKind.SCRUTINY, archived_at__isnull=True).select_related("body")


def call_in_detail(*, user: Any, pk: int) -> CallIn:
    return visible_call_ins(user=user).select_related("decision", "decision__body").get(pk=pk)


COMPARED = [
    ("title", "Matter"),
    ("summary", "Summary"),
    ("decided_on", "Date of the decision"),
    ("reasons", "Reasons"),
    ("options_rejected", "Options considered and rejected"),
    ("adopted_option_id", "Option adopted"),
    ("business_case_id", "Business case version"),
    ("value", "Value"),
    ("key_reason", "Key decision"),
    ("votes_for", "Votes for"),
    ("votes_against", "Votes against"),
    ("votes_abstained", "Abstentions"),
    ("votes_absent", "Absent"),
]


def version_changes(versions: list[Decision]) -> dict[int, list[str]]:
    """For each version after the first, what changed from the version before it (by the labels of the fields)."""
    changes: dict[int, list[str]] = {}
    for before, after in itertools.pairwise(versions):
        changed = [label for name, label in COMPARED if getattr(before, name) != getattr(after, name)]
        old = [(r.number, r.text, r.amount, r.one_off, r.funded_by) for r in before.resolutions.all()]
        new = [(r.number, r.text, r.amount, r.one_off, r.funded_by) for r in after.resolutions.all()]
        if old != new:
            changed.append("Resolutions")
        if {w.pk for w in before.wards.all()} != {w.pk for w in after.wards.all()}:
            changed.append("Wards")
        changes[after.version] = changed
    return changes


def decisions_of_service(*, user: Any, service_id: int) -> QuerySet[Decision]:
    return decision_list(user=user).filter(review__services=service_id).distinct()
