"""No lost update and no duplicate on the ward intelligence pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commissioning.intelligence.models import WardIntelligence
from tests.commissioning.intelligence.conftest import Patch
from tests.commissioning.intelligence.factories import WardIntelligenceFactory
from tests.commissioning.intelligence.test_views import form_data, signed_in
from tests.edit_safety import assert_edit_collision, assert_repeat_create_redirects

pytestmark = pytest.mark.django_db


def test_an_edit_from_two_tabs_is_refused_then_saving_again_goes_through(patch: Patch) -> None:
    item = WardIntelligenceFactory(councillor=patch.councillor, ward=patch.millbrook, service=patch.bins)
    assert_edit_collision(
        url=reverse("intelligence:edit", args=[item.pk]),
        first=signed_in(patch.councillor.user),
        second=signed_in(patch.councillor.user),
        first_data=form_data(patch, title="Bins missed, first tab"),
        second_data=form_data(patch, title="Bins missed, second tab"),
        record=lambda: WardIntelligence.objects.get(pk=item.pk),
        saved=lambda i: i.title,
        typed="Bins missed, first tab",
        theirs="Bins missed, second tab",
    )


def test_a_repeated_submission_makes_one_record_and_shows_it(patch: Patch) -> None:
    assert_repeat_create_redirects(
        url=reverse("intelligence:create"),
        client=signed_in(patch.councillor.user),
        data=form_data(patch),
        model=WardIntelligence,
        detail=lambda i: reverse("intelligence:detail", args=[i.pk]),
    )
