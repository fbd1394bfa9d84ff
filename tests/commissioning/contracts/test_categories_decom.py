"""Category management and decommissioning: the actions' named refusals, matching contracts to categories, the
spend place, and what the public register shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commissioning.contracts import actions_categories as cat_actions
from commissioning.contracts import actions_decommissioning as actions
from commissioning.contracts import selectors_categories, selectors_decommissioning
from commissioning.contracts.models import Category, Decommissioning
from commissioning.core import thread
from commissioning.core.permissions import Role
from commissioning.governance.models import DecisionStatus
from tests.commissioning.governance.factories import DecisionFactory
from tests.factories import ContractFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Any:
    return UserFactory(role=Role.OFFICER)


def _details(**changes: Any) -> cat_actions.CategoryDetails:
    values: dict[str, Any] = {"code": "SOC-01", "name": "Adult social care", "kind": "council", "covers": ["85311"]}
    values.update(changes)
    return cat_actions.CategoryDetails(**values)


def _refused(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_category_rules_are_named(officer):
    bad = _refused(lambda: cat_actions.category_create(details=_details(covers=["85311", "8x"]), by=officer))
    assert bad == {"covers": [cat_actions.COVERS_INVALID.format(entries="8x")]}
    bad = _refused(lambda: cat_actions.category_create(details=_details(kind="cpv", cpv_division="02"), by=officer))
    assert bad["cpv_division"] == [cat_actions.DIVISION_REQUIRED]
    parent = cat_actions.category_create(details=_details(code="SOC-00", name="Care", covers=[]), by=officer)
    child = cat_actions.category_create(details=_details(parent=parent), by=officer)
    bad = _refused(
        lambda: cat_actions.category_update(category=parent, details=_details(code="SOC-00", parent=child), by=officer)
    )
    assert bad == {"parent": [cat_actions.PARENT_LOOP.format(name=child.name)]}
    bad = _refused(lambda: cat_actions.category_create(details=_details(), by=officer))
    assert bad == {"code": [cat_actions.CODE_TAKEN.format(code="SOC-01")]}
    assert Category.objects.count() == 2
    assert child.history.count() == 1


def test_categories_hold_the_contracts_their_codes_and_their_childrens_codes_cover(officer):
    sme = OrganisationFactory(name="Small Care", is_sme=True)
    care = ContractFactory(cpv_codes="90511000-2, 85311000-2", provider=sme, services=[ServiceFactory()])
    ContractFactory(cpv_codes="85320000-8")
    ContractFactory(cpv_codes="45233141-9")
    ContractFactory(cpv_codes="85311000-2", archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    parent = Category.objects.create(code="SOC-00", name="Care")
    Category.objects.create(code="SOC-01", name="Adults", covers="85311", parent=parent, manager=officer)
    Category.objects.create(code="SOC-02", name="Children", covers="8532", parent=parent)
    Category.objects.create(code="CPV-90", name="Waste", kind="cpv", cpv_division="90")
    totals = selectors_categories.category_totals(user=officer)
    counts = {row.category.code: (row.contracts, row.depth) for row in totals.rows}
    assert counts == {"CPV-90": (1, 0), "SOC-00": (2, 0), "SOC-01": (1, 1), "SOC-02": (1, 1)}
    assert totals.contracts == 2  # each contract once, however many categories hold it
    mine = selectors_categories.category_totals(user=officer, manager=officer)
    assert [row.category.code for row in mine.rows] == ["SOC-01"]

    page = selectors_categories.category_page(user=officer, category=parent, months=18)
    assert {c.pk for c in page.contracts} == {care.pk, page.contracts[1].pk}
    assert page.suppliers.sme_count == 1
    assert parent.scope is not None
    assert care.pk in parent.scope.contract_ids
    assert sme.pk in parent.scope.organisation_ids


def test_the_category_page_shows_spend_when_finance_provides_it(officer, monkeypatch):
    category = Category.objects.create(code="CPV-85", name="Health", kind="cpv", cpv_division="85")
    client = Client()
    client.force_login(officer)
    url = reverse("contracts:category-detail", args=[category.pk])
    monkeypatch.setitem(thread._providers, thread.CATEGORY_SPEND_KEY.lower(), [])  # as before finance provided it
    assert "once the finance app provides it" in client.get(url).content.decode()
    seen: list[Any] = []

    def spend(user: Any, record: Any) -> thread.ThreadSection:
        seen.append(record.scope)
        return thread.ThreadSection(
            template="core/_work_list.html",
            context={"key": "spend", "heading": "Spend £12,345", "entries": [], "total": 0, "more": False},
        )

    monkeypatch.setitem(thread._providers, thread.CATEGORY_SPEND_KEY.lower(), [spend])
    page = client.get(url).content.decode()
    assert "Spend £12,345" in page
    assert "Spend with this category" not in page
    assert isinstance(seen[0], thread.CategoryScope)


@pytest.fixture
def record(officer) -> Decommissioning:
    contract = ContractFactory(notice_period_months=6)
    start = actions.DecommissioningStart(title="Day centre", lead=officer, contract=contract)
    return actions.decommissioning_create(details=start, by=officer)


def test_notice_shorter_than_the_contracts_is_refused_by_name(record, officer):
    values = {"notice_given_on": dt.date(2026, 1, 31), "service_ends_on": dt.date(2026, 7, 30)}
    bad = _refused(
        lambda: actions.decommissioning_update(decommissioning=record, section="notice", values=values, by=officer)
    )
    assert bad == {
        "service_ends_on": [
            actions.NOTICE_TOO_SHORT.format(
                contract=record.contract.reference, months=6, given="31 January 2026", earliest="31 July 2026"
            )
        ]
    }
    record.refresh_from_db()
    assert record.notice_given_on is None
    values["service_ends_on"] = dt.date(2026, 7, 31)
    saved = actions.decommissioning_update(decommissioning=record, section="notice", values=values, by=officer)
    assert saved.service_ends_on == dt.date(2026, 7, 31)


def test_other_refusals_are_named(record, officer):
    values = {"consultation_start": dt.date(2026, 3, 1), "consultation_end": dt.date(2026, 2, 1)}
    bad = _refused(
        lambda: actions.decommissioning_update(
            decommissioning=record, section="consultation", values=values, by=officer
        )
    )
    assert bad == {"consultation_end": [actions.CONSULTATION_END_BEFORE_START]}
    bad = _refused(lambda: actions.decommissioning_decide(decommissioning=record, decision=None, by=officer))
    assert bad == {"decision": [actions.DECISION_REQUIRED]}
    bad = _refused(
        lambda: actions.monitoring_note_add(decommissioning=record, noted_on=dt.date(2026, 1, 1), note="x", by=officer)
    )
    assert bad == {"note": [actions.MONITORING_BEFORE_DECISION]}
    assert _refused(
        lambda: actions.decommissioning_create(
            details=actions.DecommissioningStart(title="x", lead=officer), by=officer
        )
    ) == {"service": [actions.SUBJECT_REQUIRED]}
    record.refresh_from_db()
    assert (record.status, record.history.count()) == ("proposed", 1)


def test_the_public_register_shows_a_record_once_its_decision_is_published(record, officer):
    decision = DecisionFactory()
    actions.decommissioning_decide(decommissioning=record, decision=decision, by=officer)
    anonymous = Client()
    assert not selectors_decommissioning.visible_decommissionings(user=UserFactory(role=Role.PROVIDER)).exists()
    assert anonymous.get(reverse("contracts:decommissioning-detail", args=[record.pk])).status_code == 404
    decision.status = DecisionStatus.PUBLISHED
    decision.save()
    actions.decommissioning_update(
        decommissioning=record, section="workforce", values={"workforce_notes": "Staff transfer under TUPE"}, by=officer
    )
    page = anonymous.get(reverse("contracts:decommissioning-detail", args=[record.pk])).content.decode()
    assert "Day centre" in page
    assert "Staff transfer under TUPE" not in page  # an internal field
    assert "Stages" not in page
    assert "Day centre" in anonymous.get(reverse("contracts:decommissioning-list")).content.decode()


def test_the_service_and_contract_pages_show_their_decommissioning(record, officer):
    service = ServiceFactory()
    record.service = service
    record.save()
    client = Client()
    client.force_login(officer)
    for path in (
        reverse("services:detail", args=[service.pk]),
        reverse("contracts:detail", args=[record.contract.pk]),
    ):
        page = client.get(path).content.decode()
        assert 'data-testid="thread-decommissioning"' in page, path
        assert record.reference in page
    other = ContractFactory()
    assert (
        'data-testid="thread-decommissioning"'
        not in client.get(reverse("contracts:detail", args=[other.pk])).content.decode()
    )
