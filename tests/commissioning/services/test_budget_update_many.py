"""service_budget_update_many: many services' budgets at once, all or nothing, one history entry per change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.core.permissions import Role
from commissioning.core.problems import RowProblem, RowsInvalid
from commissioning.services.actions import NET_ABOVE_GROSS, ServiceBudget, service_budget_update_many
from commissioning.services.models import Service
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db
REASON = "Imported from budgets.csv (import 1)"


@pytest.fixture
def finance():
    return UserFactory(role=Role.FINANCE)


@pytest.fixture
def services():
    return [
        ServiceFactory(reference="TST-101", gross_budget=Decimal("100.00"), net_budget=Decimal("90.00")),
        ServiceFactory(reference="TST-102", gross_budget=Decimal("200.00"), net_budget=Decimal("150.00")),
    ]


def test_changes_are_saved_with_one_entry_each_and_the_same_values_are_left_alone(services, finance):
    done: list[int] = []
    saved = service_budget_update_many(
        budgets=[
            ServiceBudget("TST-101", "2026/27", Decimal("120"), Decimal("100"), staff_fte=Decimal("2.5")),
            ServiceBudget("tst-102", "2026/27", Decimal("200.00"), Decimal("150")),
        ],
        by=finance,
        reason=REASON,
        progress=done.append,
    )
    assert (saved.updated, saved.unchanged) == (1, 1)
    assert done == [1, 2]
    first, second = (Service.objects.get(pk=s.pk) for s in services)
    assert (first.gross_budget, first.net_budget, first.staff_fte, first.annual_demand) == (
        Decimal("120.00"),
        Decimal("100.00"),
        Decimal("2.50"),
        1000,  # not given: kept
    )
    assert first.history.count() == 2
    assert first.history.latest().history_change_reason == REASON
    assert first.history.latest().history_user == finance
    assert second.history.count() == 1


def test_any_problem_saves_nothing_and_every_problem_is_listed(services, finance):
    with pytest.raises(RowsInvalid) as invalid:
        service_budget_update_many(
            budgets=[
                ServiceBudget("TST-101", "2026/27", Decimal("120"), Decimal("100"), row_number=2),
                ServiceBudget("TST-999", "2026/27", Decimal("1"), Decimal("1"), row_number=3),
                ServiceBudget(
                    "TST-102", "2026-27", Decimal("-1"), Decimal("5"), staff_fte=Decimal("1234567.5"), row_number=4
                ),
            ],
            by=finance,
            reason=REASON,
        )
    problems = invalid.value.problems
    assert [(p.row, p.column) for p in problems] == [
        (3, "reference"),
        (4, "budget_year"),
        (4, "gross_budget"),
        (4, "staff_fte"),
        (4, "net_budget"),
    ]
    assert problems[-1] == RowProblem(4, "net_budget", NET_ABOVE_GROSS)
    assert invalid.value.messages[-1] == f"Row 4: {NET_ABOVE_GROSS}"
    assert Service.objects.get(reference="TST-101").gross_budget == Decimal("100.00")
    assert Service.history.count() == 2
