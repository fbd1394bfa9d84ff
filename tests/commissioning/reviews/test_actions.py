"""Writes for commissioning reviews: validation messages, one history entry per change, nothing half-saved."""

from dataclasses import replace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from commissioning.core.models import HARD_DELETE_FORBIDDEN, HardDeleteForbiddenError
from commissioning.core.permissions import Role
from commissioning.reviews import actions
from commissioning.reviews.actions import ReviewDetails
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.services.actions import service_archive
from tests.factories import DirectorateFactory, ReviewFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.OFFICER, first_name="Olive", last_name="Okafor")


@pytest.fixture
def directorate():
    return DirectorateFactory(name="Adults and Health", code="ADH")


@pytest.fixture
def details(officer, directorate, council):
    return ReviewDetails(
        title="Review of home care and reablement",
        purpose="Find out whether home care and reablement give best value.",
        services=[
            ServiceFactory(name="Home care", directorate=directorate),
            ServiceFactory(name="Reablement", directorate=directorate),
        ],
        directorate=directorate,
        lead_commissioner=officer,
        stage=Stage.ANALYSE,
        planned_start="2026/27 Q2",
        planned_end="2027/28 Q1",
    )


def errors_of(excinfo):
    return excinfo.value.message_dict


def nothing_saved():
    services_history = apps.get_model("reviews", "HistoricalCommissioningReview_services")
    return (
        CommissioningReview.objects.count() == 0
        and CommissioningReview.history.count() == 0
        and CommissioningReview.services.through.objects.count() == 0
        and services_history.objects.count() == 0
    )


def test_create_gives_the_next_reference_for_the_year_it_starts(details, officer):
    ReviewFactory(reference="CR-2026-007")
    ReviewFactory(reference="CR-2027-001")
    review = actions.review_create(details=details, by=officer)
    assert review.reference == "CR-2026-008"
    assert set(review.services.all()) == set(details.services)
    assert review.status == ReviewStatus.PLANNED
    assert review.planned_quarters == 4
    next_year = actions.review_create(
        details=replace(details, planned_start="2028/29 Q1", planned_end="2028/29 Q1"), by=officer
    )
    assert next_year.reference == "CR-2028-001"


def test_create_records_one_history_entry_with_who_why_and_services(details, officer):
    review = actions.review_create(details=details, by=officer)
    (entry,) = review.history.all()
    assert entry.history_type == "+"
    assert entry.history_user == officer
    assert entry.history_change_reason == actions.CREATED_REASON
    assert {row.service_id for row in entry.services.all()} == {s.pk for s in details.services}


def test_quarters_are_stored_in_their_canonical_form(details, officer):
    review = actions.review_create(
        details=replace(details, planned_start=" 2026/27 q2", planned_end="2027/28Q1"), by=officer
    )
    review.refresh_from_db()
    assert (review.planned_start, review.planned_end) == ("2026/27 Q2", "2027/28 Q1")


def test_a_review_may_start_and_end_in_the_same_quarter(details, officer):
    review = actions.review_create(details=replace(details, planned_end="2026/27 Q2"), by=officer)
    assert review.planned_quarters == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"planned_end": "2026/27 Q1"}, "planned_end", actions.END_BEFORE_START.format(start="2026/27 Q2")),
        ({"planned_end": "2025/26 Q4"}, "planned_end", actions.END_BEFORE_START.format(start="2026/27 Q2")),
        (
            {"planned_start": "2026 Q2"},
            "planned_start",
            '"2026 Q2" is not a quarter: write the financial year then the quarter, like 2026/27 Q1',
        ),
        (
            {"planned_end": "2027/29 Q1"},
            "planned_end",
            '"2027/29 Q1" is not a quarter: the second year must follow the first, like 2026/27 Q1',
        ),
        (
            {"planned_end": "2027/28 Q5"},
            "planned_end",
            '"2027/28 Q5" is not a quarter: a financial year has quarters Q1 to Q4, like 2026/27 Q1',
        ),
        ({"services": []}, "services", actions.SERVICES_REQUIRED),
        ({"title": "   "}, "title", actions.TITLE_REQUIRED),
        ({"purpose": ""}, "purpose", actions.PURPOSE_REQUIRED),
    ],
)
def test_create_refuses_inconsistent_details_and_saves_nothing(details, officer, change, field, message):
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, **change), by=officer)
    assert errors_of(excinfo)[field] == [message]
    assert nothing_saved()


