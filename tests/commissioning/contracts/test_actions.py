"""Contract register writes: the rules across fields (named messages, nothing saved), one history entry per change,
no lost update, archive and restore, the in-house plan on the same record, and the expiry pipeline's selector."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.contracts import actions, selectors
from commissioning.contracts.actions import ContractDetails
from commissioning.contracts.models import Contract, ContractKind, Procedure
from commissioning.core.concurrency import EditConflict, version_of
from commissioning.core.permissions import Role
from tests.factories import ContractFactory, DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> object:
    return UserFactory(username="officer", role=Role.OFFICER)


def _details(officer: object, **changes: object) -> ContractDetails:
    values: dict[str, object] = {
        "kind": ContractKind.CONTRACT,
        "title": "  Home care  ",
        "directorate": DirectorateFactory(code="ADL"),
        "provider": OrganisationFactory(name="Care Ltd"),
        "procedure": Procedure.OPEN,
        "total_value": Decimal("3000000"),
        "annual_value": Decimal("1000000"),
        "start_date": dt.date(2026, 4, 1),
        "end_date": dt.date(2029, 3, 31),
        "contract_manager": officer,
        "cpv_codes": ["85311000-2"],
    }
    values.update(changes)
    return ContractDetails(**values)  # type: ignore[arg-type]


def _refused(details: ContractDetails, by: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        actions.contract_create(details=details, by=by)  # type: ignore[arg-type]
    assert not Contract.objects.exists()
    return refused.value.message_dict


def test_a_contract_is_added_with_the_next_reference_and_one_history_entry(officer: object) -> None:
    service = ServiceFactory()
    made = actions.contract_create(details=_details(officer, services=[service]), by=officer)  # type: ignore[arg-type]
    assert (made.reference, made.title, made.cpv_codes) == ("CON-2026-001", "Home care", "85311000-2")
    assert list(made.services.all()) == [service]
    assert made.history.count() == 1
    assert made.route_to_market == "Published invitation to tender"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": dt.date(2026, 3, 1)}, "end_date", actions.END_BEFORE_START),
        ({"review_date": dt.date(2030, 1, 1)}, "review_date", actions.REVIEW_OUTSIDE),
        (
            {"cpv_codes": ["85311000-2", "8531100"]},
            "cpv_codes",
            actions.CPV_INVALID.format(codes="8531100"),
        ),
        ({"provider": None}, "provider", actions.SUPPLIER_REQUIRED),
        ({"annual_value": Decimal("4000000")}, "annual_value", actions.ANNUAL_ABOVE_TOTAL),
        ({"extension_count": 2}, "extension_months", actions.EXTENSION_LENGTH),
        ({"procedure": Procedure.IN_HOUSE}, "procedure", actions.PROCEDURE_NOT_IN_HOUSE),
    ],
)
def test_wrong_input_is_named_and_nothing_saved(officer: object, changes: dict, field: str, message: str) -> None:
    assert _refused(_details(officer, **changes), officer)[field] == [message]


def test_a_supplier_needs_a_company_or_charity_number(officer: object) -> None:
    nameless = OrganisationFactory(name="Nobody Ltd", company_number="")
    found = _refused(_details(officer, provider=nameless), officer)
    assert found["provider"] == [actions.SUPPLIER_NUMBER.format(name="Nobody Ltd")]


def test_an_in_house_plan_is_the_same_record_without_a_supplier(officer: object) -> None:
    found = _refused(_details(officer, kind=ContractKind.IN_HOUSE), officer)
    assert found["provider"] == [actions.SUPPLIER_IN_HOUSE]
    assert found["procedure"] == [actions.PROCEDURE_IN_HOUSE]
    plan = actions.contract_create(
        details=_details(officer, kind=ContractKind.IN_HOUSE, provider=None, procedure=Procedure.IN_HOUSE),
        by=officer,  # type: ignore[arg-type]
    )
    assert not plan.is_external
    assert plan.route_to_market == "None: delivered in-house"


def test_an_edit_made_meanwhile_is_not_lost_and_archive_and_restore_need_reasons(officer: object) -> None:
    contract = ContractFactory()
    loaded = version_of(contract)
    actions.contract_update(contract=contract, details=_details(officer, title="First"), by=officer, version=loaded)  # type: ignore[arg-type]
    with pytest.raises(EditConflict):
        actions.contract_update(
            contract=contract, details=_details(officer, title="Second"), by=officer, version=loaded
        )  # type: ignore[arg-type]
    assert Contract.objects.get().title == "First"
    with pytest.raises(ValidationError, match=actions.ARCHIVE_REASON_REQUIRED):
        actions.contract_archive(contract=contract, by=officer, reason=" ")  # type: ignore[arg-type]
    actions.contract_archive(contract=contract, by=officer, reason="Ended early")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=actions.ALREADY_ARCHIVED):
        actions.contract_update(contract=contract, details=_details(officer), by=officer)  # type: ignore[arg-type]
    actions.contract_restore(contract=contract, by=officer, reason="Not ended after all")  # type: ignore[arg-type]
    assert [h.history_change_reason for h in Contract.history.order_by("history_id")][-3:] == [
        "Details updated",
        "Archived: Ended early",
        "Restored: Not ended after all",
    ]


def test_the_pipeline_lists_what_ends_within_the_horizon_and_flags_the_late(officer: object) -> None:
    today = dt.date(2026, 12, 3)
    late = ContractFactory(reference="CON-2024-001", end_date=dt.date(2027, 6, 30))  # open: start by 30 Sep 2026
    quote = ContractFactory(
        reference="CON-2024-002", end_date=dt.date(2027, 6, 30), procedure=Procedure.BELOW_THRESHOLD_QUOTE
    )
    ContractFactory(reference="CON-2024-003", end_date=dt.date(2028, 12, 31))  # beyond 18 months
    ContractFactory(reference="CON-2024-004", end_date=dt.date(2026, 11, 30))  # ended
    found = selectors.pipeline(user=officer, months=18, on=today)
    assert [(e.contract.pk, e.expiry.start_by, e.expiry.late) for e in found.entries] == [
        (late.pk, dt.date(2026, 9, 30), True),
        (quote.pk, dt.date(2027, 3, 30), False),
    ]
    assert found.late == 1
    assert len(selectors.pipeline(user=officer, months=36, on=today).entries) == 3


def test_the_public_sees_the_transparency_code_fields_of_published_external_contracts_and_no_more(
    officer: object,
) -> None:
    from django.test import Client
    from django.urls import reverse

    manager = UserFactory(username="mo", first_name="Morag", last_name="Manager", role=Role.OFFICER)
    shown = ContractFactory(reference="CON-2025-001", title="Published home care", contract_manager=manager)
    ContractFactory(reference="CON-2025-002", title="Unpublished respite", published=False)
    ContractFactory(reference="IHP-2025-001", title="In-house meals plan", in_house=True, published=True)
    public = Client()
    csv = b"".join(public.get(reverse("contracts:export-csv")).streaming_content).decode().lstrip("\ufeff")
    header, *rows = csv.strip().splitlines()
    assert header.split(",")[:6] == ["Reference", "Title", "Kind", "Department", "Description", "Supplier"]
    assert len(rows) == 1
    assert rows[0].startswith("CON-2025-001,Published home care")
    assert "Morag" not in csv
    page = public.get(reverse("contracts:detail", args=[shown.pk])).content.decode()
    assert "Published home care" in page
    assert "Morag" not in page
    assert "Contract manager" not in page


def test_references_count_on_past_a_thousand(officer: object) -> None:
    ContractFactory(reference="CON-2026-999")
    ContractFactory(reference="CON-2026-1000")
    assert selectors.next_reference(year=2026) == "CON-2026-1001"
    assert selectors.next_reference(year=2027) == "CON-2027-001"
