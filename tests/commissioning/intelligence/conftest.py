"""Shared records for the ward intelligence tests: a councillor for Millbrook (not Riverside), and a service."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.permissions import Role
from commissioning.services.models import Directorate, Service
from tests.commissioning.intelligence.factories import councillor_with_login
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory, WardFactory


@dataclass
class Patch:
    millbrook: Ward
    riverside: Ward
    councillor: Councillor
    officer: User
    director: User
    directorate: Directorate
    bins: Service


@pytest.fixture
def patch(council: Organisation) -> Patch:
    millbrook = WardFactory(name="Millbrook", ons_code="E05900001")
    riverside = WardFactory(name="Riverside", ons_code="E05900002")
    councillor = councillor_with_login(
        username="cllr-ada", wards=[millbrook], name="Ada Lovell", party="Civic Alliance"
    )
    councillor.user.first_name, councillor.user.last_name = "Ada", "Lovell"
    councillor.user.save()
    officer = UserFactory(username="olive", first_name="Olive", last_name="Okafor", role=Role.OFFICER)
    director = UserFactory(username="dev", first_name="Dev", last_name="Patel", role=Role.DIRECTOR)
    directorate = DirectorateFactory(name="Place and Environment", code="PLE", director=director)
    bins = ServiceFactory(
        reference="PLE-001",
        name="Household waste collection",
        directorate=directorate,
        accountable_officer=officer,
        wards=[millbrook, riverside],
    )
    return Patch(millbrook, riverside, councillor, officer, director, directorate, bins)
