"""The demo's scrutiny work programme (issue 10, ADR 0034): the Overview and Scrutiny Committee's published programme
with a few items (an indicator, a service, a decision and a theme, one at its next meeting), and a task and finish
group on the theme with one evidence session. Bulk-created, a handful of rows at either scale."""

from __future__ import annotations

import datetime as dt

from simple_history.utils import bulk_create_with_history

from commissioning.core.demo import SeedContext, add_m2m
from commissioning.governance.models import (
    Decision,
    DecisionStatus,
    EvidenceSession,
    Inquiry,
    InquiryKind,
    Membership,
    SubjectKind,
    WorkItemStatus,
    WorkProgramme,
    WorkProgrammeItem,
)
from commissioning.outcomes.models import Indicator
from commissioning.services.models import Service

REASON = "Demo council seeded"
THEME = "How families find early help"


def _month(day: dt.date, ahead: int) -> str:
    month = day.month - 1 + ahead
    return f"{day.year + month // 12:04d}-{month % 12 + 1:02d}"


def seed(ctx: SeedContext) -> None:
    body = ctx.made.get("bodies", {}).get("scrutiny")
    if body is None or WorkProgramme.objects.filter(body=body).exists():
        return
    by = ctx.made["users"]["scrutiny"]
    (programme,) = bulk_create_with_history(
        [WorkProgramme(body=body, published_on=ctx.today - dt.timedelta(days=30), published_by=by)],
        WorkProgramme,
        default_user=by,
        default_change_reason=REASON,
    )
    upcoming = [m for m in ctx.made.get("meetings", {}).get(body.pk, []) if m.starts_at.date() >= ctx.today]
    service = Service.objects.filter(archived_at__isnull=True).order_by("name").first()
    indicator = Indicator.objects.filter(archived_at__isnull=True).order_by("code").first()
    decision = (
        Decision.objects.filter(status=DecisionStatus.PUBLISHED, archived_at__isnull=True)
        .order_by("-published_on")
        .first()
    )
    items = [
        WorkProgrammeItem(
            programme=programme,
            title=THEME,
            subject_kind=SubjectKind.THEME,
            theme=THEME,
            reason="Members heard from residents that families struggle to find early help before a crisis.",
            planned_month=_month(ctx.today, 3),
            status=WorkItemStatus.SCHEDULED,
        )
    ]
    if indicator is not None:
        items.append(
            WorkProgrammeItem(
                programme=programme,
                title=f"{indicator.code}: {indicator.name}",
                subject_kind=SubjectKind.INDICATOR,
                indicator=indicator,
                reason="Off target for two quarters running: the committee wants to hear the recovery plan.",
                source="Scrutiny dashboard: Indicators off target and getting worse",
                meeting=upcoming[0] if upcoming else None,
                status=WorkItemStatus.SCHEDULED if upcoming else WorkItemStatus.PROPOSED,
            )
        )
    if service is not None:
        items.append(
            WorkProgrammeItem(
                programme=programme,
                title=f"Value for money: {service.name}",
                subject_kind=SubjectKind.SERVICE,
                service=service,
                reason="Its unit cost is high against comparator councils: what explains it?",
                planned_month=_month(ctx.today, 5),
                status=WorkItemStatus.SCHEDULED,
            )
        )
    if decision is not None:
        items.append(
            WorkProgrammeItem(
                programme=programme,
                title=f"Implementation of {decision.reference}",
                subject_kind=SubjectKind.DECISION,
                decision=decision,
                reason="Members asked for a report six months after the decision on how it is being carried out.",
                status=WorkItemStatus.PROPOSED,
            )
        )
    items = bulk_create_with_history(items, WorkProgrammeItem, default_user=by, default_change_reason=REASON)
    (inquiry,) = bulk_create_with_history(
        [
            Inquiry(
                item=items[0],
                kind=InquiryKind.TASK_AND_FINISH,
                title="Task and finish group: access to early help",
                scope=(
                    "How families with children under five find early help, and what stops them; not the statutory "
                    "children's social care threshold."
                ),
            )
        ],
        Inquiry,
        default_user=by,
        default_change_reason=REASON,
    )
    members = list(
        Membership.objects.filter(body=body, councillor__isnull=False, ends_on__isnull=True)
        .order_by("role", "pk")
        .values_list("councillor_id", flat=True)[:5]
    )
    add_m2m(Inquiry, "members", [(inquiry.pk, pk) for pk in members], new_owner_ids={inquiry.pk})
    bulk_create_with_history(
        [
            EvidenceSession(
                inquiry=inquiry,
                held_on=ctx.today - dt.timedelta(days=14),
                witnesses="Head of Early Help\nChair of the Parents' Forum",
                papers="Early help offer: a map of services\nParents' Forum survey summary",
                notes="Families said the offer is hard to find online and the first call is often not returned.",
            )
        ],
        EvidenceSession,
        default_user=by,
        default_change_reason=REASON,
    )
    ctx.counts["scrutiny work programme items"] = len(items)
