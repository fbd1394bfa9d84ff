"""Demo council records for the Analyse stage: priorities and outcomes, indicators with five years of values and
targets, a comparator group with benchmark figures and unit costs, needs evidence and consultations.

Deterministic: every choice comes from a random stream of this app's own (derived from the seed), and each
indicator's values from a stream of its own, so nothing shifts when another seeder draws more or fewer numbers.
Idempotent: records with a natural key (codes, references, titles) go through create_missing; values, targets and
benchmark figures are made only for indicators (and services) that have none yet, so a second run adds nothing and
leaves edits alone. Fast: everything is bulk-created with its history (about 40,000 rows at the metropolitan scale).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import models
from simple_history.utils import bulk_create_with_history

from commissioning.core.demo import PLACE_PARTS, SeedContext, add_m2m, create_missing
from commissioning.outcomes.models import (
    Benchmark,
    Comparator,
    ComparatorGroup,
    Consultation,
    ConsultationMethod,
    EvidenceKind,
    Indicator,
    Measurement,
    NeedsEvidence,
    Outcome,
    Priority,
    Target,
    UnitCostBenchmark,
)
from commissioning.services.models import Service

REASON = "Demo council seeded"
DEMO_TODAY = dt.date(2026, 4, 1)  # as in the service catalogue: values run to March 2026
FIRST_YEAR = 2021  # five financial years, 2021/22 to 2025/26
YEARS = [f"{year}/{(year + 1) % 100:02d}" for year in range(FIRST_YEAR, FIRST_YEAR + 5)]
COMPARATORS = 15  # CIPFA's nearest-neighbour groups have 15 members

PRIORITIES = [
    ("P1", "Healthy and independent lives", "People live well, for longer, in their own homes and communities."),
    ("P2", "Safe, strong communities", "Residents feel safe, have a home, and can get help when they need it."),
    ("P3", "A clean, green place", "Streets, parks and air that residents are proud of, with less waste."),
    ("P4", "A thriving local economy", "Good jobs, skills and town centres where businesses grow."),
    ("P5", "A well-run council", "Services that are easy to use, good value and open about how they perform."),
]
# (reference, priority, outcome, directorates whose services contribute)
OUTCOMES = [
    ("OC-01", "P1", "Older and disabled people live independently at home for longer", ["ADH"]),
    ("OC-02", "P1", "Carers are supported to care without harm to their own health", ["ADH"]),
    ("OC-03", "P1", "Residents live healthier lives and health gaps between wards narrow", ["PHL", "CUL"]),
    ("OC-04", "P1", "Children get the best start in life", ["CHF"]),
    ("OC-05", "P2", "Fewer households become homeless, and none sleep rough", ["CMH"]),
    ("OC-06", "P2", "Residents feel safe in their neighbourhood", ["CMH"]),
    ("OC-07", "P2", "Children and adults at risk are kept safe from harm", ["CHF", "ADH"]),
    ("OC-08", "P3", "Less waste, and more of it recycled", ["PLE"]),
    ("OC-09", "P3", "Clean streets and well-kept parks and open spaces", ["PLE"]),
    ("OC-10", "P4", "Residents gain the skills for good local jobs", ["ECR"]),
    ("OC-11", "P4", "Town centres and local businesses thrive", ["ECR", "PLE"]),
    ("OC-12", "P4", "Culture and leisure bring people and visitors together", ["CUL", "PLE"]),
    ("OC-13", "P5", "Residents can get what they need from the council first time", ["RES"]),
    ("OC-14", "P5", "The council's money is well managed and every pound goes further", ["RES"]),
]
UNPUBLISHED_OUTCOME = "OC-14"  # a draft, so unpublished outcomes show inside the council


@dataclass(frozen=True)
class Measure:
    """A kind of indicator made for each kind of service: how it is named, its unit, polarity and frequency, and the
    range its values start in."""

    letter: str
    name: str
    definition: str
    unit: str
    polarity: str
    frequency: str
    low: float
    high: float
    places: int
    comparable: bool  # benchmarked against comparator councils


MEASURES = [
    Measure(
        "S",
        "Residents satisfied with {base}",
        "Per cent of residents surveyed who were fairly or very satisfied with {base}.",
        "percent",
        "higher",
        "quarterly",
        62,
        88,
        1,
        True,
    ),
    Measure(
        "T",
        "Average days to deal with a {base} request",
        "Mean working days from a request for {base} to the request being dealt with, in the month.",
        "days",
        "lower",
        "monthly",
        4,
        30,
        1,
        False,
    ),
    Measure(
        "C",
        "Cost per {unit} of {base}",
        "Gross spending on {base} in the financial year divided by the {unit} it delivered.",
        "gbp",
        "lower",
        "annual",
        20,
        900,
        2,
        True,
    ),
    Measure(
        "F",
        "{Base} requests resolved first time",
        "Per cent of {base} requests resolved at the first contact, in the month.",
        "percent",
        "higher",
        "monthly",
        55,
        85,
        1,
        False,
    ),
]
EVIDENCE_TEMPLATES = [
    (
        EvidenceKind.NEEDS_ASSESSMENT,
        "Joint Strategic Needs Assessment chapter",
        "Public Health intelligence team",
        "Demand for {base} is rising fastest in the most deprived wards, where {share}% of users live. Need is "
        "expected to grow by about {growth}% over five years as the population ages.",
    ),
    (
        EvidenceKind.DEMAND_DATA,
        "Demand and activity analysis",
        "Business intelligence, from the case management system",
        "Requests for {base} grew {growth}% in three years; {share}% of them came through the contact centre and "
        "a third were repeat contacts about the same need.",
    ),
    (
        EvidenceKind.SURVEY,
        "Residents' survey results",
        "Residents' survey, independent research company",
        "{share}% of residents who used {base} rated it good or very good; the most common complaint was the time "
        "taken to get a response.",
    ),
    (
        EvidenceKind.NATIONAL_DATA,
        "National statistics comparison",
        "Office for National Statistics and government returns",
        "Against similar councils, use of {base} per 1,000 residents is {growth}% above the median, and spending "
        "per head is in the second quartile.",
    ),
]
CONSULTATION_SUMMARIES = [
    "Most respondents ({share}%) valued {base} and wanted it kept local. The main concerns were waiting times and "
    "knowing who to contact; a quarter asked for more online options.",
    "{share}% supported changing how {base} is delivered if quality is protected. Respondents with a disability "
    "asked that face-to-face help stays available.",
    "Residents said {base} works well once you reach it ({share}% satisfied) but is hard to find. Many suggested "
    "joining it up with related services in one place.",
]


def _lower(text: str) -> str:
    return text[0].lower() + text[1:] if text and not text[:2].isupper() else text


def _singular(unit: str) -> str:
    words = unit.split()
    last = words[-1]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("es") and last[:-2].endswith(("ss", "sh", "ch", "x")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join([*words[:-1], last])


def _bulk(model: type[models.Model], objects: Sequence[Any], ctx: SeedContext) -> list[Any]:
    """Bulk-create with history, counting what was made (like create_missing, for records keyed by a pair)."""
    key = str(model._meta.verbose_name_plural)
    ctx.counts[key] = ctx.counts.get(key, 0) + len(objects)
    if not objects:
        return []
    return list(bulk_create_with_history(list(objects), model, batch_size=1000, default_change_reason=REASON))


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _value(value: float, places: int) -> Decimal:
    return Decimal(str(round(value, places))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _periods(frequency: str) -> list[str]:
    if frequency == "monthly":
        return [f"{FIRST_YEAR + (m + 3) // 12:04d}-{(m + 3) % 12 + 1:02d}" for m in range(60)]
    if frequency == "quarterly":
        return [f"{year} Q{q}" for year in YEARS for q in range(1, 5)]
    return list(YEARS)


def _year_of(period: str) -> str:
    if "-" in period:
        year, month = int(period[:4]), int(period[5:7])
        start = year if month >= 4 else year - 1
        return f"{start}/{(start + 1) % 100:02d}"
    return period[:7]


def seed(ctx: SeedContext) -> None:
    rng = random.Random(f"outcomes-{ctx.seed}")  # its own stream: other seeders cannot shift it
    officers = ctx.made["officers"] + ctx.made["directors"]
    council = ctx.made["council"]
    services = list(
        Service.objects.filter(archived_at__isnull=True).select_related("directorate").order_by("reference")
    )
    codes_present = {s.directorate.code for s in services}

    priorities = create_missing(
        Priority,
        [
            Priority(code=code, name=name, description=text, position=index + 1, published=True)
            for index, (code, name, text) in enumerate(PRIORITIES)
        ],
        key="code",
        ctx=ctx,
    )

    # Outcomes, and which services contribute: each kind of service (its base name) serves one outcome of its
    # directorate, in turn.
    chosen = [row for row in OUTCOMES if set(row[3]) & codes_present]
    outcomes_before = set(Outcome.objects.values_list("pk", flat=True))
    outcomes = create_missing(
        Outcome,
        [
            Outcome(
                reference=reference,
                priority=priorities[priority],
                name=name,
                description=f"{name}: what the council and its partners are working towards under {priority}.",
                lead=officers[index % len(officers)],
                published=reference != UNPUBLISHED_OUTCOME,
            )
            for index, (reference, priority, name, _codes) in enumerate(chosen)
        ],
        key="reference",
        ctx=ctx,
    )
    by_directorate: dict[str, list[str]] = {}
    for reference, _priority, _name, codes in chosen:
        for code in codes:
            by_directorate.setdefault(code, []).append(reference)
    catalogue = ctx.made["service_catalogue"]  # left by the services seeder (an app reads no other app's demo)
    templates = {code: [base for base, _statute, _unit in bases] for _name, code, bases in catalogue}
    units = {(code, base): unit for _name, code, bases in catalogue for base, _statute, unit in bases}

    def kind_of(service: Service) -> tuple[str, int] | None:
        """The service's directorate code and the number of its kind (its base name) in the catalogue, from its
        reference as the service seeder made it ("CMH-013" is the third kind of CMH service); None for others."""
        code = service.directorate.code
        prefix, _hyphen, number = service.reference.partition("-")
        if code not in templates or prefix != code or not number.isdigit() or int(number) < 1:
            return None
        return code, (int(number) - 1) % len(templates[code]) + 1

    def outcome_of(code: str, number: int) -> str | None:
        refs = by_directorate.get(code)
        return refs[(number - 1) % len(refs)] if refs else None

    kinds = {service.pk: kind_of(service) for service in services}
    links = []
    for service in services:
        kind = kinds[service.pk]
        linked = outcome_of(*kind) if kind else None
        if linked is not None:
            links.append((outcomes[linked].pk, service.pk))
    new_outcomes = {o.pk for o in outcomes.values()} - outcomes_before
    add_m2m(Outcome, "services", links, new_owner_ids=new_outcomes)

    # Indicators: two for each kind of service, measuring every service of that kind.
    planned: list[tuple[Indicator, Measure, float]] = []
    for code, number in sorted({kind for kind in kinds.values() if kind is not None}):
        base = templates[code][number - 1]
        for measure in (MEASURES[0], MEASURES[1 + number % 3]):
            unit_noun = _singular(units[(code, base)])
            words = {"base": _lower(base), "Base": base, "unit": unit_noun}
            outcome_ref = outcome_of(code, number)
            indicator = Indicator(
                code=f"{code}-{number:02d}{measure.letter}",
                name=measure.name.format(**words),
                definition=measure.definition.format(**words),
                unit=measure.unit,
                polarity=measure.polarity,
                frequency=measure.frequency,
                outcome=outcomes[outcome_ref] if outcome_ref else None,
                owner=officers[rng.randrange(len(officers))],
                data_source=f"{base} case management system",
                published=rng.random() < 0.85,
            )
            planned.append((indicator, measure, rng.uniform(measure.low, measure.high)))
    indicators_before = set(Indicator.objects.values_list("pk", flat=True))
    indicators = create_missing(Indicator, [i for i, _m, _s in planned], key="code", ctx=ctx)
    new_indicators = {i.pk for i in indicators.values()} - indicators_before
    measured = []
    for service in services:
        kind = kinds[service.pk]
        for measure in MEASURES if kind else ():
            code = f"{kind[0]}-{kind[1]:02d}{measure.letter}" if kind else ""
            if code in indicators:
                measured.append((indicators[code].pk, service.pk))
    add_m2m(Indicator, "services", measured, new_owner_ids=new_indicators)

    # Five years of values and targets for each new indicator, each from its own stream.
    measurements: list[Measurement] = []
    targets: list[Target] = []
    yearly: dict[str, dict[str, list[float]]] = {}
    starts: dict[str, float] = {}
    for planned_indicator, measure, start in planned:
        indicator = indicators[planned_indicator.code]
        starts[indicator.code] = start
        if indicator.pk not in new_indicators:
            continue
        stream = random.Random(f"outcomes-{ctx.seed}-{indicator.code}")
        better = 1 if measure.polarity == "higher" else -1
        drift = stream.uniform(-0.004, 0.01) * better
        periods = _periods(measure.frequency)
        level = start
        for index, period in enumerate(periods):
            seasonal = 1 + 0.012 * ((index % 4) - 1.5) / 1.5 if measure.frequency != "annual" else 1
            level *= 1 + drift + stream.gauss(0, 0.015)
            value = level * seasonal * (1 + stream.gauss(0, 0.02))
            if measure.unit == "percent":
                value = min(99.5, max(1.0, value))
            target = start * (1 + better * 0.02 * (index // max(1, len(periods) // 5) + 1))
            if measure.unit == "percent":
                target = min(98.0, target)
            measurements.append(
                Measurement(
                    indicator=indicator,
                    period=period,
                    value=_value(value, measure.places),
                    note="Revised after the year-end data check." if stream.random() < 0.04 else "",
                    entered_by=indicator.owner,
                )
            )
            percent = measure.unit == "percent"
            targets.append(
                Target(
                    indicator=indicator,
                    period=period,
                    target=_value(target, measure.places),
                    tolerance_basis="absolute" if percent else "percent",
                    tolerance=Decimal("3") if percent else Decimal("5"),
                )
            )
            yearly.setdefault(indicator.code, {}).setdefault(_year_of(period), []).append(
                float(_value(value, measure.places))
            )
    _bulk(Measurement, measurements, ctx)
    _bulk(Target, targets, ctx)

    # The comparator group: fifteen invented councils of the same kind, with ONS codes near the council's own.
    prefix, number = council.ons_code[:3], int(council.ons_code[3:])
    council_kind = "City Council" if ctx.scale.council_kind == "city" else "Borough Council"
    names = sorted(a + b for a in PLACE_PARTS[0] for b in PLACE_PARTS[1])
    picked = random.Random(f"outcomes-comparators-{ctx.scale.name}").sample(names, COMPARATORS)
    group_name = f"{council.name}: nearest neighbours"
    groups = create_missing(
        ComparatorGroup,
        [ComparatorGroup(council=council, name=group_name, source="CIPFA nearest neighbours model (invented)")],
        key="name",
        ctx=ctx,
    )
    group = groups[group_name]
    members = [f"{prefix}{number - COMPARATORS - 4 + i:06d}" for i in range(COMPARATORS)]
    if not group.members.exists():
        _bulk(
            Comparator,
            [
                Comparator(group=group, name=f"{name} {council_kind}", ons_code=code, position=i + 1)
                for i, (name, code) in enumerate(zip(picked, members, strict=True))
            ],
            ctx,
        )

    # Benchmark figures: comparable indicators, every year; the council's own is the mean of its year's values.
    benchmarks: list[Benchmark] = []
    comparable = {m.letter for m in MEASURES if m.comparable}
    for planned_indicator, measure, _start in planned:
        indicator = indicators[planned_indicator.code]
        if indicator.pk not in new_indicators or measure.letter not in comparable:
            continue
        stream = random.Random(f"outcomes-{ctx.seed}-{indicator.code}-benchmarks")
        spread = {code: stream.uniform(0.8, 1.25) for code in members}
        for year in YEARS:
            own = yearly[indicator.code][year]
            mean = sum(own) / len(own)
            benchmarks.append(
                Benchmark(
                    indicator=indicator,
                    year=year,
                    ons_code=council.ons_code,
                    value=_value(mean, measure.places),
                    source="Published comparative data (invented)",
                )
            )
            for code in members:
                value = starts[indicator.code] * spread[code] * (1 + stream.gauss(0, 0.03))
                if measure.unit == "percent":
                    value = min(99.5, value)
                benchmarks.append(
                    Benchmark(
                        indicator=indicator,
                        year=year,
                        ons_code=code,
                        value=_value(value, measure.places),
                        source="Published comparative data (invented)",
                    )
                )
    _bulk(Benchmark, benchmarks, ctx)

    # Unit costs of the same services in the comparator councils, for the year of the council's budgets.
    costed = set(UnitCostBenchmark.objects.values_list("service_id", flat=True).distinct())
    unit_costs: list[UnitCostBenchmark] = []
    for service in services:
        own = service.unit_cost
        if service.pk in costed or own is None:
            continue
        stream = random.Random(f"outcomes-{ctx.seed}-{service.reference}-unit-costs")
        centre = float(own) * stream.uniform(0.75, 1.3)
        for code in members:
            unit_costs.append(
                UnitCostBenchmark(
                    service=service,
                    year=service.budget_year,
                    ons_code=code,
                    unit_cost=_money(max(0.01, centre * stream.uniform(0.6, 1.5))),
                    source="Revenue outturn and activity returns (invented)",
                )
            )
    _bulk(UnitCostBenchmark, unit_costs, ctx)

    _needs_evidence(ctx, rng, services, outcomes)
    _administrators_keep_benchmarks()


def _needs_evidence(
    ctx: SeedContext, rng: random.Random, services: list[Service], outcomes: dict[str, Outcome]
) -> None:
    """Needs evidence and consultations: one item of evidence for about a third of services and for each outcome,
    a consultation for about one service in six (no documents: uploads are for real files)."""
    evidence: list[NeedsEvidence] = []
    consultations: list[Consultation] = []
    methods = list(ConsultationMethod.values)
    for index, service in enumerate(services):
        base = _lower(service.name.split(":")[0])
        words = {"base": base, "share": rng.randint(35, 80), "growth": rng.randint(4, 22)}
        if index % 3 == 0:
            kind, title, source, summary = EVIDENCE_TEMPLATES[index % len(EVIDENCE_TEMPLATES)]
            evidence.append(
                NeedsEvidence(
                    title=f"{title}: {service.name} ({service.reference})",
                    kind=kind,
                    source=source,
                    evidence_date=DEMO_TODAY - dt.timedelta(days=rng.randint(20, 700)),
                    summary=summary.format(**words),
                    service=service,
                )
            )
        if index % 6 == 1:
            opened = DEMO_TODAY - dt.timedelta(days=rng.randint(60, 800))
            closed = opened + dt.timedelta(days=rng.choice([28, 42, 56, 84]))
            responses = rng.randint(40, 2400)
            consultations.append(
                Consultation(
                    title=f"Consultation on {base} ({service.reference})",
                    purpose=f"We asked residents and people who use {base} what matters most to them, and what "
                    "they would think of changes to how it is delivered.",
                    method=methods[index % len(methods)],
                    opened_on=opened,
                    closed_on=closed,
                    responses=responses,
                    response_summary=CONSULTATION_SUMMARIES[index % len(CONSULTATION_SUMMARIES)].format(**words),
                    service=service,
                )
            )
    for reference, outcome in sorted(outcomes.items()):
        evidence.append(
            NeedsEvidence(
                title=f"Outcome evidence review: {outcome.name} ({reference})",
                kind=EvidenceKind.RESEARCH,
                source="Corporate policy and insight team",
                evidence_date=DEMO_TODAY - dt.timedelta(days=rng.randint(30, 400)),
                summary=f"What the research and local data say about {_lower(outcome.name)}, and the groups and "
                "wards where need is greatest.",
                outcome=outcome,
            )
        )
    create_missing(NeedsEvidence, evidence, key="title", ctx=ctx)
    create_missing(Consultation, consultations, key="title", ctx=ctx)


def _administrators_keep_benchmarks() -> None:
    """The demo administrator keeps comparator groups and benchmark figures (reference data) in the admin site."""
    group = Group.objects.filter(name="Administrators").first()
    if group is None:
        return
    models_ = ["comparatorgroup", "comparator", "benchmark", "unitcostbenchmark"]
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="outcomes",
            codename__in=[f"{verb}_{model}" for model in models_ for verb in ("add", "change", "view")],
        )
    )
