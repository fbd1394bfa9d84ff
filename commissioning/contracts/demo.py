"""Demo contracts: one for each service an outside organisation delivers (contracts and, for voluntary sector
services, grants), across suppliers with a mix of SMEs and VCSEs, ending from last year to five years on, so that the
expiry pipeline has contracts on track, due to start soon and late; one in-house service plan; some awarded by a
published decision; at metropolitan scale, call-offs on the same services to make about 2,000 contracts in all. Bulk-created with history (core.demo.create_missing), so seeding stays cheap at both scales."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commissioning.contracts import demo_decom, demo_quality, demo_returns
from commissioning.contracts.calculations import LEAD_TIME_MONTHS
from commissioning.contracts.models import Contract, ContractKind, Procedure
from commissioning.core.demo import SeedContext, add_m2m, create_missing
from commissioning.services.models import DeliveryModel, Service

CPV_CODES = (
    "85311000-2",  # social work services with accommodation
    "85312000-9",  # social work services without accommodation
    "85320000-8",  # social services
    "90511000-2",  # refuse collection services
    "45233141-9",  # road-maintenance works
    "80000000-4",  # education and training services
    "98000000-3",  # other community, social and personal services
    "79410000-1",  # business and management consultancy services
)
PROCEDURES = (
    Procedure.OPEN,
    Procedure.OPEN,
    Procedure.COMPETITIVE_FLEXIBLE,
    Procedure.FRAMEWORK_CALL_OFF,
    Procedure.BELOW_THRESHOLD_QUOTE,
    Procedure.DIRECT_AWARD,
)
VALUE_BY_PROCEDURE = {  # typical annual values, in pounds
    Procedure.OPEN: 900_000,
    Procedure.COMPETITIVE_FLEXIBLE: 2_500_000,
    Procedure.FRAMEWORK_CALL_OFF: 350_000,
    Procedure.BELOW_THRESHOLD_QUOTE: 60_000,
    Procedure.DIRECT_AWARD: 150_000,
    Procedure.GRANT: 45_000,
    Procedure.IN_HOUSE: 1_800_000,
}
IN_HOUSE_REFERENCE = "IHP-2025-001"
# About this many contracts in all at each scale (issue 13: "metropolitan: about 2,000"): beyond one a service, the
# rest are call-offs from the council's dynamic purchasing systems (placements and packages, references DPS-...), on
# the same services and suppliers, running now or ended in the last year. A scale not named here has none.
TOTAL_CONTRACTS = {"metropolitan": 2_000}
CALL_OFF_VALUE = 90_000  # a call-off's typical annual value, in pounds


def _months_on(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def seed(ctx: SeedContext) -> None:
    if Contract.objects.filter(reference=IN_HOUSE_REFERENCE).exists():
        return  # seeded already: the draws below depend on what earlier seeders drew, so a second run adds nothing
    rng = ctx.rng
    today = ctx.today
    officers = ctx.made["officers"]
    users = ctx.made["users"]
    services = list(
        Service.objects.filter(
            archived_at__isnull=True,
            provider__isnull=False,
            delivery_model__in=[DeliveryModel.PRIVATE, DeliveryModel.VCS, DeliveryModel.MUTUAL],
        )
        .select_related("provider")
        .order_by("reference")
    )
    decision_model = Contract._meta.get_field("decision").related_model
    decisions = list(
        decision_model._default_manager.filter(status="published").order_by("pk")[:20]  # type: ignore[union-attr]
    )
    demo_provider = users["provider"].organisation
    contracts: list[Contract] = []
    pairs: list[tuple[str, int]] = []
    own = 0
    for n, service in enumerate(services):
        grant = service.delivery_model == DeliveryModel.VCS and n % 2 == 0
        procedure = Procedure.GRANT if grant else PROCEDURES[n % len(PROCEDURES)]
        years = rng.choice((2, 3, 3, 4, 5))
        # Ends spread from two months ago to five years on; those within the lead time of today start late.
        end = _months_on(today, rng.randint(-2, 60))
        if n % 6 == 1:  # ends within months: its re-procurement should have started already (late)
            end = _months_on(today, rng.randint(1, 2))
        elif n % 6 == 2:  # ends within the default horizon, with time still to start
            end = _months_on(today, rng.randint(12, 17))
        start = _months_on(end, -12 * years)
        annual = Decimal(round(VALUE_BY_PROCEDURE[procedure] * rng.uniform(0.4, 1.8), -3))
        lead = LEAD_TIME_MONTHS[procedure]
        reference = f"CON-{start.year}-{n + 1:03d}"
        published = rng.random() < 0.9
        if service.provider_id == demo_provider.pk:
            published = own != 0  # the demo provider's first contract stays unpublished: only they see it
            own += 1
        contracts.append(
            Contract(
                kind=ContractKind.GRANT if grant else ContractKind.CONTRACT,
                reference=reference,
                title=f"{service.name}{' grant' if grant else ''}"[:300],
                description=f"{'Grant for' if grant else 'Delivery of'} {service.name.lower()}.",
                directorate_id=service.directorate_id,
                provider_id=service.provider_id,
                procedure=procedure,
                cpv_codes="" if grant else CPV_CODES[n % len(CPV_CODES)],
                total_value=annual * years,
                annual_value=annual,
                irrecoverable_vat=Decimal("0") if grant or n % 5 else (annual * years * Decimal("0.2")).quantize(1),
                start_date=start,
                end_date=end,
                review_date=_months_on(end, -lead - 3) if n % 3 == 0 else None,
                extension_count=(n % 3) if not grant else 0,
                extension_months=12 if n % 3 and not grant else 0,
                notice_period_months=3 if grant else 6,
                decision=decisions[n % len(decisions)] if decisions and n % 4 == 0 else None,
                contract_manager=officers[n % len(officers)] if n else users["officer"],
                published=published,
            )
        )
        pairs.append((reference, service.pk))
    call_offs = max(0, TOTAL_CONTRACTS.get(ctx.scale.name, 0) - len(contracts) - 1) if services else 0
    for k in range(call_offs):
        service = services[k % len(services)]
        end = _months_on(today, rng.randint(-12, 36))
        start = _months_on(end, -rng.choice((12, 18, 24, 36)))
        annual = Decimal(round(CALL_OFF_VALUE * rng.uniform(0.2, 3.0), -2))
        months = (end.year - start.year) * 12 + end.month - start.month
        reference = f"DPS-{start.year}-{k + 1:04d}"
        contracts.append(
            Contract(
                kind=ContractKind.CONTRACT,
                reference=reference,
                title=f"{service.name}: call-off {k // len(services) + 1}"[:300],
                description=f"A call-off for {service.name.lower()} from the council's dynamic purchasing system.",
                directorate_id=service.directorate_id,
                provider_id=service.provider_id,
                procedure=Procedure.FRAMEWORK_CALL_OFF,
                cpv_codes=CPV_CODES[k % len(CPV_CODES)],
                total_value=(annual * months / 12).quantize(Decimal(1)),
                annual_value=annual,
                start_date=start,
                end_date=end,
                notice_period_months=1,
                contract_manager=officers[k % len(officers)],
                published=rng.random() < 0.9,
            )
        )
        pairs.append((reference, service.pk))
    in_house = Service.objects.filter(archived_at__isnull=True, delivery_model=DeliveryModel.IN_HOUSE).order_by(
        "-gross_budget"
    )[:1]
    for service in in_house:
        annual = Decimal(VALUE_BY_PROCEDURE[Procedure.IN_HOUSE])
        contracts.append(
            Contract(
                kind=ContractKind.IN_HOUSE,
                reference=IN_HOUSE_REFERENCE,
                title=f"{service.name}: in-house service plan",
                description="The council's own delivery plan, held to the same KPIs and returns as a contract.",
                directorate_id=service.directorate_id,
                procedure=Procedure.IN_HOUSE,
                total_value=annual * 3,
                annual_value=annual,
                start_date=_months_on(today, -24),
                end_date=_months_on(today, 12),
                review_date=_months_on(today, 4),
                notice_period_months=0,
                contract_manager=users["officer"],
                published=False,
            )
        )
        pairs.append((IN_HOUSE_REFERENCE, service.pk))
    before = set(Contract.objects.values_list("pk", flat=True))
    made = create_missing(Contract, contracts, key="reference", ctx=ctx)
    new_ids = {c.pk for c in made.values()} - before
    add_m2m(Contract, "services", [(made[ref].pk, service) for ref, service in pairs], new_owner_ids=new_ids)
    from commissioning.contracts import demo_procurement  # procurements and grant awards on these contracts

    demo_procurement.seed(ctx, contracts=made)
    demo_decom.seed(ctx)  # category structure and decommissioned services (issue 13)
    demo_returns.seed(ctx)  # KPIs, a year of returns and assessments (returns)
    demo_quality.seed(ctx)  # inspections, safeguarding and financial health (triangulation)
