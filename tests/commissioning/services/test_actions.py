from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.models import HARD_DELETE_FORBIDDEN, HardDeleteForbiddenError
from commissioning.core.permissions import Role
from commissioning.services import actions
from commissioning.services.actions import ServiceDetails
from commissioning.services.models import DeliveryModel, Service
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.OFFICER)


@pytest.fixture
def details(officer, council):
    return ServiceDetails(
        name="Street cleansing",
        directorate=DirectorateFactory(code="PLE"),
        accountable_officer=officer,
        is_statutory=True,
        statutory_basis="Environmental Protection Act 1990, s.89",
        delivery_model=DeliveryModel.IN_HOUSE,
        budget_year="2026/27",
        gross_budget=Decimal("1200000.00"),
        net_budget=Decimal("1100000.00"),
        staff_fte=Decimal("31.5"),
        annual_demand=640,
        demand_unit="kilometres",
        wards=[WardFactory(), WardFactory()],
    )


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_create_gives_the_next_reference_in_the_directorate_series(details, officer):
    ServiceFactory(reference="PLE-007", directorate=details.directorate)
    service = actions.service_create(details=details, by=officer)
    assert service.reference == "PLE-008"
    assert service.unit_cost == Decimal("1875.00")
    assert set(service.wards.all()) == set(details.wards)


def test_create_records_one_history_entry_with_who_why_and_wards(details, officer):
    service = actions.service_create(details=details, by=officer)
    (entry,) = service.history.all()
    assert entry.history_type == "+"
    assert entry.history_user == officer
    assert entry.history_change_reason == "Service added to the catalogue"
    assert {row.ward_id for row in entry.wards.all()} == {w.pk for w in details.wards}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"statutory_basis": ""}, "statutory_basis", actions.STATUTE_REQUIRED),
        ({"is_statutory": False}, "statutory_basis", actions.STATUTE_NOT_STATUTORY),
        (
            {"delivery_model": DeliveryModel.PRIVATE},
            "provider",
            actions.PROVIDER_REQUIRED.format(model="outsourced to a private provider"),
        ),
        ({"net_budget": Decimal("1200000.01")}, "net_budget", actions.NET_ABOVE_GROSS),
        (
            {"budget_year": "2026/28"},
            "budget_year",
            '"2026/28" is not a financial year: the second year must follow the first, like 2026/27',
        ),
    ],
)
def test_create_refuses_inconsistent_details_and_saves_nothing(details, officer, change, field, message):
    with pytest.raises(ValidationError) as excinfo:
        actions.service_create(details=replace(details, **change), by=officer)
    assert errors_of(excinfo)[field] == [message]
    assert Service.objects.count() == 0
    assert Service.history.count() == 0


def test_in_house_service_cannot_name_a_provider(details, officer):
    with pytest.raises(ValidationError) as excinfo:
        actions.service_create(details=replace(details, provider=OrganisationFactory()), by=officer)
    assert errors_of(excinfo)["provider"] == [actions.PROVIDER_IN_HOUSE]


def test_reference_must_be_unique(details, officer):
    ServiceFactory(reference="PLE-001")
    with pytest.raises(ValidationError) as excinfo:
        actions.service_create(details=replace(details, reference="PLE-001"), by=officer)
    assert errors_of(excinfo)["reference"] == [actions.REFERENCE_TAKEN.format(reference="PLE-001")]


def test_net_budget_may_be_negative_for_a_service_that_makes_a_surplus(details, officer):
    service = actions.service_create(details=replace(details, net_budget=Decimal("-5000.00")), by=officer)
    assert service.income == Decimal("1205000.00")


