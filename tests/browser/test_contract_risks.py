"""Contract risks in a real browser: an officer adds a risk to the register on a contract's register, naming the
contract by its reference: first a reference no contract has (the named error, what was typed kept, nothing saved),
then the right one (in lower case, as people type it); the risk's page links to the contract, and the contract's page
lists the risk. The register filtered to contract risks finds it. A provider signed in afterwards is refused the
register and the risk, and the public is sent to sign in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from commissioning.core.permissions import Role
from commissioning.risks.forms import CONTRACT_UNKNOWN
from commissioning.risks.models import Level, Risk
from tests.browser.helpers import Browsing, open_from_menu, sign_in
from tests.commissioning.risks.risk_world import CONTRACT_REFERENCE, build_with_contract

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
TITLE = "The provider's finances fail"


def fill_date(page: Page, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=re.compile(f"^{group}"))
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def fill_risk(page: Page) -> None:
    page.get_by_label("Contract", exact=True).check()
    page.get_by_label("Risk", exact=True).fill(TITLE)
    page.get_by_label("Category").select_option("partnership")
    page.get_by_label("Cause").fill("The provider's accounts show losses for two years")
    page.get_by_label("Event").fill("The provider stops trading")
    page.get_by_label("Effect").fill("People lose their care at short notice")
    for name, value in [
        ("Inherent likelihood", 4), ("Inherent impact", 5), ("Residual likelihood", 3), ("Residual impact", 5),
        ("Target likelihood", 2), ("Target impact", 4),
    ]:  # fmt: skip
        page.get_by_label(name, exact=True).fill(str(value))
    page.get_by_label("Treat", exact=True).check()
    page.get_by_label("In 3 to 12 months").check()
    fill_date(page, "Next review date", timezone.localdate() + dt.timedelta(days=30))


def test_an_officer_records_a_contract_risk_by_its_reference(browsing: Browsing) -> None:
    world = build_with_contract()
    contract = world["contract"]
    page = browsing.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browsing, world["users"][Role.OFFICER])

    open_from_menu(browsing, "Review", "Risks")
    browsing.click_to_load(page.get_by_role("button", name="Add a risk"))
    before = Risk.objects.count()
    fill_risk(page)
    page.get_by_label("Contract reference (for a contract risk)").fill("CON-2026-9999")
    browsing.click_to_load(page.get_by_role("button", name="Add risk"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(CONTRACT_UNKNOWN.format(reference="CON-2026-9999"))
    expect(page.get_by_label("Contract reference (for a contract risk)")).to_have_value("CON-2026-9999")
    expect(page.get_by_label("Contract", exact=True)).to_be_checked()
    expect(page.get_by_label("Risk", exact=True)).to_have_value(TITLE)
    assert Risk.objects.count() == before

    page.get_by_label("Contract reference (for a contract risk)").fill(CONTRACT_REFERENCE.lower())
    browsing.click_to_load(page.get_by_role("button", name="Add risk"))
    expect(page.get_by_text("has been added to the register as")).to_be_visible()
    made = Risk.objects.get(title=TITLE)
    assert (made.level, made.contract, made.directorate) == (Level.CONTRACT, contract, contract.directorate)
    expect(page.get_by_test_id("risk-contract")).to_contain_text(CONTRACT_REFERENCE)

    browsing.click_to_load(page.get_by_test_id("risk-contract"))
    expect(page.get_by_role("heading", name="Risks", exact=True)).to_be_visible()
    section = page.get_by_test_id("thread-contract-risks")
    expect(section).to_contain_text(TITLE)
    expect(section).to_contain_text("The provider cannot keep enough staff")
    expect(page.get_by_role("link", name="Add a risk to this contract")).to_be_visible()

    browsing.goto(f"/risks/?level={Level.CONTRACT}")
    expect(page.get_by_test_id("risk-table")).to_contain_text(TITLE)
    expect(page.get_by_test_id("risk-table")).not_to_contain_text("Published corporate risk")

    page.context.clear_cookies()
    sign_in(browsing, world["users"][Role.PROVIDER])
    browsing.goto("/risks/", status=403)
    browsing.goto(f"/risks/{made.pk}/", status=404)
    page.context.clear_cookies()
    browsing.goto("/risks/")
    expect(page).to_have_url(re.compile(r"/sign-in"))
    browsing.assert_every_page_checked()
