"""Pooled budgets: contributions that do not add up save nothing and say so; the demo's pool shows an overspend
shared by the rule; the pages cost the same number of queries for a district council as for a metropolitan one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.finance import actions_pools as act
from commissioning.finance import selectors_pools as selectors
from commissioning.finance.demo_pools import BCF, EQUIPMENT
from commissioning.finance.models import PooledFund, PoolYear
from tests import demo
from tests.factories import OrganisationFactory, UserFactory

SCALES = ["district", "metropolitan"]


@pytest.mark.django_db
def test_contributions_that_do_not_add_up_save_nothing_and_say_by_how_much() -> None:
    council, icb = OrganisationFactory(council=True), OrganisationFactory(name="NHS Integrated Care Board")
    finance = UserFactory(role="finance")
    details = act.PoolDetails(
        name="Pool", host=council, manager=finance, method="percentage", purpose="", partners=[council, icb]
    )
    pool = act.pool_create(details=details, by=finance)
    first, second = pool.partners.all()
    with pytest.raises(ValidationError) as refused:
        act.pool_year_set(
            pool=pool,
            financial_year="2026/27",
            total=Decimal("1000"),
            within_pool=Decimal(0),
            risk_reserve=Decimal(0),
            contributions={first.pk: Decimal("600"), second.pk: Decimal("300")},
            by=finance,
        )
    message = act.CONTRIBUTIONS_DO_NOT_ADD_UP.format(added=Decimal(900), total=Decimal(1000))
    assert refused.value.message_dict == {"total": [message]}
    assert "£900.00" in message
    assert "£1,000.00" in message
    assert not PoolYear.objects.exists()

    details = act.PoolDetails(
        name="Pool", host=council, manager=finance, method="percentage", purpose="", partners=[council, icb]
    )
    with pytest.raises(ValidationError) as shares_refused:
        act.pool_update(pool=pool, details=details, shares={first.pk: Decimal(60), second.pk: Decimal(30)}, by=finance)
    assert shares_refused.value.message_dict == {"method": [act.SHARES_DO_NOT_ADD_UP.format(added="90")]}
    assert sorted(pool.partners.values_list("share", flat=True)) == [Decimal(50), Decimal(50)]


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    finance, partner = Client(), Client()
    finance.force_login(User.objects.get(username="finance"))
    partner.force_login(User.objects.get(username="partner"))
    pool = PooledFund.objects.get(name=BCF)
    return {
        "pools": _count(finance, reverse("finance:pools")),
        "pools (partner)": _count(partner, reverse("finance:pools")),
        "one pool": _count(finance, reverse("finance:pool", args=[pool.pk])),
        "one pool (partner)": _count(partner, reverse("finance:pool", args=[pool.pk])),
        "statement Q2": _count(finance, reverse("finance:pool-statement", args=[pool.pk]) + "?period=q2"),
        "statement (partner)": _count(partner, reverse("finance:pool-statement", args=[pool.pk]) + "?period=year"),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_pool_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print()
    for page in counts["district"]:
        print(f"{page:<26}" + "".join(f"{counts[scale][page]:>8}" for scale in SCALES))
    assert counts["district"] == counts["metropolitan"]


@pytest.mark.django_db
def test_the_demo_pool_overspends_and_the_partner_sees_only_theirs(demo_district: demo.DemoCouncil) -> None:
    partner = User.objects.get(username="partner")
    assert list(selectors.visible_pools(user=partner).values_list("name", flat=True)) == [BCF]
    assert PooledFund.objects.filter(name=EQUIPMENT).exists()
    statements = selectors.pool_statements(pool=PooledFund.objects.get(name=BCF))
    assert len(statements) == 2  # this year and next
    this_year = statements[0].statement
    assert this_year is not None
    assert this_year.is_overspend
    assert (this_year.within_pool, this_year.risk_reserve, this_year.shared) == (
        Decimal("150000.00"),
        Decimal("200000.00"),
        Decimal("250000.00"),
    )
    assert [p.variance_share for p in this_year.partners] == [Decimal("150000.00"), Decimal("100000.00")]
    assert partner.organisation is not None
    assert this_year.partners[1].name == partner.organisation.name
