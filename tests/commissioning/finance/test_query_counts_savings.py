"""The budgets, MTFS and savings tracker pages cost the same number of queries for a district council as for a
metropolitan one (finance-savings)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.finance.models import BudgetLine, SavingsLine
from commissioning.services.models import Directorate
from tests import demo


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    finance = Client()
    finance.force_login(User.objects.get(username="finance"))
    directorate = Directorate.objects.order_by("pk").first()
    assert directorate is not None
    line = SavingsLine.objects.order_by("pk").first()
    budget = BudgetLine.objects.order_by("-financial_year", "pk").first()
    assert line is not None
    assert budget is not None
    pages = {
        "budgets": reverse("finance:budgets"),
        "budgets of a directorate": reverse("finance:budgets") + f"?directorate={directorate.pk}",
        "a budget line": reverse("finance:budget-detail", args=[budget.pk]),
        "MTFS": reverse("finance:mtfs"),
        "savings tracker": reverse("finance:savings"),
        "savings tracker of a directorate": reverse("finance:savings") + f"?directorate={directorate.pk}",
        "a savings line": reverse("finance:saving-detail", args=[line.pk]),
    }
    return {name: _count(finance, path) for name, path in pages.items()}


@pytest.mark.slow
@pytest.mark.django_db
def test_finance_pages_cost_the_same_at_both_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    print(counts)
    assert counts["district"] == counts["metropolitan"], counts
