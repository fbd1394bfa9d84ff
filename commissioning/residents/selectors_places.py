"""Reads for the view of each place: a ward, with the services that serve it, who delivers them, how they are doing,
the reviews that cover them, ward intelligence, its councillors, and what the DELIVER-tier siblings add through the
golden thread (decisions, complaints, spend: core.thread.PLACE).

Places are wards. Community committees are modelled by governance (a Body of kind "community committee" with the
wards it covers), a sibling residents may not import: a ward's page lists the committees that cover it through
governance's PLACE section, and a committee's own page is governance's body page (a committee-area page that adds up
its wards would need governance to offer its wards as a place too).

The public sees published services, indicators and reviews; council staff and councillors see the rest, as each
app's own selectors decide. Every read costs a fixed number of queries whatever the size of the council."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from commissioning.accounts.models import Councillor, Organisation, Ward
from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.intelligence import selectors as intelligence_selectors
from commissioning.intelligence.models import WardIntelligence
from commissioning.outcomes import selectors as outcome_selectors
from commissioning.outcomes.models import Indicator
from commissioning.residents.calculations_complaints import quarter_of
from commissioning.residents.models import Complaint
from commissioning.residents.selectors_complaints import ComplaintFigures
from commissioning.residents.selectors_public import findable_services
from commissioning.reviews import selectors as review_selectors
from commissioning.reviews.models import CommissioningReview
from commissioning.services.models import Service

# How much of each list the page shows, so that its size (and time) is the same for any council: the finder lists
# every service in the ward, a page at a time; the intelligence app lists the rest of the intelligence.
SERVICES_SHOWN = 25
PROVIDERS_SHOWN = 25
INDICATORS_SHOWN = 20
REVIEWS_SHOWN = 10
INTELLIGENCE_SHOWN = 10
COMPLAINT_QUARTERS = 4  # the ward's complaint figures: the current quarter and the three before
# The place page lists these sections' slots, and says which no app fills yet.
PLACE_SLOTS = (
    ("decisions", "Decisions that affect this ward", "governance"),
    ("complaints", "Complaints about services in this ward", "complaints"),
    ("spend", "Spending in this ward", "finance"),
)


def place_list() -> QuerySet[Ward]:
    """Every current ward, with its current councillors (two queries)."""
    return (
        Ward.objects.active()
        .order_by("name")
        .prefetch_related(Prefetch("councillors", queryset=Councillor.objects.active().order_by("name")))
    )


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    rag: Any  # outcomes.calculations.RagStatus


@dataclass(frozen=True)
class Place:
    ward: Ward
    councillors: list[Councillor]
    services: list[Service]  # the first SERVICES_SHOWN, by name
    services_total: int
    providers: list[Organisation]
    indicators: list[IndicatorRow]
    reviews: list[CommissioningReview]
    intelligence: list[WardIntelligence] | None  # None: the user may not see ward intelligence at all
    sections: list[ThreadSection]
    slots_filled: frozenset[str]


def _serving(ward: Ward) -> Exists:
    return Exists(Service.wards.through.objects.filter(service_id=OuterRef("pk"), ward_id=ward.pk))


def place_detail(*, user: Any, pk: int, sees_intelligence: bool) -> Place:
    """One ward's page (Ward.DoesNotExist for a ward that is not current)."""
    ward = Ward.objects.active().get(pk=pk)
    councillors = list(Councillor.objects.active().filter(wards=ward).order_by("name"))
    serving = findable_services(user=user).filter(_serving(ward))
    services = list(
        serving.select_related("directorate", "provider", "accountable_officer").order_by("name", "pk")[:SERVICES_SHOWN]
    )
    services_total = len(services) if len(services) < SERVICES_SHOWN else serving.count()
    providers = list(
        Organisation.objects.filter(pk__in=serving.filter(provider__isnull=False).values("provider_id")).order_by(
            "name"
        )[:PROVIDERS_SHOWN]
    )
    served = Indicator.services.through.objects.filter(indicator_id=OuterRef("pk"), service__in=serving.values("pk"))
    indicators = [
        IndicatorRow(indicator, outcome_selectors.latest_rag(indicator))
        for indicator in outcome_selectors.indicator_list(user=user, filters=outcome_selectors.IndicatorFilters())
        .filter(Exists(served))
        .order_by("code")[:INDICATORS_SHOWN]
    ]
    reviews = list(
        review_selectors.visible_reviews(user=user)
        .filter(archived_at__isnull=True)
        .filter(
            Exists(
                CommissioningReview.services.through.objects.filter(
                    commissioningreview_id=OuterRef("pk"), service__wards=ward
                )
            )
        )
        .order_by("-planned_start", "-reference")[:REVIEWS_SHOWN]
    )
    intelligence = None
    if sees_intelligence:
        intelligence = list(
            intelligence_selectors.visible_intelligence(user=user)
            .filter(ward=ward, archived_at__isnull=True)
            .select_related("service")
            .order_by("-submitted_at", "-pk")[:INTELLIGENCE_SHOWN]
        )
    sections = thread.sections(user, ward, place=thread.PLACE)
    return Place(
        ward=ward,
        councillors=councillors,
        services=services,
        services_total=services_total,
        providers=providers,
        indicators=indicators,
        reviews=reviews,
        intelligence=intelligence,
        sections=sections,
        slots_filled=frozenset(str(s.context.get("slot", "")) for s in sections),
    )


def ward_complaint_figures(*, ward: Ward, today: dt.date | None = None) -> list[ComplaintFigures]:
    """The complaints made about services in the ward, per quarter received (the last COMPLAINT_QUARTERS, oldest
    first, zeros included): how many, stage 2 escalations, answered, upheld, answered by the stage 1 deadline and
    remedies. Anonymous counts only; one query."""
    current = quarter_of(today or timezone.localdate())
    quarters = [current.plus(-n) for n in range(COMPLAINT_QUARTERS - 1, -1, -1)]
    tally = {q.label: [0, 0, 0, 0, 0, 0] for q in quarters}
    rows = (
        Complaint.objects.filter(ward=ward, received_on__gte=quarters[0].starts)
        .order_by()
        .values_list(
            "received_on", "stage2_requested_on", "stage1_answered_on", "stage1_answer_by", "outcome", "remedy"
        )
    )
    for received, stage2, answered, due, outcome, remedy in rows:
        counts = tally.get(quarter_of(received).label)
        if counts is None:  # received after today (a clock set back): not in the figures
            continue
        counts[0] += 1
        counts[1] += stage2 is not None
        if answered is not None:
            counts[2] += 1
            counts[3] += outcome in ("upheld", "partly_upheld")
            counts[4] += answered <= due
        counts[5] += bool(remedy)
    return [ComplaintFigures(label, ward.name, *counts) for label, counts in tally.items()]
