"""Quality triangulation in the app: the signals read from the records (an in-house plan like any contract), the
complaints registry, the pages' flags, and a wrong inspection rating refused with its input kept. One module-scoped
world (tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from commissioning.contracts import selectors_quality
from commissioning.contracts.forms_quality import (
    COMPARE_CONTRACT_IN_HOUSE,
    COMPARE_CONTRACT_REQUIRED,
    COMPARE_CONTRACT_UNKNOWN,
    COMPARE_PLAN_REQUIRED,
    INSPECTED_ON,
)
from commissioning.contracts.models import (
    Assessment,
    AssessmentStatus,
    FinancialHealthNote,
    InspectionRating,
    Kpi,
    KpiRating,
    PerformanceReturn,
    SafeguardingConcern,
)
from commissioning.core import quality
from commissioning.core.forms import DATE_TODAY_OR_PAST
from commissioning.core.permissions import Role
from commissioning.residents.quality_complaints import complaint_counts
from engine.contracts import triangulation as tri
from tests import matrix
from tests.dates import date_input
from tests.factories import ContractFactory, OrganisationFactory, ServiceFactory, UserFactory


def _assess(contract: Any, kpi: Kpi, end: dt.date, rating: str) -> None:
    assessment = Assessment.objects.create(
        contract=contract, period_start=end - dt.timedelta(days=364), period_end=end, status=AssessmentStatus.CONFIRMED
    )
    KpiRating.objects.create(assessment=assessment, kpi=kpi, drafted=rating, rating=rating)


def _build_world() -> dict[str, Any]:
    home = OrganisationFactory(council=True)
    care = OrganisationFactory(name="Falling Care Ltd")
    officer = UserFactory(username="q-officer", role=Role.OFFICER)
    ext = ContractFactory(reference="CON-2025-301", provider=care, contract_manager=officer)
    plan = ContractFactory(reference="IHP-2025-301", in_house=True, contract_manager=officer)
    for contract, rating in ((ext, "good"), (plan, "approaching")):
        kpi = Kpi.objects.create(contract=contract, name="On time", target=Decimal(90))
        _assess(contract, kpi, dt.date(2024, 3, 31), "good")
        _assess(contract, kpi, dt.date(2025, 3, 31), rating)
    InspectionRating.objects.bulk_create(
        [
            InspectionRating(
                organisation=care, inspectorate="cqc", inspected_on=dt.date(2022, 5, 1), overall="outstanding"
            ),
            InspectionRating(
                organisation=care,
                inspectorate="cqc",
                inspected_on=dt.date(2025, 5, 1),
                overall="good",
                safe="requires_improvement",
            ),
            InspectionRating(
                organisation=home, contract=plan, inspectorate="cqc", inspected_on=dt.date(2025, 2, 1), overall="good"
            ),
        ]
    )
    SafeguardingConcern.objects.create(
        organisation=care, raised_on=dt.date(2025, 6, 1), category="neglect", status="closed"
    )
    FinancialHealthNote.objects.create(organisation=care, noted_on=dt.date(2025, 6, 1), risk="high", note="Losses")
    PerformanceReturn.objects.filter(contract=ext).order_by("period_end").update(staff_turnover=Decimal(35))
    return {"home": home, "care": care, "officer": officer, "ext": ext, "plan": plan}


world = matrix.world_fixture(_build_world)


@pytest.fixture
def no_complaint_data() -> Iterator[None]:
    """As before any app provided complaints (the residents app does, at start-up)."""
    quality.withdraw(quality.COMPLAINTS)
    try:
        yield
    finally:
        quality.provide(quality.COMPLAINTS, complaint_counts)


@pytest.mark.django_db
def test_a_providers_signals_come_from_its_records(world: dict[str, Any], no_complaint_data: None) -> None:
    q = selectors_quality.provider_quality(organisation=world["care"])
    assert [row.contract.reference for row in q.rows] == ["CON-2025-301"]
    signals = q.signals
    assert signals.kpi_ratings == ("good",)
    assert signals.previous_kpi_ratings == ("good",)
    assert signals.inspection == tri.Inspection("good", (("safe", "requires_improvement"),))
    assert signals.previous_inspection == tri.Inspection("outstanding")
    assert signals.concerns == (tri.Concern(open=False, substantiated=False),)
    assert signals.financial_risk == "high"
    assert signals.complaints is None
    assert not q.complaints_available
    assert tri.KPIS_GOOD_INSPECTION_FELL in q.result.flags
    assert tri.RATED_WELL_FINANCIAL_RISK in q.result.flags


@pytest.mark.django_db
def test_an_in_house_plans_provider_is_the_council(world: dict[str, Any]) -> None:
    q = selectors_quality.contract_quality(contract=world["plan"])
    assert q is not None
    assert q.organisation == world["home"]
    assert q.rows[0].signals.kpi_ratings == ("approaching",)
    assert q.rows[0].signals.inspection == tri.Inspection("good")
    home = selectors_quality.provider_quality(organisation=world["home"])
    assert [row.contract.reference for row in home.rows] == ["IHP-2025-301"]


@pytest.mark.django_db
def test_complaints_come_through_the_registry_when_an_app_provides_them(world: dict[str, Any]) -> None:
    asked = {}

    def complaints(*, organisation_ids: Any, contract_ids: Any) -> quality.Counts:
        asked.update(organisations=organisation_ids, contracts=contract_ids)
        series = (("2025/26 Q1", 1), ("2025/26 Q2", 6))
        return quality.Counts(by_organisation={world["care"].pk: series}, by_contract={world["ext"].pk: series})

    quality.provide(quality.COMPLAINTS, complaints)
    try:
        q = selectors_quality.provider_quality(organisation=world["care"])
    finally:
        quality.provide(quality.COMPLAINTS, complaint_counts)  # the residents app's provider, as at start-up
    assert asked == {"organisations": (world["care"].pk,), "contracts": (world["ext"].pk,)}
    assert q.signals.complaints == (1, 6)
    assert q.rows[0].signals.complaints == (1, 6)
    assert tri.KPIS_GOOD_COMPLAINTS_RISING in q.result.flags


@pytest.mark.django_db
def test_the_pages_show_the_rating_flags_and_no_complaint_data(world: dict[str, Any], no_complaint_data: None) -> None:
    client = Client()
    client.force_login(world["officer"])
    page = client.get(reverse("contracts:provider-quality", args=[world["care"].pk])).content.decode()
    assert "KPIs good but inspection fell" in page
    assert "No complaint data yet" in page
    assert 'data-testid="provider-contracts"' in page
    page = client.get(reverse("contracts:quality", args=[world["ext"].pk])).content.decode()
    assert "KPIs good but inspection fell" in page
    assert "Falling Care Ltd" in page
    url = reverse("contracts:quality-compare") + f"?plan={world['plan'].pk}&contract={world['ext'].reference.lower()}"
    page = client.get(url).content.decode()
    assert 'data-testid="side-1-result"' in page
    assert 'data-testid="side-2-result"' in page
    assert "KPIs good but inspection fell" in page


@pytest.mark.django_db
def test_the_comparison_names_a_wrong_plan_or_reference_and_keeps_what_was_asked(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["officer"])
    url = reverse("contracts:quality-compare")
    page = client.get(url).content.decode()
    assert "govuk-error-summary" not in page  # nothing asked yet, nothing wrong
    page = client.get(url + "?plan=999999&contract=").content.decode()
    assert COMPARE_PLAN_REQUIRED in page
    assert escape(COMPARE_CONTRACT_REQUIRED) in page
    assert 'data-testid="comparison"' not in page
    page = client.get(url + f"?plan={world['plan'].pk}&contract=CON-1999-999").content.decode()
    assert escape(COMPARE_CONTRACT_UNKNOWN.format(reference="CON-1999-999")) in page
    assert f'<option value="{world["plan"].pk}" selected' in page  # the plan chosen is kept
    assert 'value="CON-1999-999"' in page
    page = client.get(url + f"?plan={world['plan'].pk}&contract={world['plan'].reference}").content.decode()
    assert escape(COMPARE_CONTRACT_IN_HOUSE.format(reference=world["plan"].reference)) in page


@pytest.mark.django_db
def test_a_plan_suggests_the_contracts_for_the_same_services(world: dict[str, Any]) -> None:
    service = ServiceFactory()
    world["plan"].services.add(service)
    world["ext"].services.add(service)
    client = Client()
    client.force_login(world["officer"])
    page = client.get(reverse("contracts:quality-compare") + f"?plan={world['plan'].pk}").content.decode()
    assert 'data-testid="compare-suggestions"' in page
    assert f"contract={world['ext'].reference}" in page
    assert 'data-testid="comparison"' not in page
    assert "govuk-error-summary" not in page  # arriving from the plan's page asks for the contract, no error yet
    assert f'<option value="{world["plan"].pk}" selected' in page
    page = client.get(reverse("contracts:quality-compare") + f"?contract={world['ext'].reference}").content.decode()
    assert "govuk-error-summary" not in page
    assert f'value="{world["ext"].reference}"' in page


@pytest.mark.django_db
def test_an_inspection_rating_in_the_future_is_refused_naming_the_date_with_the_input_kept(
    world: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(world["officer"])
    before = InspectionRating.objects.count()
    future = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        reverse("contracts:inspection-create", args=[world["care"].pk]),
        {
            "inspectorate": "ofsted",
            "overall": "inadequate",
            **date_input("inspected_on", future),
            "form_token": str(uuid.uuid4()),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert DATE_TODAY_OR_PAST.format(subject=INSPECTED_ON) in page
    assert f'value="{future.year}"' in page
    assert InspectionRating.objects.count() == before


@pytest.mark.django_db
def test_a_contract_of_another_provider_is_refused_for_an_inspection(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["officer"])
    response = client.post(
        reverse("contracts:inspection-create", args=[world["care"].pk]),
        {
            "inspectorate": "cqc",
            "overall": "good",
            "contract": str(world["plan"].pk),
            **date_input("inspected_on", "2025-01-01"),
            "form_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert InspectionRating.objects.filter(inspected_on=dt.date(2025, 1, 1)).count() == 0


@pytest.mark.django_db
def test_the_contract_page_shows_the_providers_quality_and_the_list_links_to_it(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["officer"])
    page = client.get(reverse("contracts:detail", args=[world["ext"].pk])).content.decode()
    provider_page = reverse("contracts:provider-quality", args=[world["care"].pk])
    assert f'href="{provider_page}" data-testid="contract-provider-quality"' in page
    assert "Business case behind it" in page
    assert "Review behind it" in page
    assert provider_page in client.get(reverse("contracts:list")).content.decode()


@pytest.mark.django_db
def test_a_providers_page_shows_its_contracts_a_page_at_a_time_and_rates_the_provider_on_all(
    world: dict[str, Any], settings: Any
) -> None:
    settings.PAGE_SIZE = 2
    for n in (901, 902):
        ContractFactory(reference=f"CON-2026-{n}", provider=world["care"])
    client = Client()
    client.force_login(world["officer"])
    url = reverse("contracts:provider-quality", args=[world["care"].pk])
    first = client.get(url).content.decode()
    assert "Showing 1 to 2 of 3, by reference." in first
    assert "CON-2025-301" in first
    assert "CON-2026-901" in first
    assert "CON-2026-902" not in first
    second = client.get(url + "?page=2").content.decode()
    assert "CON-2026-902" in second
    assert "CON-2026-901" not in second
    # The provider's own rating reads every contract's KPI ratings, whichever of them are shown.
    ids = list(selectors_quality.provider_contracts(organisation=world["care"]).values_list("pk", flat=True))
    whole = selectors_quality.provider_quality(organisation=world["care"])
    paged = selectors_quality.provider_quality(
        organisation=world["care"],
        contract_ids=ids,
        shown=[world["ext"].__class__.objects.get(reference="CON-2026-902")],
    )
    assert paged.signals == whole.signals
    assert paged.result == whole.result
    assert [row.contract.reference for row in paged.rows] == ["CON-2026-902"]
