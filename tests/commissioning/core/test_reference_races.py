"""Simultaneous creates on PostgreSQL: generated references never collide, a typed one taken meanwhile is a field
error, never a 500 (issue 8)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from commissioning.core.permissions import Role
from commissioning.intelligence import actions as intelligence_actions
from commissioning.intelligence.actions import IntelligenceDetails
from commissioning.intelligence.models import Urgency, WardIntelligence
from commissioning.outcomes import actions as outcome_actions
from commissioning.outcomes.actions import OutcomeDetails
from commissioning.outcomes.models import Outcome
from commissioning.reviews import actions as review_actions
from commissioning.reviews.actions import ReviewDetails
from commissioning.reviews.models import CommissioningReview
from commissioning.services import actions as service_actions
from commissioning.services.actions import ServiceDetails
from commissioning.services.models import DeliveryModel, Service
from tests.commissioning.intelligence.factories import councillor_with_login
from tests.commissioning.outcomes.factories import PriorityFactory
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory, WardFactory

RACERS = 12

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite's in-memory test database fails a second writer at once instead of letting it wait",
    ),
    pytest.mark.django_db(transaction=True),
]


def race(*makers: Callable[[], object]) -> list[object]:
    """Run every maker at the same moment, each in its own thread and connection; what each returned or raised."""
    start = threading.Barrier(len(makers))
    outcomes: list[object] = [None] * len(makers)

    def run(index: int, make: Callable[[], object]) -> None:
        try:
            start.wait()
            outcomes[index] = make()
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, make)) for i, make in enumerate(makers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _reference_errors(outcomes: list[object]) -> list[list[str]]:
    return [o.message_dict.get("reference", []) for o in outcomes if isinstance(o, ValidationError)]


def test_racing_service_creates_get_distinct_references_and_one_typed_reference_wins():
    OrganisationFactory(council=True)
    officer = UserFactory(role=Role.OFFICER)
    directorate = DirectorateFactory(code="PLE")
    ServiceFactory(reference="PLE-007", directorate=directorate)
    details = ServiceDetails(
        name="Street cleansing",
        directorate=directorate,
        accountable_officer=officer,
        is_statutory=False,
        delivery_model=DeliveryModel.IN_HOUSE,
        budget_year="2026/27",
        gross_budget=Decimal("1000.00"),
        net_budget=Decimal("900.00"),
        staff_fte=Decimal("1.0"),
        annual_demand=10,
        demand_unit="visits",
    )

    def create(**changes: object) -> Callable[[], Service]:
        return lambda: service_actions.service_create(details=replace(details, **changes), by=officer)

    blank = [create(name=f"Generated {i}") for i in range(RACERS)]
    typed = [create(name=f"Typed {i}", reference="PLE-900") for i in range(RACERS)]
    outcomes = race(*[m for pair in zip(blank, typed, strict=True) for m in pair])
    generated, chosen = outcomes[0::2], outcomes[1::2]

    assert all(isinstance(o, Service) for o in generated), generated
    references = [o.reference for o in generated if isinstance(o, Service)]
    assert len(set(references)) == RACERS
    assert all(ref.startswith("PLE-") for ref in references)
    made = [o for o in chosen if isinstance(o, Service)]
    assert len(made) == 1, chosen
    assert made[0].reference == "PLE-900"
    taken = service_actions.REFERENCE_TAKEN.format(reference="PLE-900")
    assert _reference_errors(chosen) == [[taken]] * (RACERS - 1), chosen
    assert Service.objects.count() == 1 + RACERS + 1
    assert all(s.history.count() == 1 for s in Service.objects.exclude(reference="PLE-007"))


def test_racing_review_creates_get_distinct_references_and_one_typed_reference_wins():
    OrganisationFactory(council=True)
    officer = UserFactory(role=Role.OFFICER)
    directorate = DirectorateFactory(code="ADH")
    service = ServiceFactory(directorate=directorate)
    details = ReviewDetails(
        title="Review of home care",
        purpose="Find out whether home care gives best value.",
        services=[service],
        directorate=directorate,
        lead_commissioner=officer,
        planned_start="2026/27 Q2",
        planned_end="2027/28 Q1",
    )

    def create(**changes: object) -> Callable[[], CommissioningReview]:
        return lambda: review_actions.review_create(details=replace(details, **changes), by=officer)

    blank = [create(title=f"Generated {i}") for i in range(RACERS)]
    typed = [create(title=f"Typed {i}", reference="CR-2026-900") for i in range(RACERS)]
    outcomes = race(*[m for pair in zip(blank, typed, strict=True) for m in pair])
    generated, chosen = outcomes[0::2], outcomes[1::2]

    assert all(isinstance(o, CommissioningReview) for o in generated), generated
    assert len({o.reference for o in generated if isinstance(o, CommissioningReview)}) == RACERS
    made = [o for o in chosen if isinstance(o, CommissioningReview)]
    assert len(made) == 1, chosen
    taken = review_actions.REFERENCE_TAKEN.format(reference="CR-2026-900")
    assert _reference_errors(chosen) == [[taken]] * (RACERS - 1), chosen
    assert CommissioningReview.objects.count() == RACERS + 1


def test_racing_edits_to_one_typed_reference_leave_one_holder_and_field_errors():
    OrganisationFactory(council=True)
    officer = UserFactory(role=Role.OFFICER)
    directorate = DirectorateFactory(code="PLE")
    services = [ServiceFactory(directorate=directorate, accountable_officer=officer) for _ in range(RACERS)]

    def rename(service: Service) -> Callable[[], Service]:
        details = ServiceDetails(
            name=service.name,
            directorate=directorate,
            accountable_officer=officer,
            is_statutory=False,
            delivery_model=DeliveryModel.IN_HOUSE,
            budget_year="2026/27",
            gross_budget=service.gross_budget,
            net_budget=service.net_budget,
            staff_fte=service.staff_fte,
            annual_demand=service.annual_demand,
            demand_unit=service.demand_unit,
            reference="PLE-800",
        )
        return lambda: service_actions.service_update(service=service, details=details, by=officer)

    outcomes = race(*[rename(service) for service in services])

    assert len([o for o in outcomes if isinstance(o, Service)]) == 1, outcomes
    taken = service_actions.REFERENCE_TAKEN.format(reference="PLE-800")
    assert _reference_errors(outcomes) == [[taken]] * (RACERS - 1), outcomes
    assert Service.objects.filter(reference="PLE-800").count() == 1


def test_racing_outcome_creates_get_distinct_references_and_one_typed_reference_wins():
    OrganisationFactory(council=True)
    officer = UserFactory(role=Role.OFFICER)
    priority = PriorityFactory()

    def create(**changes: object) -> Callable[[], Outcome]:
        details = OutcomeDetails(priority=priority, name="Residents feel safe", lead=officer)
        return lambda: outcome_actions.outcome_create(details=replace(details, **changes), by=officer)

    blank = [create(name=f"Generated {i}") for i in range(RACERS)]
    typed = [create(name=f"Typed {i}", reference="OC-90") for i in range(RACERS)]
    outcomes = race(*[m for pair in zip(blank, typed, strict=True) for m in pair])
    generated, chosen = outcomes[0::2], outcomes[1::2]

    assert all(isinstance(o, Outcome) for o in generated), generated
    assert len({o.reference for o in generated if isinstance(o, Outcome)}) == RACERS
    assert len([o for o in chosen if isinstance(o, Outcome)]) == 1, chosen
    taken = outcome_actions.OUTCOME_REFERENCE_TAKEN.format(reference="OC-90")
    assert _reference_errors(chosen) == [[taken]] * (RACERS - 1), chosen


def test_racing_intelligence_submissions_get_distinct_references():
    OrganisationFactory(council=True)
    ward = WardFactory()
    councillor = councillor_with_login(username="cllr-race", wards=[ward])
    service = ServiceFactory(wards=[ward])

    def submit(i: int) -> Callable[[], WardIntelligence]:
        details = IntelligenceDetails(
            service=service, ward=ward, title=f"Bins missed {i}", residents_saying="Missed again.", urgency=Urgency.HIGH
        )
        return lambda: intelligence_actions.intelligence_submit(details=details, by=councillor.user)

    outcomes = race(*[submit(i) for i in range(2 * RACERS)])

    assert all(isinstance(o, WardIntelligence) for o in outcomes), outcomes
    assert len({o.reference for o in outcomes if isinstance(o, WardIntelligence)}) == 2 * RACERS
