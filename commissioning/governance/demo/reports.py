"""The demo's committee report (issue 10, ADR 0037): one report drafted from a commissioning review's records (the
business case figures, the involvement record, the lead commissioner), cleared by the finance officer and the
monitoring officer, and published on the review's item on the agenda of its Programme Board's next meeting (else its
latest). One row, bulk-created with its history; no random draw, so no other seeded record changes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commissioning.core.demo import SeedContext
from commissioning.governance.models import (
    AgendaItem,
    CommitteeReport,
    MeetingStatus,
    ReportSource,
    ReportStatus,
)
from commissioning.governance.selectors import reports as selectors

REASON = "Demo council seeded"
REPORT_OF = "the Director of the review's directorate"


def _agenda_item(today: dt.date) -> AgendaItem | None:
    """A review's item on a meeting that is not cancelled: the next such meeting's, else the latest one's."""
    items = (
        AgendaItem.objects.filter(review__isnull=False, archived_at__isnull=True, meeting__archived_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("review__lead_commissioner", "review__directorate", "meeting")
    )
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    upcoming = items.filter(meeting__starts_at__gte=start).order_by("meeting__starts_at", "pk").first()
    return upcoming or items.order_by("-meeting__starts_at", "-pk").first()


def seed(ctx: SeedContext) -> None:
    users = ctx.made.get("users") or {}
    wanted = ("officer", "finance", "legal", "democratic")
    if CommitteeReport.objects.exists() or any(users.get(name) is None for name in wanted):
        return
    item = _agenda_item(ctx.today)
    if item is None or item.review is None:
        return
    review = item.review
    officer = review.lead_commissioner or users["officer"]
    draft = selectors.draft_from_review(user=officer, review=review)
    signed = timezone.make_aware(dt.datetime.combine(ctx.today - dt.timedelta(days=3), dt.time(10)))
    report = CommitteeReport(
        source_kind=ReportSource.REVIEW,
        review=review,
        report_of=f"the Director of {review.directorate}" if review.directorate_id else REPORT_OF,
        status=ReportStatus.PUBLISHED,
        finance_signed_by=users["finance"],
        finance_signed_at=signed,
        finance_comment="The figures agree with the business case.",
        legal_signed_by=users["legal"],
        legal_signed_at=signed + dt.timedelta(hours=4),
        legal_comment="The council has the power to do this; the decision is within the budget and policy framework.",
        agenda_item=item,
        published_on=ctx.today - dt.timedelta(days=2),
        published_by=users["democratic"],
        **draft,
    )
    bulk_create_with_history([report], CommitteeReport, default_user=officer, default_change_reason=REASON)
    ctx.counts["committee reports"] = 1
