"""Contract risks (ADR 0033, "Contract risks"): the form asks for the contract by its reference (looked up through the
selector, risks imports nothing of contracts), the action checks the contract against the level with named messages
(nothing saved), a contract risk takes its contract's directorate, shows on the contract's page (golden thread) for
those who may see it, is found by the register's level filter and export, and is escalated like a review risk."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.core import thread
from commissioning.core.permissions import Role
from commissioning.risks import actions as act
from commissioning.risks import selectors
from commissioning.risks import thread as risk_thread
from commissioning.risks.forms import CONTRACT_UNKNOWN
from commissioning.risks.models import Level, Risk
from tests import matrix
from tests.commissioning.risks.risk_world import CONTRACT_REFERENCE, build_with_contract, details, make_risk, risk_post
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db
world = matrix.world_fixture(build_with_contract)


def _client(world: dict[str, Any], role: str) -> Client:
    client = Client()
    client.force_login(world["users"][role])
    return client


def test_a_contract_risk_needs_a_contract_and_no_other_risk_carries_one(world: dict[str, Any]) -> None:
    officer, contract = world["users"][Role.OFFICER], world["contract"]
    before = (Risk.objects.count(), Risk.history.count())
    with pytest.raises(ValidationError) as raised:
        act.risk_create(details=details(owner=officer, level=Level.CONTRACT), by=officer)
    assert raised.value.message_dict == {"contract": [act.CONTRACT_REQUIRED]}
    for level, extra in [
        (Level.CORPORATE, {}),
        (Level.DIRECTORATE, {"directorate": world["directorate"]}),
        (Level.REVIEW, {"review": world["review"]}),
    ]:
        with pytest.raises(ValidationError) as raised:
            act.risk_create(details=details(owner=officer, level=level, contract=contract, **extra), by=officer)
        assert raised.value.message_dict == {"contract": [act.CONTRACT_NOT_FOR_LEVEL]}, level
    with pytest.raises(ValidationError) as raised:
        act.risk_create(details=details(owner=officer, level="nowhere"), by=officer)
    assert raised.value.message_dict == {"level": [act.LEVEL_NOT_OFFERED]}
    assert (Risk.objects.count(), Risk.history.count()) == before


def test_a_contract_risk_takes_its_contracts_directorate_in_one_history_entry(world: dict[str, Any]) -> None:
    risk = Risk.objects.get(pk=world["risks"]["contract"].pk)
    contract = world["contract"]
    assert (risk.level, risk.contract, risk.directorate) == (Level.CONTRACT, contract, contract.directorate)
    assert risk.directorate != world["directorate"]
    assert risk.history.count() == 1
    # An edit keeps it on the contract's register; it may move it to another contract, but not drop the contract.
    officer = world["users"][Role.OFFICER]
    other = ContractFactory(reference="CON-2026-0902")
    moved = act.risk_update(risk=risk, details=details(owner=officer, level=Level.CONTRACT, contract=other), by=officer)
    assert moved.contract == other
    with pytest.raises(ValidationError) as raised:
        act.risk_update(risk=moved, details=details(owner=officer, level=Level.CONTRACT), by=officer)
    assert raised.value.message_dict == {"contract": [act.CONTRACT_REQUIRED]}


def test_the_form_finds_the_contract_by_reference_and_names_an_unknown_one(world: dict[str, Any]) -> None:
    officer = _client(world, Role.OFFICER)
    before = Risk.objects.count()
    response = officer.post(reverse("risks:create"), risk_post(world, level=Level.CONTRACT, contract="con-2026-9999"))
    assert response.status_code == 200
    assert CONTRACT_UNKNOWN.format(reference="CON-2026-9999") in response.content.decode()
    assert 'value="con-2026-9999"' in response.content.decode()  # what was typed is kept
    response = officer.post(reverse("risks:create"), risk_post(world, level=Level.CONTRACT))
    assert response.status_code == 200
    assert act.CONTRACT_REQUIRED in response.content.decode()
    response = officer.post(reverse("risks:create"), risk_post(world, contract=CONTRACT_REFERENCE))
    assert response.status_code == 200
    assert act.CONTRACT_NOT_FOR_LEVEL in response.content.decode()
    assert Risk.objects.count() == before
    # An archived contract is not on the register.
    archived = ContractFactory(reference="CON-2026-0903")
    archived.archived_at = archived.created_at
    archived.save(update_fields=["archived_at"])
    assert selectors.contract_by_reference("CON-2026-0903") is None
    assert selectors.contract_by_reference(f" {CONTRACT_REFERENCE.lower()} ") == world["contract"]


def test_the_contract_page_offers_and_lists_its_risks(world: dict[str, Any]) -> None:
    contract = world["contract"]
    officer = _client(world, Role.OFFICER)
    body = officer.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert 'data-testid="thread-contract-risks"' in body
    assert "The provider cannot keep enough staff" in body
    assert f"{reverse('risks:create')}?contract={contract.pk}" in body
    form = officer.get(reverse("risks:create") + f"?contract={contract.pk}").content.decode()
    assert f'value="{CONTRACT_REFERENCE}"' in form
    assert 'value="contract" checked' in form
    # The edit form shows the reference, not the contract's key.
    edit = officer.get(reverse("risks:edit", args=[world["risks"]["contract"].pk])).content.decode()
    assert f'value="{CONTRACT_REFERENCE}"' in edit
    # Scrutiny sees only published contract risks (this one is not); providers and partners get no section.
    section = risk_thread.risks_of_contract(world["users"][Role.OFFICER], contract)
    assert section in thread.sections(world["users"][Role.OFFICER], contract)
    assert [risk.title for risk in section.context["risks"]] == ["The provider cannot keep enough staff"]
    assert risk_thread.risks_of_contract(world["users"][Role.SCRUTINY], contract).context["risks"] == []
    for role in (Role.PROVIDER, Role.PARTNER):
        assert risk_thread.risks_of_contract(world["users"][role], contract) is None


def test_the_contract_pages_risks_cost_the_same_queries_however_many(world: dict[str, Any]) -> None:
    contract = world["contract"]
    officer = _client(world, Role.OFFICER)
    path = reverse("contracts:detail", args=[contract.pk])

    def count() -> int:
        officer.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert officer.get(path).status_code == 200
        return len(queries)

    one = count()
    for n in range(4):
        make_risk(world["users"][Role.FINANCE], level=Level.CONTRACT, contract=contract, title=f"More {n}")
    assert count() == one


def test_the_register_filters_and_exports_contract_risks(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    found = selectors.risk_list(user=officer, filters=selectors.RiskFilters(level=Level.CONTRACT))
    assert [risk.title for risk in found] == ["The provider cannot keep enough staff"]
    [row] = list(selectors.risk_export_rows(found))
    assert dict(zip(selectors.EXPORT_HEADERS, row, strict=True))["Contract"] == CONTRACT_REFERENCE
    page = _client(world, Role.OFFICER).get(reverse("risks:list") + "?level=contract").content.decode()
    assert "The provider cannot keep enough staff" in page
    assert f"Contract · {world['contract'].directorate.name} · {CONTRACT_REFERENCE}" in page
    assert "Published corporate risk" not in page


def test_a_contract_risk_is_escalated_like_a_review_risk(world: dict[str, Any]) -> None:
    director = world["users"][Role.DIRECTOR]
    risk = Risk.objects.get(pk=world["risks"]["contract"].pk)
    with pytest.raises(ValidationError) as raised:
        act.risk_escalate(risk=risk, level=Level.DIRECTORATE, reason=" ", by=director)
    assert raised.value.message_dict == {"reason": [act.ESCALATION_REASON_REQUIRED]}
    escalated = act.risk_escalate(risk=risk, level=Level.DIRECTORATE, reason="Two more providers at risk", by=director)
    assert (escalated.level, escalated.escalated_from, escalated.contract, escalated.directorate) == (
        Level.DIRECTORATE,
        Level.CONTRACT,
        world["contract"],
        world["contract"].directorate,
    )
    assert escalated.history.latest().history_change_reason == (
        "Escalated to the directorate register: Two more providers at risk"
    )
    # It stays on the contract's page, and keeps its contract when edited on its new register.
    section = risk_thread.risks_of_contract(director, world["contract"])
    assert [r.pk for r in section.context["risks"]] == [risk.pk]
    officer = world["users"][Role.OFFICER]
    kept = act.risk_update(
        risk=escalated,
        details=details(
            owner=officer, level=Level.DIRECTORATE, directorate=escalated.directorate, contract=escalated.contract
        ),
        by=officer,
    )
    assert kept.contract == world["contract"]
    with pytest.raises(ValidationError) as raised:
        act.risk_escalate(risk=kept, level=Level.CORPORATE, reason="Again", by=director)
    assert raised.value.messages == [act.ESCALATION_NOT_REVIEW.format(level="directorate")]
    page = _client(world, Role.OFFICER).get(reverse("risks:detail", args=[risk.pk])).content.decode()
    assert f"Escalated from the contract register of {CONTRACT_REFERENCE}" in page
