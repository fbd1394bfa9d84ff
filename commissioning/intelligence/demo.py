"""Demo council records for ward intelligence: what councillors have heard from residents, and the answers.

Submissions run from January to March 2026 (the demo council's "today" is 1 April 2026, as in the service
catalogue), so the older ones have been answered and closed and the newer ones are still waiting; some of those
are overdue. The demo ``councillor`` login has one submission in each state (submitted, acknowledged, responded,
closed and withdrawn), about services the demo ``officer`` login answers for where there are any, so both logins
see the whole journey. The rest come from the other councillors, about services in their wards.

The choices come from a random stream of their own (derived from the seed), so other seeders cannot shift them;
references (WI-2026-0001 ...) are the natural key, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from commissioning.accounts.models import Councillor, User
from commissioning.core.demo import SeedContext, create_missing
from commissioning.intelligence.calculations import response_due
from commissioning.intelligence.models import RESPONSE_WORKING_DAYS, IntelligenceStatus, Urgency, WardIntelligence
from commissioning.services.models import Service

SUBMISSIONS = {"district": 40, "metropolitan": 300}
LONDON = ZoneInfo("Europe/London")
FIRST_DAY = dt.date(2026, 1, 5)
DEMO_TODAY = dt.date(2026, 4, 1)
URGENCY_WEIGHTS = [(Urgency.LOW, 30), (Urgency.MEDIUM, 40), (Urgency.HIGH, 22), (Urgency.URGENT, 8)]

TITLES = [
    "Residents in {ward} say {service} is hard to get through to",
    "Long waits for {service} in {ward}",
    "{service}: older residents in {ward} did not know about the changes",
    "Praise for {service} staff from residents in {ward}",
    "{service} not reaching the new estate in {ward}",
    "Worries in {ward} about cuts to {service}",
    "Residents in {ward} asking for {service} at weekends",
    "Families in {ward} confused by the {service} online form",
]
SAYINGS = [
    "At my ward surgery on {day} {count} residents raised this with me, and I have had {emails} emails about it "
    "since. They say it has been getting worse since the autumn.",
    "Residents' association members told me at their meeting on {day} that this is the most common complaint they "
    "hear. {count} households have signed a letter to me about it.",
    "I have been stopped in the street about this {count} times in the last month. People are not angry, but they "
    "do not know who to ask, and several have given up trying.",
    "Since {day} I have had {emails} emails and {count} phone calls about this. Most are from older residents and "
    "carers, who say the service used to work well for them.",
]
RESPONSES = [
    "Thank you for raising this. We have looked at the contacts from {ward} and you are right: waiting times there "
    "are longer than elsewhere. We are moving a member of staff to cover the area from next month and will report "
    "back at the next ward forum.",
    "Thank you. We have checked our records and found that residents in {ward} were not sent the letter about the "
    "changes. We are writing to every household this week and will hold a drop-in session at the community centre.",
    "We are grateful for the feedback and have passed it on to the team. This will be part of the evidence for the "
    "service's next commissioning review, and we will contact you when the review starts.",
    "We have investigated and the problem was a scheduling error, which has now been fixed. Please let us know if "
    "residents still have difficulties after the end of the month.",
]
WITHDRAW_REASONS = ["Resolved at the ward forum before the service replied", "Submitted twice by mistake"]
# The demo councillor's journey: (status, urgency, days before DEMO_TODAY, withdrawn).
DEMO_JOURNEY = [
    (IntelligenceStatus.CLOSED, Urgency.MEDIUM, 70, False),
    (IntelligenceStatus.RESPONDED, Urgency.HIGH, 30, False),
    (IntelligenceStatus.ACKNOWLEDGED, Urgency.MEDIUM, 16, False),
    (IntelligenceStatus.SUBMITTED, Urgency.URGENT, 2, False),
    (IntelligenceStatus.SUBMITTED, Urgency.LOW, 9, True),
]


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.choice([0, 15, 30, 45]), tzinfo=LONDON)


def _later(start: dt.datetime, rng: random.Random, *, low: int, high: int) -> dt.datetime:
    """A moment some days after ``start``, never after the demo's "today"."""
    moment = start + dt.timedelta(days=rng.randint(low, high), hours=rng.randint(1, 6))
    latest = dt.datetime(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, 9, 0, tzinfo=LONDON)
    return min(moment, latest)


def _status_for_age(rng: random.Random, age: int) -> str:
    if age > 45:
        options = [
            (IntelligenceStatus.CLOSED, 5),
            (IntelligenceStatus.RESPONDED, 4),
            (IntelligenceStatus.ACKNOWLEDGED, 1),
        ]
    elif age > 20:
        options = [
            (IntelligenceStatus.CLOSED, 1),
            (IntelligenceStatus.RESPONDED, 5),
            (IntelligenceStatus.ACKNOWLEDGED, 3),
            (IntelligenceStatus.SUBMITTED, 1),
        ]
    else:
        options = [
            (IntelligenceStatus.RESPONDED, 2),
            (IntelligenceStatus.ACKNOWLEDGED, 4),
            (IntelligenceStatus.SUBMITTED, 5),
        ]
    values, weights = zip(*options, strict=True)
    return str(rng.choices(values, weights=weights)[0])


