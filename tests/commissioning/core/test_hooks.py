"""commissioning.core.hooks: one app's action runs other apps' writes in its own transaction (ADR 0017)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core import hooks
from commissioning.services.models import Directorate
from tests.factories import DirectorateFactory

EVENT = "tests.something_happened"


@pytest.fixture(autouse=True)
def _forget_test_hooks() -> Iterator[None]:
    yield
    hooks._hooks.pop(EVENT, None)


@pytest.mark.django_db
def test_hooks_run_in_registration_order_with_the_event_arguments_once_each() -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def first(**arguments: Any) -> None:
        calls.append(("first", arguments))

    def second(**arguments: Any) -> None:
        calls.append(("second", arguments))

    hooks.register(EVENT, first)
    hooks.register(EVENT, second)
    hooks.register(EVENT, first)  # registering again changes nothing
    with transaction.atomic():
        hooks.run(EVENT, record="a record", by="someone")
        hooks.run("tests.nobody_listens", record="a record")  # an event without hooks does nothing
    assert calls == [
        ("first", {"record": "a record", "by": "someone"}),
        ("second", {"record": "a record", "by": "someone"}),
    ]


@pytest.mark.django_db
def test_a_hook_that_refuses_rolls_back_the_callers_writes_too() -> None:
    def refuse(**arguments: Any) -> None:
        raise ValidationError("Refused by the other app.")

    hooks.register(EVENT, refuse)

    @transaction.atomic
    def action() -> None:  # an action of the calling app: its own write, then the hooks
        DirectorateFactory(code="HKS")
        hooks.run(EVENT, by=None)

    with pytest.raises(ValidationError, match=r"Refused by the other app\."):
        action()
    assert not Directorate.objects.filter(code="HKS").exists()


def test_hooks_refuse_to_run_outside_a_transaction() -> None:
    hooks.register(EVENT, lambda **arguments: None)
    with pytest.raises(RuntimeError) as raised:
        hooks.run(EVENT)
    assert str(raised.value) == hooks.NOT_IN_A_TRANSACTION.format(event=EVENT)
