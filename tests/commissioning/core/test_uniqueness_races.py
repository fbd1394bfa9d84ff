"""Uniqueness that holds under simultaneous saves: two options of one shortlist with the same name, and two targets
for the same indicator and period, are never duplicated and never a 500; a name or period taken between the action's
check and its insert is an error on that field (issue 8). Runs on SQLite and on PostgreSQL (.ci/run); the threaded
races need PostgreSQL, whose writers wait for each other where SQLite's in-memory test database fails at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from commissioning.appraisals import actions as appraisal_actions
from commissioning.appraisals.actions import OPTION_NAME_TAKEN, OptionDetails
from commissioning.appraisals.models import Option, OptionDeliveryModel, OptionKind
from commissioning.core import actions as core_actions
from commissioning.core.permissions import Role
from commissioning.outcomes import actions as outcome_actions
from commissioning.outcomes.actions import TARGET_SET_MEANWHILE, TargetDetails
from commissioning.outcomes.models import Target
from tests.commissioning.outcomes.factories import IndicatorFactory
from tests.factories import OrganisationFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
postgres_only = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database fails a second writer at once instead of letting it wait",
)
RACERS = 6
D = Decimal


@pytest.fixture
def officer():
    OrganisationFactory(council=True)
    return UserFactory(role=Role.OFFICER)


@pytest.fixture
def appraisal(officer):
    return appraisal_actions.appraisal_create(review=ReviewFactory(), base_year=2026, horizon_years=3, by=officer)


def outsource(name: str = "Outsource") -> OptionDetails:
    return OptionDetails(kind=OptionKind.OPTION, name=name, delivery_model=OptionDeliveryModel.PRIVATE)


@contextmanager
def arriving_after_the_check(rival: Callable[[], object]) -> Iterator[None]:
    """The race, simulated: ``rival`` inserts its row just after the action has checked that none exists, and before
    the action's own insert (a writer that did not wait for the action's lock, or an admin's save). It writes on the
    action's own connection, so the action's refusal rolls it back too: the threaded races below, on PostgreSQL, keep
    the rival's row."""
    real = core_actions._collides
    calls = []

    def check_then_rival(record, constraint_name, using):
        found = real(record, constraint_name, using)
        if not calls:
            rival()
        calls.append(found)
        return found

    with mock.patch.object(core_actions, "_collides", side_effect=check_then_rival):
        yield
    assert calls[0] is False  # the action's check found nothing: the rival came after it


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_an_option_name_taken_between_the_check_and_the_insert_is_a_name_error(appraisal, officer):
    rival = lambda: Option.objects.create(  # noqa: E731
        appraisal=appraisal, kind=OptionKind.OPTION, name="outsource", delivery_model=OptionDeliveryModel.PRIVATE
    )
    with arriving_after_the_check(rival), pytest.raises(ValidationError) as excinfo:
        appraisal_actions.option_create(appraisal=appraisal, details=outsource("Outsource"), by=officer)
    assert field_errors(excinfo.value) == {"name": [OPTION_NAME_TAKEN.format(name="Outsource")]}
    assert not Option.objects.filter(appraisal=appraisal, name="Outsource").exists()


def test_renaming_an_option_to_a_name_taken_meanwhile_is_a_name_error(appraisal, officer):
    option = appraisal_actions.option_create(appraisal=appraisal, details=outsource("In-house redesign"), by=officer)
    rival = lambda: Option.objects.create(  # noqa: E731
        appraisal=appraisal, kind=OptionKind.OPTION, name="Outsource", delivery_model=OptionDeliveryModel.PRIVATE
    )
    with arriving_after_the_check(rival), pytest.raises(ValidationError) as excinfo:
        appraisal_actions.option_update(option=option, details=outsource("Outsource"), by=officer)
    assert field_errors(excinfo.value) == {"name": [OPTION_NAME_TAKEN.format(name="Outsource")]}
    option.refresh_from_db()
    assert option.name == "In-house redesign"


def test_the_option_form_shows_a_name_taken_meanwhile_on_the_name_field(appraisal, officer):
    client = Client()
    client.force_login(officer)
    url = reverse("appraisals:option-create", args=[appraisal.pk])
    rival = lambda: Option.objects.create(  # noqa: E731
        appraisal=appraisal, kind=OptionKind.OPTION, name="Outsource", delivery_model=OptionDeliveryModel.PRIVATE
    )
    with arriving_after_the_check(rival):
        response = client.post(url, {"kind": "option", "name": "Outsource", "delivery_model": "private"})
    assert response.status_code == 200
    page = response.content.decode().replace("&quot;", '"').replace("&#34;", '"')
    assert OPTION_NAME_TAKEN.format(name="Outsource") in page
    assert 'href="#id_name"' in page
    assert Option.objects.filter(appraisal=appraisal, name="Outsource").count() <= 1


def test_a_target_set_between_the_check_and_the_insert_is_a_period_error(officer):
    indicator = IndicatorFactory(frequency="quarterly")
    rival = lambda: Target.objects.create(indicator=indicator, period="2026/27 Q1", target=D(70))  # noqa: E731
    with arriving_after_the_check(rival), pytest.raises(ValidationError) as excinfo:
        outcome_actions.target_set(indicator=indicator, details=TargetDetails("2026/27 q1", D(80)), by=officer)
    assert field_errors(excinfo.value) == {"period": [TARGET_SET_MEANWHILE.format(period="2026/27 Q1")]}
    assert not Target.objects.filter(indicator=indicator, target=D(80)).exists()
    # Sent again, the form changes the target it now finds.
    target = outcome_actions.target_set(indicator=indicator, details=TargetDetails("2026/27 Q1", D(80)), by=officer)
    assert (Target.objects.get(indicator=indicator).pk, target.target) == (target.pk, D(80))


