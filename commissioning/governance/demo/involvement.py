"""Demo records for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review.

The council's default protocol and decision power rules; an involvement plan generated from the protocol for every
review that has a Programme Board (made by the bodies seeder); and the Programme Board's sign-off of the evidence
pack for every such review past Analyse. Dated from the demo's today (``ctx.today``, the app's clock on the day of
seeding), as the meetings and decisions are: each plan keeps the protocol's spacing from the review's planned
quarters but is moved so that today falls a few weeks into the review's current stage (or, for a review with a
business case, after its decision or before its submission), and the sign-off is dated when the review entered Plan.
Plans are bulk-created (with their history) so both scales seed quickly.
"""

from __future__ import annotations

import datetime as dt

from simple_history.utils import bulk_create_with_history

from commissioning.accounts.models import Councillor
from commissioning.appraisals.models import BusinessCase
from commissioning.core.demo import SeedContext
from commissioning.governance.actions.involvement import (
    evidence_fingerprint,
    planned_entries,
    protocol_defaults_set,
)
from commissioning.governance.models import (
    Body,
    BodyKind,
    Decision,
    DecisionStatus,
    Gate,
    GateSignOff,
    InvolvementEntry,
    InvolvementPart,
    ProtocolStep,
)
from commissioning.governance.selectors.involvement import stage_starts
from commissioning.reviews.models import CommissioningReview, Stage

REASON = "Demo council seeded"
# A review without a decision entered its current stage between RECENT_DAYS and RECENT_DAYS + RECENT_SPREAD days
# before the demo's today, so some of what its current stage asks is overdue and some is still to come.
RECENT_DAYS = 14
RECENT_SPREAD = 42
# A review moves on this long after the record that lets it: into Do after its decision's call-in window, into Plan
# (its evidence pack signed off) before its business case was submitted.
SETTLING_DAYS = 14


def _dated_from_today(
    ctx: SeedContext, review: CommissioningReview, n: int, decided: dict[int, dt.date], submitted: dict[int, dt.date]
) -> dt.timedelta:
    """How far to move the review's planned stage dates (from its planned quarters) so that the demo's today falls
    where the demo means it to in the review's current stage: a few weeks into it, or, for a review with a business
    case, after what its decision and business case imply (into Do after the decision; into Plan before the case)."""
    began = ctx.today - dt.timedelta(days=RECENT_DAYS + (n * 11) % RECENT_SPREAD)
    if review.stage == Stage.DO and review.pk in decided:
        began = decided[review.pk] + dt.timedelta(days=SETTLING_DAYS)
    elif review.stage == Stage.PLAN and review.pk in submitted:
        began = submitted[review.pk] - dt.timedelta(days=SETTLING_DAYS)
    return began - stage_starts(review)[review.stage]


def seed(ctx: SeedContext) -> None:
    """Add this area's demo records."""
    users = ctx.made["users"]
    by = users.get("democratic") or users["admin"]
    protocol_defaults_set(by=by, reason=REASON)
    steps = list(ProtocolStep.objects.active().order_by("pk"))
    boards = list(
        Body.objects.active()
        .filter(kind=BodyKind.PROGRAMME_BOARD, review__isnull=False)
        .select_related("review", "review__directorate", "review__lead_commissioner")
        .order_by("review__reference", "pk")
    )
    # When each review's adopting decision was taken and its first business case submitted (the earlier seeders').
    decided = dict(
        Decision.objects.filter(status=DecisionStatus.PUBLISHED, adopted_option__isnull=False)
        .order_by("decided_on")
        .values_list("review_id", "decided_on")
    )
    submitted = {
        review_id: moment.date()
        for review_id, moment in BusinessCase.objects.filter(submitted_at__isnull=False)
        .order_by("-submitted_at")
        .values_list("review_id", "submitted_at")
    }
    entries: list[InvolvementEntry] = []
    sign_offs: list[GateSignOff] = []
    signed = set(GateSignOff.objects.values_list("review_id", flat=True))
    seen: set[int] = set()
    stages = list(Stage.values)
    for board in boards:
        review = board.review
        if review is None or review.pk in seen:
            continue
        seen.add(review.pk)
        # The plan as the protocol dates it, moved so the demo's today falls in the review's current stage.
        shift = _dated_from_today(ctx, review, len(seen), decided, submitted)
        planned = planned_entries(review, steps=steps)
        for entry in planned:
            if entry.due_on is not None:
                entry.due_on += shift
            # What was asked at the stages the review has left was done, on the day it was due: only the asks of its
            # current stage can be outstanding (or overdue) in the demo.
            if stages.index(entry.stage) < stages.index(review.stage):
                entry.done_on = entry.due_on
        entries.extend(planned)
        if review.stage != Stage.ANALYSE and review.pk not in signed:
            # Signed off when the review entered Plan, and before any business case of it was submitted.
            plan_began = stage_starts(review)[Stage.PLAN] + shift
            latest = min(ctx.today, submitted.get(review.pk, ctx.today)) - dt.timedelta(days=1)
            sign_offs.append(
                GateSignOff(
                    review=review,
                    gate=Gate.ANALYSE_TO_PLAN,
                    body=board,
                    signed_off_on=min(plan_began, latest),
                    signed_off_by=by,
                    evidence_fingerprint=evidence_fingerprint(review),
                )
            )
    _make_sure_the_demo_councillor_is_involved(ctx, entries, boards)
    if entries:
        bulk_create_with_history(
            entries, InvolvementEntry, batch_size=1000, default_user=by, default_change_reason=REASON
        )
    if sign_offs:
        bulk_create_with_history(sign_offs, GateSignOff, batch_size=500, default_user=by, default_change_reason=REASON)
    ctx.counts["involvement entries"] = len(entries)
    ctx.counts["gate sign-offs"] = len(sign_offs)
    ctx.made["involvement"] = {"entries": len(entries), "sign_offs": len(sign_offs)}


def _make_sure_the_demo_councillor_is_involved(
    ctx: SeedContext, entries: list[InvolvementEntry], boards: list[Body]
) -> None:
    """The demo "councillor" login should find a review on "My involvement". Its ward is nearly always served by a
    reviewed service; when it is not, the first review with a Programme Board consults them by amendment."""
    councillor = Councillor.objects.filter(user__username="councillor").first()  # as saved, on a second run too
    if councillor is None or not boards or any(e.councillor_id == councillor.pk for e in entries):
        return
    if InvolvementEntry.objects.filter(councillor=councillor).exists():
        return
    review = boards[0].review
    assert review is not None
    entries.append(
        InvolvementEntry(
            review=review,
            stage=review.stage,
            part=InvolvementPart.CONSULTED,
            councillor=councillor,
            asked="Say what residents of your ward tell you about the service",
            due_on=ctx.today + dt.timedelta(weeks=2),
            amendment_reason="The ward is next to the area the service covers, so its councillor is consulted too",
        )
    )
