"""save_with_reference: a generated reference is retried under the series lock, a typed one taken meanwhile is a
field error, anything else is raised as it is (the races themselves are in test_reference_races.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commissioning.core import references
from commissioning.core.references import (
    NOT_IN_A_TRANSACTION,
    REFERENCE_ATTEMPTS,
    REFERENCE_BUSY,
    REFERENCE_TAKEN,
    lock_series,
    reference_taken,
    save_with_reference,
    series_lock_key,
)
from commissioning.reviews.models import CommissioningReview
from commissioning.services.models import Directorate, Service
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

TAKEN = "Reference {reference} is taken: choose another"


@pytest.fixture
def directorate() -> Directorate:
    return DirectorateFactory(code="PLE")


@pytest.fixture
def new_service(directorate: Directorate) -> Service:
    return ServiceFactory.build(reference="", directorate=directorate, accountable_officer=UserFactory())


def answers(*values: str) -> Callable[[], str]:
    """A next_reference that gives these references in turn (and counts how often it was asked)."""
    given: Iterator[str] = iter(values)

    def generate() -> str:
        generate.calls += 1  # type: ignore[attr-defined]
        return next(given)

    generate.calls = 0  # type: ignore[attr-defined]
    return generate


@transaction.atomic
def save(record: Service, **kwargs: object) -> Service:
    kwargs.setdefault("taken", TAKEN)
    return save_with_reference(record, by=UserFactory(), reason="Added", exclude=["wards"], **kwargs)  # type: ignore[arg-type]


def test_a_generated_reference_that_is_taken_meanwhile_is_replaced_by_the_next(new_service: Service) -> None:
    ServiceFactory(reference="PLE-004")
    generate = answers("PLE-004", "PLE-005")
    saved = save(new_service, generate=generate)
    assert saved.reference == "PLE-005"
    assert generate.calls == 2  # type: ignore[attr-defined]
    assert Service.objects.get(pk=saved.pk).reference == "PLE-005"
    (entry,) = saved.history.all()
    assert entry.history_change_reason == "Added"


def test_a_generated_reference_is_never_refused_as_already_existing(new_service: Service) -> None:
    """Django's own "Service with this Reference already exists" would land on a field the user left blank."""
    ServiceFactory(reference="PLE-001")
    saved = save(new_service, generate=answers("PLE-001", "PLE-002"))
    assert saved.reference == "PLE-002"


def test_a_typed_reference_taken_meanwhile_is_the_apps_error_on_the_field(new_service: Service) -> None:
    ServiceFactory(reference="PLE-009")
    new_service.reference = "PLE-009"
    with transaction.atomic():
        with pytest.raises(ValidationError) as caught:
            save(new_service, generate=None)
        assert Service.objects.count() == 1  # the transaction is still usable: the insert was in a savepoint
    assert caught.value.message_dict == {"reference": [TAKEN.format(reference="PLE-009")]}
    assert new_service.pk is None
    assert new_service._state.adding


def test_a_typed_reference_has_a_message_of_its_own_by_default(new_service: Service) -> None:
    ServiceFactory(reference="PLE-009")
    new_service.reference = "PLE-009"
    with transaction.atomic(), pytest.raises(ValidationError) as caught:
        save_with_reference(new_service, generate=None, by=UserFactory(), reason="Added", exclude=["wards"])
    assert caught.value.message_dict == {"reference": [REFERENCE_TAKEN.format(reference="PLE-009")]}


def test_an_edit_to_a_reference_someone_else_holds_is_a_field_error_and_its_own_is_not_taken() -> None:
    mine, theirs = ServiceFactory(reference="PLE-001"), ServiceFactory(reference="PLE-002")
    assert not reference_taken(mine)
    save(mine, generate=None)  # keeping its own reference
    mine.reference = theirs.reference
    assert reference_taken(mine)
    with pytest.raises(ValidationError) as caught:
        save(mine, generate=None)
    assert caught.value.message_dict == {"reference": [TAKEN.format(reference="PLE-002")]}
    assert Service.objects.get(pk=mine.pk).reference == "PLE-001"


def test_a_series_that_stays_taken_asks_for_the_form_again_after_a_few_attempts(new_service: Service) -> None:
    ServiceFactory(reference="PLE-001")
    generate = answers(*["PLE-001"] * REFERENCE_ATTEMPTS)
    with pytest.raises(ValidationError) as caught:
        save(new_service, generate=generate)
    assert caught.value.messages == [REFERENCE_BUSY.format(thing="service", reference="PLE-001")]
    assert not hasattr(caught.value, "error_dict")  # not on the reference field, which the user left blank
    assert generate.calls == REFERENCE_ATTEMPTS  # type: ignore[attr-defined]


def test_an_integrity_error_that_is_not_about_the_reference_is_raised_as_it_is(
    new_service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise IntegrityError("something else")

    monkeypatch.setattr(references, "save_with_history", fails)
    with pytest.raises(IntegrityError, match="something else"):
        save(new_service, generate=answers("PLE-001"))


def test_other_checks_still_run(new_service: Service) -> None:
    new_service.reference = "not a reference"
    with pytest.raises(ValidationError) as caught:
        save(new_service, generate=None)
    assert "reference" in caught.value.message_dict


@pytest.mark.django_db(transaction=True)  # no test-wide transaction around it
def test_the_series_lock_needs_the_actions_transaction() -> None:
    with pytest.raises(RuntimeError, match=NOT_IN_A_TRANSACTION):
        lock_series(Service)
    with transaction.atomic():
        lock_series(Service)


def test_each_model_has_its_own_stable_lock_key() -> None:
    key = series_lock_key(Service)
    assert key == series_lock_key(Service)
    assert key != series_lock_key(CommissioningReview)
    assert -(2**63) <= key < 2**63
