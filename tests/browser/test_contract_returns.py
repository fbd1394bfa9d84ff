"""Provider returns and the annual assessment in a real browser, a provider contact and the contract manager each in
their own window, signed in once: the provider submits a quarterly return with one wrong value first (the named
error, and what was typed is kept), then correctly; the manager queries a value and the provider answers it; the
manager accepts the return, drafts the annual assessment, changes one rating (without a reason first: the named
error) and confirms it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from commissioning.contracts import actions_returns
from commissioning.contracts.forms_returns import VALUE_NOT_PERCENT
from commissioning.contracts.models import AssessmentStatus, PerformanceReturn, ReturnQuery, ReturnStatus
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _kpi(contract: Any, by: Any, name: str, unit: str, target: str, tolerance: str, higher: bool = True) -> Any:
    details = actions_returns.KpiDetails(
        name=name, unit=unit, target=Decimal(target), tolerance=Decimal(tolerance), higher_is_better=higher
    )
    return actions_returns.kpi_create(contract=contract, details=details, by=by)


def test_a_quarterly_return_is_submitted_queried_answered_and_the_year_assessed(browsing: Browsing) -> None:
    OrganisationFactory(council=True)
    officer = UserFactory(username="olivia", first_name="Olivia", last_name="Okafor", role=Role.OFFICER)
    own = OrganisationFactory(name="Own Care Ltd")
    provider = UserFactory(username="pat", first_name="Pat", last_name="Provider", role=Role.PROVIDER, organisation=own)
    contract = ContractFactory(
        reference="CON-2026-101",
        title="Home care in the north",
        provider=own,
        contract_manager=officer,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2029, 3, 31),
    )
    on_time = _kpi(contract, officer, "Visits on time", "percentage", "90", "5")
    missed = _kpi(contract, officer, "Missed visits", "number", "2", "1", higher=False)
    manager = _kpi(contract, officer, "Registered manager in post", "yes_no", "1", "0")
    first, second = contract.returns.order_by("period")[:2]
    actions_returns.return_submit(
        ret=first,
        values={on_time.pk: Decimal("80"), missed.pk: Decimal("1"), manager.pk: Decimal("1")},
        workforce=actions_returns.Workforce(),
        by=provider,
    )

    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, provider)
    open_from_menu(browsing, "Review", "Contract returns")  # beside the public register of decommissioned services
    browsing.click_to_load(page.get_by_role("link", name=f"{second.period} return for CON-2026-101"))
    browsing.click_to_load(page.get_by_role("button", name="Submit this return"))
    page.get_by_label("Visits on time (%)").fill("ninety")
    page.get_by_label("Missed visits").fill("3")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Vacancies at the end of the quarter").fill("4")
    page.get_by_label("Staff paid at least the Real Living Wage (%)").fill("92.5")
    browsing.click_to_load(page.get_by_role("button", name="Submit the return"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(VALUE_NOT_PERCENT.format(kpi="Visits on time"))
    expect(page.get_by_label("Missed visits")).to_have_value("3")
    expect(page.get_by_label("Vacancies at the end of the quarter")).to_have_value("4")
    assert PerformanceReturn.objects.get(pk=second.pk).status == ReturnStatus.DUE
    page.get_by_label("Visits on time (%)").fill("88")
    browsing.click_to_load(page.get_by_role("button", name="Submit the return"))
    expect(page.get_by_text("return has been submitted. It is now locked.")).to_be_visible()
    expect(page.get_by_test_id("workforce")).to_contain_text("92.5%")

    # The contract manager, in a window of their own.
    context = page.context.browser.new_context(base_url=browsing.base_url, locale="en-GB")  # type: ignore[union-attr]
    manager_view = Browsing(page=context.new_page(), base_url=browsing.base_url)
    mpage = manager_view.page
    try:
        sign_in(manager_view, officer)
        expect(mpage.get_by_test_id("work-returns-to-review")).to_contain_text("Home care in the north")
        manager_view.click_to_load(
            mpage.get_by_test_id("work-returns-to-review").get_by_role("link").filter(has_text=second.period)
        )
        manager_view.click_to_load(mpage.get_by_role("button", name="Query a value"))
        mpage.get_by_label("Missed visits: 3").check()
        mpage.get_by_label("Your question").fill("Three missed visits: what happened?")
        manager_view.click_to_load(mpage.get_by_role("button", name="Send the question"))
        expect(mpage.get_by_text("Your question has been sent.")).to_be_visible()

        browsing.goto(f"/contracts/returns/{second.pk}/")
        browsing.click_to_load(page.get_by_role("button", name="Answer the query"))
        expect(page.get_by_test_id("query-question")).to_contain_text("Three missed visits")
        page.get_by_label("Your answer").fill("One was cancelled by the family on the day.")
        page.get_by_label("Corrected value of Missed visits (optional)").fill("2")
        browsing.click_to_load(page.get_by_role("button", name="Send your answer"))
        expect(page.get_by_test_id("query")).to_contain_text("One was cancelled by the family")
        query = ReturnQuery.objects.get()
        assert (query.value_before, query.corrected_value) == (Decimal("3.00"), Decimal("2.00"))

        manager_view.goto(f"/contracts/returns/{second.pk}/")
        manager_view.click_to_load(mpage.get_by_role("button", name="Accept the return"))
        expect(mpage.get_by_text("has been accepted")).to_be_visible()

        manager_view.goto(f"/contracts/{contract.pk}/assessments")
        manager_view.click_to_load(mpage.get_by_role("button", name="Draft the next assessment"))
        row = mpage.get_by_test_id("rating-row").filter(has_text="Visits on time")
        expect(row).to_contain_text("Requires improvement")  # 80 and 88: an average of 84 against 90, tolerance 5
        manager_view.click_to_load(mpage.get_by_role("link", name="Change the rating of Visits on time"))
        mpage.get_by_label("Approaching target").check()
        manager_view.click_to_load(mpage.get_by_role("button", name="Save the rating"))
        expect(mpage.locator(".govuk-error-summary")).to_contain_text(
            actions_returns.RATING_REASON_REQUIRED.format(
                kpi="Visits on time", drafted="Requires improvement", rating="Approaching target"
            )
        )
        mpage.get_by_label("Reason for the change").fill("The second quarter recovered after the winter")
        manager_view.click_to_load(mpage.get_by_role("button", name="Save the rating"))
        expect(row).to_contain_text("Approaching target")
        manager_view.click_to_load(mpage.get_by_role("button", name="Confirm the assessment"))
        expect(mpage.get_by_text("The assessment has been confirmed.")).to_be_visible()
        assert contract.assessments.get().status == AssessmentStatus.CONFIRMED
        # The contract's other pages for its manager, each checked with axe-core as it loads.
        for path in ("kpis", "kpis/new", "kpis/exemption", "returns", "failures/new"):
            manager_view.goto(f"/contracts/{contract.pk}/{path}")
        manager_view.goto(f"/contracts/kpis/{on_time.pk}/edit")
        manager_view.goto("/contracts/returns/?overdue=on")
        manager_view.assert_every_page_checked()
        manager_view.assert_nothing_refused()
    finally:
        context.close()
