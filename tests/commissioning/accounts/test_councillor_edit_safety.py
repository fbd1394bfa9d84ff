"""No lost update on a councillor's profile: the councillor and an administrator edit it at the same time."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import Councillor
from commissioning.accounts.views import OWN_PROFILE_UPDATED, PROFILE_UPDATED
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


def test_the_success_message_names_the_councillor_edited(council):
    own = UserFactory(username="cllr", role=Role.COUNCILLOR)
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True)
    councillor = CouncillorFactory(user=own, name="Robin Teal")
    data = {"email": "cllr@example.org", "phone": "01632 960111", "surgery_details": "Saturdays, 10am"}
    url = reverse("accounts:councillor-edit", args=[councillor.pk])
    by_admin = html.unescape(_client(admin).post(url, data, follow=True).content.decode())
    assert PROFILE_UPDATED.format(name="Robin Teal") in by_admin
    assert OWN_PROFILE_UPDATED not in by_admin
    by_self = _client(own).post(url, data, follow=True).content.decode()
    assert OWN_PROFILE_UPDATED in by_self
