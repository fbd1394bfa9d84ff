"""The golden thread both ways: a review links its services, and a service's page lists its reviews.

The service page gets its "Commissioning reviews" section through commissioning.core.thread, so that the services
app never imports the reviews app (the import-linter layers contract checks that part).
"""

import pytest

from commissioning.core import thread
from commissioning.core.thread import ThreadSection
from commissioning.reviews.thread import reviews_of_service
from commissioning.services.models import Service
from tests.factories import ReviewFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_reviews_app_adds_its_section_to_service_pages_once():
    assert thread._providers["services.service"].count(reviews_of_service) == 1
    thread.register("services.Service", reviews_of_service)  # registering again changes nothing
    assert thread._providers["services.service"].count(reviews_of_service) == 1


def test_a_record_nobody_adds_to_has_no_sections(council, users):
    assert thread.sections(users["officer"], council) == []


def test_a_provider_may_add_nothing(council, users, monkeypatch):
    monkeypatch.setitem(thread._providers, "accounts.organisation", [lambda user, record: None])
    assert thread.sections(users["officer"], council) == []
    section = ThreadSection(template="x.html", context={"a": 1})
    monkeypatch.setitem(thread._providers, "accounts.organisation", [lambda user, record: section])
    assert thread.sections(users["officer"], council) == [section]


def test_the_section_lists_current_visible_reviews_latest_first(council, users):
    service = ServiceFactory(name="Libraries")
    older = ReviewFactory(title="First libraries review", services=[service], public=True, completed=True)
    newer = ReviewFactory(
        title="Second libraries review",
        services=[service],
        public=True,
        planned_start="2027/28 Q1",
        planned_end="2027/28 Q4",
    )
    draft = ReviewFactory(title="Draft libraries review", services=[service], planned_start="2026/27 Q3")
    ReviewFactory(title="Withdrawn libraries review", services=[service], public=True, archived=True)
    ReviewFactory(title="Another service's review")
    # Other apps (outcomes, ward intelligence) add their own sections to the service page too: pick out this one.
    (officer_section,) = [
        s for s in thread.sections(users["officer"], service) if s.template == "reviews/_service_reviews.html"
    ]
    assert officer_section.context["reviews"] == [newer, draft, older]
    (public_section,) = [
        s for s in thread.sections(users["provider"], service) if s.template == "reviews/_service_reviews.html"
    ]
    assert public_section.context["reviews"] == [newer, older]


def test_service_page_and_review_page_link_each_other(client_for, council):
    home_care = ServiceFactory(name="Home care")
    reablement = ServiceFactory(name="Reablement")
    review = ReviewFactory(title="Care at home review", services=[home_care, reablement], public=True)
    client = client_for(None)
    review_page = client.get(f"/reviews/{review.pk}/").content.decode()
    for service in [home_care, reablement]:
        assert f'href="/services/{service.pk}/"' in review_page
        service_page = client.get(f"/services/{service.pk}/").content.decode()
        assert f'href="/reviews/{review.pk}/"' in service_page
        assert "Care at home review" in service_page


def test_a_service_without_reviews_says_so_and_offers_to_start_one(client_for, council):
    service = ServiceFactory(name="Parks")
    officer_page = client_for("officer").get(f"/services/{service.pk}/").content.decode()
    assert "No commissioning review covers this service yet." in officer_page
    assert f'href="/reviews/new?service={service.pk}"' in officer_page
    scrutiny_page = client_for("scrutiny").get(f"/services/{service.pk}/").content.decode()
    assert "No commissioning review covers this service yet." in scrutiny_page
    assert "/reviews/new" not in scrutiny_page


def test_the_services_app_does_not_know_about_reviews():
    """Only the reverse accessor exists on Service; the services package itself names no reviews module."""
    import pathlib

    import commissioning.services

    package = pathlib.Path(commissioning.services.__file__).parent
    for path in package.rglob("*.py"):
        assert "commissioning.reviews" not in path.read_text(), path
    assert hasattr(Service, "commissioning_reviews")
