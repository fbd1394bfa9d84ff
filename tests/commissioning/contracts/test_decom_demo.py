"""The demo councils' category structure and decommissioned services, at both scales."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.contracts import selectors_categories, selectors_decommissioning
from commissioning.contracts.models import Category
from tests.demo import METROPOLITAN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_the_demo_has_categories_with_managers_and_two_published_decommissionings(demo_council: Any) -> None:
    officer = User.objects.get(username="officer")
    totals = selectors_categories.category_totals(user=officer)
    assert {row.category.kind for row in totals.rows} == {"cpv", "council"}
    assert all(row.category.manager_id for row in totals.rows)
    assert any(row.depth == 1 for row in totals.rows)
    assert totals.contracts > 0
    assert selectors_categories.category_totals(user=officer, manager=officer).rows
    assert selectors_decommissioning.visible_decommissionings(user=AnonymousUser()).count() == 2
    client = Client()
    client.force_login(officer)
    category = Category.objects.get(code="SOC-00")
    assert client.get(reverse("contracts:category-detail", args=[category.pk])).status_code == 200
    assert client.get(reverse("contracts:category-list")).status_code == 200
