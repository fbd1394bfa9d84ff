"""Recording, publishing, correcting and calling in decisions, and the forward plan (actions/decisions.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import DecisionDetails, ForwardPlanDetails, ResolutionDetails
from commissioning.governance.models import (
    BodyKind,
    CallInOutcome,
    DecisionStatus,
    KeyReason,
    MakerKind,
    MemberRole,
    Urgency,
)
from commissioning.governance.selectors.decisions import adopting_decision, decision_implementable, open_call_ins
from tests.commissioning.appraisals.factories import BusinessCaseFactory, OptionFactory
from tests.commissioning.governance.factories import BodyFactory, MembershipFactory
from tests.factories import CouncillorFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db
D = dt.date
NOV_30 = D(2026, 11, 30)


@pytest.fixture
def clerk():
    return UserFactory(role=Role.DEMOCRATIC)


@pytest.fixture
def cabinet():
    body = BodyFactory(cabinet=True)
    for _ in range(8):
        MembershipFactory(body=body, starts_on=D(2026, 5, 1))
    return body


@pytest.fixture
def scrutiny():
    body = BodyFactory(scrutiny=True)
    chair = UserFactory(role=Role.SCRUTINY)
    member = UserFactory(role=Role.SCRUTINY)
    other = UserFactory(role=Role.SCRUTINY)
    seats = {}
    for user, role in ((chair, MemberRole.CHAIR), (member, MemberRole.MEMBER), (other, MemberRole.MEMBER)):
        councillor = CouncillorFactory(user=user)
        MembershipFactory(body=body, councillor=councillor, role=role, starts_on=D(2026, 5, 1))
        seats[user] = councillor
    return {"chair": chair, "member": member, "other": other, "seats": seats}


def details(body, **changes) -> DecisionDetails:
    values = {
        "title": "Adopt the new model of day opportunities",
        "maker_kind": MakerKind.BODY,
        "body": body,
        "decided_on": D(2026, 11, 30),
        "reasons": "The best value option.",
        "resolutions": [ResolutionDetails(number=1, text="That the option be adopted.")],
    } | changes
    return DecisionDetails(**values)


def published(body, clerk, *, on=NOV_30, **changes):
    decision = act.decision_create(details=details(body, **changes), by=clerk)
    return act.decision_publish(decision=decision, by=clerk, today=on)


def test_a_council_decision_carried_on_a_vote_is_recorded_with_its_resolutions(clerk):
    council = BodyFactory(council=True)
    CouncillorFactory.create_batch(31)
    decision = act.decision_create(
        details=details(
            council,
            votes_for=29,
            votes_abstained=2,
            resolutions=[
                ResolutionDetails(number=1, text="Become a strategic commissioning council."),
                ResolutionDetails(
                    number=2, text="A one-off resource.", amount=Decimal("80000"), one_off=True, funded_by="virement"
                ),
            ],
        ),
        by=clerk,
    )
    assert decision.reference == "DEC-2026-001"
    assert (decision.votes_for, decision.votes_abstained, decision.status) == (29, 2, DecisionStatus.DRAFT)
    resolution = decision.resolutions.get(number=2)
    assert (resolution.amount, resolution.one_off, resolution.funded_by) == (Decimal("80000"), True, "virement")
    assert decision.history.count() == 1


def test_votes_exceeding_the_bodys_members_are_refused_and_nothing_is_saved(clerk, cabinet):
    with pytest.raises(ValidationError) as refused:
        act.decision_create(details=details(cabinet, votes_for=7, votes_against=2), by=clerk)
    assert refused.value.message_dict["votes_for"] == [
        act.VOTES_EXCEED_MEMBERS.format(total=9, body=cabinet, members=8, date="30 November 2026")
    ]
    assert not cabinet.decisions.exists()


def test_a_decision_by_one_person_has_no_vote(clerk):
    holder = BodyFactory(portfolio_holder=True)
    with pytest.raises(ValidationError) as refused:
        act.decision_create(details=details(holder, maker_kind=MakerKind.PORTFOLIO_HOLDER, votes_for=1), by=clerk)
    assert refused.value.message_dict["votes_for"] == [act.NO_VOTE_FOR_ONE_PERSON]
    officer = UserFactory()
    with pytest.raises(ValidationError) as refused:
        act.decision_create(
            details=details(None, maker_kind=MakerKind.OFFICER, officer=officer, delegation="4.2", votes_for=1),
            by=clerk,
        )
    assert refused.value.message_dict["votes_for"] == [act.NO_VOTE_FOR_ONE_PERSON]


def test_the_key_decision_flag_is_computed_and_says_why(clerk, cabinet):
    money = act.decision_create(details=details(cabinet, value=Decimal("500000")), by=clerk)
    wards = act.decision_create(details=details(cabinet, wards=[WardFactory(), WardFactory()]), by=clerk)
    neither = act.decision_create(details=details(cabinet, value=Decimal("100")), by=clerk)
    assert (money.key_reason, wards.key_reason, neither.key_reason) == (KeyReason.FINANCIAL, KeyReason.WARDS, "")


def test_only_the_executive_takes_key_decisions(clerk):
    committee = BodyFactory(kind=BodyKind.COMMITTEE)
    big = act.decision_create(
        details=details(committee, value=Decimal("500000"), wards=[WardFactory(), WardFactory()]), by=clerk
    )
    assert big.key_reason == ""  # a committee's decision over the threshold in two wards needs no forward plan entry
    officer = UserFactory()
    delegated = act.decision_create(
        details=details(None, maker_kind=MakerKind.OFFICER, officer=officer, delegation="4.2", value=Decimal("500000")),
        by=clerk,
    )
    assert delegated.key_reason == KeyReason.FINANCIAL


def test_a_business_case_version_must_be_submitted_and_its_option_adopted(clerk, cabinet):
    draft = BusinessCaseFactory()
    with pytest.raises(ValidationError) as refused:
        act.decision_create(details=details(cabinet, review=draft.review, business_case=draft), by=clerk)
    assert refused.value.message_dict["business_case"] == [act.CASE_NOT_SUBMITTED]
    case = BusinessCaseFactory(status="submitted")
    elsewhere = OptionFactory()
    with pytest.raises(ValidationError) as refused:
        act.decision_create(
            details=details(cabinet, review=case.review, business_case=case, adopted_option=elsewhere), by=clerk
        )
    assert refused.value.message_dict["adopted_option"] == [act.OPTION_NOT_IN_CASE]
    option = OptionFactory(appraisal__review=case.review)
    decision = published(cabinet, clerk, review=case.review, business_case=case, adopted_option=option)
    assert adopting_decision(case.review) == decision


def test_publishing_an_executive_decision_opens_a_call_in_window_over_christmas(clerk, cabinet):
    decision = published(cabinet, clerk, decided_on=D(2026, 12, 22), on=D(2026, 12, 23))
    assert (decision.published_on, decision.call_in_deadline, decision.implementable_from) == (
        D(2026, 12, 23),
        D(2027, 1, 4),
        D(2027, 1, 5),
    )
    assert not decision_implementable(decision, on=D(2027, 1, 4))
    assert decision_implementable(decision, on=D(2027, 1, 5))


def test_a_council_decision_is_not_subject_to_call_in(clerk):
    council = BodyFactory(council=True)
    decision = published(council, clerk)
    assert decision.call_in_deadline is None
    assert decision.implementable_from == D(2026, 11, 30)


def test_a_published_decision_cannot_be_edited_and_is_corrected_as_a_new_version(clerk, cabinet):
    decision = published(cabinet, clerk)
    with pytest.raises(ValidationError) as refused:
        act.decision_update(decision=decision, details=details(cabinet, title="Changed"), by=clerk, version=None)
    assert refused.value.messages == [
        act.PUBLISHED_IS_FINAL.format(reference=decision.reference, date="30 November 2026")
    ]
    decision.refresh_from_db()
    assert decision.title == "Adopt the new model of day opportunities"
    with pytest.raises(ValidationError) as refused:
        act.decision_correct(decision=decision, by=clerk, reason=" ")
    assert refused.value.message_dict["change_reason"] == [act.CHANGE_REASON_REQUIRED]
    correction = act.decision_correct(decision=decision, by=clerk, reason="Resolution 1 misquoted.")
    assert (correction.reference, correction.version, correction.supersedes) == (decision.reference, 2, decision)
    assert correction.resolutions.count() == 1
    act.decision_update(decision=correction, details=details(cabinet, title="Adopt the model"), by=clerk, version=None)
    correction = act.decision_publish(decision=correction, by=clerk, today=D(2026, 12, 1))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUPERSEDED
    assert correction.call_in_deadline == decision.call_in_deadline  # a correction keeps the window


def test_a_key_decision_without_notice_is_refused_until_the_general_exception_is_recorded(clerk, cabinet):
    entry = act.forward_plan_entry_create(
        details=ForwardPlanDetails(
            matter="Day opportunities", decision_maker=cabinet, planned_on=D(2026, 11, 30), contact_officer=clerk
        ),
        by=clerk,
        publish_on=D(2026, 11, 9),  # 20 clear days before
    )
    with pytest.raises(ValidationError) as refused:
        act.decision_create(details=details(cabinet, forward_plan_entry=entry), by=clerk)
    assert refused.value.message_dict["decided_on"] == [
        act.DECIDED_BEFORE_NOTICE.format(
            date="30 November 2026", published="9 November 2026", earliest="8 December 2026"
        )
    ]
    no_plan = act.decision_create(details=details(cabinet, value=Decimal("600000")), by=clerk)
    with pytest.raises(ValidationError) as refused:
        act.decision_publish(decision=no_plan, by=clerk, today=D(2026, 11, 30))
    assert refused.value.message_dict["urgency"] == [act.KEY_NOT_ON_PLAN]
    with pytest.raises(ValidationError) as refused:
        act.decision_update(
            decision=no_plan,
            details=details(
                cabinet,
                value=Decimal("600000"),
                forward_plan_entry=entry,
                urgency=Urgency.GENERAL_EXCEPTION,
                scrutiny_chair_told_on=D(2026, 11, 27),
            ),
            by=clerk,
            version=None,
        )
    assert refused.value.message_dict["scrutiny_chair_told_on"] == [act.CHAIR_TOLD_TOO_LATE.format(days=2, needed=5)]
    act.decision_update(
        decision=no_plan,
        details=details(
            cabinet,
            value=Decimal("600000"),
            forward_plan_entry=entry,
            urgency=Urgency.GENERAL_EXCEPTION,
            scrutiny_chair_told_on=D(2026, 11, 20),
        ),
        by=clerk,
        version=None,
    )
    assert act.decision_publish(decision=no_plan, by=clerk, today=D(2026, 11, 30)).status == DecisionStatus.PUBLISHED


def test_a_scrutiny_member_calls_in_on_day_five_and_not_on_day_six(clerk, cabinet, scrutiny):
    decision = published(cabinet, clerk, decided_on=D(2026, 12, 2), on=D(2026, 12, 3))
    assert decision.call_in_deadline == D(2026, 12, 10)
    co = [scrutiny["seats"][scrutiny["other"]]]
    with pytest.raises(ValidationError) as refused:
        act.call_in_make(
            decision=decision, by=scrutiny["member"], grounds="x", co_signatories=co, today=D(2026, 12, 11)
        )
    assert refused.value.messages == ["The call-in period for this decision ended on 10 December 2026"]
    with pytest.raises(ValidationError) as refused:
        act.call_in_make(
            decision=decision, by=scrutiny["member"], grounds="x", co_signatories=[], today=D(2026, 12, 10)
        )
    assert refused.value.message_dict["co_signatories"] == [act.TOO_FEW_MEMBERS.format(needed=2, count=1)]
    call_in = act.call_in_make(
        decision=decision, by=scrutiny["member"], grounds="Options not consulted on.", co_signatories=co,
        today=D(2026, 12, 10),
    )  # fmt: skip
    decision.refresh_from_db()
    assert decision.implementable_from is None
    assert list(open_call_ins(decision)) == [call_in]
    assert not decision_implementable(decision, on=D(2027, 1, 4))
    with pytest.raises(ValidationError) as refused:
        act.call_in_make(decision=decision, by=scrutiny["chair"], grounds="x", co_signatories=[], today=D(2026, 12, 10))
    assert refused.value.messages == [act.CALL_IN_ALREADY_OPEN]
    act.call_in_record_outcome(
        call_in=call_in, by=clerk, outcome=CallInOutcome.NO_FURTHER_ACTION, meeting=None, recommendations="",
        outcome_on=D(2026, 12, 17),
    )  # fmt: skip
    decision.refresh_from_db()
    assert decision.implementable_from == D(2026, 12, 18)
    assert decision_implementable(decision, on=D(2026, 12, 18))


def test_the_scrutiny_chair_alone_may_call_in(clerk, cabinet, scrutiny):
    decision = published(cabinet, clerk, on=D(2026, 12, 3))
    call_in = act.call_in_make(
        decision=decision, by=scrutiny["chair"], grounds="Urgent.", co_signatories=[], today=D(2026, 12, 4)
    )
    assert list(call_in.members.all()) == [scrutiny["seats"][scrutiny["chair"]]]


def test_wrong_call_ins_are_refused(clerk, cabinet, scrutiny):
    draft = act.decision_create(details=details(cabinet), by=clerk)
    chair = scrutiny["chair"]
    with pytest.raises(ValidationError) as refused:
        act.call_in_make(decision=draft, by=chair, grounds="x", co_signatories=[], today=D(2026, 12, 4))
    assert refused.value.messages == [act.CALL_IN_DRAFT]
    council = published(BodyFactory(council=True), clerk)
    with pytest.raises(ValidationError) as refused:
        act.call_in_make(decision=council, by=chair, grounds="x", co_signatories=[], today=D(2026, 12, 1))
    assert refused.value.messages == [act.CALL_IN_NOT_EXECUTIVE.format(maker="Full Council")]
    executive = published(cabinet, clerk)
    for user in (UserFactory(role=Role.COUNCILLOR), UserFactory(role=Role.SCRUTINY)):  # not sitting on scrutiny
        with pytest.raises(ValidationError) as refused:
            act.call_in_make(decision=executive, by=user, grounds="x", co_signatories=[], today=D(2026, 12, 1))
        assert refused.value.messages == [act.CALL_IN_NOT_SCRUTINY]
    assert not executive.call_ins.exists()


def test_a_referred_decision_is_held_until_its_reconsideration_is_published(clerk, cabinet, scrutiny):
    decision = published(cabinet, clerk, on=D(2026, 12, 3))
    call_in = act.call_in_make(
        decision=decision, by=scrutiny["chair"], grounds="Consult first.", co_signatories=[], today=D(2026, 12, 4)
    )
    with pytest.raises(ValidationError) as refused:
        act.call_in_record_outcome(
            call_in=call_in, by=clerk, outcome=CallInOutcome.REFERRED_BACK, meeting=None, recommendations=" ",
            outcome_on=D(2026, 12, 15),
        )  # fmt: skip
    assert refused.value.message_dict["recommendations"] == [act.RECOMMENDATIONS_REQUIRED]
    act.call_in_record_outcome(
        call_in=call_in, by=clerk, outcome=CallInOutcome.REFERRED_BACK, meeting=None,
        recommendations="Consult the carers' forum.", outcome_on=D(2026, 12, 15),
    )  # fmt: skip
    new = act.call_in_reconsider(call_in=call_in, by=clerk, reason="Reconsidered after consulting the forum.")
    assert open_call_ins(decision).exists()
    new = act.decision_publish(decision=new, by=clerk, today=D(2027, 1, 6))
    assert not open_call_ins(decision).exists()
    assert new.implementable_from == D(2027, 1, 6)
    assert decision_implementable(new, on=D(2027, 1, 6))


def test_the_forward_plan_takes_executive_makers_only(clerk):
    with pytest.raises(ValidationError) as refused:
        act.forward_plan_entry_create(
            details=ForwardPlanDetails(
                matter="x", decision_maker=BodyFactory(kind=BodyKind.COMMITTEE), planned_on=D(2027, 1, 1),
                contact_officer=clerk,
            ),
            by=clerk,
            publish_on=None,
        )  # fmt: skip
    assert refused.value.message_dict["decision_maker"] == [act.PLAN_MAKER_EXECUTIVE]
