"""Member involvement and the stage gates of a review: the actions, each refusal with its message, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.governance.actions import involvement as actions
from commissioning.governance.models import (
    CallInOutcome,
    GateSignOff,
    InvolvementEntry,
    InvolvementPart,
    MakerKind,
    Participant,
    ProtocolStep,
)
from commissioning.governance.selectors import involvement as selectors
from commissioning.reviews import actions as review_actions
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from tests.commissioning.governance.involvement_world import (
    DEADLINE,
    adopting_decision_for,
    build_world,
    open_call_in,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_plan_is_generated_from_the_protocol_with_the_people_it_names():
    world = build_world()
    made = actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    named = {(e.stage, e.participant, selectors.who(e)) for e in made}
    assert ("analyse", Participant.PROGRAMME_BOARD, "Home care Programme Board") in named
    assert ("analyse", Participant.PORTFOLIO_HOLDER, "Cabinet Member for Adult Social Care") in named
    assert ("analyse", Participant.SCRUTINY, "Health Scrutiny Committee") in named
    assert ("analyse", Participant.WARD_COUNCILLORS, "Councillor Ada North") in named
    assert ("plan", Participant.CABINET, world["cabinet"].name) in named
    assert any(e.officer == world["officer"] for e in made)
    # Only the ward the review's service serves: the South ward's councillor is not involved.
    assert not any(e.councillor == world["south_cllr"] for e in made)
    # Due dates: the review runs 2026/27 Q1 to Q4, so Analyse starts on 1 April 2026 and Plan on 1 July 2026.
    board_sign_off = next(e for e in made if e.asked == "Sign off the evidence pack")
    assert board_sign_off.due_on == dt.date(2026, 4, 1) + dt.timedelta(weeks=10)
    decide = next(e for e in made if e.participant == Participant.CABINET)
    assert decide.due_on == dt.date(2026, 7, 1) + dt.timedelta(weeks=12)
    # One history entry per entry, saying where it came from.
    assert InvolvementEntry.history.filter(history_change_reason=actions.PLAN_GENERATED).count() == len(made)
    # Generating again adds nothing.
    assert actions.involvement_plan_generate(review=world["review"], by=world["officer"]) == []


def test_no_plan_without_a_protocol():
    world = build_world(protocol=False)
    with pytest.raises(ValidationError) as refused:
        actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    assert _messages(refused.value) == actions.PROTOCOL_EMPTY
    assert not InvolvementEntry.objects.exists()


def _details(world, **changes):
    values = {
        "stage": Stage.ANALYSE,
        "part": InvolvementPart.CONSULTED,
        "asked": "Meet the residents' forum",
        "due_on": dt.date(2026, 5, 1),
        "councillor": world["south_cllr"],
    }
    return actions.EntryDetails(**{**values, **changes})


def test_an_amendment_needs_a_reason_and_nothing_is_saved_without_one():
    world = build_world()
    with pytest.raises(ValidationError) as refused:
        actions.involvement_entry_add(review=world["review"], details=_details(world), by=world["officer"], reason=" ")
    assert refused.value.message_dict == {"reason": [actions.AMENDMENT_REASON_REQUIRED]}
    assert not InvolvementEntry.objects.exists()

    entry = actions.involvement_entry_add(
        review=world["review"], details=_details(world), by=world["officer"], reason="The day centre is in South"
    )
    assert entry.amendment_reason == "The day centre is in South"
    with pytest.raises(ValidationError) as refused:
        actions.involvement_entry_change(
            entry=entry, details=_details(world, asked="Something else"), by=world["officer"], reason=""
        )
    assert refused.value.message_dict == {"reason": [actions.AMENDMENT_REASON_REQUIRED]}
    entry.refresh_from_db()
    assert entry.asked == "Meet the residents' forum"

    actions.involvement_entry_change(
        entry=entry, details=_details(world, asked="Chair the forum"), by=world["officer"], reason="Asked by the forum"
    )
    latest = entry.history.first()
    assert (latest.asked, latest.history_change_reason, latest.history_user) == (
        "Chair the forum",
        "Asked by the forum",
        world["officer"],
    )
    with pytest.raises(ValidationError) as refused:
        actions.involvement_entry_remove(entry=entry, by=world["officer"], reason="")
    assert _messages(refused.value) == actions.AMENDMENT_REASON_REQUIRED
    actions.involvement_entry_remove(entry=entry, by=world["officer"], reason="The forum has closed")
    assert InvolvementEntry.objects.get(pk=entry.pk).is_archived


def test_an_amendment_names_exactly_one_person_or_body():
    world = build_world()
    with pytest.raises(ValidationError) as refused:
        actions.involvement_entry_add(
            review=world["review"], details=_details(world, councillor=None), by=world["officer"], reason="Why"
        )
    assert refused.value.message_dict == {"councillor": [actions.ENTRY_NAMES_NO_ONE]}
    with pytest.raises(ValidationError) as refused:
        actions.involvement_entry_add(
            review=world["review"], details=_details(world, body=world["board"]), by=world["officer"], reason="Why"
        )
    assert refused.value.message_dict == {"councillor": [actions.ENTRY_NAMES_TWO]}


def test_the_protocol_is_amended_with_a_reason_and_who_in_its_history():
    world = build_world()
    step = ProtocolStep.objects.get(stage="analyse", participant=Participant.SCRUTINY)
    details = actions.StepDetails(
        stage="analyse",
        participant=Participant.SCRUTINY,
        part=step.part,
        asked="Hold a challenge session",
        weeks_into_stage=5,
    )
    with pytest.raises(ValidationError) as refused:
        actions.protocol_step_update(step=step, details=details, by=world["democratic"], reason="")
    assert refused.value.message_dict == {"reason": [actions.PROTOCOL_REASON_REQUIRED]}
    actions.protocol_step_update(step=step, details=details, by=world["democratic"], reason="Members asked for it")
    changed = step.history.first()
    assert (changed.asked, changed.history_user, changed.history_change_reason) == (
        "Hold a challenge session",
        world["democratic"],
        "Members asked for it",
    )
    # The same participant and part twice at one stage is refused.
    taken = actions.StepDetails(
        stage="analyse",
        participant=Participant.PROGRAMME_BOARD,
        part=InvolvementPart.DECIDES,
        asked="Again",
        weeks_into_stage=1,
    )
    with pytest.raises(ValidationError) as refused:
        actions.protocol_step_add(details=taken, by=world["democratic"], reason="Why not")
    assert refused.value.message_dict["part"] == [
        actions.PROTOCOL_STEP_TAKEN.format(participant="the review's programme board", part="decides", stage="Analyse")
    ]


def test_analyse_to_plan_needs_the_programme_boards_sign_off():
    world = build_world()
    review, by, today = world["review"], world["officer"], dt.date(2026, 6, 20)
    history = CommissioningReview.history.count()
    with pytest.raises(ValidationError) as refused:
        actions.review_stage_advance(review=review, by=by, today=today)
    assert _messages(refused.value) == actions.STAGE_GATE_NOT_MET.format(
        review="CR-2026-501", stage="Analyse", next="Plan", missing=selectors.NOT_SIGNED_OFF
    )
    assert CommissioningReview.objects.get(pk=review.pk).stage == Stage.ANALYSE
    assert CommissioningReview.history.count() == history

    with pytest.raises(ValidationError) as refused:
        actions.gate_sign_off_record(review=review, by=by, signed_off_on=today + dt.timedelta(days=1), today=today)
    assert refused.value.message_dict == {"signed_off_on": [actions.SIGN_OFF_IN_FUTURE]}
    sign_off = actions.gate_sign_off_record(review=review, by=by, signed_off_on=today, today=today)
    assert (sign_off.body, sign_off.signed_off_by) == (world["board"], by)
    assert len(sign_off.evidence_fingerprint) == 64
    with pytest.raises(ValidationError) as refused:
        actions.gate_sign_off_record(review=review, by=by, signed_off_on=today, today=today)
    assert _messages(refused.value) == actions.ALREADY_SIGNED_OFF

    moved = actions.review_stage_advance(review=review, by=by, today=today)
    assert moved.stage == Stage.PLAN
    assert CommissioningReview.history.count() == history + 1
    assert moved.history.first().history_change_reason.startswith("Gate passed: Analyse to Plan")


def test_a_review_without_a_programme_board_is_told_to_set_one_up():
    world = build_world()
    world["board"].review = None
    world["board"].save()
    report = selectors.gate_report(world["review"], on=dt.date(2026, 6, 1))
    assert [m.text for m in report.missing] == [selectors.NO_PROGRAMME_BOARD]
    with pytest.raises(ValidationError) as refused:
        actions.gate_sign_off_record(
            review=world["review"], by=world["officer"], signed_off_on=dt.date(2026, 6, 1), today=dt.date(2026, 6, 1)
        )
    assert _messages(refused.value) == actions.NO_PROGRAMME_BOARD
    assert not GateSignOff.objects.exists()


def _at_plan(world):
    review = world["review"]
    review.stage = Stage.PLAN
    review.save()
    return review


def test_plan_to_do_waits_for_the_call_in_window_to_close():
    world = build_world()
    review = _at_plan(world)
    with pytest.raises(ValidationError) as refused:
        actions.review_stage_advance(review=review, by=world["officer"], today=DEADLINE)
    assert selectors.NO_DECISION in _messages(refused.value)

    decision = adopting_decision_for(world)
    with pytest.raises(ValidationError) as refused:
        actions.review_stage_advance(review=review, by=world["officer"], today=DEADLINE)
    assert selectors.CALL_IN_WINDOW_OPEN.format(deadline="8 June 2026", from_day="9 June 2026") in _messages(
        refused.value
    )
    assert CommissioningReview.objects.get(pk=review.pk).stage == Stage.PLAN

    moved = actions.review_stage_advance(review=review, by=world["officer"], today=DEADLINE + dt.timedelta(days=1))
    assert moved.stage == Stage.DO
    assert decision.reference in moved.history.first().history_change_reason


def test_plan_to_do_waits_for_an_open_call_in():
    world = build_world()
    review = _at_plan(world)
    decision = adopting_decision_for(world)
    call_in = open_call_in(decision, by=UserFactory())
    later = DEADLINE + dt.timedelta(days=10)
    with pytest.raises(ValidationError) as refused:
        actions.review_stage_advance(review=review, by=world["officer"], today=later)
    assert selectors.CALL_IN_OPEN.format(decision=decision.reference) in _messages(refused.value)
    call_in.outcome = CallInOutcome.NO_FURTHER_ACTION
    call_in.save()
    assert actions.review_stage_advance(review=review, by=world["officer"], today=later).stage == Stage.DO


def test_a_key_decision_by_an_officer_does_not_pass_the_gate():
    world = build_world()
    review = _at_plan(world)
    adopting_decision_for(
        world, maker_kind=MakerKind.OFFICER, body=None, officer=world["officer"], delegation="Scheme 4.2"
    )
    with pytest.raises(ValidationError) as refused:
        actions.review_stage_advance(review=review, by=world["officer"], today=DEADLINE + dt.timedelta(days=5))
    assert selectors.NO_POWER.format(
        maker="An officer", category="key decision", holders="Cabinet or Cabinet member (portfolio holder)"
    ) in _messages(refused.value)


def test_my_involvement_lists_the_review_affecting_a_ward_councillors_ward():
    world = build_world()
    actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    rows = selectors.my_involvement(user=world["ward_user"], on=dt.date(2026, 5, 10))
    assert [row.review for row in rows] == [world["review"]]
    row = rows[0]
    assert [e.asked for e in row.parts_now] == ["Say what residents of your ward tell you about the service"]
    assert row.next_ask is not None
    assert row.next_ask.due_on == dt.date(2026, 4, 29)
    assert [e.asked for e in row.overdue] == ["Say what residents of your ward tell you about the service"]
    # The portfolio holder is involved through the bodies they sit on (the board and their portfolio).
    holder_rows = selectors.my_involvement(user=world["cabinet_user"], on=dt.date(2026, 4, 2))
    assert [row.review for row in holder_rows] == [world["review"]]
    assert {e.body for e in holder_rows[0].parts_now} == {world["board"], world["portfolio"]}
    # A councillor of another ward is not involved.
    other = UserFactory(role="councillor")
    world["south_cllr"].user = other
    world["south_cllr"].save()
    assert selectors.my_involvement(user=other, on=dt.date(2026, 5, 10)) == []


# The review's status at the gates (ADR 0021) ----------------------------------------------------------------------


def test_passing_the_first_gate_starts_a_planned_review():
    world = build_world()
    review, by, today = world["review"], world["officer"], dt.date(2026, 6, 20)
    assert review.status == ReviewStatus.PLANNED
    actions.gate_sign_off_record(review=review, by=by, signed_off_on=today, today=today)
    assert CommissioningReview.objects.get(pk=review.pk).status == ReviewStatus.PLANNED  # a sign-off is the board's
    moved = actions.review_stage_advance(review=review, by=by, today=today)
    assert (moved.stage, moved.status) == (Stage.PLAN, ReviewStatus.IN_PROGRESS)


def test_a_review_on_hold_is_held_at_its_gate_with_a_link_to_resume_it():
    world = build_world()
    review, by, today = world["review"], world["officer"], dt.date(2026, 6, 20)
    actions.gate_sign_off_record(review=review, by=by, signed_off_on=today, today=today)
    review_actions.review_start(review=review, by=by, reason="Evidence gathering began")
    review_actions.review_hold(review=review, by=by, reason="Waiting for the budget")
    review = CommissioningReview.objects.get(pk=review.pk)
    report = selectors.gate_report(review, on=today)
    assert not report.passed
    assert [(m.text, m.url) for m in report.missing] == [
        (selectors.REVIEW_ON_HOLD, reverse("reviews:resume", args=[review.pk]))
    ]
    history = CommissioningReview.history.count()
    with pytest.raises(ValidationError) as refused:
        actions.review_stage_advance(review=review, by=by, today=today)
    assert _messages(refused.value) == actions.STAGE_GATE_NOT_MET.format(
        review="CR-2026-501", stage="Analyse", next="Plan", missing=selectors.REVIEW_ON_HOLD
    )
    assert (CommissioningReview.objects.get(pk=review.pk).stage, CommissioningReview.history.count()) == (
        Stage.ANALYSE,
        history,
    )

    review_actions.review_resume(review=review, by=by, reason="Budget set")
    assert actions.review_stage_advance(review=review, by=by, today=today).stage == Stage.PLAN


def test_a_cancelled_review_has_nothing_left_to_record_at_its_gate():
    world = build_world()
    review, by, today = world["review"], world["officer"], dt.date(2026, 6, 20)
    review_actions.review_cancel(review=review, by=by, reason="Covered by a joint review")
    review = CommissioningReview.objects.get(pk=review.pk)
    report = selectors.gate_report(review, on=today)
    assert [(m.text, m.url) for m in report.missing] == [(selectors.REVIEW_CLOSED.format(status="cancelled"), None)]
    with pytest.raises(ValidationError) as refused:
        actions.gate_sign_off_record(review=review, by=by, signed_off_on=today, today=today)
    assert _messages(refused.value) == actions.SIGN_OFF_CANCELLED.format(reference="CR-2026-501")
    assert not GateSignOff.objects.exists()


def test_the_review_stage_links_to_completing_the_review():
    world = build_world()
    review = world["review"]
    CommissioningReview.objects.filter(pk=review.pk).update(stage=Stage.REVIEW, status=ReviewStatus.IN_PROGRESS)
    review = CommissioningReview.objects.get(pk=review.pk)
    report = selectors.gate_report(review, on=dt.date(2026, 6, 20))
    assert [(m.text, m.link_text, m.url) for m in report.missing] == [
        (selectors.LAST_STAGE, "Complete the review", reverse("reviews:complete", args=[review.pk]))
    ]