def test_update_is_one_history_entry_with_before_and_after(details, officer):
    service = actions.service_create(details=details, by=officer)
    director = UserFactory(role=Role.DIRECTOR)
    new_ward = WardFactory()
    actions.service_update(
        service=service,
        details=replace(details, net_budget=Decimal("900000.00"), wards=[*details.wards, new_ward]),
        by=director,
        reason="Budget setting 2026",
    )
    latest, first = service.history.all()[:2]
    assert service.history.count() == 2
    assert latest.history_user == director
    assert latest.history_change_reason == "Budget setting 2026"
    delta = latest.diff_against(first)
    assert {c.field for c in delta.changes} >= {"net_budget", "wards"}
    net = next(c for c in delta.changes if c.field == "net_budget")
    assert (net.old, net.new) == (Decimal("1100000.00"), Decimal("900000.00"))


def test_archive_needs_a_reason_and_records_who(details, officer):
    service = actions.service_create(details=details, by=officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.service_archive(service=service, by=officer, reason="  ")
    assert errors_of(excinfo)["reason"] == [actions.ARCHIVE_REASON_REQUIRED]
    archived = actions.service_archive(service=service, by=officer, reason="Merged into street scene")
    assert archived.is_archived
    assert archived.archived_by == officer
    assert archived.archive_reason == "Merged into street scene"
    assert service.history.first().history_change_reason == "Archived: Merged into street scene"
    with pytest.raises(ValidationError, match=actions.ALREADY_ARCHIVED):
        actions.service_archive(service=archived, by=officer, reason="again")
    with pytest.raises(ValidationError, match=actions.ALREADY_ARCHIVED):
        actions.service_update(service=archived, details=details, by=officer)


def test_restore_brings_an_archived_service_back(details, officer):
    service = actions.service_create(details=details, by=officer)
    actions.service_archive(service=service, by=officer, reason="Mistake")
    restored = actions.service_restore(service=service, by=officer, reason="Archived in error")
    assert not restored.is_archived
    assert restored.archived_by is None
    with pytest.raises(ValidationError, match=actions.NOT_ARCHIVED):
        actions.service_restore(service=restored, by=officer, reason="again")


def test_services_are_never_hard_deleted():
    service = ServiceFactory()
    with pytest.raises(HardDeleteForbiddenError, match=HARD_DELETE_FORBIDDEN):
        service.delete()
    with pytest.raises(HardDeleteForbiddenError):
        Service.objects.all().delete()
    assert Service.objects.filter(pk=service.pk).exists()


# Two creates at the same moment (simulated: the races themselves are in tests/commissioning/core) ----------------


def test_a_generated_reference_taken_at_the_same_moment_is_replaced_by_the_next(details, officer, monkeypatch):
    ServiceFactory(reference="PLE-001", directorate=details.directorate)
    ServiceFactory(reference="PLE-002", directorate=details.directorate)
    given = iter(["PLE-002"])  # read before the other create committed PLE-002
    real = actions.next_reference
    monkeypatch.setattr(actions, "next_reference", lambda **kwargs: next(given, None) or real(**kwargs))
    service = actions.service_create(details=details, by=officer)
    assert service.reference == "PLE-003"
    assert service.history.count() == 1


def test_a_typed_reference_taken_after_the_check_is_the_named_error_on_the_field(details, officer, monkeypatch):
    monkeypatch.setattr(actions, "reference_in_use", lambda **kwargs: False)  # checked before the other committed
    ServiceFactory(reference="PLE-001")
    with pytest.raises(ValidationError) as excinfo:
        actions.service_create(details=replace(details, reference="PLE-001"), by=officer)
    assert errors_of(excinfo) == {"reference": [actions.REFERENCE_TAKEN.format(reference="PLE-001")]}
    assert Service.objects.count() == 1


def test_an_edit_to_a_reference_taken_after_the_check_is_the_named_error_on_the_field(details, officer, monkeypatch):
    service = actions.service_create(details=details, by=officer)
    ServiceFactory(reference="PLE-050")
    monkeypatch.setattr(actions, "reference_in_use", lambda **kwargs: False)
    with pytest.raises(ValidationError) as excinfo:
        actions.service_update(service=service, details=replace(details, reference="PLE-050"), by=officer)
    assert errors_of(excinfo) == {"reference": [actions.REFERENCE_TAKEN.format(reference="PLE-050")]}
    service.refresh_from_db()
    assert service.reference == "PLE-001"
