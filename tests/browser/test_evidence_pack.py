"""An officer opens a service's evidence pack and downloads its PDF, in a real browser (axe-core on every page).

From the service page (its outcomes and indicators, with RAG status), to the evidence pack (budget, unit cost
against comparable councils, indicators, outcomes, needs evidence and consultation), to an indicator's page (its
chart with the table beside it) and back, then the PDF: a real PDF naming the council and the service.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.outcomes.factories import (
    BenchmarkFactory,
    ComparatorFactory,
    ComparatorGroupFactory,
    ConsultationFactory,
    EvidenceFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    TargetFactory,
    UnitCostBenchmarkFactory,
)
from tests.factories import ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
D = Decimal


@pytest.fixture
def service(council: Organisation):
    service = ServiceFactory(reference="CMH-001", name="Homelessness prevention")
    outcome = OutcomeFactory(name="Fewer households become homeless", services=[service])
    indicator = IndicatorFactory(
        code="HOM-01", name="Households prevented from becoming homeless", outcome=outcome, services=[service]
    )
    for period, value in [("2024/25 Q4", "70"), ("2025/26 Q1", "72"), ("2025/26 Q2", "75"), ("2025/26 Q3", "79")]:
        MeasurementFactory(indicator=indicator, period=period, value=D(value))
        TargetFactory(indicator=indicator, period=period, target=D("76"))
    group = ComparatorGroupFactory(council=council, name="Testshire nearest neighbours")
    for position, (code, value, cost) in enumerate(
        [
            ("E07000801", "65", "210"),
            ("E07000802", "71", "240"),
            ("E07000803", "80", "300"),
            ("E07000804", "84", "320"),
        ],
        start=1,
    ):
        ComparatorFactory(group=group, ons_code=code, name=f"Neighbour {position} Borough Council", position=position)
        BenchmarkFactory(indicator=indicator, year="2025/26", ons_code=code, value=D(value))
        UnitCostBenchmarkFactory(service=service, year=service.budget_year, ons_code=code, unit_cost=D(cost))
    BenchmarkFactory(indicator=indicator, year="2025/26", ons_code=council.ons_code, value=D("74"))
    EvidenceFactory(title="Homelessness review 2025", service=service)
    ConsultationFactory(title="Consultation on housing advice", service=service, responses=412)
    return service


def test_an_officer_opens_a_services_evidence_pack_and_downloads_its_pdf(browsing: Browsing, service, tmp_path):
    officer = UserFactory.create(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)
    page = browsing.page
    sign_in(browsing, officer)

    browsing.goto(f"/services/{service.pk}/")
    expect(page.get_by_role("heading", name="Outcomes and indicators")).to_be_visible()
    indicator_row = page.get_by_test_id("service-indicators").locator("tbody tr")
    expect(indicator_row).to_contain_text("Households prevented from becoming homeless")
    expect(indicator_row).to_contain_text("Green")

    browsing.click_to_load(page.get_by_test_id("evidence-pack-link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack: Homelessness prevention")
    for heading in [
        "The service",
        "Budget 2026/27",
        "Unit cost against comparable councils",
        "Indicators: RAG status and direction of travel",
        "Outcomes the service serves",
        "Needs evidence",
        "Consultation",
    ]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_test_id("unit-cost-position")).to_contain_text("ranked 3 of 5")
    expect(page.get_by_test_id("pack-rag-summary")).to_have_text(
        "Latest values: 1 Green, 0 Amber, 0 Red, of 1 indicator."
    )
    expect(page.get_by_test_id("evidence-items")).to_contain_text("Homelessness review 2025")
    expect(page.get_by_test_id("consultation-items")).to_contain_text("412")

    # The indicator's own page: its chart, with the values in the table beside it.
    browsing.click_to_load(page.get_by_role("link", name="Households prevented from becoming homeless"))
    expect(page.get_by_role("img", name="Line chart of Households prevented from becoming homeless")).to_be_visible()
    expect(page.get_by_test_id("values-beside-chart").locator("tbody tr")).to_have_count(4)
    expect(page.get_by_test_id("benchmark-position")).to_contain_text("ranked 3 of 5")
    page.go_back()
    browsing.check()

    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    assert download.value.suggested_filename == "evidence-pack-cmh-001.pdf"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(content)).pages)
    assert "Testshire Borough Council" in text
    assert "Evidence pack: Homelessness prevention" in text
    assert "Homelessness review 2025" in text
