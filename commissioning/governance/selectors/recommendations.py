"""Reading scrutiny's recommendations, their responses, action plans and follow-ups (issue 10, ADR 0035).

Visibility: everyone inside the council reads every current recommendation; everyone else the published ones. The
list flags a response overdue (none recorded by its due date) and actions overdue (not done by their due date) from
annotations, so the list costs the same whatever the size of the council.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from commissioning.core.sample import Sample, sample
from commissioning.core.search import search
from commissioning.governance.models import (
    ActionStatus,
    Body,
    BodyKind,
    FollowUp,
    Meeting,
    Membership,
    Recommendation,
    RecommendationAction,
    RecommendationTo,
)
from commissioning.governance.selectors.decisions import today

__all__ = ["today"]

DUE_SOON_DAYS = 10  # the executive is told, and sees it on the home page, this many days before a response is due


class Status:
    AWAITING = "awaiting"
    OVERDUE = "overdue"
    RESPONDED = "responded"
    ACTIONS_OVERDUE = "actions_overdue"
    SIGNED_OFF = "signed_off"

    CHOICES = [
        (AWAITING, "Awaiting a response"),
        (OVERDUE, "Response overdue"),
        (RESPONDED, "Responded, being implemented"),
        (ACTIONS_OVERDUE, "Actions overdue"),
        (SIGNED_OFF, "Implemented and signed off"),
    ]


@dataclass(frozen=True)
class RecommendationFilters:
    q: str = ""
    body: int | None = None
    status: str = ""


def _internal(user: Any) -> bool:
    return bool(rules.has_perm("governance.view_unpublished_recommendations", user))


def visible_recommendations(*, user: Any) -> QuerySet[Recommendation]:
    found = Recommendation.objects.filter(archived_at__isnull=True)
    if _internal(user):
        return found
    return found.filter(published_on__isnull=False)


def _overdue_actions(on: dt.date) -> Exists:
    return Exists(
        RecommendationAction.objects.filter(
            recommendation=OuterRef("pk"), archived_at__isnull=True, due_on__lt=on
        ).exclude(status=ActionStatus.DONE)
    )


def response_overdue(on: dt.date) -> Q:
    return Q(response="", response_due_on__lt=on)


def with_flags(recommendations: QuerySet[Recommendation], *, on: dt.date) -> QuerySet[Recommendation]:
    """Each recommendation with ``actions_overdue`` (an action not done past its due date) annotated."""
    return recommendations.annotate(actions_overdue=_overdue_actions(on))


def recommendation_list(
    *, user: Any, filters: RecommendationFilters, on: dt.date | None = None
) -> QuerySet[Recommendation]:
    on = on or today()
    found = with_flags(visible_recommendations(user=user).select_related("body", "executive"), on=on)
    found = search(found, filters.q, "search_text")
    if filters.body:
        found = found.filter(body_id=filters.body)
    if filters.status == Status.AWAITING:
        found = found.filter(response="")
    elif filters.status == Status.OVERDUE:
        found = found.filter(response_overdue(on))
    elif filters.status == Status.RESPONDED:
        found = found.exclude(response="").filter(implementation="")
    elif filters.status == Status.ACTIONS_OVERDUE:
        found = found.filter(_overdue_actions(on))
    elif filters.status == Status.SIGNED_OFF:
        found = found.exclude(implementation="")
    return found.order_by("-made_on", "-pk")


def recommendation_detail(*, user: Any, pk: int) -> Recommendation:
    """The recommendation with its committee, meeting, action plan and follow-ups (with their progress)."""
    on = today()
    found: Recommendation = (
        with_flags(Recommendation.objects.all(), on=on)
        .select_related("body", "executive", "meeting__body", "agenda_item", "responded_by")
        .prefetch_related(
            Prefetch("actions", queryset=RecommendationAction.objects.select_related("owner").order_by("number")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("by").prefetch_related("progress__action"),
            ),
        )
        .get(pk=pk)
    )
    return found


def is_response_overdue(recommendation: Recommendation, *, on: dt.date | None = None) -> bool:
    return not recommendation.response and recommendation.response_due_on < (on or today())


def overdue_actions_of(recommendation: Recommendation, *, on: dt.date | None = None) -> list[RecommendationAction]:
    on = on or today()
    return [a for a in recommendation.actions.all() if a.status != ActionStatus.DONE and a.due_on < on]


def overdue_responses(body: Body, *, on: dt.date | None = None) -> QuerySet[Recommendation]:
    """The committee's recommendations whose response is overdue, oldest due first (the scrutiny dashboard's list)."""
    return (
        Recommendation.objects.filter(response_overdue(on or today()), body=body, archived_at__isnull=True)
        .select_related("executive")
        .order_by("response_due_on", "pk")
    )


def scrutiny_committees() -> QuerySet[Body]:
    return Body.objects.filter(kind__in=[BodyKind.SCRUTINY, BodyKind.TASK_AND_FINISH], archived_at__isnull=True)


def meetings_of_scrutiny() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(body__in=scrutiny_committees(), archived_at__isnull=True)
        .select_related("body")
        .order_by("-starts_at")
    )


def recommendations_about_contract(*, user: Any, contract_id: int) -> list[Recommendation]:
    """The recommendations the user may see about a contract, newest first (one query)."""
    return list(
        visible_recommendations(user=user).filter(contract_id=contract_id).select_related("body").order_by("-made_on")
    )


# The home page and the notifications --------------------------------------------------------------------------------


def responses_owed(*, user: Any, on: dt.date | None = None) -> Sample[Recommendation]:
    """For a cabinet member: recommendations to the executive awaiting a response that is overdue or due within
    DUE_SOON_DAYS, soonest due first (two queries)."""
    if getattr(user, "role", None) != "cabinet" or not user.is_active:
        return Sample(items=[], total=0)
    on = on or today()
    found = Recommendation.objects.filter(
        archived_at__isnull=True,
        to=RecommendationTo.EXECUTIVE,
        response="",
        response_due_on__lte=on + dt.timedelta(days=DUE_SOON_DAYS),
    ).select_related("body")
    return sample(found.order_by("response_due_on", "pk"))


def actions_owed(*, user: Any, on: dt.date | None = None) -> Sample[RecommendationAction]:
    """The user's own actions of an action plan, not done and past their due date (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return Sample(items=[], total=0)
    on = on or today()
    found = (
        RecommendationAction.objects.filter(
            owner=user, archived_at__isnull=True, recommendation__archived_at__isnull=True, due_on__lt=on
        )
        .exclude(status=ActionStatus.DONE)
        .select_related("recommendation")
    )
    return sample(found.order_by("due_on", "pk"))


