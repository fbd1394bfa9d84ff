"""Demo procurements and grant awards: four procurements at different OCDS stages (planning; tender with bids part
scored, the in-house bid among them; awarded with the contract to start; in implementation) and two grant awards,
each linked to the register's contracts the contracts seeder made. Bulk-created (criteria, bids and scores without
per-row history), so seeding stays a fraction of a second at both scales."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from commissioning.accounts.models import Organisation
from commissioning.contracts.models import (
    Bid,
    Contract,
    ContractKind,
    EvaluationCriterion,
    GrantAward,
    Lot,
    Procedure,
    Procurement,
    Score,
)
from commissioning.core.demo import SeedContext, create_missing

CRITERIA = (("Quality of service", "quality", 50), ("Price", "price", 35), ("Social value", "social_value", 15))
TITLES = ("Day opportunities", "Supported living", "Reablement at home", "Carers' support")
PREFIX = "ocds-000000"  # settings.OCDS_PREFIX's default: the demo's ocids


def _on(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def seed(ctx: SeedContext, *, contracts: dict[str, Contract]) -> None:
    if Procurement.objects.filter(reference__startswith="PRO-").exists():
        return
    today, users = ctx.today, ctx.made["users"]
    decision_model = Procurement._meta.get_field("adopting_decision").related_model
    published = decision_model._default_manager.filter(status="published")  # type: ignore[union-attr]
    adopting: Any = published.filter(adopted_option__isnull=False).order_by("pk").first()
    award_decision: Any = published.order_by("-pk").first()
    demo_provider = users["provider"].organisation
    external = [
        c
        for c in sorted(contracts.values(), key=lambda c: c.reference)
        if c.kind == ContractKind.CONTRACT and c.provider_id and c.provider_id != demo_provider.pk
    ]
    bidders = list(
        Organisation.objects.filter(is_home=False, archived_at__isnull=True)
        .exclude(company_number="")
        .exclude(pk=demo_provider.pk)
        .order_by("pk")[:6]
    )
    if award_decision is None or len(external) < 2 or len(bidders) < 2:
        return
    year = today.year
    plans: list[dict[str, Any]] = [
        {"stage": "planning", "tender_start": _on(today, 3)},
        {"stage": "tender", "tender_start": _on(today, -1), "tender_end": _on(today, 1), "in_house": True},
        {"stage": "contract", "contract": external[0], "tender_start": _on(today, -8)},
        {"stage": "implementation", "contract": external[1], "tender_start": _on(today, -30)},
    ]
    procurements = []
    for n, plan in enumerate(plans):
        reference = f"PRO-{year}-{n + 1:03d}"
        contract = plan.get("contract")
        procurements.append(
            Procurement(
                reference=reference,
                ocid=f"{PREFIX}-{reference}",
                title=contract.title if contract else TITLES[n % len(TITLES)],
                description="Carries out the option the council adopted.",
                directorate_id=contract.directorate_id if contract else external[0].directorate_id,
                lead=users["officer"],
                adopting_decision=adopting,
                business_case_id=adopting.business_case_id if adopting else None,
                option_id=adopting.adopted_option_id if adopting else None,
                procedure=Procedure.OPEN if n % 2 == 0 else Procedure.COMPETITIVE_FLEXIBLE,
                estimated_value=contract.total_value if contract else Decimal(1_200_000 + 300_000 * n),
                in_house_bid_allowed=bool(plan.get("in_house")),
                tender_start=plan["tender_start"],
                tender_end=plan.get("tender_end") or _on(plan["tender_start"], 2),
                award_date=_on(plan["tender_start"], 3),
                contract_start=contract.start_date if contract else _on(plan["tender_start"], 6),
                contract_end=contract.end_date if contract else _on(plan["tender_start"], 42),
                award_decision=award_decision if contract else None,
                contract=contract,
                published=n != 0,
            )
        )
    made = create_missing(Procurement, procurements, key="reference", ctx=ctx)
    ordered = [made[p.reference] for p in procurements]
    Lot.objects.bulk_create(
        [
            Lot(procurement=ordered[1], number=i, title=f"Lot {i}: {area}")
            for i, area in enumerate(("North", "South"), 1)
        ]
    )
    criteria = EvaluationCriterion.objects.bulk_create(
        [
            EvaluationCriterion(procurement=p, position=i, name=name, kind=kind, weight=weight)
            for p in ordered[1:]
            for i, (name, kind, weight) in enumerate(CRITERIA, start=1)
        ]
    )
    bids: list[Bid] = []
    for n, p in enumerate(ordered[1:], start=1):
        winner = p.contract.provider_id if p.contract_id else None  # type: ignore[union-attr]
        field = [winner] if winner else []
        field += [o.pk for o in bidders[n : n + 2] if o.pk != winner] + [demo_provider.pk]
        bids += [Bid(procurement=p, bidder_id=org) for org in field]
        if p.in_house_bid_allowed:
            bids.append(Bid(procurement=p, in_house=True))
    bids = Bid.objects.bulk_create(bids)
    by_procurement: dict[int, list[EvaluationCriterion]] = {}
    for c in criteria:
        by_procurement.setdefault(c.procurement_id, []).append(c)
    scores = []
    for bid in bids:
        first = bid.procurement.contract_id is not None and bid.bidder_id == bid.procurement.contract.provider_id  # type: ignore[union-attr]
        for i, criterion in enumerate(by_procurement[bid.procurement_id]):
            if bid.procurement == ordered[1] and bid.bidder_id == demo_provider.pk:
                continue  # the open tender: one bid still to score
            value = 9 if first else 4 + (bid.pk + i) % 5
            scores.append(Score(bid=bid, criterion=criterion, score=value))
    Score.objects.bulk_create(scores)
    for p in ordered[2:]:
        winner_bid = next(b for b in bids if b.procurement_id == p.pk and b.bidder_id == p.contract.provider_id)  # type: ignore[union-attr]
        Procurement.objects.filter(pk=p.pk).update(winner=winner_bid)
    _grants(ctx, contracts=contracts, decision=award_decision)


def _grants(ctx: SeedContext, *, contracts: dict[str, Contract], decision: Any) -> None:
    grant_contracts = [
        c
        for c in sorted(contracts.values(), key=lambda c: c.reference)
        if c.kind == ContractKind.GRANT and c.provider_id
    ][:2]
    create_missing(
        GrantAward,
        [
            GrantAward(
                reference=f"GRA-{c.start_date.year}-{n + 1:03d}",
                title=c.title,
                purpose=c.description or f"Grant for {c.title}",
                amount=c.total_value,
                start_date=c.start_date,
                end_date=c.end_date,
                recipient=c.provider,
                directorate_id=c.directorate_id,
                manager_id=c.contract_manager_id,
                decision=decision,
                contract=c,
            )
            for n, c in enumerate(grant_contracts)
        ],
        key="reference",
        ctx=ctx,
    )
