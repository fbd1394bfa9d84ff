"""Fixtures for the imports tests: services whose budgets a file changes, and the people who import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from commissioning.services.models import Directorate, Service
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory


@pytest.fixture
def finance(council: Organisation) -> User:
    return UserFactory(username="finance", first_name="Farah", last_name="Fielding", role=Role.FINANCE)


@pytest.fixture
def officer(council: Organisation) -> User:
    return UserFactory(username="officer", first_name="Olive", last_name="Okafor", role=Role.OFFICER)


@pytest.fixture
def directorate(council: Organisation) -> Directorate:
    return DirectorateFactory(name="Adults and Health", code="ADH")


@pytest.fixture
def services(directorate: Directorate) -> dict[str, Service]:
    """Three services on 2026/27 budgets."""
    return {
        reference: ServiceFactory(
            reference=reference,
            name=name,
            directorate=directorate,
            budget_year="2026/27",
            gross_budget=Decimal(gross),
            net_budget=Decimal(net),
            staff_fte=Decimal("10.00"),
            annual_demand=1000,
        )
        for reference, name, gross, net in [
            ("ADH-001", "Home care", "1000000.00", "800000.00"),
            ("ADH-002", "Day centres", "500000.00", "450000.00"),
            ("ADH-003", "Meals at home", "250000.00", "200000.00"),
        ]
    }
