"""Demo complaints: every state (received, acknowledged, extended, answered, at stage 2, closed, overdue) across the
published services, their providers and the wards, in bulk (one insert per table, history included).

The residents' names and contact details are invented; the tracking tokens are not kept (the demo's tracking links
are made by making a complaint on the public form).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from zoneinfo import ZoneInfo

from simple_history.utils import bulk_create_with_history

from commissioning.accounts.models import User
from commissioning.core.demo import SeedContext, create_missing
from commissioning.core.permissions import Role
from commissioning.residents import calculations_complaints as calc
from commissioning.residents.models import Complaint, ComplaintStatus, ComplaintStep, Outcome, Route, StepKind
from commissioning.services.models import EXTERNAL_DELIVERY, Service

COMPLAINTS = {"district": 60, "metropolitan": 160}
LONDON = ZoneInfo("Europe/London")
WHAT = [
    "The collection was missed twice this month and nobody called back.",
    "The carer arrived late every day last week.",
    "The form on the website would not accept my address.",
    "I waited over an hour at the centre and was then told to come back.",
    "The repair was booked but nobody came.",
    "The letter I was sent had the wrong date on it.",
]
ANSWERS = [
    "We are sorry. We have looked into what happened and spoken to the team.",
    "Thank you for telling us. We have checked the records with the provider.",
]
REMEDIES = ["An apology and a visit this week", "A refund of the charge", "The round has been changed", ""]
LEARNING = ["Rounds are checked weekly now", "Staff reminded to call back within a day", ""]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def seed(ctx: SeedContext) -> None:
    rng = random.Random(f"complaints-{ctx.seed}")  # noqa: S311 (demo data, not secrets)
    services = list(
        Service.objects.filter(published=True, archived_at__isnull=True)
        .select_related("provider", "directorate", "accountable_officer")
        .order_by("reference")
    )
    wards = list(ctx.made.get("wards", []))
    if not services or not wards:
        return
    provider_contacts = {
        user.organisation_id: user
        for user in User.objects.filter(role=Role.PROVIDER, is_active=True).order_by("-username")
    }
    directors = ctx.made.get("directors") or []
    complaints: list[Complaint] = []
    plans: list[tuple[Complaint, list[tuple[str, int, dt.date, str, User | None]]]] = []
    for index in range(COMPLAINTS[ctx.scale.name]):
        service = services[index % len(services)] if index < len(services) else rng.choice(services)
        external = service.delivery_model in EXTERNAL_DELIVERY and service.provider_id is not None
        age = [1, 3, 6, 9, 14, 20, 40, 90, 200, 300][index % 10] + rng.randint(0, 3)
        received = ctx.today - dt.timedelta(days=age)
        first = calc.stage1(received)
        handler = provider_contacts.get(service.provider_id) if external else service.accountable_officer
        handler = handler or service.accountable_officer
        reply_by = "email" if index % 3 else "phone"
        complaint = Complaint(
            reference=f"CP-{received.year}-{index + 1:04d}",
            kind="complaint" if index % 4 else "problem",
            service=service,
            ward=wards[index % len(wards)],
            happened_on=received - dt.timedelta(days=rng.randint(0, 10)),
            received_on=received,
            what_happened=WHAT[index % len(WHAT)],
            name=f"Resident {index + 1}",
            email=f"resident{index + 1}@example.org" if reply_by == "email" else "",
            phone="" if reply_by == "email" else f"01632 96{index % 10000:04d}",
            reply_by=reply_by,
            share_contact=index % 2 == 0,
            token_hash=hashlib.sha256(f"demo-complaint-{ctx.seed}-{index}".encode()).hexdigest(),
            route=Route.PROVIDER if external else Route.COUNCIL,
            provider=service.provider if external else None,
            stage1_acknowledge_by=first.acknowledge_by,
            stage1_answer_by=first.answer_by,
        )
        steps: list[tuple[str, int, dt.date, str, User | None]] = [(StepKind.RECEIVED, 1, received, "", None)]
        overdue = index % 7 == 0  # about one in seven is late, so queues and notices have something to show
        if age > 5 and not (overdue and age < 20):
            complaint.stage1_acknowledged_on = min(first.acknowledge_by, received + dt.timedelta(days=2))
            complaint.status = ComplaintStatus.STAGE1_ACKNOWLEDGED
            steps.append((StepKind.ACKNOWLEDGED, 1, complaint.stage1_acknowledged_on, "", handler))
        if index % 5 == 1 and age > 8:
            extended = calc.extended(received, days=5, reason="We are waiting for the provider's records")
            complaint.stage1_extended_by_days = 5
            complaint.stage1_extension_reason = "We are waiting for the provider's records"
            complaint.stage1_answer_by = extended.answer_by
            steps.append(
                (StepKind.EXTENDED, 1, received + dt.timedelta(days=6), complaint.stage1_extension_reason, handler)
            )
        if age >= 14 and not overdue:
            answered = min(ctx.today, complaint.stage1_answer_by + dt.timedelta(days=rng.choice([-4, -2, 0, 0, 3])))
            outcome = [Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD][index % 3]
            complaint.stage1_answered_on = answered
            complaint.stage1_handler = handler
            complaint.stage1_outcome = outcome
            complaint.outcome = outcome
            complaint.remedy = "" if outcome == Outcome.NOT_UPHELD else REMEDIES[index % 3]
            complaint.learning = LEARNING[index % len(LEARNING)]
            complaint.status = ComplaintStatus.STAGE1_ANSWERED
            steps.append((StepKind.ANSWERED, 1, answered, ANSWERS[index % len(ANSWERS)], handler))
            if index % 4 == 0:
                asked = answered + dt.timedelta(days=3)
                second = calc.stage2(asked)
                complaint.stage2_requested_on = asked
                complaint.stage2_acknowledge_by = second.acknowledge_by
                complaint.stage2_answer_by = second.answer_by
                complaint.status = ComplaintStatus.STAGE2_RECEIVED
                steps.append((StepKind.STAGE2, 2, asked, "I am not satisfied with the answer.", None))
                reviewer = service.directorate.director or (directors[0] if directors else None)
                if age > 60 and reviewer is not None and reviewer.pk != handler.pk:
                    final = second.answer_by - dt.timedelta(days=2)
                    complaint.stage2_acknowledged_on = asked + dt.timedelta(days=2)
                    complaint.stage2_answered_on = final
                    complaint.stage2_handler = reviewer
                    complaint.outcome = Outcome.PARTLY_UPHELD
                    complaint.remedy = "A further apology and a review of the service's process"
                    complaint.status = ComplaintStatus.CLOSED
                    complaint.ombudsman = calc.ombudsman_for(names=(service.directorate.name, service.name)).value
                    steps.append((StepKind.ANSWERED, 2, final, "This is the council's final answer.", reviewer))
                elif age > 25:
                    complaint.stage2_acknowledged_on = asked + dt.timedelta(days=1)
                    complaint.status = ComplaintStatus.STAGE2_ACKNOWLEDGED
                    steps.append((StepKind.ACKNOWLEDGED, 2, complaint.stage2_acknowledged_on, "", reviewer))
        complaints.append(complaint)
        plans.append((complaint, steps))
    existing = set(
        Complaint.objects.filter(reference__in=[c.reference for c in complaints]).values_list("reference", flat=True)
    )
    made = create_missing(Complaint, complaints, key="reference", ctx=ctx)
    rows = [
        ComplaintStep(
            complaint=made[complaint.reference],
            kind=kind,
            stage=stage,
            at=_at(day, 10 + n),
            text=text,
            by_resident=kind in (StepKind.STAGE2, StepKind.INFORMATION),
            by=by,
        )
        for complaint, steps in plans
        if complaint.reference not in existing
        for n, (kind, stage, day, text, by) in enumerate(steps)
    ]
    if rows:
        bulk_create_with_history(rows, ComplaintStep, batch_size=500, default_change_reason="Demo council seeded")
    ctx.counts["complaint steps"] = len(rows)
