"""A service's review status is not typed by the officer (it follows from its reviews, issue 8), and a next review
date that has passed is flagged "Overdue" on the service's page and in the list."""

import datetime as dt

import pytest
from django.utils import timezone

from commissioning.services.models import ReviewStatus, Service
from tests.commissioning.services.test_views import valid_form_data
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_service_form_has_no_review_status_and_a_posted_one_is_ignored(client_for, council):
    client = client_for("officer")
    page = client.get("/services/new").content.decode()
    assert 'name="review_status"' not in page
    assert "The review status follows from the commissioning reviews that cover the service." in page
    response = client.post("/services/new", valid_form_data(council, review_status="implementing"))
    assert response.status_code == 302
    assert Service.objects.get(name="Pest control").review_status == ReviewStatus.NOT_SCHEDULED

    service = ServiceFactory(review_status=ReviewStatus.IN_REVIEW)
    assert 'name="review_status"' not in client.get(f"/services/{service.pk}/edit").content.decode()


def test_the_list_still_filters_by_review_status(client_for, council):
    ServiceFactory(name="Under review service", review_status=ReviewStatus.IN_REVIEW, published=True)
    ServiceFactory(name="Quiet service", review_status=ReviewStatus.NOT_SCHEDULED, published=True)
    page = client_for("officer").get("/services/", {"review_status": "in_review"}).content.decode()
    assert "Under review service" in page
    assert "Quiet service" not in page


def test_a_next_review_date_that_has_passed_is_overdue(client_for, council):
    today = timezone.localdate()
    late = ServiceFactory(name="Late service", next_review_due=today - dt.timedelta(days=1), published=True)
    due_today = ServiceFactory(name="Due today service", next_review_due=today, published=True)
    undated = ServiceFactory(name="Undated service", next_review_due=None, published=True)
    assert (late.review_overdue, due_today.review_overdue, undated.review_overdue) == (True, False, False)
    client = client_for("officer")
    late_page = client.get(f"/services/{late.pk}/").content.decode()
    assert "Overdue" in late_page
    assert "govuk-tag--red" in late_page
    assert "Overdue" not in client.get(f"/services/{due_today.pk}/").content.decode()
    listing = client.get("/services/").content.decode()
    assert listing.count("Overdue") == 1
    assert "govuk-tag--red" in listing