def test_the_end_before_start_message_reads_well():
    assert actions.END_BEFORE_START.format(start="2026/27 Q2") == (
        "The planned end quarter must be 2026/27 Q2 or later: the review cannot end before it starts"
    )


def test_the_lead_must_be_an_active_officer_or_director(details, officer):
    finance = UserFactory(role=Role.FINANCE, first_name="Fay", last_name="Penn")
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, lead_commissioner=finance), by=officer)
    assert errors_of(excinfo)["lead_commissioner"] == [
        "Choose a commissioning officer or strategic director to lead the review: Fay Penn is a finance officer"
    ]
    gone = UserFactory(role=Role.DIRECTOR, first_name="Gil", last_name="Reed", is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, lead_commissioner=gone), by=officer)
    assert errors_of(excinfo)["lead_commissioner"] == [actions.LEAD_INACTIVE.format(name="Gil Reed")]
    director = UserFactory(role=Role.DIRECTOR)
    assert actions.review_create(details=replace(details, lead_commissioner=director), by=officer).pk
    assert CommissioningReview.objects.count() == 1


def test_an_archived_service_or_directorate_cannot_be_newly_chosen(details, officer, directorate):
    closed = ServiceFactory(name="Closed day centre", archived=True)
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, services=[*details.services, closed]), by=officer)
    assert errors_of(excinfo)["services"] == [actions.SERVICE_ARCHIVED.format(name="Closed day centre")]
    old = DirectorateFactory(name="Old directorate", archived_at=closed.archived_at)
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, directorate=old), by=officer)
    assert errors_of(excinfo)["directorate"] == [actions.DIRECTORATE_ARCHIVED.format(name="Old directorate")]
    assert nothing_saved()


def test_a_service_archived_after_the_review_began_can_stay_on_it(details, officer):
    review = actions.review_create(details=details, by=officer)
    home_care = service_archive(service=details.services[0], by=officer, reason="Merged into reablement")
    updated = actions.review_update(
        review=review, details=replace(details, services=[home_care, details.services[1]], stage=Stage.PLAN), by=officer
    )
    assert updated.stage == Stage.PLAN
    assert home_care in updated.services.all()


def test_reference_must_be_unique_and_well_formed(details, officer):
    ReviewFactory(reference="CR-2026-001")
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, reference="CR-2026-001"), by=officer)
    assert errors_of(excinfo)["reference"] == [actions.REFERENCE_TAKEN.format(reference="CR-2026-001")]
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, reference="REVIEW-1"), by=officer)
    assert "Enter a reference like CR-2026-001" in errors_of(excinfo)["reference"][0]
    assert CommissioningReview.objects.count() == 1


def test_update_is_one_history_entry_with_before_and_after(details, officer):
    review = actions.review_create(details=details, by=officer)
    director = UserFactory(role=Role.DIRECTOR)
    extra = ServiceFactory(name="Day opportunities")
    actions.review_update(
        review=review,
        details=replace(details, stage=Stage.PLAN, services=[*details.services, extra]),
        by=director,
        reason="Evidence pack reviewed by the Programme Board",
    )
    assert review.history.count() == 2
    latest, first = review.history.all()[:2]
    assert latest.history_user == director
    assert latest.history_change_reason == "Evidence pack reviewed by the Programme Board"
    delta = latest.diff_against(first)
    # The status is no longer typed in through an update (ADR 0021), so it is not among the changes.
    assert {c.field for c in delta.changes} == {"stage", "services"}
    stage = next(c for c in delta.changes if c.field == "stage")
    assert (stage.old, stage.new) == (Stage.ANALYSE, Stage.PLAN)


def test_update_without_a_reason_says_details_updated(details, officer):
    review = actions.review_create(details=details, by=officer)
    actions.review_update(review=review, details=replace(details, published=True), by=officer, reason="  ")
    assert review.history.first().history_change_reason == actions.UPDATED_REASON


