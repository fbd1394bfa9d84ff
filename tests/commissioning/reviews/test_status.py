"""A review's status follows from its records (ADR 0021): the rule, the recorded moves (each refused with a named
message and nothing saved when it cannot be made), the stage gates' part in it, and the pages."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.permissions import Role
from commissioning.reviews import actions
from commissioning.reviews.actions import ReviewDetails
from commissioning.reviews.calculations import STATUS_MOVES, status_after_stage_move, status_move_allowed
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.services.models import ReviewStatus as ServiceStatus
from commissioning.services.models import Service
from tests.factories import DirectorateFactory, ReviewFactory, ServiceFactory, UserFactory

PLANNED, IN_PROGRESS, ON_HOLD = ReviewStatus.PLANNED, ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD
COMPLETED, CANCELLED = ReviewStatus.COMPLETED, ReviewStatus.CANCELLED

# The rule, as a table: for each move, the statuses it may start from (at any stage but for completion).
ALLOWED_FROM = {
    "start": {PLANNED},
    "hold": {IN_PROGRESS},
    "resume": {ON_HOLD},
    "complete": {IN_PROGRESS},
    "cancel": {PLANNED, IN_PROGRESS, ON_HOLD},
}


@pytest.mark.parametrize("stage", Stage.values)
@pytest.mark.parametrize("status", ReviewStatus.values)
@pytest.mark.parametrize("move", list(STATUS_MOVES))
def test_the_rule_says_which_moves_a_review_can_make(move: str, status: str, stage: str) -> None:
    expected = status in ALLOWED_FROM[move] and (move != "complete" or stage == Stage.REVIEW)
    assert status_move_allowed(move, status=status, stage=stage) is expected


def test_each_move_ends_at_its_status() -> None:
    assert {move: to for move, (_from, to) in STATUS_MOVES.items()} == {
        "start": IN_PROGRESS,
        "hold": ON_HOLD,
        "resume": IN_PROGRESS,
        "complete": COMPLETED,
        "cancel": CANCELLED,
    }
    assert set(ALLOWED_FROM) == set(STATUS_MOVES)


@pytest.mark.parametrize(
    ("status", "after"),
    [(PLANNED, IN_PROGRESS), (IN_PROGRESS, IN_PROGRESS), (ON_HOLD, None), (COMPLETED, None), (CANCELLED, None)],
)
def test_passing_a_stage_gate_starts_a_planned_review_and_is_refused_on_hold_or_closed(status, after) -> None:
    assert status_after_stage_move(status) == after


# The actions ------------------------------------------------------------------------------------------------------


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.OFFICER, first_name="Olive", last_name="Okafor")


@pytest.fixture
def review(officer, council):
    directorate = DirectorateFactory(code="ADH")
    return actions.review_create(
        details=ReviewDetails(
            title="Review of home care",
            purpose="Find out whether home care gives best value.",
            services=[ServiceFactory(name="Home care", directorate=directorate)],
            directorate=directorate,
            lead_commissioner=officer,
            planned_start="2026/27 Q2",
            planned_end="2027/28 Q1",
        ),
        by=officer,
    )


def _state(review: CommissioningReview) -> tuple[object, ...]:
    fresh = CommissioningReview.objects.get(pk=review.pk)
    return fresh.status, fresh.stage, fresh.history.count(), Service.history.count()


def _service_status(review: CommissioningReview) -> str:
    return review.services.get().review_status


def test_a_new_review_is_planned_and_an_update_cannot_set_its_status(review, officer) -> None:
    assert review.status == PLANNED
    assert "status" not in ReviewDetails.__dataclass_fields__  # nothing to type it in with
    actions.review_update(review=review, details=_details(review), by=officer, reason="Renamed")
    assert CommissioningReview.objects.get(pk=review.pk).status == PLANNED


def _details(review: CommissioningReview) -> ReviewDetails:
    return ReviewDetails(
        title=review.title + " services",
        purpose=review.purpose,
        services=list(review.services.all()),
        directorate=review.directorate,
        lead_commissioner=review.lead_commissioner,
        planned_start=review.planned_start,
        planned_end=review.planned_end,
        stage=review.stage,
    )


@pytest.mark.django_db
def test_hold_needs_a_reason_and_saves_nothing_without_one(review, officer) -> None:
    actions.review_start(review=review, by=officer, reason="Evidence gathering began")
    before = _state(review)
    for blank in ["", "   "]:
        with pytest.raises(ValidationError) as refused:
            actions.review_hold(review=review, by=officer, reason=blank)
        assert refused.value.message_dict == {"reason": [actions.HOLD_REASON_REQUIRED]}
    assert _state(review) == before


@pytest.mark.django_db
def test_start_hold_and_resume_are_each_one_history_entry_saying_who_and_why(review, officer) -> None:
    director = UserFactory(role=Role.DIRECTOR)
    assert _service_status(review) == ServiceStatus.SCHEDULED
    started = actions.review_start(review=review, by=officer, reason="Evidence gathering began")
    assert started.status == IN_PROGRESS
    assert _service_status(review) == ServiceStatus.IN_REVIEW

    held = actions.review_hold(review=review, by=director, reason="Waiting for the budget to be set")
    assert held.status == ON_HOLD
    entry = held.history.first()
    assert (entry.history_user, entry.status, entry.history_change_reason) == (
        director,
        ON_HOLD,
        "Put on hold: Waiting for the budget to be set",
    )
    assert {c.field for c in entry.diff_against(entry.prev_record).changes} == {"status"}
    assert _service_status(review) == ServiceStatus.IN_REVIEW  # on hold is still under review

    resumed = actions.review_resume(review=review, by=officer, reason="Budget set")
    assert resumed.status == IN_PROGRESS
    assert resumed.history.first().history_change_reason == "Resumed: Budget set"
    assert resumed.history.count() == 4  # added, started, held, resumed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("move", "status", "message"),
    [
        ("hold", PLANNED, actions.CANNOT_HOLD),
        ("hold", ON_HOLD, actions.CANNOT_HOLD),
        ("resume", IN_PROGRESS, actions.CANNOT_RESUME),
        ("start", IN_PROGRESS, actions.CANNOT_START),
        ("start", CANCELLED, actions.CANNOT_START),
        ("complete", PLANNED, actions.CANNOT_COMPLETE),
        ("cancel", CANCELLED, actions.CANNOT_CANCEL),
        ("cancel", COMPLETED, actions.CANNOT_CANCEL),
    ],
)
def test_a_move_the_status_does_not_allow_is_refused_by_name(review, officer, move, status, message) -> None:
    CommissioningReview.objects.filter(pk=review.pk).update(status=status)
    before = _state(review)
    act = getattr(actions, f"review_{move}")
    with pytest.raises(ValidationError) as refused:
        act(review=review, by=officer, reason="Trying")
    label = ReviewStatus(status).label.lower()
    assert refused.value.messages == [message.format(reference=review.reference, status=label)]
    assert _state(review) == before


@pytest.mark.django_db
def test_a_review_is_completed_only_when_its_review_stage_closes(review, officer) -> None:
    actions.review_start(review=review, by=officer, reason="Evidence gathering began")
    CommissioningReview.objects.filter(pk=review.pk).update(stage=Stage.DO)
    before = _state(review)
    with pytest.raises(ValidationError) as refused:
        actions.review_complete(review=review, by=officer, reason="Done")
    assert refused.value.messages == [actions.COMPLETE_NOT_AT_REVIEW.format(reference=review.reference, stage="Do")]
    assert _state(review) == before

    CommissioningReview.objects.filter(pk=review.pk).update(stage=Stage.REVIEW)
    completed = actions.review_complete(review=review, by=officer, reason="Outcomes met; next review in 2029")
    assert completed.status == COMPLETED
    assert completed.history.first().history_change_reason == "Completed: Outcomes met; next review in 2029"
    assert _service_status(review) == ServiceStatus.DECIDED


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_the_service_is_no_longer_covered(review, officer) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.review_cancel(review=review, by=officer, reason="")
    assert refused.value.message_dict == {"reason": [actions.CANCEL_REASON_REQUIRED]}
    cancelled = actions.review_cancel(review=review, by=officer, reason="Covered by a joint review")
    assert cancelled.status == CANCELLED
    assert _service_status(review) == ServiceStatus.NOT_SCHEDULED


@pytest.mark.django_db
def test_an_archived_review_makes_no_move(review, officer) -> None:
    actions.review_archive(review=review, by=officer, reason="Added by mistake")
    with pytest.raises(ValidationError) as refused:
        actions.review_start(review=review, by=officer, reason="Starting")
    assert refused.value.messages == [actions.ALREADY_ARCHIVED]


@pytest.mark.django_db
def test_a_stage_move_starts_a_planned_review_in_the_same_history_entry(review, officer) -> None:
    history = review.history.count()
    moved = actions.review_stage_set(review=review, stage=Stage.PLAN, by=officer, reason="Gate passed")
    assert (moved.stage, moved.status) == (Stage.PLAN, IN_PROGRESS)
    assert moved.history.count() == history + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "message"),
    [(ON_HOLD, actions.STAGE_WHILE_ON_HOLD), (CANCELLED, actions.STAGE_WHILE_CLOSED), (COMPLETED, None)],
)
def test_a_review_on_hold_or_closed_does_not_move_stage(review, officer, status, message) -> None:
    CommissioningReview.objects.filter(pk=review.pk).update(status=status)
    before = _state(review)
    with pytest.raises(ValidationError) as refused:
        actions.review_stage_set(review=review, stage=Stage.PLAN, by=officer, reason="Gate passed")
    label = ReviewStatus(status).label.lower()
    expected = (message or actions.STAGE_WHILE_CLOSED).format(reference=review.reference, status=label)
    assert refused.value.message_dict == {"stage": [expected]}
    assert _state(review) == before


# The pages --------------------------------------------------------------------------------------------------------


@pytest.fixture
def in_progress(council, users):
    return ReviewFactory(
        reference="CR-2026-301",
        title="Review of day care",
        in_progress=True,
        lead_commissioner=users["officer"],
        services=[ServiceFactory(name="Day care")],
    )


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_edit_form_has_no_status_and_ignores_one_posted(client_for, in_progress) -> None:
    client = client_for("officer")
    page = _page(client.get(f"/reviews/{in_progress.pk}/edit"))
    assert 'name="status"' not in page
    assert 'data-testid="review-status"' in page
    data = {
        "title": "Review of day care services",
        "reference": in_progress.reference,
        "purpose": in_progress.purpose,
        "services": [s.pk for s in in_progress.services.all()],
        "directorate": in_progress.directorate_id,
        "lead_commissioner": in_progress.lead_commissioner_id,
        "planned_start": in_progress.planned_start,
        "planned_end": in_progress.planned_end,
        "status": COMPLETED,
        "reason": "Renamed",
    }
    assert client.post(f"/reviews/{in_progress.pk}/edit", data).status_code == 302
    saved = CommissioningReview.objects.get(pk=in_progress.pk)
    assert (saved.title, saved.status) == ("Review of day care services", IN_PROGRESS)
    assert 'name="status"' not in _page(client.get("/reviews/new"))


@pytest.mark.django_db
def test_the_review_page_offers_the_moves_its_status_allows(client_for, in_progress) -> None:
    page = _page(client_for("officer").get(f"/reviews/{in_progress.pk}/"))
    assert f'href="/reviews/{in_progress.pk}/hold"' in page
    assert f'href="/reviews/{in_progress.pk}/cancel"' in page
    for move in ("start", "resume", "complete"):
        assert f'href="/reviews/{in_progress.pk}/{move}"' not in page
    assert f'href="/reviews/{in_progress.pk}/hold"' not in _page(
        client_for("councillor").get(f"/reviews/{in_progress.pk}/")
    )


@pytest.mark.django_db
def test_hold_page_refuses_without_a_reason_then_holds(client_for, in_progress) -> None:
    client = client_for("officer")
    refused = client.post(f"/reviews/{in_progress.pk}/hold", {"reason": ""})
    assert refused.status_code == 200
    assert actions.HOLD_REASON_REQUIRED in _page(refused)
    assert CommissioningReview.objects.get(pk=in_progress.pk).status == IN_PROGRESS

    response = client.post(f"/reviews/{in_progress.pk}/hold", {"reason": "Waiting for the budget"})
    assert response.status_code == 302
    assert CommissioningReview.objects.get(pk=in_progress.pk).status == ON_HOLD
    page = _page(client.get(response["Location"]))
    assert "Review of day care is now on hold." in page
    assert f'href="/reviews/{in_progress.pk}/resume"' in page

    again = client.post(f"/reviews/{in_progress.pk}/hold", {"reason": "Again"})
    assert again.status_code == 200
    assert actions.CANNOT_HOLD.format(reference="CR-2026-301", status="on hold") in _page(again)


@pytest.mark.django_db
def test_the_migration_starts_the_reviews_past_analyse_that_said_planned(council) -> None:
    from importlib import import_module

    from django.apps import apps

    contradicting = ReviewFactory(stage=Stage.PLAN, services=[ServiceFactory(name="Libraries")])
    planned = ReviewFactory(services=[ServiceFactory(name="Parks")])
    held = ReviewFactory(stage=Stage.DO, status=ON_HOLD)
    migration = import_module("commissioning.reviews.migrations.0004_gstatus_status_follows_records")
    migration.started_reviews_in_progress(apps, None)

    contradicting.refresh_from_db()
    assert contradicting.status == IN_PROGRESS
    entry = contradicting.history.first()
    assert (entry.status, entry.history_change_reason, entry.history_type) == (IN_PROGRESS, migration.REASON, "~")
    services_history = apps.get_model("reviews", "HistoricalCommissioningReview_services")
    recorded = services_history.objects.filter(history_id=entry.history_id).values_list("service_id", flat=True)
    assert list(recorded) == [contradicting.services.get().pk]
    assert contradicting.services.get().review_status == ServiceStatus.IN_REVIEW
    assert CommissioningReview.objects.get(pk=planned.pk).status == PLANNED
    assert CommissioningReview.objects.get(pk=held.pk).status == ON_HOLD
