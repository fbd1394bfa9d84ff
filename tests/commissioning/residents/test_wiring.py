"""The residents app wired to its siblings through core's registries: complaints as core.quality's COMPLAINTS signal
(per organisation and per contract), the contracts app's complaint route (core.complaint_routes) deciding who answers
and which contract manager hears of overdue steps, and the ward place page's "complaints" slot (core.thread)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.contracts.complaint_routes import route_of_service
from commissioning.core import complaint_routes, quality
from commissioning.core.models import Notification
from commissioning.core.permissions import Role
from commissioning.residents import actions_complaints as actions
from commissioning.residents import selectors_places, thread_places
from commissioning.residents.models import Complaint, Route
from commissioning.residents.quality_complaints import complaint_counts
from tests import matrix
from tests.commissioning.residents.complaints_world import DAY, build_world, details
from tests.factories import ContractFactory

world = matrix.world_fixture(build_world)
pytestmark = pytest.mark.django_db

QUARTERS = ("2025/26 Q4", "2026/27 Q1", "2026/27 Q2", "2026/27 Q3")  # the four quarters up to DAY's


def _series(*counts: int) -> tuple[tuple[str, int], ...]:
    return tuple(zip(QUARTERS, counts, strict=True))


def test_complaints_are_the_quality_signal_per_organisation_and_contract(
    world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    bins, repairs = world["services"]["bins"], world["services"]["repairs"]
    ashfield = world["complaints"]["provider_new"].provider
    home = ashfield.__class__.objects.get(is_home=True)
    waste = ContractFactory(provider=ashfield, services=[bins])
    other = ContractFactory(services=[world["services"]["hidden"]])
    with django_assert_num_queries(3):  # two for the organisations, one for the contracts, however many
        found = complaint_counts(organisation_ids=(ashfield.pk, home.pk), contract_ids=(waste.pk, other.pk), today=DAY)
    # Ashfield answers the bins complaint; the council's own services (repairs) had three
    assert found.by_organisation == {ashfield.pk: _series(0, 0, 0, 1), home.pk: _series(0, 0, 0, 3)}
    assert found.by_contract == {waste.pk: _series(0, 0, 0, 1), other.pk: _series(0, 0, 0, 0)}
    assert repairs.provider_id is None
    # Registered at start-up: contracts' triangulation asks through core.quality
    assert quality.counts(quality.COMPLAINTS, organisation_ids=[ashfield.pk]) is not None


def test_the_contract_decides_who_answers_and_its_manager_hears_of_overdue_steps(world: dict[str, Any]) -> None:
    repairs = world["services"]["repairs"]  # run by the council, as far as the service says
    ashfield = world["complaints"]["provider_new"].provider
    manager = world["users"][Role.FINANCE]
    contract = ContractFactory(provider=ashfield, services=[repairs], contract_manager=manager)
    assert complaint_routes.contract_route(repairs.pk) == complaint_routes.ContractRoute(ashfield.pk, manager.pk)
    complaint, _ = actions.complaint_make(details=details(repairs), today=DAY)
    assert (complaint.route, complaint.provider, complaint.contract_manager) == (Route.PROVIDER, ashfield, manager)
    overdue = Notification.objects.filter(about_pk=complaint.pk, template="residents/email/overdue")
    assert actions.complaints_notify_overdue(today=dt.date(2026, 11, 10)) >= 1
    assert manager.email in set(overdue.values_list("to_email", flat=True))
    # The contract says the council answers: stage 1 stays with the council, the manager still hears
    type(contract).objects.filter(pk=contract.pk).update(provider_handles_complaints=False)
    council, _ = actions.complaint_make(details=details(repairs, email="sam@example.org"), today=DAY)
    assert (council.route, council.provider, council.contract_manager) == (Route.COUNCIL, None, manager)


def test_only_a_current_external_contract_routes(world: dict[str, Any]) -> None:
    repairs = world["services"]["repairs"]
    ContractFactory(services=[repairs], start_date=dt.date(2020, 4, 1), end_date=dt.date(2023, 3, 31))
    ContractFactory(in_house=True, services=[repairs])
    assert route_of_service(repairs.pk, today=DAY) is None
    assert actions.route_for(repairs).route == Route.COUNCIL


def test_the_ward_place_page_shows_its_complaint_figures(world: dict[str, Any], django_assert_num_queries: Any) -> None:
    ward = world["ward"]
    with django_assert_num_queries(1):
        section = thread_places.complaints_of_ward(None, ward)
    assert section is not None
    assert section.context["slot"] == "complaints"
    figures = {row.quarter: row for row in selectors_places.ward_complaint_figures(ward=ward, today=DAY)}
    assert list(figures) == list(QUARTERS)
    assert figures["2026/27 Q3"].volume == Complaint.objects.filter(ward=ward, received_on=DAY).count() == 1
    page = Client().get(reverse("residents:ward", args=[ward.pk])).content.decode()
    assert 'data-testid="place-complaints"' in page
    assert page.count('id="complaints"') == 1
    assert "pat@example.org" not in page
    assert "Pat Resident" not in page
