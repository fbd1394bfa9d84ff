"""Membership and political balance, in a real browser: a committee of five seats on a council of six Civic Alliance
and four Green councillors is short of a Green member, and its page names Green as under-represented. A democratic
services officer adds a Green councillor: a party that is not the councillor's is refused by name with nothing typed
lost; then the member is added and the balance table shows every group holding its seats. A councillor cannot add a
member. Screenshots at 1280 pixels are kept in var/screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation
from commissioning.core.permissions import Role
from commissioning.governance.actions.bodies import PARTY_MISMATCH
from commissioning.governance.models import Membership
from tests.browser.helpers import Browsing, sign_in
from tests.commissioning.governance.factories import BodyFactory, MembershipFactory
from tests.factories import CouncillorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CIVIC, GREEN = "Civic Alliance", "Green"


def row_of(browsing: Browsing, party: str) -> list[str]:
    row = browsing.page.get_by_test_id("balance-table").get_by_role("row").filter(has_text=party)
    return [text.strip() for text in row.locator("th, td").all_inner_texts()]


def test_a_clerk_adds_the_missing_green_member_and_the_balance_table_shows_it(
    browsing: Browsing, council: Organisation
) -> None:
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    committee = BodyFactory(name="Staff and Support Services Committee", seats=5)
    civic = [CouncillorFactory(name=f"Civic Member {n}", party=CIVIC) for n in range(1, 7)]
    green = [CouncillorFactory(name=f"Green Member {n}", party=GREEN) for n in range(1, 5)]
    for councillor in [*civic[:3], green[0]]:
        MembershipFactory(body=committee, councillor=councillor, party=councillor.party)
    clerk = UserFactory(username="dora", first_name="Dora", last_name="Clerk", role=Role.DEMOCRATIC)
    member = UserFactory(username="colin", first_name="Colin", last_name="Councillor", role=Role.COUNCILLOR)
    address = f"/governance/bodies/{committee.pk}/"

    # A councillor sees the balance but may not add a member.
    sign_in(browsing, member)
    browsing.goto(address)
    expect(page.get_by_role("button", name="Add a member")).to_have_count(0)
    browsing.goto(address + "members/new", status=403)
    page.context.clear_cookies()

    # The committee is short of a Green member: the page names Green as under-represented.
    sign_in(browsing, clerk)
    browsing.goto(address)
    expect(page.locator(".govuk-warning-text")).to_contain_text("Under-represented: Green (1 of 2)")
    assert row_of(browsing, GREEN) == [GREEN, "4", "2", "1", "1 too few"]
    assert row_of(browsing, CIVIC) == [CIVIC, "6", "3", "3", "Balanced"]
    page.screenshot(path=str(SCREENSHOTS / "governance-balance-under-1280.png"), full_page=True)

    # A party that is not the councillor's own: refused by name, the choices kept, nothing saved.
    browsing.click_to_load(page.get_by_role("button", name="Add a member"))
    page.get_by_label("Councillor", exact=True).select_option(label="Councillor Green Member 2")
    page.get_by_role("radio", name="Member", exact=True).check()
    page.get_by_label("Political group (optional)").fill(CIVIC)
    browsing.click_to_load(page.get_by_role("button", name="Add member"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    message = PARTY_MISMATCH.format(name="Green Member 2", party=GREEN)
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_label("Councillor", exact=True)).to_have_value(str(green[1].pk))
    expect(page.get_by_role("radio", name="Member", exact=True)).to_be_checked()
    assert Membership.objects.filter(body=committee).count() == 4

    # Left blank, the party is the councillor's own: the member is added and the committee is balanced.
    page.get_by_label("Political group (optional)").fill("")
    browsing.click_to_load(page.get_by_role("button", name="Add member"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Councillor Green Member 2 has been added to Staff and Support Services Committee."
    )
    expect(page.get_by_text("Every group holds the seats it is entitled to.")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    assert row_of(browsing, GREEN) == [GREEN, "4", "2", "2", "Balanced"]
    made = Membership.objects.get(body=committee, councillor=green[1])
    assert (made.party, made.starts_on) == (GREEN, timezone.localdate())
    page.screenshot(path=str(SCREENSHOTS / "governance-balance-balanced-1280.png"), full_page=True)
