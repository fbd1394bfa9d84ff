"""The archive and restore, and the last steps of add and edit, every app's actions are built on
(commissioning.core.actions)."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.core.actions import lock_row, record_archive, record_edited, record_restore, record_save
from commissioning.core.concurrency import AlreadySubmitted, EditConflict, claim_form_token, version_of
from commissioning.services.models import Service
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUIRED = "Enter why, please"
ALREADY = "It is archived already"
NOT_ARCHIVED = "It is not archived"


def _archive(service: Service, reason: str = "No longer needed", by: object = None, **kwargs: object) -> Service:
    by = by or UserFactory(username="archiver")
    return record_archive(record=service, by=by, reason=reason, reason_required=REQUIRED, already=ALREADY, **kwargs)


def _restore(service: Service, reason: str = "Needed after all", **kwargs: object) -> Service:
    by = UserFactory(username="restorer")
    return record_restore(
        record=service, by=by, reason=reason, reason_required=REQUIRED, not_archived=NOT_ARCHIVED, **kwargs
    )


def _reasons(service: Service) -> list[str]:
    return list(service.history.order_by("history_id").values_list("history_change_reason", flat=True))


def test_archive_sets_who_when_and_why_in_one_history_entry():
    service = ServiceFactory()
    before = service.history.count()
    archived = _archive(service, reason="  Market closed  ")
    service.refresh_from_db()
    assert service.is_archived
    assert service.archived_by.username == "archiver"
    assert service.archive_reason == "Market closed"
    assert archived.pk == service.pk
    assert archived.is_archived
    assert service.history.count() == before + 1
    latest = service.history.latest()
    assert latest.history_change_reason == "Archived: Market closed"
    assert latest.history_user.username == "archiver"


def test_archive_needs_a_reason_and_reads_nothing_without_one():
    service = ServiceFactory()
    by = UserFactory()
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as excinfo:
        _archive(service, reason="   ", by=by)
    assert excinfo.value.message_dict == {"reason": [REQUIRED]}
    assert [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]] == []


def test_archiving_twice_is_refused_with_the_apps_message_and_writes_nothing():
    service = ServiceFactory()
    _archive(service)
    count = service.history.count()
    with pytest.raises(ValidationError) as excinfo:
        _archive(service, reason="Again")
    assert excinfo.value.messages == [ALREADY]
    assert service.history.count() == count
    service.refresh_from_db()
    assert service.archive_reason == "No longer needed"


def test_restore_clears_the_archive_fields_in_one_history_entry():
    service = ServiceFactory(archived=True, archive_reason="Closed")
    before = service.history.count()
    _restore(service, reason=" Reopened ")
    service.refresh_from_db()
    assert not service.is_archived
    assert service.archived_by is None
    assert service.archive_reason == ""
    assert service.history.count() == before + 1
    assert service.history.latest().history_change_reason == "Restored: Reopened"


def test_restoring_a_current_record_is_refused_with_the_apps_message():
    service = ServiceFactory()
    count = service.history.count()
    with pytest.raises(ValidationError) as excinfo:
        _restore(service)
    assert excinfo.value.messages == [NOT_ARCHIVED]
    assert service.history.count() == count


def test_restore_needs_a_reason():
    service = ServiceFactory(archived=True)
    with pytest.raises(ValidationError) as excinfo:
        _restore(service, reason="")
    assert excinfo.value.message_dict == {"reason": [REQUIRED]}
    service.refresh_from_db()
    assert service.is_archived


def test_the_history_entry_can_say_what_archiving_means_in_the_app():
    service = ServiceFactory()
    _archive(service, reason="Sent in error", history="Withdrawn")
    _restore(service, reason="Resent", history="Back on the list")
    assert _reasons(service)[-2:] == ["Withdrawn: Sent in error", "Back on the list: Resent"]


def test_the_record_is_read_again_through_the_lock_not_trusted_as_given():
    service = ServiceFactory()
    stale = Service.objects.get(pk=service.pk)
    _archive(service)
    with pytest.raises(ValidationError) as excinfo:
        _archive(stale)  # the copy in hand still looks current; the locked row is archived
    assert excinfo.value.messages == [ALREADY]


def test_a_custom_lock_is_used_to_read_the_row():
    service = ServiceFactory()
    locked: list[int] = []

    def lock(record: Service) -> Service:
        locked.append(record.pk)
        return lock_row(record)

    _archive(service, lock=lock)
    assert locked == [service.pk]


def test_archive_checks_the_apps_rule_before_the_state_and_a_refusal_writes_nothing():
    service = ServiceFactory(archived=True)
    count = service.history.count()

    def never(record: Service) -> None:
        raise ValidationError("This one can never be archived")

    with pytest.raises(ValidationError) as excinfo:
        _archive(service, check=never)
    assert excinfo.value.messages == ["This one can never be archived"]
    assert service.history.count() == count


def test_restore_checks_the_apps_rule_only_once_the_record_is_known_to_be_archived():
    current = ServiceFactory()
    seen: list[int] = []
    with pytest.raises(ValidationError) as excinfo:
        _restore(current, check=lambda record: seen.append(record.pk))
    assert excinfo.value.messages == [NOT_ARCHIVED]
    assert seen == []

    archived = ServiceFactory(archived=True)

    def name_taken(record: Service) -> None:
        seen.append(record.pk)
        raise ValidationError("The name is taken now")

    with pytest.raises(ValidationError) as excinfo:
        _restore(archived, check=name_taken)
    assert excinfo.value.messages == ["The name is taken now"]
    assert seen == [archived.pk]
    archived.refresh_from_db()
    assert archived.is_archived


# The last steps of add and edit -------------------------------------------------------------------------------------


def test_record_edited_locks_the_version_the_form_loaded_and_refuses_an_archived_record():
    service = ServiceFactory(name="Parks")
    loaded = version_of(service)
    fresh = record_edited(service, version=loaded, already_archived=ALREADY)
    assert fresh == service
    assert fresh is not service  # read again, under the lock
    assert record_edited(service, version=None, already_archived=ALREADY) == service  # no version: not checked
    _archive(service)
    with pytest.raises(EditConflict):
        record_edited(service, version=loaded, already_archived=ALREADY)
    with pytest.raises(ValidationError) as refused:
        record_edited(service, version=None, already_archived=ALREADY)
    assert refused.value.messages == [ALREADY]


def test_record_save_checks_the_model_writes_one_history_entry_and_binds_the_token():
    service = ServiceFactory(name="Parks")
    by = UserFactory(username="editor")
    service.name = "Gardens"
    before = service.history.count()
    assert record_save(service, by=by, reason="Renamed", m2m={"wards": []}) is service
    assert service.history.count() == before + 1
    assert service.history.latest().history_change_reason == "Renamed"
    service.name = ""
    with pytest.raises(ValidationError) as invalid:
        record_save(service, by=by, reason="Emptied")
    assert "name" in invalid.value.message_dict
    service.refresh_from_db()
    assert service.name == "Gardens"

    token = uuid.uuid4()
    claim = claim_form_token(token, by=by)
    made = ServiceFactory.build(
        name="Markets",
        reference="ENV-099",
        directorate=service.directorate,
        accountable_officer=service.accountable_officer,
    )
    record_save(made, by=by, reason="Added", m2m={"wards": []}, claim=claim)
    with pytest.raises(AlreadySubmitted) as repeat:
        claim_form_token(token, by=by)
    assert repeat.value.record == made
