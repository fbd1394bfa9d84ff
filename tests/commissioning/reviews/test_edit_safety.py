"""No lost update and no duplicate on the review pages."""

import pytest

from commissioning.reviews.models import CommissioningReview
from tests.commissioning.reviews.test_views import programme, valid_form_data  # noqa: F401 - the fixture
from tests.edit_safety import assert_edit_collision, assert_repeat_create_redirects

pytestmark = pytest.mark.django_db


def test_an_edit_collision_is_refused_then_saving_again_goes_through(client_for, programme):  # noqa: F811
    review = programme["waste"]
    data = valid_form_data(programme, reference=review.reference, services=[programme["services"]["waste"].pk])
    assert_edit_collision(
        url=f"/reviews/{review.pk}/edit",
        first=client_for("officer"),
        second=client_for("director"),
        first_data={**data, "title": "Waste review by the officer"},
        second_data={**data, "title": "Waste review by the director"},
        record=lambda: CommissioningReview.objects.get(pk=review.pk),
        saved=lambda r: r.title,
        typed="Waste review by the officer",
        theirs="Waste review by the director",
    )


def test_a_repeated_create_makes_one_review_and_shows_it(client_for, programme):  # noqa: F811
    assert_repeat_create_redirects(
        url="/reviews/new",
        client=client_for("officer"),
        data=valid_form_data(programme),
        model=CommissioningReview,
        detail=lambda r: f"/reviews/{r.pk}/",
    )
