"""Procurement in a real browser: an officer starts a procurement from the decision that adopted a business case's
option, sets the criteria (weights adding up to 90 first: the named error, and what was typed is kept), scores two
bidders and the in-house bid on the same criteria, and awards (without a decision first: the named error); then a
bidder's contact sees their own bid's scores and is refused the other bidders' scores and the ranking."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from commissioning.contracts import actions_procurement as actions
from commissioning.contracts.models import Bid, Procurement
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.appraisals.factories import BusinessCaseFactory, OptionFactory
from tests.commissioning.governance.factories import DecisionFactory
from tests.factories import DirectorateFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
IN_HOUSE = "In-house bid (the council's own service)"


def fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def score(browsing: Browsing, bidder: str, scores: tuple[int, int, int]) -> None:
    """Add a bid (the in-house one when bidder is IN_HOUSE) and score it on the three criteria."""
    page = browsing.page
    browsing.click_to_load(page.get_by_role("button", name="Add a bid"))
    if bidder == IN_HOUSE:
        page.get_by_label(re.compile("This is the in-house bid")).check()
    else:
        page.get_by_label("Organisation bidding").select_option(label=bidder)
    browsing.click_to_load(page.get_by_role("button", name="Add the bid"))
    for label, value in zip(("Quality of care", "Price", "Social value"), scores, strict=True):
        page.get_by_label(re.compile(f"{label} \\(")).fill(str(value))
    browsing.click_to_load(page.get_by_role("button", name="Save the scores"))


def test_an_officer_evaluates_and_awards_and_a_bidder_sees_only_its_own_scores(browsing: Browsing) -> None:
    OrganisationFactory(council=True)
    officer = UserFactory(username="olivia", first_name="Olivia", last_name="Okafor", role=Role.OFFICER)
    first, second = OrganisationFactory(name="First Care Ltd"), OrganisationFactory(name="Second Care Ltd")
    bidder = UserFactory(username="sam", role=Role.PROVIDER, organisation=second)
    DirectorateFactory(name="Adults", code="ADL")
    option = OptionFactory(name="Re-procure home care")
    case = BusinessCaseFactory(review=option.appraisal.review, recommended_option=option)
    adopting = DecisionFactory(
        reference="DEC-2026-101",
        title="Re-procure home care",
        review=case.review,
        business_case=case,
        adopted_option=option,
        status="published",
    )
    award_decision = DecisionFactory(reference="DEC-2026-102", title="Award of home care", status="published")

    page = browsing.page
    sign_in(browsing, officer)
    open_from_menu(browsing, "Deliver", "Procurements")
    browsing.click_to_load(page.get_by_role("button", name="Start a procurement"))
    page.get_by_label("Decision that adopted the option").select_option(label=str(adopting))
    page.get_by_label("Title").fill("Home care")
    page.get_by_label("Department").select_option(label="Adults")
    page.get_by_label("Lead officer").select_option(label="Olivia Okafor")
    page.get_by_label("How will it be let?").select_option(label="Open procedure")
    page.get_by_label("Estimated value (£)").fill("3000000")
    page.get_by_label("The council's own service may bid, scored on the same criteria").check()
    browsing.click_to_load(page.get_by_role("button", name=re.compile("^(Start|Save)")))
    procurement = Procurement.objects.get(title="Home care")
    assert (procurement.business_case_id, procurement.option_id) == (case.pk, option.pk)
    expect(page.get_by_test_id("procurement-summary")).to_contain_text("adopting “Re-procure home care”")

    browsing.click_to_load(page.get_by_role("link", name="Set the criteria and weights"))
    rows = (("Quality of care", "Quality", "60"), ("Price", "Price", "20"), ("Social value", "Social value", "10"))
    for i, (name, kind, weight) in enumerate(rows, start=1):
        criterion = page.get_by_role("group", name=re.compile(f"^Criterion {i}"))
        criterion.get_by_label("Criterion", exact=True).fill(name)
        criterion.get_by_label("Kind").select_option(label=kind)
        criterion.get_by_label("Weight (%)").fill(weight)
    browsing.click_to_load(page.get_by_role("button", name="Save the criteria"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(actions.WEIGHTS_NOT_100.format(total=90))
    criterion = page.get_by_role("group", name=re.compile("^Criterion 2"))
    expect(criterion.get_by_label("Criterion", exact=True)).to_have_value("Price")
    expect(criterion.get_by_label("Weight (%)")).to_have_value("20")
    assert not procurement.criteria.exists()
    criterion.get_by_label("Weight (%)").fill("30")
    browsing.click_to_load(page.get_by_role("button", name="Save the criteria"))
    expect(page.get_by_test_id("criteria")).to_contain_text("Quality of care")

    score(browsing, "First Care Ltd", (9, 7, 8))
    score(browsing, "Second Care Ltd", (6, 9, 5))
    score(browsing, IN_HOUSE, (7, 6, 6))
    ranking = page.get_by_test_id("ranking")
    expect(ranking.locator("tbody tr").first).to_contain_text("First Care Ltd")
    expect(ranking).to_contain_text(IN_HOUSE)

    browsing.click_to_load(page.get_by_role("button", name="Award the contract"))
    page.get_by_label("First Care Ltd").check()
    page.get_by_label("Estimated annual value (£)").fill("1000000")
    fill_date(page, "Contract start date", dt.date(2027, 4, 1))
    fill_date(page, "Contract end date", dt.date(2030, 3, 31))
    browsing.click_to_load(page.get_by_role("button", name="Award and add to the register"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(actions.AWARD_WITHOUT_DECISION)
    expect(page.get_by_label("Estimated annual value (£)")).to_have_value("1000000")
    procurement.refresh_from_db()
    assert procurement.contract is None
    page.get_by_label("Decision that awards the contract").select_option(label=str(award_decision))
    browsing.click_to_load(page.get_by_role("button", name="Award and add to the register"))
    expect(page.get_by_test_id("award")).to_contain_text("First Care Ltd")
    procurement.refresh_from_db()
    assert procurement.contract is not None
    assert (procurement.contract.provider, procurement.contract.total_value) == (first, Decimal("3000000.00"))

    own = Bid.objects.get(procurement=procurement, bidder=second)
    other = Bid.objects.get(procurement=procurement, bidder=first)
    in_house = Bid.objects.get(procurement=procurement, in_house=True)
    browsing.click_to_load(page.get_by_role("button", name="Sign out"))
    sign_in(browsing, bidder)
    browsing.goto(f"/contracts/procurements/{procurement.pk}/")
    expect(page.get_by_test_id("ranking")).to_have_count(0)
    expect(page.get_by_text("Weighted score")).to_have_count(0)
    browsing.goto(f"/contracts/procurements/bids/{own.pk}/")
    expect(page.get_by_test_id("bid-scores")).to_contain_text("Social value")
    browsing.goto(f"/contracts/procurements/bids/{other.pk}/", status=404)
    browsing.goto(f"/contracts/procurements/bids/{in_house.pk}/", status=404)
