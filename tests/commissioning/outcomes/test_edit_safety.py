"""No lost update and no duplicate on the outcomes pages."""

import pytest
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.outcomes.models import Outcome, Priority
from tests.commissioning.outcomes.factories import OutcomeFactory, PriorityFactory
from tests.edit_safety import assert_edit_collision, assert_repeat_create_redirects
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _outcome_data(outcome_or_priority, **changes):
    priority = getattr(outcome_or_priority, "priority", outcome_or_priority)
    data = {
        "name": "Older people live independently for longer",
        "reference": getattr(outcome_or_priority, "reference", ""),
        "priority": priority.pk,
        "description": "",
        "lead": User.objects.get(username="officer").pk,
        "services": [ServiceFactory().pk],
        "published": "on",
    }
    data.update(changes)
    return data


def test_an_outcome_edit_collision_is_refused_then_saving_again_goes_through(client_for, council):
    outcome = OutcomeFactory(name="Independent living")
    data = _outcome_data(outcome)
    assert_edit_collision(
        url=reverse("outcomes:edit", args=[outcome.pk]),
        first=client_for("officer"),
        second=client_for("director"),
        first_data={**data, "name": "Independent living, the officer's words"},
        second_data={**data, "name": "Independent living, the director's words"},
        record=lambda: Outcome.objects.get(pk=outcome.pk),
        saved=lambda o: o.name,
        typed="Independent living, the officer's words",
        theirs="Independent living, the director's words",
    )


def test_a_repeated_outcome_create_makes_one_outcome_and_shows_it(client_for, council):
    assert_repeat_create_redirects(
        url=reverse("outcomes:create"),
        client=client_for("officer"),
        data=_outcome_data(PriorityFactory()),
        model=Outcome,
        detail=lambda o: reverse("outcomes:detail", args=[o.pk]),
    )


def test_a_repeated_priority_create_makes_one_priority(client_for, council):
    assert_repeat_create_redirects(
        url=reverse("outcomes:priority-create"),
        client=client_for("director"),
        data={"code": "P9", "name": "Thriving places", "description": "", "position": "9"},
        model=Priority,
        detail=lambda p: reverse("outcomes:priority-detail", args=[p.pk]),
    )
