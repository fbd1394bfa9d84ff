"""Reads for quality triangulation: the signals of a provider's contracts (or of one contract or in-house plan) as the
engine's dataclasses, and the engine's verdict. Every function costs a fixed number of queries however many
contracts a provider holds, so a provider's page costs the same at any scale.

Visibility: inside the council every provider's; a provider contact their own organisation's only; nobody else's. An
in-house plan's provider is the council's own organisation (``Organisation.is_home``), so in-house services are
triangulated exactly as external ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from commissioning.accounts.models import Organisation
from commissioning.contracts.calculations_quality import triangulation as tri
from commissioning.contracts.models import (
    KEY_QUESTION_FIELDS,
    AssessmentStatus,
    ConcernStatus,
    Contract,
    ContractKind,
    FinancialHealthNote,
    InspectionRating,
    KpiRating,
    PerformanceReturn,
    SafeguardingConcern,
)
from commissioning.contracts.selectors_returns import _role, performance_contracts
from commissioning.core import quality
from commissioning.core.permissions import Role


def home_organisation_id() -> int | None:
    return Organisation.objects.filter(is_home=True).values_list("pk", flat=True).first()


def quality_organisations(*, user: Any) -> QuerySet[Organisation]:
    role = _role(user)
    if role in Role.INTERNAL:
        return Organisation.objects.all()
    if role == Role.PROVIDER and user.organisation_id:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def quality_organisation(*, user: Any, pk: int) -> Organisation:
    return quality_organisations(user=user).get(pk=pk)


def quality_contract(*, user: Any, pk: int) -> Contract:
    return performance_contracts(user=user).select_related("provider").get(pk=pk)


def provider_contracts(*, organisation: Organisation) -> QuerySet[Contract]:
    """Every current contract of the organisation (and every in-house plan when it is the council itself), by
    reference."""
    found = Q(provider=organisation)
    if organisation.is_home:
        found |= Q(kind=ContractKind.IN_HOUSE)
    return Contract.objects.filter(found, archived_at__isnull=True).select_related("provider").order_by("reference")


def contracts_of_provider(*, organisation: Organisation) -> list[Contract]:
    return list(provider_contracts(organisation=organisation))


@dataclass(frozen=True)
class Row:
    """One contract's triangulation."""

    contract: Contract
    signals: tri.Signals
    result: tri.Triangulation


@dataclass(frozen=True)
class ProviderQuality:
    organisation: Organisation
    signals: tri.Signals
    result: tri.Triangulation
    rows: tuple[Row, ...]
    inspections: tuple[InspectionRating, ...]
    concerns: tuple[SafeguardingConcern, ...]
    notes: tuple[FinancialHealthNote, ...]
    complaints_available: bool


def _inspection(record: InspectionRating) -> tri.Inspection:
    keys = tuple((name, getattr(record, name)) for name in KEY_QUESTION_FIELDS if getattr(record, name))
    return tri.Inspection(overall=record.overall, key_questions=keys)


def _concern(record: SafeguardingConcern) -> tri.Concern:
    return tri.Concern(open=record.status == ConcernStatus.OPEN, substantiated=record.substantiated)


def _workforce(ret: PerformanceReturn | None) -> tri.Workforce:
    if ret is None:
        return tri.Workforce()
    return tri.Workforce(
        staff_turnover=ret.staff_turnover,
        agency_use=ret.agency_use,
        living_wage_share=ret.living_wage_share,
        zero_hours_contracts=ret.zero_hours_contracts,
    )


def _latest_two_assessments(contract_ids: Sequence[int]) -> dict[int, list[tuple[str, ...]]]:
    """Each contract's latest and previous confirmed assessments' ratings (one query)."""
    by_assessment: dict[int, list[str]] = defaultdict(list)
    order: dict[int, list[int]] = defaultdict(list)
    rows = (
        KpiRating.objects.filter(
            assessment__contract_id__in=contract_ids,
            assessment__status=AssessmentStatus.CONFIRMED,
            archived_at__isnull=True,
        )
        .order_by("assessment__contract_id", "-assessment__period_end", "-assessment_id")
        .values_list("assessment__contract_id", "assessment_id", "rating")
    )
    for contract_id, assessment_id, rating in rows:
        if assessment_id not in by_assessment:
            order[contract_id].append(assessment_id)
        by_assessment[assessment_id].append(rating)
    return {cid: [tuple(by_assessment[a]) for a in ids[:2]] for cid, ids in order.items()}


def _latest_returns(contract_ids: Sequence[int]) -> dict[int, PerformanceReturn]:
    """Each contract's latest return with workforce figures (one query)."""
    found: dict[int, PerformanceReturn] = {}
    returns = (
        PerformanceReturn.objects.filter(contract_id__in=contract_ids, archived_at__isnull=True)
        .exclude(staff_turnover=None, agency_use=None, living_wage_share=None, zero_hours_contracts=None)
        .order_by("contract_id", "-period_end")
        .only(
            "contract_id",
            "period",
            "period_end",
            "staff_turnover",
            "agency_use",
            "living_wage_share",
            "zero_hours_contracts",
        )
    )
    for ret in returns:
        found.setdefault(ret.contract_id, ret)
    return found


def _complaints(series: Sequence[tuple[str, int]] | None, available: bool) -> tuple[int, ...] | None:
    if not available:
        return None
    return tuple(count for _, count in (series or ()))


