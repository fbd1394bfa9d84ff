"""The demo's scrutiny recommendations (issue 10): four from the Overview and Scrutiny Committee. One to Cabinet
whose response is overdue, one due within ten days (on the cabinet login's home page), one accepted with an action
plan (one of its actions, the officer login's, overdue), and one to a partner not yet published. Bulk, a few rows."""

from __future__ import annotations

import datetime as dt

from simple_history.utils import bulk_create_with_history

from commissioning.core.demo import SeedContext, create_missing
from commissioning.governance.calculations import recommendations as calc
from commissioning.governance.models import (
    ActionStatus,
    Recommendation,
    RecommendationAction,
    RecommendationTo,
    ResponseKind,
)

REASON = "Demo council seeded"


def seed(ctx: SeedContext) -> None:
    bodies = ctx.made.get("bodies") or {}
    scrutiny, cabinet = bodies.get("scrutiny"), bodies.get("cabinet")
    users = ctx.made.get("users") or {}
    if scrutiny is None or cabinet is None:
        return
    today = ctx.today
    year = today.year

    def made(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def rec(n: int, days: int, text: str, **extra: object) -> Recommendation:
        return Recommendation(
            body=scrutiny,
            number=f"SR-{year}-{n:02d}",
            text=text,
            made_on=made(days),
            response_due_on=calc.response_due(made(days), 2),
            executive=cabinet if extra.get("to", RecommendationTo.EXECUTIVE) == RecommendationTo.EXECUTIVE else None,
            **extra,  # type: ignore[arg-type]
        )

    responded_on = made(70)
    wanted = [
        rec(
            1,
            100,
            "Cabinet should publish the quality ratings of every care home it commissions, with the actions taken on "
            "any rated Inadequate.",
            published_on=made(95),
        ),
        rec(
            2,
            55,
            "Cabinet should set a target for the share of home care visits made on time, and report it each quarter.",
            published_on=made(50),
        ),
        rec(
            3,
            120,
            "Cabinet should re-procure the day opportunities service with the outcomes residents asked for.",
            published_on=made(115),
            response=ResponseKind.ACCEPTED,
            response_reasons="Cabinet agrees: the current contract ends next year and the review has heard residents.",
            responded_on=responded_on,
            responded_by=users.get("cabinet"),
            next_follow_up_on=calc.next_follow_up(responded_on, 6),
        ),
        rec(
            4,
            10,
            "The integrated care board should share its waiting-time data for community services with the council.",
            to=RecommendationTo.PARTNER,
            partner="Integrated care board",
        ),
    ]
    existing = set(Recommendation.objects.filter(body=scrutiny).values_list("number", flat=True))
    new = [r for r in wanted if r.number not in existing]
    if not new:
        return
    created = create_missing(Recommendation, new, key="number", ctx=ctx, reason=REASON)
    accepted = created.get(f"SR-{year}-03")
    if accepted is not None and accepted.number in {r.number for r in new}:
        officer = users.get("officer")
        actions = [
            RecommendationAction(
                recommendation=accepted,
                number=1,
                text="Agree the outcomes with residents and the provider market",
                owner=officer,
                owner_name="" if officer is not None else "Lead commissioner",
                due_on=made(10),
                status=ActionStatus.IN_PROGRESS,
            ),
            RecommendationAction(
                recommendation=accepted,
                number=2,
                text="Publish the tender",
                owner_name="Regional procurement hub",
                due_on=today + dt.timedelta(days=150),
            ),
        ]
        bulk_create_with_history(actions, RecommendationAction, default_change_reason=REASON)
    ctx.counts["scrutiny recommendations"] = len(new)
