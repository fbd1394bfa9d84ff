"""No lost update on a councillor's profile: the councillor and an administrator edit it at the same time."""

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import Councillor
from commissioning.core.permissions import Role
from tests.edit_safety import assert_edit_collision
from tests.factories import CouncillorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_edit_collision_is_refused_then_saving_again_goes_through(council):
    own = UserFactory(username="cllr", role=Role.COUNCILLOR)
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True, first_name="Sam", last_name="Patel")
    councillor = CouncillorFactory(user=own)
    data = {"email": "cllr@example.org", "surgery_details": "Saturdays, 10am"}
    assert_edit_collision(
        url=reverse("accounts:councillor-edit", args=[councillor.pk]),
        first=_client(own),
        second=_client(admin),
        first_data={**data, "phone": "01632 960111"},
        second_data={**data, "phone": "01632 960222"},
        record=lambda: Councillor.objects.get(pk=councillor.pk),
        saved=lambda c: c.phone,
        typed="01632 960111",
        theirs="01632 960222",
    )