def provider_quality(
    *,
    organisation: Organisation,
    contracts: Sequence[Contract] | None = None,
    shown: Sequence[Contract] | None = None,
    contract_ids: Sequence[int] | None = None,
) -> ProviderQuality:
    """The provider's triangulation over all its contracts (or those given), and the own triangulation of each
    contract ``shown`` (all of them when None): a provider's page shows its contracts a page at a time, while the
    provider's rating reads every contract's KPI ratings and the latest return of any (``contract_ids``: every
    contract, when only those shown are read as records)."""
    if contracts is None and contract_ids is None:
        contracts = contracts_of_provider(organisation=organisation)
    ids = list(contract_ids) if contract_ids is not None else [c.pk for c in contracts or ()]
    if shown is None:
        shown = contracts or ()
    inspections = tuple(
        InspectionRating.objects.filter(organisation=organisation, archived_at__isnull=True)
        .select_related("contract")
        .order_by("-inspected_on", "-pk")
    )
    concerns = tuple(
        SafeguardingConcern.objects.filter(organisation=organisation, archived_at__isnull=True)
        .select_related("contract")
        .order_by("-raised_on", "-pk")
    )
    notes = tuple(
        FinancialHealthNote.objects.filter(organisation=organisation, archived_at__isnull=True).order_by(
            "-noted_on", "-pk"
        )
    )
    assessments = _latest_two_assessments(ids)
    returns = _latest_returns(ids)
    complaints = quality.counts(
        quality.COMPLAINTS, organisation_ids=[organisation.pk], contract_ids=[c.pk for c in shown]
    )
    available = complaints is not None
    risk = notes[0].risk if notes else None

    rows = []
    for contract in shown:
        own = [i for i in inspections if i.contract_id in (None, contract.pk)]
        ratings = assessments.get(contract.pk, [])
        signals = tri.Signals(
            kpi_ratings=ratings[0] if ratings else (),
            previous_kpi_ratings=ratings[1] if len(ratings) > 1 else (),
            inspection=_inspection(own[0]) if own else None,
            previous_inspection=_inspection(own[1]) if len(own) > 1 else None,
            complaints=_complaints(complaints.by_contract.get(contract.pk) if complaints else None, available),
            concerns=tuple(_concern(c) for c in concerns if c.contract_id in (None, contract.pk)),
            workforce=_workforce(returns.get(contract.pk)),
            financial_risk=risk,
        )
        rows.append(Row(contract=contract, signals=signals, result=tri.triangulate(signals)))

    latest_return = max(returns.values(), key=lambda r: (r.period_end, r.pk), default=None)
    latest_two = [assessments.get(pk, []) for pk in ids]
    signals = tri.Signals(
        kpi_ratings=tuple(r for ratings in latest_two if ratings for r in ratings[0]),
        previous_kpi_ratings=tuple(r for ratings in latest_two if len(ratings) > 1 for r in ratings[1]),
        inspection=_inspection(inspections[0]) if inspections else None,
        previous_inspection=_inspection(inspections[1]) if len(inspections) > 1 else None,
        complaints=_complaints(complaints.by_organisation.get(organisation.pk) if complaints else None, available),
        concerns=tuple(_concern(c) for c in concerns),
        workforce=_workforce(latest_return),
        financial_risk=risk,
    )
    return ProviderQuality(
        organisation=organisation,
        signals=signals,
        result=tri.triangulate(signals),
        rows=tuple(rows),
        inspections=inspections,
        concerns=concerns,
        notes=notes,
        complaints_available=available,
    )


def organisation_of(contract: Contract) -> Organisation | None:
    """The provider of a contract: its supplier, or the council itself for an in-house plan."""
    if contract.provider is not None:
        return contract.provider
    return Organisation.objects.filter(is_home=True).first()


def contract_quality(*, contract: Contract) -> ProviderQuality | None:
    """One contract's (or in-house plan's) triangulation, with its provider's records."""
    organisation = organisation_of(contract)
    if organisation is None:
        return None
    return provider_quality(organisation=organisation, contracts=[contract])


def compare_plans() -> list[tuple[int, str]]:
    """The in-house plans to compare, by reference: (pk, "reference · title"). A council has a handful."""
    found = Contract.objects.filter(archived_at__isnull=True, kind=ContractKind.IN_HOUSE).order_by("reference")
    return [(pk, f"{ref} · {title}") for pk, ref, title in found.values_list("pk", "reference", "title")]


def compare_contract(*, user: Any, reference: str) -> Contract | None:
    """The contract the comparison asks for by its reference (any case), among those the user may see; one query.
    The contract list is not offered as a choice: a metropolitan council has thousands."""
    return (
        performance_contracts(user=user)
        .filter(reference__iexact=reference.strip(), archived_at__isnull=True)
        .select_related("provider")
        .first()
    )


COMPARE_SUGGESTIONS = 8


def compare_suggestions(*, plan: int) -> list[Contract]:
    """Up to COMPARE_SUGGESTIONS current contracts with providers for the same services as the in-house plan, the
    soonest ending first: the ones a member would most likely compare it with. One query."""
    services = Contract.services.through.objects.filter(contract_id=plan).values("service_id")
    return list(
        Contract.objects.filter(archived_at__isnull=True, services__in=services)
        .exclude(kind=ContractKind.IN_HOUSE)
        .distinct()
        .order_by("end_date", "reference")[:COMPARE_SUGGESTIONS]
    )
