"""An equality impact assessment in a real browser (ADR 0036): an officer starts the assessment of an option from the
option's page and rates its impact on age negative, with evidence but no mitigation; a director's sign-off is refused
with a message naming age, and nothing typed is lost; the mitigation is added and the director signs it off. The
option's page then shows the summary. A provider (another organisation's contact) cannot see the assessment."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from commissioning.appraisals import actions
from commissioning.appraisals import actions_equality as act
from commissioning.appraisals.actions import OptionDetails
from commissioning.appraisals.calculations_equality import KEYS
from commissioning.appraisals.models import EiaStatus, EqualityImpactAssessment
from commissioning.core.permissions import Role
from tests.browser.helpers import Browsing, sign_in
from tests.factories import OrganisationFactory, ReviewFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_an_option_with_a_negative_impact_is_signed_off_only_once_mitigated(browsing: Browsing, council: Any) -> None:
    page = browsing.page
    officer = UserFactory(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)
    director = UserFactory(username="dev", first_name="Dev", last_name="Shah", role=Role.DIRECTOR)
    review = ReviewFactory(reference="CR-2026-077", title="Review of day centres", public=True)
    appraisal = actions.appraisal_create(review=review, base_year=2026, horizon_years=3, by=officer)
    option = actions.option_create(
        appraisal=appraisal,
        details=OptionDetails(kind="option", name="Two hubs", delivery_model="in_house_redesign"),
        by=officer,
    )

    # The officer starts the assessment from the option's page and rates age negative, without a mitigation.
    sign_in(browsing, officer)
    browsing.goto(f"/appraisals/options/{option.pk}/")
    browsing.click_to_load(page.get_by_test_id("option-eia-start"))
    browsing.click_to_load(page.get_by_role("button", name="Start the assessment"))
    assessment = EqualityImpactAssessment.objects.get(option=option)
    for key in KEYS[1:]:  # the other ten, neutral, as a colleague recorded them
        answer = act.CharacteristicAnswer(impact="neutral", evidence="No different effect.")
        assessment = act.eia_characteristic_update(assessment=assessment, characteristic=key, answer=answer, by=officer)
    act.eia_conclusion_update(assessment=assessment, conclusion="Older people would travel further.", by=officer)
    browsing.goto(f"/equality/{assessment.pk}/")
    browsing.click_to_load(page.get_by_test_id("eia-age").get_by_role("link", name="Change"))
    page.get_by_label("Negative").check()
    page.get_by_label("Evidence").fill("Two in three users are over 75.")
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    expect(page.get_by_test_id("eia-unaddressed")).to_contain_text("Neither mitigated nor justified: Age.")

    # The director's sign-off is refused, naming age; nothing typed is lost and nothing is saved.
    browsing.click_to_load(page.get_by_test_id("sign-out"))
    sign_in(browsing, director)
    browsing.goto(f"/equality/{assessment.pk}/sign-off")
    browsing.click_to_load(page.get_by_role("button", name="Sign off"))
    message = act.EIA_NEGATIVE_UNMITIGATED.format(characteristics="Age")
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.age_evidence) == (EiaStatus.DRAFT, "Two in three users are over 75.")

    # The mitigation is added (the evidence is still there), and the sign-off goes through.
    browsing.goto(f"/equality/{assessment.pk}/edit/age")
    expect(page.get_by_label("Evidence")).to_have_value("Two in three users are over 75.")
    page.get_by_label("Mitigation").fill("Transport to the hubs for everyone over 75.")
    browsing.click_to_load(page.get_by_role("button", name="Save"))
    browsing.click_to_load(page.get_by_role("button", name="Sign off the assessment"))
    browsing.click_to_load(page.get_by_role("button", name="Sign off"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been signed off")
    expect(page.get_by_test_id("eia-signed-off")).to_contain_text("Signed off by Dev Shah")
    browsing.goto(f"/appraisals/options/{option.pk}/")
    expect(page.get_by_test_id("eia-summary")).to_contain_text("Mitigated: Age.")
    browsing.assert_every_page_checked()
    browsing.assert_static_files_served()

    # A provider (another organisation's contact) cannot see it, signed off or not: 404.
    provider = UserFactory(role=Role.PROVIDER, organisation=OrganisationFactory(name="Ashfield Care Ltd"))
    client = Client()
    client.force_login(provider)
    assert client.get(f"/equality/{assessment.pk}/").status_code == 404
