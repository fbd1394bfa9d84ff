"""The demo council's decisions: the one the minutes record, a review's adopted business case past call-in, one
still inside its window, call-ins with each outcome, and a forward plan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.governance.models import CallInOutcome, Decision, DecisionStatus, ForwardPlanEntry, Urgency
from commissioning.governance.selectors.decisions import (
    adopting_decision,
    decision_implementable,
    open_call_ins,
    today,
)
from tests.demo import DemoCouncil

pytestmark = pytest.mark.django_db


def test_the_council_approved_becoming_a_strategic_commissioning_council(demo_district: DemoCouncil) -> None:
    decision = Decision.objects.get(title="Becoming a Strategic Commissioning Council")
    assert (decision.votes_for, decision.votes_abstained, decision.status) == (29, 2, DecisionStatus.PUBLISHED)
    assert decision.body.kind == "council"
    assert decision.call_in_deadline is None
    resolutions = list(decision.resolutions.order_by("number"))
    assert [r.number for r in resolutions] == [1, 2, 3, 4]
    assert (resolutions[1].amount, resolutions[1].one_off) == (Decimal("80000.00"), True)
    assert "virement" in resolutions[1].funded_by.lower()
    assert decision.named_votes.count() == 31


def test_a_review_adopted_its_submitted_business_case_and_another_is_inside_its_window(
    demo_district: DemoCouncil,
) -> None:
    on = today()
    adopted = Decision.objects.filter(business_case__status="submitted", status=DecisionStatus.PUBLISHED).get()
    assert adopting_decision(adopted.review) == adopted
    assert adopted.adopted_option_id == adopted.business_case.recommended_option_id
    assert decision_implementable(adopted, on=on)
    waiting = Decision.objects.get(title__startswith="Recommissioning")
    assert waiting.call_in_deadline >= on
    assert not decision_implementable(waiting, on=on)


def test_call_ins_in_each_outcome_and_decisions_without_notice(demo_district: DemoCouncil) -> None:
    from commissioning.governance.models import CallIn

    outcomes = set(CallIn.objects.values_list("outcome", flat=True))
    assert outcomes == {CallInOutcome.OPEN, *[o for o in CallInOutcome if o]}
    open_one = CallIn.objects.get(outcome=CallInOutcome.OPEN)
    assert list(open_call_ins(open_one.decision)) == [open_one]
    assert CallIn.objects.filter(reconsidered_as__status=DecisionStatus.PUBLISHED).count() == 2
    assert set(Decision.objects.exclude(urgency="").values_list("urgency", flat=True)) == {
        Urgency.GENERAL_EXCEPTION,
        Urgency.SPECIAL_URGENCY,
    }
    assert Decision.objects.filter(status=DecisionStatus.SUPERSEDED).count() >= 1
    assert ForwardPlanEntry.objects.filter(status="planned", planned_on__gt=today()).count() >= 4


def test_decisions_taken_at_a_meeting_are_dated_the_day_of_the_meeting(demo_district: DemoCouncil) -> None:
    from django.utils import timezone

    council = Decision.objects.get(title="Becoming a Strategic Commissioning Council")
    recommendation = Decision.objects.get(title="Strategic Commissioning: recommendation to Council")
    for decision in (council, recommendation):
        assert decision.meeting is not None
        assert decision.decided_on == timezone.localtime(decision.meeting.starts_at).date()
    assert recommendation.decided_on < council.decided_on  # Cabinet recommended, then the Council decided
