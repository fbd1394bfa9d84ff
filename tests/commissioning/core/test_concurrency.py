"""The edit guards' core: a version checked under the row lock, a one-time token claimed under a unique key."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from commissioning.core import formatting
from commissioning.core.concurrency import (
    ALREADY_SUBMITTED,
    EDIT_CONFLICT,
    AlreadySubmitted,
    EditConflict,
    claim_form_token,
    lock_for_update,
    version_of,
)
from commissioning.core.models import FormSubmission
from commissioning.services import actions
from commissioning.services.actions import ServiceDetails
from commissioning.services.models import Service
from tests.factories import DirectorateFactory, ServiceFactory, UserFactory


def _details(**changes: object) -> ServiceDetails:
    values: dict[str, object] = {
        "name": "Pest control",
        "directorate": DirectorateFactory(code="PLE"),
        "accountable_officer": UserFactory(username="olive"),
        "is_statutory": False,
        "delivery_model": "in_house",
        "budget_year": "2026/27",
        "gross_budget": 1000,
        "net_budget": 900,
        "staff_fte": 1,
        "annual_demand": 10,
        "demand_unit": "visits",
    }
    values.update(changes)
    return ServiceDetails(**values)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_version_is_the_exact_time_of_the_last_save():
    service = ServiceFactory()
    assert version_of(service) == service.updated_at.isoformat()
    assert version_of(Service.objects.get(pk=service.pk)) == version_of(service)
    with transaction.atomic():
        assert lock_for_update(Service, pk=service.pk, version=version_of(service)) == service
        assert lock_for_update(Service, pk=service.pk, version=None) == service


@pytest.mark.django_db
def test_a_save_in_between_is_an_edit_conflict_naming_who_when_and_what():
    service = ServiceFactory(name="Parks")
    loaded = version_of(service)
    sam = UserFactory(first_name="Sam", last_name="Patel")
    actions.service_update(service=service, details=_details(name="Parks and gardens"), by=sam)
    latest = service.history.latest()
    with transaction.atomic(), pytest.raises(EditConflict) as caught:
        lock_for_update(Service, pk=service.pk, version=loaded)
    conflict = caught.value
    assert conflict.messages == [
        EDIT_CONFLICT.format(who="Sam Patel", thing="service", when=formatting.time_and_date(latest.history_date))
    ]
    assert ("Name", "Parks and gardens") in [(change.label, change.value) for change in conflict.changes]
    assert conflict.version == version_of(Service.objects.get(pk=service.pk))
    assert isinstance(conflict, ValidationError)


@pytest.mark.django_db
def test_a_version_that_is_not_a_time_is_a_conflict():
    service = ServiceFactory()
    with transaction.atomic(), pytest.raises(EditConflict):
        lock_for_update(Service, pk=service.pk, version="yesterday")


def test_the_time_reads_as_a_time_then_a_date_in_london():
    import datetime as dt

    assert formatting.time_and_date(dt.datetime(2026, 12, 3, 10, 42, tzinfo=dt.UTC)) == "10:42am on 3 December 2026"
    assert formatting.time_and_date(dt.datetime(2026, 7, 3, 12, 5, tzinfo=dt.UTC)) == "1:05pm on 3 July 2026"


@pytest.mark.django_db
def test_a_token_is_claimed_once_and_its_repeat_names_the_first_record():
    by = UserFactory()
    token = uuid.uuid4()
    first = actions.service_create(details=_details(), by=by, form_token=token)
    with pytest.raises(AlreadySubmitted) as caught:
        actions.service_create(details=_details(name="Pest control again"), by=by, form_token=token)
    assert caught.value.record == first
    assert caught.value.messages == [ALREADY_SUBMITTED.format(thing="service")]
    assert Service.objects.count() == 1
    assert FormSubmission.objects.get(token=token).record == first


@pytest.mark.django_db
def test_a_failed_create_leaves_its_token_free_to_use_again():
    by = UserFactory()
    token = uuid.uuid4()
    with pytest.raises(ValidationError):
        actions.service_create(details=_details(net_budget=5000), by=by, form_token=token)
    assert not FormSubmission.objects.filter(token=token).exists()
    actions.service_create(details=_details(), by=by, form_token=token)
    assert Service.objects.count() == 1


@pytest.mark.django_db
def test_no_token_is_not_checked():
    by = UserFactory()
    assert claim_form_token(None, by=by).submission is None
    actions.service_create(details=_details(), by=by)
    actions.service_create(details=_details(name="Another"), by=by)
    assert Service.objects.count() == 2


@pytest.mark.django_db
def test_the_token_is_unique_in_the_database():
    by = UserFactory()
    token = uuid.uuid4()
    FormSubmission.objects.create(token=token, by=by)
    with pytest.raises(IntegrityError), transaction.atomic():
        FormSubmission.objects.create(token=token, by=by)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database fails a second writer at once instead of letting it wait",
)
@pytest.mark.django_db(transaction=True)
def test_two_racing_submissions_of_one_form_make_one_record():
    by = UserFactory()
    details = _details()
    token = uuid.uuid4()
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def submit() -> None:
        from django.db import connections

        try:
            start.wait()
            outcomes.append(actions.service_create(details=details, by=by, form_token=token))
        except AlreadySubmitted as repeat:
            outcomes.append(repeat)
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    made = [o for o in outcomes if isinstance(o, Service)]
    repeats = [o for o in outcomes if isinstance(o, AlreadySubmitted)]
    assert len(made) == 1, outcomes
    assert len(repeats) == 1, outcomes
    assert repeats[0].record == made[0]
    assert Service.objects.count() == 1
