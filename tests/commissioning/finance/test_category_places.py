"""Finance fills the procurement category page's two places (core.thread.CATEGORY_SPEND_KEY, CATEGORY_SAVINGS_KEY):
published spend with the category's suppliers on its services, last complete year and this year to date, and the
savings lines on its services; each at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.contracts.models import Category
from commissioning.core.permissions import Role
from commissioning.core.thread import CategoryScope
from commissioning.finance import selectors_categories
from commissioning.finance.calculations_spendlinks import financial_year_of
from commissioning.finance.models import SavingsLine, SavingsYear, SpendImport, SpendTransaction
from commissioning.finance.selectors_spendlinks import today
from tests.factories import ContractFactory, OrganisationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pay(day: dt.date, amount: str, *, supplier: Any, service: Any, redacted: bool = False) -> None:
    number = SpendTransaction.objects.count() + 1
    spend_import = SpendImport.objects.first() or SpendImport.objects.create(
        filename="spend.csv", sha256="0" * 64, source="command"
    )
    SpendTransaction.objects.create(
        spend_import=spend_import,
        row_number=number,
        date=day,
        supplier_name="" if redacted else supplier.name,
        supplier_key="" if redacted else supplier.name.lower(),
        redacted=redacted,
        organisation=supplier,
        amount=Decimal(amount),
        service=service,
        row_key=f"test-{number}",
    )


@pytest.fixture
def world() -> dict[str, Any]:
    this_year = financial_year_of(today())
    last_year = this_year.previous()
    officer = UserFactory(role=Role.OFFICER)
    care, other = OrganisationFactory(name="Ashfield Care Ltd"), OrganisationFactory(name="Elsewhere Ltd")
    homes, roads = ServiceFactory(name="Care at home"), ServiceFactory(name="Roads")
    ContractFactory(provider=care, cpv_codes="85311000-2", services=[homes])
    category = Category.objects.create(code="CPV-85", name="Health and social work", kind="cpv", cpv_division="85")
    _pay(last_year.starts + dt.timedelta(days=40), "100000", supplier=care, service=homes)
    _pay(last_year.starts + dt.timedelta(days=70), "25000", supplier=care, service=homes, redacted=True)
    _pay(this_year.starts + dt.timedelta(days=5), "40000", supplier=care, service=homes)
    _pay(this_year.starts + dt.timedelta(days=5), "999000", supplier=care, service=roads)  # not the category's service
    _pay(this_year.starts + dt.timedelta(days=5), "888000", supplier=other, service=homes)  # not its supplier
    _pay(last_year.starts - dt.timedelta(days=5), "777000", supplier=care, service=homes)  # before last year
    line = SavingsLine.objects.create(
        reference="SAV-0001",
        title="Reablement first",
        owner=officer,
        directorate=homes.directorate,
        service=homes,
        baseline=Decimal("1000000"),
    )
    for year, planned in ((last_year.label, "50000"), (this_year.label, "120000")):
        SavingsYear.objects.create(
            line=line,
            financial_year=year,
            target=Decimal(planned),
            planned=Decimal(planned),
            full_year_effect=Decimal(planned),
            forecast=Decimal("90000"),
            realised=Decimal("30000"),
        )
    return {"officer": officer, "category": category, "care": care, "homes": homes, "roads": roads, "line": line}


def test_the_category_page_shows_its_spend_and_savings(world):
    client = Client()
    client.force_login(world["officer"])
    page = client.get(reverse("contracts:category-detail", args=[world["category"].pk])).content.decode()
    assert 'data-testid="category-spend"' in page
    assert "£125,000" in page  # last year: 100,000 + 25,000 redacted
    assert "£40,000" in page  # this year to date, the category's supplier on its service only
    assert "Ashfield Care Ltd" in page
    assert "Redacted" in page
    assert "Elsewhere Ltd" not in page
    assert "£999,000" not in page
    assert "£777,000" not in page
    assert "SAV-0001 Reablement first" in page
    assert "£120,000" in page
    assert "£90,000" in page
    assert "once the finance app provides" not in page


def test_each_place_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    scope = CategoryScope(organisation_ids=frozenset({world["care"].pk}), service_ids=frozenset({world["homes"].pk}))
    with django_assert_num_queries(3):
        spend = selectors_categories.category_spend(scope=scope)
    assert (spend.last_year_spend, spend.this_year_spend) == (Decimal("125000.00"), Decimal("40000.00"))
    assert [(row.name, row.last_year, row.this_year) for row in spend.suppliers] == [
        ("Ashfield Care Ltd", Decimal("100000.00"), Decimal("40000.00")),
        ("Redacted", Decimal("25000.00"), Decimal("0.00")),
    ]
    assert [row.name for row in spend.services] == ["Care at home"]
    with django_assert_num_queries(1):
        savings = selectors_categories.category_savings(user=world["officer"], scope=scope)
    assert savings is not None
    assert [line.pk for line in savings.lines] == [world["line"].pk]
    assert (savings.planned, savings.forecast, savings.realised) == (
        Decimal("120000.00"),
        Decimal("90000.00"),
        Decimal("30000.00"),
    )
    with django_assert_num_queries(0):
        empty = selectors_categories.category_spend(scope=CategoryScope())
    assert not empty.any_spend
    provider = UserFactory(role=Role.PROVIDER, organisation=world["care"])
    assert selectors_categories.category_savings(user=provider, scope=scope) is None
