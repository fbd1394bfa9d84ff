"""Finance fills the ward place page's "spend" slot (core.thread.PLACE_KEY): published spend in the latest complete
financial year on the services that serve the ward; the public sees it on published services only; one query."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.finance import thread_places
from commissioning.finance.calculations_spendlinks import financial_year_of
from commissioning.finance.selectors_spendlinks import today
from tests.commissioning.finance.test_category_places import _pay
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    this_year = financial_year_of(today())
    last_year = this_year.previous()
    ward, elsewhere = WardFactory(name="Millbrook"), WardFactory(name="Elsewhere")
    care = OrganisationFactory(name="Ashfield Care Ltd")
    homes = ServiceFactory(name="Care at home", wards=[ward])
    bins = ServiceFactory(name="Household waste", wards=[ward, elsewhere])
    hidden = ServiceFactory(name="Unpublished service", wards=[ward], published=False)
    roads = ServiceFactory(name="Roads", wards=[elsewhere])
    day = last_year.starts + dt.timedelta(days=40)
    _pay(day, "100000", supplier=care, service=homes)
    _pay(day, "25000", supplier=care, service=bins)
    _pay(day, "7000", supplier=care, service=hidden)
    _pay(day, "999000", supplier=care, service=roads)  # not a service of the ward
    _pay(this_year.starts + dt.timedelta(days=2), "888000", supplier=care, service=homes)  # this year: not complete
    _pay(last_year.starts - dt.timedelta(days=2), "777000", supplier=care, service=homes)  # the year before
    return {"ward": ward, "year": last_year.label, "officer": UserFactory(role=Role.OFFICER)}


def test_the_spend_slot_adds_up_the_wards_services_last_complete_year(
    world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        public = thread_places.spend_of_ward(None, world["ward"])
    assert public is not None
    assert public.context["slot"] == "spend"
    spend = public.context["spend"]
    assert (spend.year, spend.total, [row.name for row in spend.services]) == (
        world["year"],
        125000,
        ["Care at home", "Household waste"],
    )
    inside = thread_places.spend_of_ward(world["officer"], world["ward"])
    assert inside is not None
    assert inside.context["spend"].total == 132000  # the unpublished service's spend too, for the council


def test_the_ward_page_shows_the_spend_in_its_slot(world: dict[str, Any]) -> None:
    page = Client().get(reverse("residents:ward", args=[world["ward"].pk])).content.decode()
    assert 'data-testid="place-spend"' in page
    assert "£125,000" in page
    assert "Unpublished service" not in page
    assert page.count('id="spend"') == 1  # the slot is filled, so the page's "not shown here yet" is gone
