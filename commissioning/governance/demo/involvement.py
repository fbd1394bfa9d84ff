"""Demo records for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review.

The council's default protocol and decision power rules; an involvement plan generated from the protocol for every
review that has a Programme Board (made by the bodies seeder); and the Programme Board's sign-off of the evidence
pack for every such review past Analyse. Plans are bulk-created (with their history) so both scales seed quickly.
"""

from __future__ import annotations

import datetime as dt

from simple_history.utils import bulk_create_with_history

from commissioning.accounts.models import Councillor
from commissioning.core.demo import SeedContext
from commissioning.governance.actions.involvement import (
    evidence_fingerprint,
    planned_entries,
    protocol_defaults_set,
)
from commissioning.governance.models import (
    Body,
    BodyKind,
    Gate,
    GateSignOff,
    InvolvementEntry,
    InvolvementPart,
    ProtocolStep,
)
from commissioning.reviews.models import Stage

REASON = "Demo council seeded"
DEMO_TODAY = dt.date(2026, 4, 1)  # the demo council's "today", as in the service catalogue


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
    entries: list[InvolvementEntry] = []
    sign_offs: list[GateSignOff] = []
    signed = set(GateSignOff.objects.values_list("review_id", flat=True))
    seen: set[int] = set()
    for board in boards:
        review = board.review
        if review is None or review.pk in seen:
            continue
        seen.add(review.pk)
        planned = planned_entries(review, steps=steps)
        # What was asked at the stages the review has left was done, on the day it was due: only the asks of its
        # current stage can be outstanding (or overdue) in the demo.
        stages = list(Stage.values)
        for entry in planned:
            if stages.index(entry.stage) < stages.index(review.stage):
                entry.done_on = entry.due_on
        entries.extend(planned)
        if review.stage != Stage.ANALYSE and review.pk not in signed:
            sign_offs.append(
                GateSignOff(
                    review=review,
                    gate=Gate.ANALYSE_TO_PLAN,
                    body=board,
                    signed_off_on=DEMO_TODAY - dt.timedelta(days=30 + len(sign_offs) % 60),
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
            due_on=DEMO_TODAY + dt.timedelta(weeks=2),
            amendment_reason="The ward is next to the area the service covers, so its councillor is consulted too",
        )
    )
