"""A service's review status follows from its reviews (issue 8: status that cannot contradict itself), and a review
still in progress after its planned end is flagged "Overdue"."""

from dataclasses import replace
from importlib import import_module

import pytest
from django.apps import apps

from commissioning.core.permissions import Role
from commissioning.reviews import actions
from commissioning.reviews.actions import ReviewDetails
from commissioning.reviews.calculations import service_status_for_review, service_status_from_reviews
from commissioning.reviews.demo import services_follow_reviews
from commissioning.reviews.models import ReviewStatus, Stage
from commissioning.services.actions import REVIEW_STATUS_REASON, service_review_status_set
from commissioning.services.models import ReviewStatus as ServiceStatus
from commissioning.services.models import Service
from tests.factories import DirectorateFactory, ReviewFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stage", "status", "expected"),
    [
        (Stage.ANALYSE, ReviewStatus.PLANNED, ServiceStatus.SCHEDULED),
        (Stage.DO, ReviewStatus.PLANNED, ServiceStatus.SCHEDULED),
        (Stage.ANALYSE, ReviewStatus.IN_PROGRESS, ServiceStatus.IN_REVIEW),
        (Stage.PLAN, ReviewStatus.IN_PROGRESS, ServiceStatus.IN_REVIEW),
        (Stage.PLAN, ReviewStatus.ON_HOLD, ServiceStatus.IN_REVIEW),
        (Stage.DO, ReviewStatus.IN_PROGRESS, ServiceStatus.IMPLEMENTING),
        (Stage.DO, ReviewStatus.ON_HOLD, ServiceStatus.IMPLEMENTING),
        (Stage.REVIEW, ReviewStatus.IN_PROGRESS, ServiceStatus.MONITORING),
        (Stage.REVIEW, ReviewStatus.COMPLETED, ServiceStatus.DECIDED),
        (Stage.PLAN, ReviewStatus.COMPLETED, ServiceStatus.DECIDED),
        (Stage.DO, ReviewStatus.CANCELLED, None),
    ],
)
def test_one_review_gives_its_services_a_status(stage, status, expected):
    assert service_status_for_review(stage=stage, status=status) == expected


def test_an_unfinished_review_speaks_before_a_completed_one_and_the_latest_first():
    completed = ("review", "completed", "2027/28 Q1", 1)
    planned = ("analyse", "planned", "2026/27 Q1", 2)
    doing = ("do", "in_progress", "2026/27 Q3", 3)
    cancelled = ("plan", "cancelled", "2028/29 Q1", 4)
    assert service_status_from_reviews([]) == ServiceStatus.NOT_SCHEDULED
    assert service_status_from_reviews([cancelled]) == ServiceStatus.NOT_SCHEDULED
    assert service_status_from_reviews([completed]) == ServiceStatus.DECIDED
    assert service_status_from_reviews([completed, planned, cancelled]) == ServiceStatus.SCHEDULED
    assert service_status_from_reviews([planned, doing, completed]) == ServiceStatus.IMPLEMENTING


@pytest.fixture
def officer():
    return UserFactory(role=Role.OFFICER)


@pytest.fixture
def details(officer, council):
    directorate = DirectorateFactory(code="ADH")
    return ReviewDetails(
        title="Review of home care",
        purpose="Find out whether home care gives best value.",
        services=[ServiceFactory(name="Home care", directorate=directorate)],
        directorate=directorate,
        lead_commissioner=officer,
        planned_start="2026/27 Q2",
        planned_end="2027/28 Q1",
    )


def status_of(service):
    return Service.objects.get(pk=service.pk).review_status