def test_the_target_form_shows_a_target_set_meanwhile_on_the_period_field(officer):
    indicator = IndicatorFactory(frequency="quarterly")
    client = Client()
    client.force_login(officer)
    rival = lambda: Target.objects.create(indicator=indicator, period="2026/27 Q1", target=D(70))  # noqa: E731
    with arriving_after_the_check(rival):
        response = client.post(
            reverse("outcomes:target-set", args=[indicator.pk]),
            {"period": "2026/27 Q1", "target": "80", "tolerance_basis": "none"},
        )
    assert response.status_code == 200
    page = response.content.decode().replace("&#39;", "'")
    assert TARGET_SET_MEANWHILE.format(period="2026/27 Q1") in page
    assert 'href="#id_period"' in page
    assert Target.objects.filter(indicator=indicator).count() <= 1


def test_any_other_integrity_error_is_not_taken_for_a_collision(appraisal, officer):
    from django.db import IntegrityError

    with (
        mock.patch.object(core_actions, "save_with_history", side_effect=IntegrityError("another constraint")),
        pytest.raises(IntegrityError, match="another constraint"),
    ):
        appraisal_actions.option_create(appraisal=appraisal, details=outsource(), by=officer)


def race(*makers: Callable[[], object]) -> list[object]:
    """Run every maker at the same moment, each in its own thread and connection; what each returned or raised."""
    start = threading.Barrier(len(makers))
    outcomes: list[object] = [None] * len(makers)

    def run(index: int, make: Callable[[], object]) -> None:
        try:
            start.wait()
            outcomes[index] = make()
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, make)) for i, make in enumerate(makers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@postgres_only
def test_racing_options_with_one_name_make_one_option_and_name_errors(appraisal, officer):
    names = ["Outsource" if i % 2 else "outsource" for i in range(RACERS)]
    outcomes = race(
        *[
            lambda name=name: appraisal_actions.option_create(appraisal=appraisal, details=outsource(name), by=officer)
            for name in names
        ]
    )
    made = [o for o in outcomes if isinstance(o, Option)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(made) == 1, outcomes
    assert len(refused) == RACERS - 1, outcomes
    for error in refused:
        assert list(field_errors(error)) == ["name"]
        assert field_errors(error)["name"][0] in {OPTION_NAME_TAKEN.format(name=n) for n in set(names)}
    assert Option.objects.filter(appraisal=appraisal, name__iexact="outsource").count() == 1


@postgres_only
def test_racing_targets_for_one_period_leave_one_target_and_no_500(officer):
    indicator = IndicatorFactory(frequency="quarterly")
    values = [D(70 + i) for i in range(RACERS)]
    outcomes = race(
        *[
            lambda value=value: outcome_actions.target_set(
                indicator=indicator, details=TargetDetails("2026/27 Q1", value), by=officer
            )
            for value in values
        ]
    )
    assert all(isinstance(o, Target | ValidationError) for o in outcomes), outcomes
    for error in (o for o in outcomes if isinstance(o, ValidationError)):
        assert field_errors(error) == {"period": [TARGET_SET_MEANWHILE.format(period="2026/27 Q1")]}
    target = Target.objects.get(indicator=indicator, period="2026/27 Q1")
    assert target.target in values
    # Each that was not refused set it or changed it in turn: one history entry apiece, nothing lost from the record.
    assert target.history.count() == sum(isinstance(o, Target) for o in outcomes)


def rival_then_action(insert: Callable[[], object], act: Callable[[], object]) -> list[object]:
    """A writer that takes no lock (an admin's save) inserts its row, then holds its transaction open while the
    action saves the same values: the action's insert waits for it on PostgreSQL, and it commits after a second."""
    from django.db import transaction

    inserted, done = threading.Event(), threading.Event()

    def rival() -> object:
        with transaction.atomic():
            insert()
            inserted.set()
            done.wait(timeout=1)
        return "committed"

    def action() -> object:
        inserted.wait(timeout=10)
        try:
            return act()
        finally:
            done.set()

    return race(rival, action)


@postgres_only
def test_an_option_inserted_by_a_writer_that_takes_no_lock_is_still_a_name_error(appraisal, officer):
    outcomes = rival_then_action(
        lambda: Option.objects.create(
            appraisal=appraisal, kind=OptionKind.OPTION, name="Outsource", delivery_model="private"
        ),
        lambda: appraisal_actions.option_create(appraisal=appraisal, details=outsource(), by=officer),
    )
    assert outcomes[0] == "committed", outcomes
    assert isinstance(outcomes[1], ValidationError), outcomes
    assert field_errors(outcomes[1]) == {"name": [OPTION_NAME_TAKEN.format(name="Outsource")]}
    assert Option.objects.filter(appraisal=appraisal, name="Outsource").count() == 1


@postgres_only
def test_a_target_inserted_by_a_writer_that_takes_no_lock_is_still_a_period_error(officer):
    indicator = IndicatorFactory(frequency="quarterly")
    outcomes = rival_then_action(
        lambda: Target.objects.create(indicator=indicator, period="2026/27 Q1", target=D(70)),
        lambda: outcome_actions.target_set(indicator=indicator, details=TargetDetails("2026/27 Q1", D(80)), by=officer),
    )
    assert outcomes[0] == "committed", outcomes
    assert isinstance(outcomes[1], ValidationError), outcomes
    assert field_errors(outcomes[1]) == {"period": [TARGET_SET_MEANWHILE.format(period="2026/27 Q1")]}
    assert list(Target.objects.filter(indicator=indicator).values_list("target", flat=True)) == [D(70)]
