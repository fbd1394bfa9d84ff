"""Spend as evidence of a saving, in a real browser: a director opens a savings line on a service with published spend,
sees the spend against the line's baseline and the saving to date, and records it as spend-data evidence; first for
a month that has not ended, refused with a clear message and nothing saved, then for the last month with spend. A
provider cannot reach the page. Screenshots at 1280 pixels are kept in var/screenshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.finance import actions_spendlinks
from commissioning.finance.calculations import plus_years
from commissioning.finance.models import (
    EvidenceKind,
    SavingsEvidence,
    SavingsLine,
    SavingsYear,
    SpendImport,
    SpendTransaction,
)
from commissioning.finance.selectors_savings import current_year
from tests.browser.helpers import Browsing, sign_in
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"finance-{name}-1280.png"), full_page=True)


def test_a_director_records_the_saving_shown_by_spend_and_a_provider_cannot(
    browsing: Browsing, council: Organisation
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    this_year = current_year()
    last_year = plus_years(this_year, -1)
    start = int(last_year[:4])
    director = UserFactory.create(username="dee", first_name="Dee", last_name="Director", role=Role.DIRECTOR)
    adults = DirectorateFactory.create(name="Adult Social Care", code="ADL", director=director)
    service = ServiceFactory.create(directorate=adults, name="Home care")
    line = SavingsLine.objects.create(
        reference="SAV-0001",
        title="Recommission home care",
        owner=director,
        directorate=adults,
        service=service,
        baseline=Decimal("1200000"),
    )
    for year in (last_year, this_year):
        SavingsYear.objects.create(
            line=line, financial_year=year, target=120000, planned=120000, full_year_effect=120000, forecast=120000
        )
    supplier = OrganisationFactory.create(name="Brightwater Homes Ltd")
    spend_import = SpendImport.objects.create(filename="spend.csv", sha256="0" * 64, source="command")
    for number, month in enumerate([*range(4, 13), 1, 2, 3], start=1):
        SpendTransaction.objects.create(
            spend_import=spend_import,
            row_number=number + 1,
            date=dt.date(start + (month < 4), month, 15),
            supplier_name=supplier.name,
            organisation=supplier,
            amount=Decimal("90000"),
            service=service,
            row_key=f"journey-{number}",
        )

    sign_in(browsing, director)
    browsing.goto(f"/finance/savings/{line.pk}/")
    evidence = page.get_by_test_id("spend-evidence")
    expect(evidence).to_contain_text("£1,080,000")  # twelve months of £90,000
    expect(evidence).to_contain_text("£120,000")  # against £1,200,000: the saving to date
    shot(page, "spend-evidence")

    browsing.click_to_load(page.get_by_role("button", name="Record the saving shown by spend"))
    expect(page.get_by_test_id(f"spend-months-{last_year.replace('/', '-')}")).to_contain_text("£10,000")
    march = dt.date(start + 2, 3, 1)  # this year's March has not ended
    page.get_by_label("Spend from April up to the end of").select_option(label=f"{march:%B %Y}")
    browsing.click_to_load(page.get_by_role("button", name="Record as evidence"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        actions_spendlinks.SPEND_NOT_ENDED.format(month=f"{march:%B %Y}")
    )
    assert not SavingsEvidence.objects.exists()
    shot(page, "spend-evidence-refused")

    page.get_by_label("Spend from April up to the end of").select_option(label=f"March {start + 1}")
    browsing.click_to_load(page.get_by_role("button", name="Record as evidence"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Spend data recorded as evidence: £120,000.00")
    expect(page.get_by_test_id("evidence")).to_contain_text("Spend data")
    recorded = SavingsEvidence.objects.get()
    assert (recorded.kind, recorded.amount, recorded.recorded_by) == (EvidenceKind.SPEND_DATA, 120000, director)
    assert SavingsYear.objects.get(line=line, financial_year=last_year).realised == 120000

    browsing.click_to_load(page.get_by_test_id("sign-out"))
    provider = UserFactory.create(username="pat", role=Role.PROVIDER, organisation=supplier)
    sign_in(browsing, provider)
    browsing.goto(f"/finance/savings/{line.pk}/spend-evidence/", status=404)