def test_a_refused_update_changes_nothing(details, officer):
    review = actions.review_create(details=details, by=officer)
    before = list(CommissioningReview.objects.values())
    with pytest.raises(ValidationError) as excinfo:
        actions.review_update(
            review=review,
            details=replace(details, title="Renamed", planned_end="2025/26 Q1", services=[details.services[0]]),
            by=officer,
        )
    assert errors_of(excinfo)["planned_end"] == [actions.END_BEFORE_START.format(start="2026/27 Q2")]
    assert list(CommissioningReview.objects.values()) == before
    assert review.history.count() == 1
    assert set(review.services.all()) == set(details.services)


def test_archive_needs_a_reason_and_records_who(details, officer):
    review = actions.review_create(details=details, by=officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.review_archive(review=review, by=officer, reason="  ")
    assert errors_of(excinfo)["reason"] == [actions.ARCHIVE_REASON_REQUIRED]
    archived = actions.review_archive(review=review, by=officer, reason="Merged into the adults review")
    assert archived.is_archived
    assert archived.archived_by == officer
    assert archived.archive_reason == "Merged into the adults review"
    assert review.history.first().history_change_reason == "Archived: Merged into the adults review"
    assert review.history.count() == 2
    with pytest.raises(ValidationError, match=actions.ALREADY_ARCHIVED):
        actions.review_archive(review=archived, by=officer, reason="again")
    with pytest.raises(ValidationError, match=actions.ALREADY_ARCHIVED):
        actions.review_update(review=archived, details=details, by=officer)


def test_restore_brings_an_archived_review_back(details, officer):
    review = actions.review_create(details=details, by=officer)
    with pytest.raises(ValidationError) as excinfo:
        actions.review_restore(review=review, by=officer, reason="")
    assert errors_of(excinfo)["reason"] == [actions.RESTORE_REASON_REQUIRED]
    with pytest.raises(ValidationError, match=actions.NOT_ARCHIVED):
        actions.review_restore(review=review, by=officer, reason="Not archived yet")
    actions.review_archive(review=review, by=officer, reason="Mistake")
    restored = actions.review_restore(review=review, by=officer, reason="Archived in error")
    assert not restored.is_archived
    assert restored.archived_by is None
    assert restored.archive_reason == ""
    assert review.history.first().history_change_reason == "Restored: Archived in error"


def test_reviews_are_never_hard_deleted():
    review = ReviewFactory()
    with pytest.raises(HardDeleteForbiddenError, match=HARD_DELETE_FORBIDDEN):
        review.delete()
    with pytest.raises(HardDeleteForbiddenError):
        CommissioningReview.objects.all().delete()
    assert CommissioningReview.objects.filter(pk=review.pk).exists()


# Two creates at the same moment (simulated: the races themselves are in tests/commissioning/core) ----------------


def test_a_generated_reference_taken_at_the_same_moment_is_replaced_by_the_next(details, officer, monkeypatch):
    ReviewFactory(reference="CR-2026-001")
    ReviewFactory(reference="CR-2026-002")
    given = iter(["CR-2026-002"])  # read before the other create committed CR-2026-002
    real = actions.next_reference
    monkeypatch.setattr(actions, "next_reference", lambda **kwargs: next(given, None) or real(**kwargs))
    review = actions.review_create(details=details, by=officer)
    assert review.reference == "CR-2026-003"
    assert review.history.count() == 1


def test_a_typed_reference_taken_after_the_check_is_the_named_error_on_the_field(details, officer, monkeypatch):
    monkeypatch.setattr(actions, "reference_in_use", lambda **kwargs: False)  # checked before the other committed
    ReviewFactory(reference="CR-2026-001")
    with pytest.raises(ValidationError) as excinfo:
        actions.review_create(details=replace(details, reference="CR-2026-001"), by=officer)
    assert errors_of(excinfo) == {"reference": [actions.REFERENCE_TAKEN.format(reference="CR-2026-001")]}
    assert CommissioningReview.objects.count() == 1
