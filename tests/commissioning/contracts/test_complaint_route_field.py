"""A contract says whether its supplier answers residents' complaints at stage 1 (Contract.provider_handles_complaints,
read by the residents app through core.complaint_routes): set on the contract's form, shown on its page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.contracts.models import Contract
from commissioning.core.permissions import Role
from tests.dates import date_input
from tests.factories import ContractFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_form_sets_who_answers_complaints_and_the_page_says_so() -> None:
    officer = UserFactory(role=Role.OFFICER)
    service = ServiceFactory()
    contract = ContractFactory(services=[service], contract_manager=officer, published=False)
    assert contract.provider_handles_complaints
    client = Client()
    client.force_login(officer)
    data = {
        "kind": "contract",
        "title": contract.title,
        "reference": contract.reference,
        "directorate": contract.directorate_id,
        "provider": contract.provider_id,
        "procedure": "open",
        "cpv_codes": "85311000-2",
        "total_value": "3000000",
        "annual_value": "1000000",
        "services": [service.pk],
        "contract_manager": officer.pk,
        "notice_period_months": "3",
        "reason": "The council answers complaints under this contract",
        **date_input("start_date", "2025-04-01"),
        **date_input("end_date", "2028-03-31"),
    }
    response = client.post(reverse("contracts:edit", args=[contract.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Contract.objects.get(pk=contract.pk).provider_handles_complaints
    page = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "The council&#39;s service team answers them" in page or "The council's service team answers them" in page
    client.post(reverse("contracts:edit", args=[contract.pk]), {**data, "provider_handles_complaints": "on"})
    assert Contract.objects.get(pk=contract.pk).provider_handles_complaints
