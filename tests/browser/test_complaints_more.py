"""A ward councillor's complaint for a resident, and an overdue complaint, in a real browser (one sign-in each).

- The councillor raises a complaint for a resident from Complaints (Review), forgetting how the resident wants to be
  replied to first (the named error, and what they typed kept), follows it from their home page and adds
  information (an empty one first: the named error, nothing saved). Another ward's councillor and a provider do not
  see it.
- A provider's complaint whose stage 1 deadlines have passed (set in the database) is reported by the overdue command;
  the contract manager signs in, finds the notification in their own pages and follows it to the complaint.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.accounts.models import Organisation
from commissioning.core.models import Notification
from commissioning.core.permissions import Role
from commissioning.residents import actions_complaints as actions
from commissioning.residents.actions_complaints import ComplaintDetails
from commissioning.residents.models import Complaint, ComplaintStep, StepKind
from tests.browser.helpers import Browsing, open_from_menu, open_own_page, sign_in
from tests.commissioning.intelligence.factories import councillor_with_login
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

WHAT = "The repair to Mrs Shah's boiler was booked three times and nobody came."
MORE = "Mrs Shah phoned me again: still no heating, and she is 84."


def _not_seen_by(user: object, complaint: Complaint) -> None:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("residents:complaint-detail", args=[complaint.pk])).status_code == 404
    response = client.post(reverse("residents:complaint-add", args=[complaint.pk]), {"text": "Not mine"})
    assert response.status_code == 404
    assert complaint.reference not in client.get(reverse("residents:complaint-queue")).content.decode()


def test_a_ward_councillor_raises_a_complaint_for_a_resident_and_follows_it(
    browsing: Browsing, council: Organisation
) -> None:
    ward = WardFactory(name="Millbrook", ons_code="E05900001")
    councillor = councillor_with_login(username="ada", wards=[ward], name="Ada Lovell").user
    other_councillor = councillor_with_login(
        username="bea", wards=[WardFactory(name="Eastfield", ons_code="E05900002")]
    ).user
    stranger = UserFactory(
        username="ash", role=Role.PROVIDER, organisation=OrganisationFactory(name="Ashfield Waste Ltd")
    )
    ServiceFactory(
        reference="HSG-001",
        name="Council homes repairs",
        directorate=DirectorateFactory(name="Housing", code="HSG"),
        accountable_officer=UserFactory(username="olive", role=Role.OFFICER),
    )
    page = browsing.page
    sign_in(browsing, councillor)
    open_from_menu(browsing, "Review", "Complaints")
    browsing.click_to_load(page.get_by_role("link", name="Raise a complaint for a resident"))

    # How the resident wants a reply is forgotten: named, and what was typed is kept
    page.get_by_label("Which service is it about?").select_option(label="Council homes repairs (HSG-001)")
    page.get_by_label("What happened?").fill(WHAT)
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Where did it happen? (optional)").select_option(label="Millbrook")
    page.get_by_label("The resident's name (optional)").fill("Mrs Shah")
    page.get_by_label("Phone number").fill("01632 960 001")
    browsing.click_to_load(page.get_by_role("button", name="Raise complaint"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(actions.REPLY_BY_REQUIRED)
    expect(page.get_by_label("What happened?")).to_have_value(WHAT)
    expect(page.get_by_label("Phone number")).to_have_value("01632 960 001")
    assert not Complaint.objects.exists()
    page.get_by_role("radio", name="Phone").check()
    browsing.click_to_load(page.get_by_role("button", name="Raise complaint"))
    complaint = Complaint.objects.get()
    assert (complaint.raised_by, complaint.ward, complaint.phone) == (councillor, ward, "01632 960 001")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Complaint {complaint.reference} has been")

    # The councillor follows it from their home page, and adds information (an empty one first)
    browsing.click_to_load(page.get_by_role("link", name="Home", exact=True).first)
    section = page.get_by_test_id("work-complaints-raised")
    expect(section).to_contain_text("Complaints you raised for residents")
    browsing.click_to_load(section.get_by_role("link", name=f"{complaint.reference}: Council homes repairs"))
    form = page.get_by_test_id("add-information")
    browsing.click_to_load(form.get_by_role("button", name="Add information"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(actions.INFORMATION_REQUIRED)
    assert not ComplaintStep.objects.filter(kind=StepKind.INFORMATION).exists()
    page.get_by_label("Add information").fill(MORE)
    browsing.click_to_load(form.get_by_role("button", name="Add information"))
    expect(page.get_by_test_id("complaint-steps")).to_contain_text(MORE)
    step = ComplaintStep.objects.get(kind=StepKind.INFORMATION)
    assert (step.complaint, step.by) == (complaint, councillor)

    # Another ward's councillor and a provider see nothing of it
    for user in (other_councillor, stranger):
        _not_seen_by(user, complaint)


def test_an_overdue_complaint_notifies_the_contract_manager(browsing: Browsing, council: Organisation) -> None:
    ashfield = OrganisationFactory(name="Ashfield Waste Ltd")
    UserFactory(username="ash", role=Role.PROVIDER, organisation=ashfield)
    manager = UserFactory(username="mona", first_name="Mona", last_name="Manager", role=Role.OFFICER)
    service = ServiceFactory(
        reference="PLE-001",
        name="Household waste collection",
        directorate=DirectorateFactory(name="Place", code="PLE"),
        accountable_officer=UserFactory(username="olive", role=Role.OFFICER),
        delivery_model="private",
        provider=ashfield,
    )
    complaint, _token = actions.complaint_make(
        details=ComplaintDetails(
            service=service,
            kind="complaint",
            what_happened="Missed three weeks running.",
            happened_on=dt.date(2026, 10, 20),
            ward=None,
            reply_by="email",
            email="pat@example.org",
        )
    )
    assert complaint.provider == ashfield
    # Its stage 1 deadlines passed a week ago (set in the database), and its contract names the manager
    week_ago = timezone.localdate() - dt.timedelta(days=7)
    Complaint.objects.filter(pk=complaint.pk).update(
        contract_manager=manager,
        received_on=week_ago - dt.timedelta(days=14),
        stage1_acknowledge_by=week_ago,
        stage1_answer_by=week_ago,
    )
    call_command("complaints_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(to_user=manager).count() == 1

    page = browsing.page
    sign_in(browsing, manager)
    open_own_page(browsing, "Notifications")
    table = page.get_by_test_id("notification-table")
    expect(table).to_contain_text(f"Overdue: complaint {complaint.reference} about Household waste collection")
    browsing.click_to_load(table.get_by_role("link", name=complaint.reference))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {complaint.reference}")
    expect(page.get_by_test_id("complaint-summary")).to_contain_text("Ashfield Waste Ltd")
