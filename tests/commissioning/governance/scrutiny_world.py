"""A small council for the scrutiny tests (ADR 0034): a scrutiny committee with a scrutiny member and a democratic
services officer, and one record for each list of the scrutiny dashboard: an indicator off target and getting worse
(and one off target but improving, which is not listed), a service in the worst quartile for unit cost (and one that
is not), a called-in decision, a contract rated below Good in its latest assessment, and a service with complaints in
the last quarter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commissioning.contracts.models import Assessment, AssessmentStatus, Kpi, KpiRating
from commissioning.core.permissions import Role
from commissioning.governance.models import CallIn, DecisionStatus
from commissioning.residents import actions_complaints
from tests.commissioning.governance.factories import BodyFactory, DecisionFactory, MeetingFactory, MembershipFactory
from tests.commissioning.outcomes.factories import (
    ComparatorFactory,
    ComparatorGroupFactory,
    IndicatorFactory,
    MeasurementFactory,
    TargetFactory,
    UnitCostBenchmarkFactory,
)
from tests.commissioning.residents.complaints_world import details
from tests.factories import ContractFactory, CouncillorFactory, OrganisationFactory, ServiceFactory, UserFactory

COMPARATOR_COSTS = (Decimal("100.00"), Decimal("110.00"), Decimal("120.00"), Decimal("130.00"))


def _indicator(code: str, name: str, values: tuple[str, str]) -> Any:
    indicator = IndicatorFactory(code=code, name=name)
    for period, value in zip(("2026/27 Q1", "2026/27 Q2"), values, strict=True):
        TargetFactory(indicator=indicator, period=period, target=Decimal("80"), tolerance=Decimal("5"))
        MeasurementFactory(indicator=indicator, period=period, value=Decimal(value))
    return indicator


def build_world() -> dict[str, Any]:
    council = OrganisationFactory(council=True)
    member = UserFactory(username="sam", first_name="Sam", last_name="Scrutiny", role=Role.SCRUTINY)
    clerk = UserFactory(username="dana", role=Role.DEMOCRATIC)
    committee = BodyFactory(scrutiny=True, name="Overview and Scrutiny Committee")
    MembershipFactory(body=committee, councillor=CouncillorFactory(name="Sam Scrutiny", user=member))
    meeting = MeetingFactory(body=committee, place="Council Chamber")

    worsening = _indicator("ASC-01", "Reablement: people at home 91 days after discharge", ("70", "65"))
    improving = _indicator("ASC-02", "Carers assessed in the year", ("60", "70"))

    group = ComparatorGroupFactory(council=council)
    comparators = [ComparatorFactory(group=group) for _ in COMPARATOR_COSTS]
    costly = ServiceFactory(name="Home care", gross_budget=Decimal("500000.00"), annual_demand=1000)
    cheap = ServiceFactory(name="Libraries", gross_budget=Decimal("50000.00"), annual_demand=1000)
    for service in (costly, cheap):
        for comparator, cost in zip(comparators, COMPARATOR_COSTS, strict=True):
            UnitCostBenchmarkFactory(service=service, ons_code=comparator.ons_code, unit_cost=cost)

    decision = DecisionFactory(
        title="Close the Elm Street day centre",
        status=DecisionStatus.PUBLISHED,
        published_on=timezone.localdate() - dt.timedelta(days=3),
    )
    call_in = CallIn.objects.create(
        decision=decision, grounds="Not consulted", made_on=timezone.localdate() - dt.timedelta(days=1), made_by=member
    )

    contract = ContractFactory(reference="CON-2026-401", title="Domiciliary care framework")
    kpi = Kpi.objects.create(contract=contract, name="Visits on time", target=Decimal(90))
    assessment = Assessment.objects.create(
        contract=contract,
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2026, 3, 31),
        status=AssessmentStatus.CONFIRMED,
    )
    KpiRating.objects.create(assessment=assessment, kpi=kpi, drafted="inadequate", rating="inadequate")

    complained = ServiceFactory(name="Bin collection")
    for email in ("a@example.org", "b@example.org"):
        actions_complaints.complaint_make(details=details(complained, email=email), today=timezone.localdate())

    return {
        "council": council,
        "member": member,
        "clerk": clerk,
        "committee": committee,
        "meeting": meeting,
        "worsening": worsening,
        "improving": improving,
        "costly": costly,
        "cheap": cheap,
        "decision": decision,
        "call_in": call_in,
        "contract": contract,
        "complained": complained,
        "officer": UserFactory(username="olivia", role=Role.OFFICER),
        "provider": UserFactory(username="pat", role=Role.PROVIDER, organisation=OrganisationFactory()),
    }
