"""core.memo: a council-wide answer is worked out once while its records are unchanged, and again as soon as one of
them changes: a new row, a save (even with the clock standing still), a change to a many-to-many relation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from commissioning.contracts.models import Contract
from commissioning.core import memo
from commissioning.services.models import Service
from tests.factories import ContractFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _counting(calls: list[int]) -> Any:
    def compute() -> list[str]:
        calls.append(1)
        return sorted(Service.objects.values_list("name", flat=True))

    return compute


def test_an_answer_is_worked_out_once_while_nothing_changes_and_again_after_a_new_row() -> None:
    calls: list[int] = []
    compute = _counting(calls)
    assert memo.remembered("test.names", (Service,), compute) == []
    assert memo.remembered("test.names", (Service,), compute) == []
    assert len(calls) == 1
    ServiceFactory(name="Libraries")
    assert memo.remembered("test.names", (Service,), compute) == ["Libraries"]
    assert len(calls) == 2


def test_a_save_with_the_clock_standing_still_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    service = ServiceFactory(name="Libraries")
    calls: list[int] = []
    compute = _counting(calls)
    assert memo.remembered("test.names", (Service,), compute) == ["Libraries"]
    service.name = "Library service"
    service.save()
    assert Service.objects.get(pk=service.pk).updated_at == frozen  # the time alone would not tell
    assert memo.remembered("test.names", (Service,), compute) == ["Library service"]
    assert len(calls) == 2


def test_another_processs_change_is_seen_through_the_latest_update_time() -> None:
    service = ServiceFactory(name="Libraries")
    before = memo.version_of([Service])
    # As another process would change it: no signal here, only the row.
    Service.objects.filter(pk=service.pk).update(updated_at=timezone.now() + dt.timedelta(seconds=1))
    assert memo.version_of([Service]) != before


def test_a_change_to_a_watched_many_to_many_relation_is_seen() -> None:
    contract = ContractFactory()
    memo.watch_many_to_many(Contract.services.through, Contract)
    before = memo.version_of([Contract])
    contract.services.add(ServiceFactory(gross_budget=Decimal(1000)))
    assert memo.version_of([Contract]) != before


def test_the_version_is_one_query_however_many_models(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        memo.version_of([Service, Contract])
