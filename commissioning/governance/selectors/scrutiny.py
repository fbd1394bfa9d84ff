"""Reads for scrutiny (ADR 0034): the scrutiny committees, each one's work programme, its inquiries with their
evidence sessions, and the scrutiny dashboard the committee selects items from.

Visibility agrees with rules/scrutiny.py: everyone inside the council reads every committee's work programme; the public
(and providers and partners) read a published committee's once it has published it. The dashboard is the council's.
Every list here costs a fixed number of queries whatever the size of the council.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.text import Truncator

from commissioning.accounts.models import Councillor
from commissioning.core.thread import ScrutinyCandidate as Candidate
from commissioning.governance.models import (
    Body,
    BodyKind,
    CallIn,
    CallInOutcome,
    EvidenceSession,
    Inquiry,
    Meeting,
    MeetingStatus,
    SubjectKind,
    WorkProgrammeItem,
)
from commissioning.governance.selectors import recommendations as recommendations_selectors
from commissioning.governance.selectors.bodies import visible_bodies
from commissioning.governance.selectors.decisions import today, visible_decisions
from commissioning.outcomes import selectors as outcomes_selectors
from commissioning.outcomes.models import Indicator
from commissioning.reviews.models import CommissioningReview
from commissioning.services import selectors as services_selectors
from commissioning.services.models import Service

# How many months ahead a work programme item can be planned for (the committee's municipal year and the next).
PLANNED_MONTHS_AHEAD = 18
SUBJECT_FIELDS = {
    SubjectKind.SERVICE: "service",
    SubjectKind.REVIEW: "review",
    SubjectKind.DECISION: "decision",
    SubjectKind.CONTRACT: "contract",
    SubjectKind.INDICATOR: "indicator",
}


# Committees and their work programmes --------------------------------------------------------------------------------


def scrutiny_committees(*, user: Any) -> QuerySet[Body]:
    """The current overview and scrutiny committees the user may see, with their work programmes (one query)."""
    return (
        visible_bodies(user=user)
        .filter(kind=BodyKind.SCRUTINY, archived_at__isnull=True)
        .select_related("work_programme")
        .order_by("name")
    )


def scrutiny_committee(*, user: Any, pk: int) -> Body:
    """A scrutiny committee with its work programme; raises Body.DoesNotExist when missing, not visible or not a
    scrutiny committee."""
    return visible_bodies(user=user).filter(kind=BodyKind.SCRUTINY).select_related("work_programme").get(pk=pk)


def _items() -> QuerySet[WorkProgrammeItem]:
    return WorkProgrammeItem.objects.filter(archived_at__isnull=True).select_related(
        "service", "review", "decision", "indicator", "meeting", "programme__body"
    )


def work_programme_items(*, body: Body) -> list[WorkProgrammeItem]:
    """The committee's items: those with a meeting by its date, then those planned for a month, then the rest (one
    query)."""
    items = list(_items().filter(programme__body=body))
    return sorted(
        items,
        key=lambda item: (
            item.meeting.starts_at.date().isoformat()[:7] if item.meeting else item.planned_month or "9999",
            item.pk,
        ),
    )


def item_detail(*, user: Any, pk: int) -> WorkProgrammeItem:
    """Raises WorkProgrammeItem.DoesNotExist when missing or its committee is not visible (the page then asks the
    committee's permission)."""
    item = _items().select_related("programme__body__work_programme").get(pk=pk)
    if not visible_bodies(user=user).filter(pk=item.programme.body_id).exists():
        raise WorkProgrammeItem.DoesNotExist
    return item


def inquiries_of(*, body: Body) -> list[Inquiry]:
    """The committee's inquiries and task and finish groups, with how many evidence sessions each has held (one query
    and one for the sessions)."""
    return list(
        Inquiry.objects.filter(item__programme__body=body, archived_at__isnull=True)
        .select_related("item")
        .prefetch_related(Prefetch("sessions", queryset=EvidenceSession.objects.filter(archived_at__isnull=True)))
        .order_by("pk")
    )


def inquiry_detail(*, user: Any, pk: int) -> Inquiry:
    inquiry = (
        Inquiry.objects.select_related("item__programme__body__work_programme", "item__service", "item__indicator")
        .prefetch_related(
            Prefetch("members", queryset=Councillor.objects.order_by("name")),
            Prefetch("sessions", queryset=EvidenceSession.objects.filter(archived_at__isnull=True)),
        )
        .get(pk=pk)
    )
    if not visible_bodies(user=user).filter(pk=inquiry.item.programme.body_id).exists():
        raise Inquiry.DoesNotExist
    return inquiry


def meeting_choices(*, body: Body) -> QuerySet[Meeting]:
    """The committee's meetings to come (an item is planned for one of them)."""
    return Meeting.objects.filter(
        body=body, archived_at__isnull=True, status=MeetingStatus.SCHEDULED, starts_at__date__gte=today()
    ).order_by("starts_at")


def planned_month_choices(*, around: dt.date | None = None) -> list[tuple[str, str]]:
    """The months an item can be planned for: this month and the next PLANNED_MONTHS_AHEAD - 1, as ("2027-05",
    "May 2027")."""
    day = around or today()
    choices = []
    year, month = day.year, day.month
    for _ in range(PLANNED_MONTHS_AHEAD):
        choices.append((f"{year:04d}-{month:02d}", dt.date(year, month, 1).strftime("%B %Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


def month_label(value: str) -> str:
    if not value:
        return ""
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1).strftime("%B %Y")


def councillor_choices() -> QuerySet[Councillor]:
    return Councillor.objects.filter(archived_at__isnull=True).order_by("name")


def subject_choices(kind: str, *, user: Any) -> QuerySet[Any]:
    """What an item's subject of each kind may be chosen from on the add page."""
    if kind == SubjectKind.SERVICE:
        return Service.objects.filter(archived_at__isnull=True).order_by("name")
    if kind == SubjectKind.REVIEW:
        return CommissioningReview.objects.filter(archived_at__isnull=True).order_by("reference")
    if kind == SubjectKind.INDICATOR:
        return Indicator.objects.filter(archived_at__isnull=True).order_by("code")
    return visible_decisions(user=user).filter(archived_at__isnull=True).order_by("-published_on", "reference")


# The scrutiny dashboard ------------------------------------------------------------------------------------------------


def on_programme(*, body: Body) -> set[tuple[str, int]]:
    """(subject kind, id) of every current item on the committee's work programme (one query)."""
    found: set[tuple[str, int]] = set()
    rows = WorkProgrammeItem.objects.filter(programme__body=body, archived_at__isnull=True).values_list(
        "subject_kind", "service_id", "review_id", "decision_id", "contract_id", "indicator_id"
    )
    for kind, *ids in rows:
        for field_kind, pk in zip(
            (
                SubjectKind.SERVICE,
                SubjectKind.REVIEW,
                SubjectKind.DECISION,
                SubjectKind.CONTRACT,
                SubjectKind.INDICATOR,
            ),
            ids,
            strict=True,
        ):
            if pk is not None and field_kind == kind:
                found.add((kind, pk))
    return found


def off_target_indicators(*, user: Any) -> list[Candidate]:
    """Indicators off target (red) and worse than the period before (outcomes' own RAG and travel): three queries."""

    return [
        Candidate(
            pk=status.indicator.pk,
            title=f"{status.indicator.code}: {status.indicator.name}",
            detail=f"Off target and worsening in {status.latest.period}" if status.latest else "",
            href=reverse("outcomes:indicator-detail", args=[status.indicator.pk]),
        )
        for status in outcomes_selectors.indicators_off_target_and_worsening(user=user)
    ]


def costly_services(*, user: Any, first: int | None = None) -> tuple[list[Candidate], int]:
    """Services whose unit cost is in the worst quartile of the council and its comparators (outcomes' council-wide
    list, remembered while its records are unchanged), among those the user may see, furthest above the median
    first: the ``first`` of them (all when None) and how many there are in all. Two queries."""

    from commissioning.core.formatting import money

    costs = outcomes_selectors.worst_quartile_unit_costs()
    names = dict(
        services_selectors.visible_services(user=user)
        .filter(archived_at__isnull=True, pk__in=list(costs))
        .values_list("pk", "name")
    )
    worst = sorted(
        ((pk, cost) for pk, cost in costs.items() if pk in names),
        key=lambda found: (-(found[1].unit_cost / found[1].comparator_median), names[found[0]]),
    )
    return [
        Candidate(
            pk=pk,
            title=names[pk],
            detail=(
                f"Unit cost {money(cost.unit_cost)} in {cost.year}, worst quartile of {cost.comparators + 1} "
                f"councils (comparators' median {money(cost.comparator_median)})"
            ),
            href=reverse("services:detail", args=[pk]),
        )
        for pk, cost in worst[:first]
    ], len(worst)


def open_call_ins() -> Q:
    return Q(outcome=CallInOutcome.OPEN) | (~Q(outcome=CallInOutcome.NO_FURTHER_ACTION) & Q(reconsidered_as=None))


def called_in_decisions(*, user: Any) -> list[Candidate]:
    """Decisions called in whose call-in is still open (one query)."""

    call_ins = (
        CallIn.objects.filter(open_call_ins(), archived_at__isnull=True, decision__in=visible_decisions(user=user))
        .select_related("decision")
        .order_by("-made_on", "-pk")
    )
    return [
        Candidate(
            pk=call_in.decision_id,
            title=f"{call_in.decision.reference}: {call_in.decision.title}",
            detail=f"Called in on {call_in.made_on:%-d %B %Y}: {call_in.get_outcome_display()}",
            href=reverse("governance:decision", args=[call_in.decision_id]),
        )
        for call_in in call_ins
    ]


def overdue_responses(body: Body) -> list[Candidate]:
    """The executive's responses to this committee's recommendations that are overdue, oldest due first
    (selectors.recommendations): one query."""
    return [
        Candidate(
            pk=recommendation.pk,
            title=f"Recommendation {recommendation.number}: {Truncator(recommendation.text).words(14)}",
            detail=f"Response was due {recommendation.response_due_on:%-d %B %Y}",
            href=reverse("governance:recommendation", args=[recommendation.pk]),
        )
        for recommendation in recommendations_selectors.overdue_responses(body)
    ]