def responses_to_notify(*, on: dt.date) -> QuerySet[Recommendation]:
    """Recommendations to the executive awaiting a response due within DUE_SOON_DAYS (or overdue), whose executive
    has not yet been told of that state."""
    return (
        Recommendation.objects.filter(
            archived_at__isnull=True,
            to=RecommendationTo.EXECUTIVE,
            response="",
            response_due_on__lte=on + dt.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(notified="overdue")
        .select_related("body", "executive")
        .order_by("response_due_on", "pk")
    )


def executive_members(recommendation: Recommendation, *, on: dt.date) -> list[Any]:
    """The active users of the current councillor members of the executive body the recommendation is made to."""
    if recommendation.executive_id is None:
        return []
    members = (
        Membership.objects.filter(
            body_id=recommendation.executive_id,
            archived_at__isnull=True,
            starts_on__lte=on,
            councillor__user__isnull=False,
            councillor__user__is_active=True,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("councillor__user")
    )
    seen: dict[int, Any] = {}
    for membership in members:
        user = membership.councillor.user  # type: ignore[union-attr]
        seen.setdefault(user.pk, user)
    return list(seen.values())


EXPORT_HEADERS = [
    "Number",
    "Committee",
    "Recommendation",
    "Made on",
    "Made to",
    "Response due",
    "Response",
    "Responded on",
    "Response overdue",
    "Actions overdue",
    "Signed off",
]


def export_rows(recommendations: QuerySet[Recommendation], *, on: dt.date | None = None) -> Any:
    on = on or today()
    for rec in recommendations.iterator(chunk_size=500):
        yield [
            rec.number,
            rec.body.name,
            rec.text,
            rec.made_on,
            rec.recipient,
            rec.response_due_on,
            rec.get_response_display(),
            rec.responded_on,
            "Yes" if is_response_overdue(rec, on=on) else "No",
            "Yes" if rec.actions_overdue else "No",  # type: ignore[attr-defined]
            rec.signed_off_on or "",
        ]
