"""No lost update and no duplicate on the service pages."""

import pytest

from commissioning.services.models import Service
from tests.commissioning.services.test_views import valid_form_data
from tests.edit_safety import assert_edit_collision, assert_repeat_create_redirects
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_an_edit_collision_is_refused_then_saving_again_goes_through(client_for, council):
    service = ServiceFactory(name="Parks")
    data = valid_form_data(council, reference=service.reference)
    data["directorate"] = service.directorate.pk
    assert_edit_collision(
        url=f"/services/{service.pk}/edit",
        first=client_for("officer"),
        second=client_for("director"),
        first_data={**data, "name": "Parks from the officer"},
        second_data={**data, "name": "Parks from the director"},
        record=lambda: Service.objects.get(pk=service.pk),
        saved=lambda s: s.name,
        typed="Parks from the officer",
        theirs="Parks from the director",
    )


def test_an_edit_without_a_version_is_not_checked(client_for, council):
    service = ServiceFactory(name="Parks")
    data = valid_form_data(council, reference=service.reference, name="Parks renamed")
    data["directorate"] = service.directorate.pk
    assert client_for("officer").post(f"/services/{service.pk}/edit", data).status_code == 302
    assert Service.objects.get(pk=service.pk).name == "Parks renamed"


def test_a_repeated_create_makes_one_service_and_shows_it(client_for, council):
    assert_repeat_create_redirects(
        url="/services/new",
        client=client_for("officer"),
        data=valid_form_data(council),
        model=Service,
        detail=lambda s: f"/services/{s.pk}/",
    )
