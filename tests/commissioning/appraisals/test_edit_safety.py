"""No lost update and no duplicate on the appraisal pages."""

import pytest
from django.urls import reverse

from commissioning.appraisals.models import Option
from tests.edit_safety import assert_edit_collision, assert_repeat_create_redirects

pytestmark = pytest.mark.django_db


def _option_data(**changes):
    data = {"kind": "option", "name": "Outsource", "delivery_model": "private", "partner": "", "description": ""}
    data.update(changes)
    return data


def test_an_option_edit_collision_is_refused_then_saving_again_goes_through(shortlist, client_for):
    option = shortlist.outsource
    assert_edit_collision(
        url=reverse("appraisals:option-edit", args=[option.pk]),
        first=client_for("officer"),
        second=client_for("director"),
        first_data=_option_data(description="The officer's description"),
        second_data=_option_data(description="The director's description"),
        record=lambda: Option.objects.get(pk=option.pk),
        saved=lambda o: o.description,
        typed="The officer's description",
        theirs="The director's description",
    )


def test_a_repeated_option_create_makes_one_option(shortlist, client_for):
    assert_repeat_create_redirects(
        url=reverse("appraisals:option-create", args=[shortlist.appraisal.pk]),
        client=client_for("officer"),
        data=_option_data(name="Mutual", delivery_model="mutual"),
        model=Option,
        detail=lambda o: reverse("appraisals:option-lines", args=[o.pk]),
    )
