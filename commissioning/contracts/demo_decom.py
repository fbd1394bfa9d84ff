"""Demo category structure and decommissioned services (issue 13), seeded after the contracts (contracts/demo.py).

Categories: the CPV divisions the demo's contracts use, and the council's own categories above and across them
(care and support over adult and children's social care, environment, corporate services), each with a category
manager (the demo officer manages some, so "Your categories" has something). Two decommissioned services, each
decided by a published decision, with the evidence, consultation, notice, TUPE, an exit plan and monitoring notes,
so both are on the public register. Bulk-created with history: a fixed number of rows at every scale."""

from __future__ import annotations

import datetime as dt

from simple_history.utils import bulk_create_with_history

from commissioning.contracts.models import (
    Category,
    CategoryKind,
    Contract,
    ContractKind,
    Decommissioning,
    DecommissioningStatus,
    MonitoringNote,
    TransitionStep,
    Tupe,
)
from commissioning.core.demo import SeedContext, create_missing

DIVISIONS = {
    "85": "Health and social work services",
    "90": "Sewage, refuse, cleaning and environmental services",
    "45": "Construction work",
    "80": "Education and training services",
    "98": "Other community, social and personal services",
    "79": "Business services: law, marketing, consulting, recruitment, printing and security",
}
# code, name, parent code, CPV coverage, description
COUNCIL = (
    ("SOC-00", "Care and support", None, "", "Everything the council buys to care for and support people."),
    ("SOC-01", "Adult social care", "SOC-00", "85311, 85312", "Residential, nursing and home care for adults."),
    ("SOC-02", "Children's social care and early help", "SOC-00", "8532, 80", "Children's services and education."),
    ("SOC-03", "Community and voluntary support", "SOC-00", "98", "Community, social and personal services."),
    ("ENV-01", "Environment and waste", None, "90, 45233141-9", "Refuse, cleaning, grounds and road maintenance."),
    ("COR-01", "Corporate services", None, "79, 72", "Consultancy, legal, ICT and business services."),
)


def _categories(ctx: SeedContext) -> None:
    officers = ctx.made["officers"]
    users = ctx.made["users"]
    managers = [users["officer"], users["finance"], *officers[:4]]
    top = [
        Category(
            code=f"CPV-{division}",
            name=name,
            kind=CategoryKind.CPV,
            cpv_division=division,
            manager=managers[n % len(managers)],
        )
        for n, (division, name) in enumerate(sorted(DIVISIONS.items()))
    ]
    top += [
        Category(
            code=code, name=name, kind=CategoryKind.COUNCIL, covers=covers, description=text, manager=users["officer"]
        )
        for code, name, parent, covers, text in COUNCIL
        if parent is None
    ]
    made = create_missing(Category, top, key="code", ctx=ctx)
    children = [
        Category(
            code=code,
            name=name,
            kind=CategoryKind.COUNCIL,
            covers=covers,
            description=text,
            parent_id=made[parent].pk,
            manager=managers[(n + 1) % len(managers)],
        )
        for n, (code, name, parent, covers, text) in enumerate(COUNCIL)
        if parent is not None
    ]
    create_missing(Category, children, key="code", ctx=ctx)


def _decommissionings(ctx: SeedContext) -> None:
    users = ctx.made["users"]
    decision_model = Decommissioning._meta.get_field("decision").related_model
    decisions = list(
        decision_model._default_manager.filter(status="published").order_by("-decided_on", "-pk")[:2]  # type: ignore[union-attr]
    )
    contracts = list(
        Contract.objects.filter(archived_at__isnull=True, kind=ContractKind.CONTRACT, published=True)
        .prefetch_related("services")
        .order_by("reference")[:2]
    )
    if len(decisions) < 2 or len(contracts) < 2:
        return
    today = ctx.today
    year = today.year
    records = []
    for n, (contract, decision) in enumerate(zip(contracts, decisions, strict=True)):
        service = next(iter(contract.services.all()), None)
        given = decision.decided_on + dt.timedelta(days=14)
        records.append(
            Decommissioning(
                reference=f"DCM-{year}-{n + 1:03d}",
                title=f"{contract.title}: decommissioned",
                service=service,
                contract=contract,
                status=DecommissioningStatus.DECIDED,
                lead=users["officer"],
                public_summary=(
                    "Fewer people now use the service, and the need it met is met better by support closer to home. "
                    "Everyone who uses it has a review and a plan before it ends."
                ),
                evidence_outcomes="Outcomes have fallen short of target for three years running.",
                evidence_use="Use has fallen by two fifths in three years; most places are empty on weekdays.",
                evidence_cost="The unit cost is in the top quartile of the council's comparator group.",
                evidence_need="The needs assessment shows the need is now met by community-based support.",
                eia_summary="Older and disabled people are most affected; each has a review and transport support.",
                consultation_start=decision.decided_on - dt.timedelta(days=120),
                consultation_end=decision.decided_on - dt.timedelta(days=36),
                consultation_summary="People asked for time to move and for their keyworkers to stay: both agreed.",
                decision=decision,
                notice_given_on=given,
                service_ends_on=given + dt.timedelta(days=31 * (contract.notice_period_months + 1)),
                tupe=Tupe.APPLIES if n == 0 else Tupe.NOT_APPLICABLE,
                staff_affected=24 if n == 0 else 6,
                workforce_notes="Staff transfer to the new provider under TUPE." if n == 0 else "",
            )
        )
    made = create_missing(Decommissioning, records, key="reference", ctx=ctx)
    if TransitionStep.objects.filter(decommissioning__in=list(made.values())).exists():
        return
    steps, notes = [], []
    for record in made.values():
        start = record.notice_given_on or today
        steps += [
            TransitionStep(
                decommissioning=record,
                description="Review each person's care and support plan",
                due_on=start + dt.timedelta(days=30),
                owner="Adult social care reviewing team",
            ),
            TransitionStep(
                decommissioning=record,
                description="Agree each person's new support and move date",
                due_on=start + dt.timedelta(days=60),
                owner="Care managers",
            ),
            TransitionStep(
                decommissioning=record,
                description="Last day of the service; follow-up visits booked",
                due_on=record.service_ends_on or start,
                owner="Commissioning officer",
            ),
        ]
        notes.append(
            MonitoringNote(
                decommissioning=record,
                noted_on=start + dt.timedelta(days=45),
                author=users["officer"],
                note="All reviews done; two people asked for more time and were given it.",
            )
        )
    bulk_create_with_history(steps, TransitionStep, default_change_reason="Demo council seeded")
    bulk_create_with_history(notes, MonitoringNote, default_change_reason="Demo council seeded")


def seed(ctx: SeedContext) -> None:
    _categories(ctx)
    _decommissionings(ctx)
