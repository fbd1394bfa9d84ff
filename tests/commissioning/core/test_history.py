from dataclasses import replace
from decimal import Decimal

import pytest

from commissioning.core.history import history_page
from commissioning.core.permissions import Role
from commissioning.services import actions
from commissioning.services.actions import ServiceDetails
from commissioning.services.models import DeliveryModel
from tests.factories import DirectorateFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_and_details(council):
    officer = UserFactory(role=Role.OFFICER, first_name="Ada", last_name="Quill")
    details = ServiceDetails(
        name="Libraries",
        directorate=DirectorateFactory(name="Culture", code="CUL"),
        accountable_officer=officer,
        is_statutory=False,
        delivery_model=DeliveryModel.IN_HOUSE,
        budget_year="2026/27",
        gross_budget=Decimal("500000.00"),
        net_budget=Decimal("450000.00"),
        staff_fte=Decimal("12"),
        annual_demand=100000,
        demand_unit="visits",
        wards=[WardFactory(name="Heronbank")],
    )
    return actions.service_create(details=details, by=officer), details, officer


def test_history_shows_who_when_and_each_change_before_and_after(service_and_details):
    service, details, officer = service_and_details
    directorate = DirectorateFactory(name="Communities", code="COM")
    actions.service_update(
        service=service,
        details=replace(
            details,
            net_budget=Decimal("400000.00"),
            directorate=directorate,
            wards=[WardFactory(name="Larkmead")],
            delivery_model=DeliveryModel.VCS,
            provider=__import__("tests.factories", fromlist=["OrganisationFactory"]).OrganisationFactory(
                name="Kestrel Trust"
            ),
        ),
        by=officer,
        reason="Transfer to the trust",
    )
    _page, entries = history_page(service)
    assert [e.kind for e in entries] == ["Changed", "Created"]
    changed = entries[0]
    assert changed.who == "Ada Quill"
    assert changed.reason == "Transfer to the trust"
    by_label = {c.label: (c.before, c.after) for c in changed.changes}
    assert by_label["Net budget"] == ("450,000.00", "400,000.00")
    assert by_label["Directorate"] == ("Culture", "Communities")
    assert by_label["Wards"] == ("Heronbank", "Larkmead")
    assert by_label["Delivery model"] == ("In-house", "Voluntary or community sector")
    assert by_label["Provider"] == ("(blank)", "Kestrel Trust")
    assert "Updated at" not in by_label


def test_archive_and_restore_read_as_such(service_and_details):
    service, _details, officer = service_and_details
    actions.service_archive(service=service, by=officer, reason="Closed")
    actions.service_restore(service=service, by=officer, reason="Reopened")
    _page, entries = history_page(service)
    assert [e.kind for e in entries] == ["Restored", "Archived", "Created"]
    assert entries[1].reason == "Archived: Closed"


def test_history_is_paginated_and_diffs_across_the_page_boundary(service_and_details):
    service, details, officer = service_and_details
    for amount in range(1, 6):
        actions.service_update(service=service, details=replace(details, staff_fte=Decimal(amount)), by=officer)
    page, _entries = history_page(service, page_number=1, per_page=2)
    assert page.paginator.count == 6
    _page2, entries2 = history_page(service, page_number=2, per_page=2)
    # The oldest entry on page 2 still shows its change against the entry before it (on page 3).
    assert entries2[-1].changes, "an entry at the bottom of a page must still show what it changed"


def test_history_page_query_count_does_not_grow_with_entries(service_and_details, django_assert_max_num_queries):
    service, details, officer = service_and_details
    for amount in range(1, 15):
        actions.service_update(service=service, details=replace(details, staff_fte=Decimal(amount)), by=officer)
    with django_assert_max_num_queries(12):
        history_page(service)


def test_a_composed_reason_longer_than_the_history_column_is_cut_to_fit(service_and_details):
    """PostgreSQL refuses a reason over the column's 100 characters (SQLite would keep it): an action's composed reason
    is cut with an ellipsis, and a reason that fits is kept as it is."""
    from commissioning.core.audit import REASON_LENGTH, fitted_reason, save_with_history

    service, _details, officer = service_and_details
    long_reason = "Virement VIR-2026-001: £80,000.00 from " + "Children's social care placements 2026/27 " * 3
    save_with_history(service, by=officer, reason=long_reason)
    stored = service.history.latest().history_change_reason
    assert len(stored) == REASON_LENGTH
    assert stored == long_reason[: REASON_LENGTH - 1] + "…"
    assert fitted_reason("Edited the budget") == "Edited the budget"
