"""Scrutiny's recommendations and the contract monitoring protocol: the actions' rules (a response outside the allowed
values, only the executive responds, an action plan with owners and dates, follow-up until signed off), the
selectors (overdue responses, the home page's work, what comes to committee), and the notices to the executive."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from commissioning.core import monitoring_signals
from commissioning.core.notifications import Notification
from commissioning.core.permissions import Role
from commissioning.core.thread import HOME_KEY, sections
from commissioning.governance.actions import protocol as protocol_actions
from commissioning.governance.actions import recommendations as actions
from commissioning.governance.models import (
    ActionStatus,
    Frequency,
    ImplementationStatus,
    RatingThreshold,
    Recommendation,
    RecommendationAction,
    ResponseKind,
    SignalKind,
)
from commissioning.governance.selectors import protocol as protocol_selectors
from commissioning.governance.selectors import recommendations as selectors
from engine.governance.protocol import FREQUENCIES, RATING_ORDER, SIGNAL_KINDS, Observation
from tests.commissioning.governance.factories import BodyFactory, MembershipFactory
from tests.factories import CouncillorFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

MADE_ON = dt.date(2026, 9, 1)


@pytest.fixture
def setup() -> dict[str, Any]:
    users = {
        role: UserFactory(username=f"r-{role}", role=role)
        for role in (Role.CABINET, Role.SCRUTINY, Role.DIRECTOR, Role.OFFICER, Role.DEMOCRATIC)
    }
    cabinet = BodyFactory(cabinet=True)
    MembershipFactory(body=cabinet, councillor=CouncillorFactory(user=users[Role.CABINET]))
    scrutiny = BodyFactory(scrutiny=True)
    rec = actions.recommendation_create(
        details=actions.RecommendationDetails(
            body=scrutiny, number="SR-1", text="Publish care home ratings", made_on=MADE_ON, executive=cabinet
        ),
        by=users[Role.SCRUTINY],
    )
    return {"users": users, "cabinet": cabinet, "scrutiny": scrutiny, "rec": rec}


def _response(response: str = "accepted", **kw: Any) -> actions.ResponseDetails:
    plan = kw.pop("actions", [actions.ActionDetails(text="Do it", owner_name="ICB lead", due_on=dt.date(2026, 12, 1))])
    return actions.ResponseDetails(
        response=response, reasons="Agreed", responded_on=dt.date(2026, 10, 1), actions=plan, **kw
    )


def test_the_choices_agree_with_the_engine() -> None:
    assert tuple(SignalKind.values) == SIGNAL_KINDS
    assert tuple(Frequency.values) == FREQUENCIES
    assert set(RatingThreshold.values) <= set(RATING_ORDER)


def test_a_recommendation_is_due_two_months_after_it_is_made(setup: dict[str, Any]) -> None:
    assert setup["rec"].response_due_on == dt.date(2026, 11, 1)
    assert setup["rec"].history.get().history_change_reason == actions.MADE


def test_only_scrutiny_makes_recommendations_to_the_executive(setup: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.recommendation_create(
            details=actions.RecommendationDetails(
                body=setup["cabinet"], number="X", text="t", made_on=MADE_ON, executive=setup["scrutiny"]
            ),
            by=setup["users"][Role.SCRUTINY],
        )
    assert refused.value.message_dict == {
        "body": [actions.NOT_SCRUTINY.format(body=setup["cabinet"].name)],
        "executive": [actions.NOT_EXECUTIVE.format(body=setup["scrutiny"].name)],
    }


def test_a_number_taken_on_the_committee_is_a_field_error(setup: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.recommendation_create(
            details=actions.RecommendationDetails(
                body=setup["scrutiny"], number="SR-1", text="t", made_on=MADE_ON, executive=setup["cabinet"]
            ),
            by=setup["users"][Role.SCRUTINY],
        )
    assert refused.value.message_dict == {"number": [actions.NUMBER_TAKEN.format(body=setup["scrutiny"].name)]}


def test_a_response_outside_the_allowed_values_is_refused_and_nothing_saved(setup: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.recommendation_respond(
            recommendation=setup["rec"], details=_response("noted"), by=setup["users"][Role.CABINET]
        )
    assert refused.value.message_dict == {"response": [actions.RESPONSE_NOT_ALLOWED]}
    assert "accepted, partly accepted or rejected" in actions.RESPONSE_NOT_ALLOWED
    rec = Recommendation.objects.get(pk=setup["rec"].pk)
    assert (rec.response, rec.actions.count(), rec.history.count()) == ("", 0, 1)


@pytest.mark.parametrize("role", [Role.SCRUTINY, Role.DIRECTOR, Role.OFFICER, Role.DEMOCRATIC])
def test_only_the_executive_responds(setup: dict[str, Any], role: str) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.recommendation_respond(recommendation=setup["rec"], details=_response(), by=setup["users"][role])
    assert refused.value.messages == [actions.ONLY_EXECUTIVE_RESPONDS]
    assert Recommendation.objects.get(pk=setup["rec"].pk).response == ""


def test_an_accepted_response_needs_an_action_plan_with_owners_and_dates(setup: dict[str, Any]) -> None:
    cabinet = setup["users"][Role.CABINET]
    with pytest.raises(ValidationError) as refused:
        actions.recommendation_respond(recommendation=setup["rec"], details=_response(actions=[]), by=cabinet)
    assert refused.value.message_dict == {"action_1_text": [actions.ACTION_PLAN_REQUIRED]}
    with pytest.raises(ValidationError) as refused:
        actions.recommendation_respond(
            recommendation=setup["rec"], details=_response(actions=[actions.ActionDetails(text="Do it")]), by=cabinet
        )
    assert refused.value.message_dict == {
        "action_1_owner": [actions.ACTION_OWNER_REQUIRED.format(n=1)],
        "action_1_due_on": [actions.ACTION_DUE_REQUIRED.format(n=1)],
    }


def test_a_response_is_followed_up_until_the_committee_signs_it_off(setup: dict[str, Any]) -> None:
    users = setup["users"]
    rec = actions.recommendation_respond(recommendation=setup["rec"], details=_response(), by=users[Role.CABINET])
    assert (rec.response, rec.responded_by, rec.next_follow_up_on) == (
        "accepted",
        users[Role.CABINET],
        dt.date(2027, 4, 1),
    )
    action = rec.actions.get()
    assert action.owner_name == "ICB lead"
    with pytest.raises(ValidationError) as refused:
        actions.recommendation_respond(recommendation=rec, details=_response(), by=users[Role.CABINET])
    assert refused.value.messages == [actions.ALREADY_RESPONDED.format(on="1 October 2026")]

    def follow(status: str, signed_off: bool, by: Any = users[Role.SCRUTINY]) -> Recommendation:
        return actions.recommendation_follow_up(
            recommendation=rec,
            details=actions.FollowUpDetails(
                held_on=dt.date(2027, 4, 1),
                progress={action.pk: actions.Progress(status, "note")},
                signed_off=signed_off,
            ),
            by=by,
        )

    with pytest.raises(ValidationError) as refused:
        follow("in_progress", False, by=users[Role.CABINET])
    assert refused.value.messages == [actions.ONLY_SCRUTINY_FOLLOWS_UP]
    with pytest.raises(ValidationError) as refused:
        follow("half_done", False)
    assert refused.value.message_dict == {f"action_{action.pk}_status": [actions.PROGRESS_NOT_ALLOWED.format(n=1)]}
    with pytest.raises(ValidationError) as refused:
        follow("in_progress", True)
    assert refused.value.message_dict == {"signed_off": [actions.SIGN_OFF_WITH_ACTIONS_OPEN.format(open="action 1")]}
    rec = follow("in_progress", False)
    assert (rec.next_follow_up_on, rec.actions.get().status) == (dt.date(2027, 10, 1), ActionStatus.IN_PROGRESS)
    rec = follow("done", True)
    assert (rec.implementation, rec.signed_off_on, rec.next_follow_up_on) == (
        ImplementationStatus.SIGNED_OFF,
        dt.date(2027, 4, 1),
        None,
    )
    assert rec.follow_ups.count() == 2
    with pytest.raises(ValidationError, match="not being implemented"):
        follow("done", True)


def test_overdue_responses_and_actions_are_flagged(setup: dict[str, Any]) -> None:
    rec, scrutiny = setup["rec"], setup["scrutiny"]
    assert list(selectors.overdue_responses(scrutiny, on=dt.date(2026, 11, 1))) == []
    assert list(selectors.overdue_responses(scrutiny, on=dt.date(2026, 11, 2))) == [rec]
    listed = selectors.recommendation_list(
        user=setup["users"][Role.OFFICER],
        filters=selectors.RecommendationFilters(status="overdue"),
        on=dt.date(2026, 11, 2),
    )
    assert list(listed) == [rec]
    searched = selectors.recommendation_list(
        user=setup["users"][Role.OFFICER], filters=selectors.RecommendationFilters(q="CARE HÓME")
    )
    assert list(searched) == [rec]
    actions.recommendation_respond(
        recommendation=rec,
        details=_response(
            actions=[actions.ActionDetails(text="x", owner=setup["users"][Role.OFFICER], due_on=dt.date(2026, 12, 1))]
        ),
        by=setup["users"][Role.CABINET],
    )
    flagged = selectors.recommendation_list(
        user=setup["users"][Role.OFFICER],
        filters=selectors.RecommendationFilters(status="actions_overdue"),
        on=dt.date(2026, 12, 2),
    )
    assert [r.actions_overdue for r in flagged] == [True]
    owed = selectors.actions_owed(user=setup["users"][Role.OFFICER], on=dt.date(2026, 12, 2))
    assert [a.recommendation_id for a in owed.items] == [rec.pk]


def test_the_executive_sees_responses_owed_on_the_home_page(setup: dict[str, Any], settings: Any) -> None:
    settings.GOVERNANCE_TODAY = dt.date(2026, 10, 25)
    cabinet_user = setup["users"][Role.CABINET]
    home = [
        s
        for s in sections(cabinet_user, cabinet_user, place="home")
        if s.context.get("key") == "recommendation-responses"
    ]
    assert [e.text for e in home[0].context["entries"]] == [f"Recommendation SR-1 of {setup['scrutiny'].name}"]
    scrutiny_user = setup["users"][Role.SCRUTINY]
    assert not [
        s
        for s in sections(scrutiny_user, scrutiny_user, place="home")
        if s.context.get("key") == "recommendation-responses"
    ]
    assert HOME_KEY.startswith("home:")


def test_the_executive_is_told_once_when_due_soon_and_once_when_overdue(setup: dict[str, Any], settings: Any) -> None:
    template = "governance/email/recommendation_{}"
    assert actions.recommendations_notify_due(today=dt.date(2026, 10, 1)) == 0
    assert actions.recommendations_notify_due(today=dt.date(2026, 10, 25)) == 1
    assert actions.recommendations_notify_due(today=dt.date(2026, 10, 26)) == 0
    settings.GOVERNANCE_TODAY = dt.date(2026, 11, 5)
    call_command("recommendations_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sent = Notification.objects.filter(about_pk=setup["rec"].pk).order_by("pk")
    assert [(n.template, n.to_user) for n in sent] == [
        (template.format("due_soon"), setup["users"][Role.CABINET]),
        (template.format("overdue"), setup["users"][Role.CABINET]),
    ]
    assert "Overdue" in sent[1].subject


# The contract monitoring protocol -----------------------------------------------------------------------------------


def test_the_protocol_needs_a_threshold_for_each_signal_it_watches() -> None:
    protocol = protocol_selectors.monitoring_protocol()
    user = UserFactory(role=Role.SCRUTINY)
    with pytest.raises(ValidationError) as refused:
        protocol_actions.monitoring_protocol_update(
            protocol=protocol,
            details=protocol_actions.ProtocolDetails(signals=["complaints"], frequency="fortnightly", thresholds={}),
            by=user,
        )
    assert refused.value.message_dict == {
        "frequency": [protocol_actions.FREQUENCY_REQUIRED],
        "complaints_threshold": [protocol_actions.THRESHOLD_REQUIRED.format(signal="complaints received per quarter")],
    }


def test_what_comes_to_committee_follows_the_protocol_and_its_amendments() -> None:
    service, other = ServiceFactory(), ServiceFactory()
    user = UserFactory(role=Role.DEMOCRATIC)
    protocol = protocol_selectors.monitoring_protocol()
    assert protocol.upheld_complaints_threshold == 5
    with pytest.raises(ValidationError) as refused:
        protocol_actions.protocol_amendment_create(
            details=protocol_actions.AmendmentDetails(service=None, contract=None, reason=""), by=user
        )
    assert refused.value.message_dict == {
        "service": [protocol_actions.SCOPE_REQUIRED],
        "reason": [protocol_actions.AMENDMENT_REASON_REQUIRED],
    }
    protocol_actions.protocol_amendment_create(
        details=protocol_actions.AmendmentDetails(
            service=service, contract=None, reason="Under review", thresholds={"upheld_complaints": 1}
        ),
        by=user,
    )

    def source() -> list[Observation]:
        return [
            Observation("upheld_complaints", service.name, 2, service_id=service.pk),
            Observation("upheld_complaints", other.name, 2, service_id=other.pk),
            Observation("staff_turnover", "C1", Decimal("31"), contract_id=9),
        ]

    monitoring_signals.register(source)
    try:
        found = protocol_selectors.protocol_triggers(BodyFactory(scrutiny=True))
    finally:
        monitoring_signals.withdraw(source)
    assert [(t.observation.subject, t.amended) for t in found if t.observation.subject != "C1"] == [
        (service.name, True)
    ]
    assert [t.threshold for t in found if t.observation.subject == "C1"] == [Decimal("30.0")]


def test_the_contracts_and_residents_sources_are_registered() -> None:
    from commissioning.contracts.monitoring_signals import latest_contract_signals
    from commissioning.residents.monitoring_signals import complaint_signals

    assert {latest_contract_signals, complaint_signals} <= set(monitoring_signals.sources())
    assert latest_contract_signals() == []
    assert complaint_signals() == []
    assert RecommendationAction.objects.count() == 0
    assert ResponseKind.REJECTED == "rejected"


def test_a_recommendation_about_a_contract_is_on_the_contracts_page(setup: dict[str, Any]) -> None:
    from tests.factories import ContractFactory

    contract = ContractFactory()
    rec = actions.recommendation_create(
        details=actions.RecommendationDetails(
            body=setup["scrutiny"],
            number="SR-2",
            text="Retender",
            made_on=MADE_ON,
            executive=setup["cabinet"],
            contract_id=contract.pk,
        ),
        by=setup["users"][Role.SCRUTINY],
    )
    found = [s for s in sections(setup["users"][Role.OFFICER], contract) if "recommendations" in s.template]
    assert [r.pk for r in found[0].context["records"]] == [rec.pk]
    assert protocol_selectors.contract_names({contract.pk}) == {contract.pk: str(contract)}


def test_the_contracts_source_reads_the_latest_assessment_and_return() -> None:
    from commissioning.contracts.models import Assessment, Kpi, KpiRating, PerformanceReturn
    from commissioning.contracts.monitoring_signals import latest_contract_signals
    from tests.factories import ContractFactory

    contract = ContractFactory()
    kpi = Kpi.objects.create(contract=contract, name="Visits on time", target=90)
    for end, rating in ((dt.date(2025, 3, 31), "good"), (dt.date(2026, 3, 31), "inadequate")):
        assessment = Assessment.objects.create(
            contract=contract, period_start=end - dt.timedelta(days=364), period_end=end, status="confirmed"
        )
        KpiRating.objects.create(assessment=assessment, kpi=kpi, drafted=rating, rating=rating)
    PerformanceReturn.objects.create(
        contract=contract,
        period="2026/27 Q1",
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 6, 30),
        due_date=dt.date(2026, 7, 31),
        status="accepted",
        staff_turnover=Decimal("35.0"),
    )
    found = {(o.kind, o.value) for o in latest_contract_signals()}
    assert found == {
        ("kpi_rating", "inadequate"),
        ("assessment_rating", "inadequate"),
        ("staff_turnover", Decimal("35.0")),
    }


def test_the_residents_source_counts_last_quarters_complaints_per_service() -> None:
    from commissioning.residents.models import Complaint
    from commissioning.residents.monitoring_signals import complaint_signals

    service = ServiceFactory(name="Home care")
    for n, (received_on, outcome) in enumerate(
        [(dt.date(2026, 7, 10), "upheld"), (dt.date(2026, 8, 1), "not_upheld"), (dt.date(2026, 10, 5), "upheld")]
    ):
        Complaint.objects.create(
            reference=f"CP-2026-{n:04d}",
            service=service,
            happened_on=received_on,
            received_on=received_on,
            reply_by="email",
            token_hash=f"{n:064d}",
            route="council",
            outcome=outcome,
            stage1_acknowledge_by=received_on,
            stage1_answer_by=received_on,
        )
    found = complaint_signals(today=dt.date(2026, 11, 1))  # last complete quarter: 2026/27 Q2, July to September
    assert [(o.kind, o.subject, o.value, o.period) for o in found] == [
        ("complaints", "Home care", 2, "2026/27 Q2"),
        ("upheld_complaints", "Home care", 1, "2026/27 Q2"),
    ]


def test_the_scrutiny_dashboard_lists_overdue_responses_and_what_the_protocol_brings(
    setup: dict[str, Any], client: Any
) -> None:
    client.force_login(setup["users"][Role.SCRUTINY])
    page = client.get(reverse("governance:scrutiny-dashboard", args=[setup["scrutiny"].pk])).content.decode()
    overdue = page.split('data-testid="scrutiny-overdue-responses"')[1].split("</section>")[0]
    assert "Recommendation SR-1: Publish care home ratings" in overdue
    assert reverse("governance:recommendation", args=[setup["rec"].pk]) in overdue
    assert 'data-testid="scrutiny-protocol-triggers"' in page
    assert "Coming to committee automatically" in page


def test_a_scrutiny_committees_page_leads_to_its_recommendations(setup: dict[str, Any]) -> None:
    from django.test import Client

    other = BodyFactory(scrutiny=True)
    client = Client()
    client.force_login(setup["users"][Role.SCRUTINY])
    page = client.get(reverse("governance:body-detail", args=[setup["scrutiny"].pk])).content.decode()
    link = f"{reverse('governance:recommendations')}?body={setup['scrutiny'].pk}"
    assert f'href="{link}" data-testid="body-recommendations"' in page
    listed = client.get(link).content.decode()
    assert "Publish care home ratings" in listed
    assert (
        "Publish care home ratings"
        not in client.get(f"{reverse('governance:recommendations')}?body={other.pk}").content.decode()
    )
