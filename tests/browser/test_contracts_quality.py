"""Quality triangulation in a real browser, signed in once each: an officer opens Quality from the menu, compares an
in-house plan with a contract side by side and reads the disagreement flags; on the provider's page records an
inspection rating dated in the future (the named error, the input kept); and another provider's contact, in a window
of their own, is told the provider's quality page is not found."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.contracts.forms_quality import COMPARE_CONTRACT_UNKNOWN, INSPECTED_ON
from commissioning.contracts.models import Assessment, AssessmentStatus, InspectionRating, Kpi, KpiRating
from commissioning.core.forms import DATE_TODAY_OR_PAST
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _rated(contract: Any, rating: str) -> None:
    kpi = Kpi.objects.create(contract=contract, name="Visits on time", target=Decimal(90))
    assessment = Assessment.objects.create(
        contract=contract,
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2026, 3, 31),
        status=AssessmentStatus.CONFIRMED,
    )
    KpiRating.objects.create(assessment=assessment, kpi=kpi, drafted=rating, rating=rating)


def test_an_officer_compares_an_in_house_plan_and_a_contract_and_reads_the_flags(browsing: Browsing) -> None:
    council = OrganisationFactory(council=True)
    officer = UserFactory(username="olivia", first_name="Olivia", last_name="Okafor", role=Role.OFFICER)
    care = OrganisationFactory(name="Falling Care Ltd")
    other = OrganisationFactory(name="Other Care Ltd")
    stranger = UserFactory(username="sam", role=Role.PROVIDER, organisation=other)
    contract = ContractFactory(reference="CON-2026-301", title="Home care", provider=care, contract_manager=officer)
    plan = ContractFactory(reference="IHP-2026-301", title="Council home care", in_house=True, contract_manager=officer)
    _rated(contract, "good")
    _rated(plan, "good")
    InspectionRating.objects.bulk_create(
        [
            InspectionRating(
                organisation=care, inspectorate="cqc", inspected_on=dt.date(2023, 1, 5), overall="outstanding"
            ),
            InspectionRating(organisation=care, inspectorate="cqc", inspected_on=dt.date(2026, 1, 5), overall="good"),
            InspectionRating(
                organisation=council,
                contract=plan,
                inspectorate="cqc",
                inspected_on=dt.date(2026, 2, 1),
                overall="good",
            ),
        ]
    )

    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, officer)
    open_from_menu(browsing, "Review", "Quality")
    page.get_by_label("In-house plan").select_option(label="IHP-2026-301 · Council home care")
    page.get_by_label("Contract reference").fill("CON-2026-999")
    browsing.click_to_load(page.get_by_role("button", name="Compare"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        COMPARE_CONTRACT_UNKNOWN.format(reference="CON-2026-999")
    )
    expect(page.get_by_label("In-house plan")).to_have_value(str(plan.pk))
    page.get_by_label("Contract reference").fill("con-2026-301")
    browsing.click_to_load(page.get_by_role("button", name="Compare"))
    expect(page.get_by_test_id("side-1-result-rating")).to_contain_text("Good")
    expect(page.get_by_test_id("side-1-result-no-flags")).to_be_visible()
    expect(page.get_by_test_id("side-2-result-flags")).to_contain_text("KPIs good but inspection fell")
    expect(page.get_by_test_id("side-2-result-trend")).to_contain_text("Worsening")

    browsing.click_to_load(page.get_by_role("link", name="CON-2026-301 · Home care"))
    browsing.click_to_load(page.get_by_test_id("provider-link"))
    browsing.click_to_load(page.get_by_role("button", name="Record an inspection rating"))
    future = timezone.localdate() + dt.timedelta(days=40)
    page.get_by_label("Inspectorate").select_option("cqc")
    page.get_by_label("Day").fill(str(future.day))
    page.get_by_label("Month").fill(str(future.month))
    page.get_by_label("Year").fill(str(future.year))
    page.get_by_label("Overall rating").select_option("requires_improvement")
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(DATE_TODAY_OR_PAST.format(subject=INSPECTED_ON))
    expect(page.get_by_label("Year")).to_have_value(str(future.year))
    expect(page.get_by_label("Overall rating")).to_have_value("requires_improvement")
    assert InspectionRating.objects.count() == 3

    # Another provider's contact, in a window of their own: not found.
    context = page.context.browser.new_context(base_url=browsing.base_url, locale="en-GB")  # type: ignore[union-attr]
    wrong = Browsing(page=context.new_page(), base_url=browsing.base_url)
    try:
        sign_in(wrong, stranger)
        wrong.goto(f"/contracts/providers/{care.pk}/quality", status=404)
        wrong.check()
    finally:
        context.close()
