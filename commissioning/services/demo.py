"""Demo council records for the service catalogue: directorates and their services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from commissioning.core.demo import SeedContext, add_m2m, create_missing
from commissioning.services.models import DeliveryModel, Directorate, ReviewStatus, Service

# (directorate, code, [(service, statutory basis or "", demand unit)])
CATALOGUE = [
    (
        "Communities and Housing",
        "CMH",
        [
            ("Homelessness prevention", "Housing Act 1996, Part 7", "households"),
            ("Housing allocations", "Housing Act 1996, Part 6", "applications"),
            ("Disabled facilities grants", "Housing Grants, Construction and Regeneration Act 1996", "adaptations"),
            ("Community safety partnership", "Crime and Disorder Act 1998, s.6", "cases"),
            ("Community centres", "", "bookings"),
            ("Voluntary sector grants", "", "grants"),
            ("Private sector housing enforcement", "Housing Act 2004, Part 1", "inspections"),
            ("Temporary accommodation", "Housing Act 1996, s.188", "placements"),
            ("Welfare advice", "", "enquiries"),
            ("Anti-social behaviour team", "Anti-social Behaviour, Crime and Policing Act 2014", "cases"),
        ],
    ),
    (
        "Place and Environment",
        "PLE",
        [
            ("Household waste collection", "Environmental Protection Act 1990, s.45", "households"),
            ("Recycling collection", "Environmental Protection Act 1990, s.45", "households"),
            ("Street cleansing", "Environmental Protection Act 1990, s.89", "kilometres"),
            ("Parks and open spaces", "", "hectares"),
            ("Planning applications", "Town and Country Planning Act 1990", "applications"),
            ("Building control", "Building Act 1984", "inspections"),
            ("Environmental health", "Food Safety Act 1990", "inspections"),
            ("Car parking", "", "tickets"),
            ("Leisure centres", "", "visits"),
            ("Cemeteries and crematorium", "", "services"),
            ("Licensing", "Licensing Act 2003", "licences"),
            ("Pest control", "", "call-outs"),
        ],
    ),
    (
        "Resources",
        "RES",
        [
            ("Council tax collection", "Local Government Finance Act 1992", "accounts"),
            ("Housing benefit administration", "Social Security Administration Act 1992", "claims"),
            ("Customer contact centre", "", "contacts"),
            ("Electoral registration", "Representation of the People Act 1983", "electors"),
            ("ICT services", "", "users"),
            ("Payroll", "", "payslips"),
            ("Legal services", "", "matters"),
            ("Procurement", "", "contracts"),
        ],
    ),
    (
        "Adults and Health",
        "ADH",
        [
            ("Home care", "Care Act 2014, s.18", "hours"),
            ("Residential care", "Care Act 2014, s.18", "placements"),
            ("Reablement", "Care Act 2014, s.2", "episodes"),
            ("Day opportunities", "Care Act 2014, s.8", "places"),
            ("Carers support", "Care Act 2014, s.20", "carers"),
            ("Safeguarding adults", "Care Act 2014, s.42", "enquiries"),
            ("Supported living", "Care Act 2014, s.18", "tenancies"),
            ("Equipment service", "Care Act 2014, s.8", "items"),
        ],
    ),
    (
        "Children and Families",
        "CHF",
        [
            ("Children's social work", "Children Act 1989, s.17", "cases"),
            ("Fostering", "Children Act 1989, s.22C", "placements"),
            ("Children's centres", "Childcare Act 2006, s.5A", "families"),
            ("Youth service", "Education Act 1996, s.507B", "young people"),
            ("Home to school transport", "Education Act 1996, s.508B", "pupils"),
            ("Special educational needs assessment", "Children and Families Act 2014, s.36", "assessments"),
            ("Early help", "", "families"),
        ],
    ),
    (
        "Public Health",
        "PHL",
        [
            ("Sexual health services", "Health and Social Care Act 2012, s.12", "attendances"),
            ("Drug and alcohol treatment", "Health and Social Care Act 2012, s.12", "clients"),
            ("Health visiting", "Health and Social Care Act 2012, s.12", "visits"),
            ("Stop smoking service", "", "quitters"),
            ("NHS health checks", "Local Authorities (Public Health Functions) Regulations 2013", "checks"),
        ],
    ),
    (
        "Economy and Regeneration",
        "ECR",
        [
            ("Business support", "", "businesses"),
            ("Adult skills", "", "learners"),
            ("Markets", "", "stalls"),
            ("Town centre management", "", "events"),
            ("Tourism and visitor information", "", "visitors"),
        ],
    ),
    (
        "Culture and Libraries",
        "CUL",
        [
            ("Libraries", "Public Libraries and Museums Act 1964, s.7", "visits"),
            ("Museums and archives", "", "visits"),
            ("Arts development", "", "events"),
            ("Sports development", "", "participants"),
        ],
    ),
]
LOCALITIES = ["North", "South", "East", "West", "Central", "Riverside", "Outer", "Inner"]
DELIVERY_WEIGHTS = [
    (DeliveryModel.IN_HOUSE, 50),
    (DeliveryModel.PRIVATE, 18),
    (DeliveryModel.VCS, 12),
    (DeliveryModel.SHARED, 8),
    (DeliveryModel.MUTUAL, 6),
    (DeliveryModel.POOLED, 6),
]
REVIEW_WEIGHTS = [
    (ReviewStatus.NOT_SCHEDULED, 40),
    (ReviewStatus.SCHEDULED, 25),
    (ReviewStatus.IN_REVIEW, 12),
    (ReviewStatus.DECIDED, 6),
    (ReviewStatus.IMPLEMENTING, 7),
    (ReviewStatus.MONITORING, 10),
]


def seed(ctx: SeedContext) -> None:
    scale = ctx.scale
    rng = ctx.rng
    directors = ctx.made["directors"]
    # The whole catalogue, for the seeders that come after (outcomes draws its indicators from it).
    ctx.made["service_catalogue"] = CATALOGUE
    catalogue = CATALOGUE if scale.name != "district" else [CATALOGUE[0], CATALOGUE[1], CATALOGUE[2]]
    catalogue = catalogue[: scale.directorates]
    directorates = create_missing(
        Directorate,
        [
            Directorate(name=name, code=code, director=directors[i % len(directors)])
            for i, (name, code, _s) in enumerate(catalogue)
        ],
        key="code",
        ctx=ctx,
    )
    officers = ctx.made["officers"]
    providers = ctx.made["providers"]
    partners = ctx.made["partners"]
    wards = ctx.made["wards"]
    models_, model_weights = zip(*DELIVERY_WEIGHTS, strict=True)
    statuses, status_weights = zip(*REVIEW_WEIGHTS, strict=True)
    today = dt.date(2026, 4, 1)

    services: list[Service] = []
    ward_pairs: list[tuple[str, int]] = []
    per_directorate = [scale.services // len(catalogue)] * len(catalogue)
    for i in range(scale.services - sum(per_directorate)):
        per_directorate[i] += 1
    for (_dname, code, templates), count in zip(catalogue, per_directorate, strict=True):
        directorate = directorates[code]
        for n in range(count):
            base, statute, unit = templates[n % len(templates)]
            round_ = n // len(templates)
            name = (
                base
                if round_ == 0
                else f"{base}: {LOCALITIES[(round_ - 1) % len(LOCALITIES)]} locality"
                + (f" {round_ // len(LOCALITIES) + 1}" if round_ > len(LOCALITIES) else "")
            )
            gross = Decimal(round(rng.lognormvariate(13.6, 1.0), -2)).quantize(Decimal("0.01"))
            income_share = Decimal(str(round(rng.uniform(0, 0.45), 3)))
            net = (gross * (1 - income_share)).quantize(Decimal("0.01"))
            model = rng.choices(models_, weights=model_weights)[0]
            provider = None
            if model in (DeliveryModel.SHARED, DeliveryModel.POOLED):
                provider = rng.choice(partners)
            elif model != DeliveryModel.IN_HOUSE:
                provider = rng.choice(providers)
            demand = max(1, int(rng.lognormvariate(7.5, 1.3)))
            reference = f"{code}-{n + 1:03d}"
            services.append(
                Service(
                    reference=reference,
                    name=name,
                    description=f"{base} for residents of the {scale.council_kind}.",
                    directorate=directorate,
                    accountable_officer=officers[rng.randrange(len(officers))],
                    is_statutory=bool(statute),
                    statutory_basis=statute,
                    delivery_model=model,
                    provider=provider,
                    budget_year="2026/27",
                    gross_budget=gross,
                    net_budget=net,
                    staff_fte=(gross / Decimal(48000)).quantize(Decimal("0.1"))
                    if model == DeliveryModel.IN_HOUSE
                    else Decimal("1.0"),
                    annual_demand=demand,
                    demand_unit=unit,
                    review_status=rng.choices(statuses, weights=status_weights)[0],
                    next_review_due=today + dt.timedelta(days=rng.randrange(90, 1100)),
                    # The demo provider's first service stays unpublished, so "own organisation" access shows.
                    published=rng.random() < 0.85,
                )
            )
            chosen = wards if rng.random() < 0.7 else rng.sample(wards, k=rng.randint(1, max(1, len(wards) // 3)))
            ward_pairs.extend((reference, w.pk) for w in chosen)
    # The demo provider contact's organisation delivers a few services, one of them unpublished, so that
    # "a provider sees only their own organisation" shows in the demo.
    demo_provider = ctx.made["users"]["provider"].organisation
    outsourced = [
        s for s in services if s.delivery_model in (DeliveryModel.PRIVATE, DeliveryModel.VCS, DeliveryModel.MUTUAL)
    ]
    for index, service in enumerate(outsourced[:3]):
        service.provider = demo_provider
        service.published = index != 0
    # The review status drawn for each service says which reviews the reviews seeder plans for it; the status it
    # ends with follows from those reviews (reviews.demo.services_follow_reviews).
    ctx.made["drawn_review_status"] = {service.reference: service.review_status for service in services}
    before = set(Service.objects.values_list("pk", flat=True))
    by_reference = create_missing(Service, services, key="reference", ctx=ctx)
    new_ids = {s.pk for s in by_reference.values()} - before
    add_m2m(Service, "wards", [(by_reference[ref].pk, ward) for ref, ward in ward_pairs], new_owner_ids=new_ids)