def test_reviews_actions_set_the_covered_services_review_status(details, officer):
    home_care = details.services[0]
    assert status_of(home_care) == ServiceStatus.NOT_SCHEDULED

    review = actions.review_create(details=details, by=officer)
    assert status_of(home_care) == ServiceStatus.SCHEDULED
    entry = Service.history.filter(id=home_care.pk).latest()
    assert (entry.history_user, entry.review_status) == (officer, ServiceStatus.SCHEDULED)
    assert entry.history_change_reason == REVIEW_STATUS_REASON.format(reason=f"{review.reference} added")

    # The status is no longer typed in (ADR 0021): the review starts through its recorded action.
    actions.review_start(review=review, by=officer, reason="Evidence gathering began")
    doing = replace(details, stage=Stage.DO)
    actions.review_update(review=review, details=doing, by=officer)
    assert status_of(home_care) == ServiceStatus.IMPLEMENTING

    actions.review_archive(review=review, by=officer, reason="Added by mistake")
    assert status_of(home_care) == ServiceStatus.NOT_SCHEDULED
    actions.review_restore(review=review, by=officer, reason="Needed after all")
    assert status_of(home_care) == ServiceStatus.IMPLEMENTING

    actions.review_cancel(review=review, by=officer, reason="Covered by a joint review")
    assert status_of(home_care) == ServiceStatus.NOT_SCHEDULED


def test_a_service_taken_off_a_review_follows_its_other_reviews(details, officer):
    home_care = details.services[0]
    reablement = ServiceFactory(name="Reablement", directorate=details.directorate)
    review = actions.review_create(details=replace(details, services=[home_care, reablement]), by=officer)
    ReviewFactory(reference="CR-2027-900", services=[reablement], stage=Stage.REVIEW, status=ReviewStatus.IN_PROGRESS)
    actions.review_update(review=review, details=replace(details, services=[home_care]), by=officer)
    assert status_of(reablement) == ServiceStatus.MONITORING
    assert status_of(home_care) == ServiceStatus.SCHEDULED


def test_an_unchanged_status_writes_no_history(details, officer):
    home_care = details.services[0]
    review = actions.review_create(details=details, by=officer)
    entries = Service.history.filter(id=home_care.pk).count()
    actions.review_update(review=review, details=replace(details, title="Review of home care services"), by=officer)
    assert Service.history.filter(id=home_care.pk).count() == entries
    assert service_review_status_set(service=home_care, status="scheduled", by=officer, reason="x") is False
    with pytest.raises(ValueError, match="not a review status"):
        service_review_status_set(service=home_care, status="underway", by=officer, reason="x")


def test_existing_rows_are_rederived_by_the_migration_and_the_demo_step(council):
    covered = ServiceFactory(review_status=ServiceStatus.NOT_SCHEDULED)
    uncovered = ServiceFactory(review_status=ServiceStatus.IMPLEMENTING)  # the contradiction issue 8 found
    ReviewFactory(services=[covered], stage=Stage.PLAN, status=ReviewStatus.IN_PROGRESS)
    migration = import_module("commissioning.reviews.migrations.0003_services_follow_reviews")
    migration.services_follow_reviews(apps, None)
    assert (status_of(covered), status_of(uncovered)) == (ServiceStatus.IN_REVIEW, ServiceStatus.NOT_SCHEDULED)

    Service.objects.update(review_status=ServiceStatus.MONITORING)
    assert services_follow_reviews() == 2
    assert (status_of(covered), status_of(uncovered)) == (ServiceStatus.IN_REVIEW, ServiceStatus.NOT_SCHEDULED)


def test_a_review_in_progress_past_its_planned_end_is_overdue(client_for, council):
    late = ReviewFactory(
        title="Late review", status=ReviewStatus.IN_PROGRESS, planned_start="2024/25 Q1", planned_end="2025/26 Q1"
    )
    done = ReviewFactory(
        title="Done review", status=ReviewStatus.COMPLETED, planned_start="2024/25 Q1", planned_end="2025/26 Q1"
    )
    on_time = ReviewFactory(
        title="On time review", status=ReviewStatus.IN_PROGRESS, planned_start="2024/25 Q1", planned_end="2099/00 Q4"
    )
    assert (late.is_overdue, done.is_overdue, on_time.is_overdue) == (True, False, False)
    client = client_for("officer")
    assert "Overdue" in client.get(f"/reviews/{late.pk}/").content.decode()
    assert "Overdue" not in client.get(f"/reviews/{done.pk}/").content.decode()
    assert "Overdue" not in client.get(f"/reviews/{on_time.pk}/").content.decode()
    listing = client.get("/reviews/").content.decode()
    assert listing.count("Overdue") == 1
    assert "govuk-tag--red" in listing