def _record(
    rng: random.Random,
    *,
    councillor: Councillor,
    user: User,
    ward: Any,
    service: Service,
    status: str,
    urgency: str,
    submitted_day: dt.date,
    withdrawn: bool = False,
) -> WardIntelligence:
    submitted = _at(submitted_day, rng)
    short = service.name.split(":")[0]
    item = WardIntelligence(
        service=service,
        ward=ward,
        councillor=councillor,
        submitted_by=user,
        title=rng.choice(TITLES).format(ward=ward.name, service=short)[:200],
        residents_saying=rng.choice(SAYINGS).format(
            day=f"{submitted_day.day} {submitted_day:%B}", count=rng.randint(3, 14), emails=rng.randint(2, 20)
        ),
        urgency=urgency,
        status=status,
        submitted_at=submitted,
        response_due=response_due(submitted=submitted, working_days=RESPONSE_WORKING_DAYS[Urgency(urgency)]),
    )
    item.title = item.title[0].upper() + item.title[1:]
    # Whoever answers for the service answers: its accountable officer, now and then the directorate's director.
    answerer = service.accountable_officer
    if service.directorate.director is not None and rng.random() < 0.2:
        answerer = service.directorate.director
    if status != IntelligenceStatus.SUBMITTED:
        item.acknowledged_at = _later(submitted, rng, low=0, high=3)
        item.acknowledged_by = answerer
    if status in (IntelligenceStatus.RESPONDED, IntelligenceStatus.CLOSED):
        assert item.acknowledged_at is not None
        item.responded_at = _later(item.acknowledged_at, rng, low=1, high=12)
        item.responded_by = answerer
        item.response = rng.choice(RESPONSES).format(ward=ward.name)
    if status == IntelligenceStatus.CLOSED:
        assert item.responded_at is not None
        item.closed_at = _later(item.responded_at, rng, low=1, high=10)
        item.closed_by = answerer
    if withdrawn:
        item.archived_at = _later(submitted, rng, low=1, high=2)
        item.archived_by = user
        item.archive_reason = rng.choice(WITHDRAW_REASONS)
    return item


def _demo_councillor_items(
    rng: random.Random,
    councillor: Councillor,
    services: list[Service],
    served: dict[int, set[int]],
    demo_officer: User,
) -> list[WardIntelligence]:
    ward = sorted(councillor.wards.all(), key=lambda w: w.ons_code)[0]
    serving = [s for s in services if ward.pk in served.get(s.pk, set())]
    preferred = [s for s in serving if s.accountable_officer_id == demo_officer.pk] or serving or services
    not_serving = [
        s for s in services if ward.pk not in served.get(s.pk, set()) and s.accountable_officer_id == demo_officer.pk
    ]
    items = []
    for index, (status, urgency, age, withdrawn) in enumerate(DEMO_JOURNEY):
        service = preferred[index % len(preferred)]
        if status == IntelligenceStatus.SUBMITTED and not withdrawn and not_serving:
            service = not_serving[0]  # "not recorded as serving this ward" shows in the demo
        items.append(
            _record(
                rng,
                councillor=councillor,
                user=councillor.user,  # type: ignore[arg-type]
                ward=ward,
                service=service,
                status=status,
                urgency=urgency,
                submitted_day=DEMO_TODAY - dt.timedelta(days=age),
                withdrawn=withdrawn,
            )
        )
    return items


def seed(ctx: SeedContext) -> None:
    rng = random.Random(f"intelligence-{ctx.seed}")  # its own stream: other seeders cannot shift it
    demo_officer = ctx.made["users"]["officer"]
    councillors = list(
        Councillor.objects.active()
        .filter(user__isnull=False)
        .select_related("user")
        .prefetch_related("wards")
        .order_by("name")
    )
    services = list(
        Service.objects.active().select_related("accountable_officer", "directorate__director").order_by("reference")
    )
    served: dict[int, set[int]] = {}
    for service_id, ward_id in Service.wards.through.objects.values_list("service_id", "ward_id"):
        served.setdefault(service_id, set()).add(ward_id)
    if not councillors or not services:
        return
    demo = next((c for c in councillors if c.user is not None and c.user.username == "councillor"), None)
    items = _demo_councillor_items(rng, demo, services, served, demo_officer) if demo is not None else []
    others = [c for c in councillors if c is not demo]
    officer_services = [s for s in services if s.accountable_officer_id == demo_officer.pk]
    days = (DEMO_TODAY - FIRST_DAY).days
    urgencies, urgency_weights = zip(*URGENCY_WEIGHTS, strict=True)
    for index in range(SUBMISSIONS[ctx.scale.name] - len(items)):
        councillor = others[rng.randrange(len(others))]
        wards = sorted(councillor.wards.all(), key=lambda w: w.ons_code)
        ward = wards[rng.randrange(len(wards))]
        serving = [s for s in services if ward.pk in served.get(s.pk, set())]
        # So the demo officer's inbox has work in it from other councillors too, whatever the draw: the first few, then
        # about one in seven.
        if officer_services and (index < 3 or rng.random() < 0.15):
            pool = officer_services
        else:
            pool = serving if serving and rng.random() < 0.9 else services
        service = pool[rng.randrange(len(pool))]
        age = rng.randint(1, days)  # up to the day before the demo's "today"
        status = _status_for_age(rng, age)
        items.append(
            _record(
                rng,
                councillor=councillor,
                user=councillor.user,  # type: ignore[arg-type]
                ward=ward,
                service=service,
                status=status,
                urgency=str(rng.choices(urgencies, weights=urgency_weights)[0]),
                submitted_day=DEMO_TODAY - dt.timedelta(days=age),
                withdrawn=status == IntelligenceStatus.SUBMITTED and rng.random() < 0.1,
            )
        )
    # References number each year's submissions in the order they arrived, like WI-2026-0001.
    items.sort(key=lambda item: (item.submitted_at, item.ward.ons_code, item.service.reference))
    numbers: dict[int, int] = {}
    for item in items:
        year = item.submitted_at.year
        numbers[year] = numbers.get(year, 0) + 1
        item.reference = f"WI-{year}-{numbers[year]:04d}"
    create_missing(WardIntelligence, items, key="reference", ctx=ctx)
