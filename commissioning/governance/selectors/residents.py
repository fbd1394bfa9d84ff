"""Reads for what governance adds to the residents app's public pages (issue 14), through the golden thread:
the cabinet member who answers for a service, and a ward's community committees and the decisions that affect it.
Each costs a fixed number of queries; the public sees published bodies and published decisions only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from commissioning.accounts.models import Councillor, Ward
from commissioning.governance.models import Body, BodyKind, Decision, DecisionStatus, Membership
from commissioning.governance.selectors.bodies import visible_bodies
from commissioning.governance.selectors.decisions import visible_decisions
from commissioning.services.models import Service

# How many of the latest decisions a ward's page lists.
PLACE_DECISIONS = 10


def _current_members(bodies: list[Body], *, on: dt.date) -> dict[int, list[Councillor]]:
    """The councillors currently sitting on each body (one query)."""
    found: dict[int, list[Councillor]] = {body.pk: [] for body in bodies}
    memberships = (
        Membership.objects.filter(body__in=bodies, archived_at__isnull=True, councillor__isnull=False)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lte=on)
        .select_related("councillor")
        .order_by("councillor__name")
    )
    for membership in memberships:
        found[membership.body_id].append(membership.councillor)  # type: ignore[arg-type]
    return found


@dataclass(frozen=True)
class PortfolioHolder:
    body: Body
    councillors: list[Councillor]


def portfolio_holder_of_service(*, user: Any, service: Service) -> PortfolioHolder | None:
    """The cabinet member whose portfolio covers the service's directorate (linked by ``Body.directorate``), as the
    user may see it: two queries, one when there is none."""
    body = (
        visible_bodies(user=user)
        .filter(kind=BodyKind.PORTFOLIO_HOLDER, directorate_id=service.directorate_id, archived_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if body is None:
        return None
    return PortfolioHolder(body, _current_members([body], on=timezone.localdate())[body.pk])


@dataclass(frozen=True)
class WardGovernance:
    committees: list[tuple[Body, list[Councillor]]]
    decisions: list[Decision]


def ward_governance(*, user: Any, ward: Ward) -> WardGovernance:
    """The community committees that cover a ward (with their members), and the latest decisions on reviews of
    services that serve it, as the user may see them (three queries)."""
    committees = list(
        visible_bodies(user=user)
        .filter(kind=BodyKind.COMMUNITY_COMMITTEE, wards=ward, archived_at__isnull=True)
        .order_by("name")
    )
    members = _current_members(committees, on=timezone.localdate()) if committees else {}
    decisions = list(
        visible_decisions(user=user)
        .exclude(status=DecisionStatus.SUPERSEDED)
        .filter(review__services__wards=ward, archived_at__isnull=True)
        .distinct()
        .order_by("-decided_on", "-pk")[:PLACE_DECISIONS]
    )
    return WardGovernance([(body, members[body.pk]) for body in committees], decisions)
