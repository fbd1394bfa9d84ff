"""What a person reading the Decide pages needs that the acceptance review of issue 9 found missing: the decisions
list's sentences, the call-in page once the period has ended, links from a decision to its decision maker and
meeting and from the gate page to its records, and the demo minutes' count of members present."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as act
from commissioning.governance.demo.bodies import MINUTES, members_present
from commissioning.governance.models import BodyKind, DecisionStatus
from commissioning.reviews.models import CommissioningReview
from tests.commissioning.governance.factories import BodyFactory, DecisionFactory, MeetingFactory
from tests.commissioning.governance.involvement_world import DEADLINE, adopting_decision_for, build_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _page(user, path: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", [None, Role.DEMOCRATIC])
def test_the_decisions_list_introduction_reads_as_sentences(role) -> None:
    page = _page(UserFactory(role=role) if role else None, reverse("governance:decisions"))
    assert "behind each.See also" not in page
    assert "published.See also" not in page
    assert "See also the" in page


def test_the_call_in_page_says_the_period_has_ended_once_it_has(settings) -> None:
    decision = DecisionFactory(
        status=DecisionStatus.PUBLISHED,
        published_on=D(2026, 12, 3),
        call_in_deadline=D(2026, 12, 10),
    )
    member = UserFactory(role=Role.SCRUTINY)
    path = reverse("governance:decision-call-in", args=[decision.pk])
    settings.GOVERNANCE_TODAY = D(2026, 12, 10)
    open_page = _page(member, path)
    assert "The call-in period ends on 10 December 2026." in open_page
    assert 'data-testid="call-in-closed"' not in open_page
    settings.GOVERNANCE_TODAY = D(2026, 12, 11)
    closed = _page(member, path)
    assert act.CALL_IN_TOO_LATE.format(date="10 December 2026") in closed
    assert "The call-in period ends on" not in closed


def test_a_decision_links_to_its_decision_maker_and_meeting_for_whoever_may_see_them() -> None:
    cabinet = BodyFactory(cabinet=True)
    meeting = MeetingFactory(body=cabinet)
    decision = DecisionFactory(
        body=cabinet, meeting=meeting, status=DecisionStatus.PUBLISHED, published_on=D(2026, 5, 1)
    )
    path = reverse("governance:decision", args=[decision.pk])
    body_link = f'href="{reverse("governance:body-detail", args=[cabinet.pk])}"'
    meeting_link = f'href="{reverse("governance:meeting-detail", args=[meeting.pk])}"'
    public = _page(None, path)
    assert body_link in public
    assert meeting_link in public
    # An unpublished body is not linked for the public (its page would be a 404), but is for the council.
    cabinet.published = False
    cabinet.save()
    public = _page(None, path)
    assert body_link not in public
    assert meeting_link not in public
    assert "Cabinet" in public
    inside = _page(UserFactory(role=Role.DEMOCRATIC), path)
    assert body_link in inside
    assert meeting_link in inside


def test_the_gate_page_links_to_the_programme_board_and_the_adopting_decision(settings) -> None:
    world = build_world()
    decision = adopting_decision_for(world)
    CommissioningReview.objects.filter(pk=world["review"].pk).update(stage="plan")
    settings.GOVERNANCE_TODAY = DEADLINE
    page = _page(world["officer"], reverse("governance:review-gates", args=[world["review"].pk]))
    assert f'href="{reverse("governance:body-detail", args=[world["board"].pk])}"' in page
    assert (
        f'href="{reverse("governance:decision", args=[decision.pk])}">Recommission home care (DEC-2026-501)</a>' in page
    )


def test_the_demo_minutes_count_one_member_present_in_the_singular() -> None:
    assert MINUTES.format(present=members_present(1)).startswith("Present: 1 member.\n")
    assert MINUTES.format(present=members_present(7)).startswith("Present: 7 members.\n")


def test_the_council_configures_its_call_in_period_and_decision_powers_in_the_admin_site() -> None:
    from commissioning.governance.admin import UNKNOWN_BODY_KIND
    from commissioning.governance.models import DecisionPowerRule, GovernanceSettings
    from commissioning.governance.selectors.bodies import governance_settings

    root = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    row = governance_settings()
    url = f"/admin/governance/governancesettings/{row.pk}/change/"
    form = {
        "call_in_working_days": "7",
        "call_in_members": "3",
        "key_decision_threshold": "250000.00",
        "forward_plan_clear_days": "28",
        "agenda_clear_working_days": "5",
        "general_exception_clear_days": "5",
        "response_months": "2",
        "follow_up_months": "6",
    }
    assert client.post(url, form).status_code == 302
    assert (governance_settings().call_in_working_days, governance_settings().call_in_members) == (7, 3)
    assert GovernanceSettings.objects.count() == 1
    assert client.get("/admin/governance/governancesettings/add/").status_code == 403  # one row only

    add = "/admin/governance/decisionpowerrule/add/"
    refused = client.post(add, {"category": "key", "body_kinds": "cabinet, mayor"})
    assert refused.status_code == 200
    known = ", ".join(BodyKind.values)
    assert html.escape(UNKNOWN_BODY_KIND.format(kinds="mayor", known=known)) in refused.content.decode()
    assert not DecisionPowerRule.objects.exists()
    assert client.post(add, {"category": "key", "body_kinds": "cabinet, portfolio"}).status_code == 302
    assert DecisionPowerRule.objects.get().body_kinds == "cabinet,portfolio"


def test_a_call_in_outcome_dated_before_the_call_in_is_refused_and_nothing_is_saved() -> None:
    from django.core.exceptions import ValidationError

    from commissioning.governance.models import CallIn, CallInOutcome

    clerk = UserFactory(role=Role.DEMOCRATIC)
    decision = DecisionFactory(status=DecisionStatus.PUBLISHED, published_on=D(2026, 12, 3))
    call_in = CallIn.objects.create(decision=decision, grounds="Consult first.", made_on=D(2026, 12, 8), made_by=clerk)
    with pytest.raises(ValidationError) as refused:
        act.call_in_record_outcome(
            call_in=call_in, by=clerk, outcome=CallInOutcome.NO_FURTHER_ACTION, meeting=None, recommendations="",
            outcome_on=D(2026, 12, 7),
        )  # fmt: skip
    assert refused.value.message_dict["outcome_on"] == [act.OUTCOME_BEFORE_CALL_IN.format(date="8 December 2026")]
    call_in.refresh_from_db()
    assert call_in.outcome == CallInOutcome.OPEN
    assert not call_in.history.filter(history_type="~").exists()
    act.call_in_record_outcome(
        call_in=call_in, by=clerk, outcome=CallInOutcome.NO_FURTHER_ACTION, meeting=None, recommendations="",
        outcome_on=D(2026, 12, 8),
    )  # fmt: skip
    call_in.refresh_from_db()
    assert call_in.outcome == CallInOutcome.NO_FURTHER_ACTION


@pytest.mark.parametrize(
    ("seats", "members", "said"),
    [
        (2, 3, "3 members hold its 2 seats: 1 more than it has."),
        (4, 3, "3 of its 4 seats are filled: 1 is vacant."),
        (3, 3, None),
    ],
)
def test_a_balanced_body_says_when_its_members_do_not_fill_its_seats(seats, members, said) -> None:
    from tests.commissioning.governance.factories import MembershipFactory

    group = BodyFactory(kind=BodyKind.CROSS_PARTY, name="Cross-party group", seats=seats)
    for _ in range(members):
        MembershipFactory(body=group)
    page = _page(None, reverse("governance:body-detail", args=[group.pk]))
    if said is None:
        assert 'data-testid="seats-filled"' not in page
    else:
        assert said in page


def test_the_gate_pages_links_start_the_board_and_the_decision_on_the_review() -> None:
    from commissioning.governance.selectors.involvement import NO_DECISION, NO_PROGRAMME_BOARD

    world = build_world()
    review = world["review"]
    clerk = world["democratic"]
    gate = reverse("governance:review-gates", args=[review.pk])
    # Plan stage, no adopting decision: "Record the decision" opens the form with the review chosen.
    CommissioningReview.objects.filter(pk=review.pk).update(stage="plan")
    page = _page(clerk, gate)
    assert NO_DECISION in page
    link = f"{reverse('governance:decision-add')}?review={review.pk}"
    assert f'href="{link}"' in page
    form = _page(clerk, link)
    assert f'<option value="{review.pk}" selected>' in form
    # Analyse stage, no Programme Board: "Set up its Programme Board" opens the form as a board for the review.
    CommissioningReview.objects.filter(pk=review.pk).update(stage="analyse")
    world["board"].review = None
    world["board"].save()
    page = _page(clerk, gate)
    assert NO_PROGRAMME_BOARD in page
    link = f"{reverse('governance:body-create')}?review={review.pk}"
    assert f'href="{link}"' in page
    form = _page(clerk, link)
    assert f'<option value="{review.pk}" selected>' in form
    assert 'value="programme_board" checked' in form or '<option value="programme_board" selected>' in form


def test_the_councils_own_power_rules_decide_who_passes_the_plan_to_do_gate() -> None:
    from django.core.exceptions import ValidationError

    from commissioning.governance.actions import involvement as involvement_actions
    from commissioning.governance.models import DecisionPowerRule
    from commissioning.governance.selectors import involvement as gates

    world = build_world()
    CommissioningReview.objects.filter(pk=world["review"].pk).update(stage="plan")
    review = CommissioningReview.objects.get(pk=world["review"].pk)
    adopting_decision_for(world)  # Cabinet's key decision
    later = DEADLINE + dt.timedelta(days=5)
    DecisionPowerRule.objects.update_or_create(
        category="key", defaults={"body_kinds": "council", "officers_may_decide": False}
    )
    with pytest.raises(ValidationError) as refused:
        involvement_actions.review_stage_advance(review=review, by=world["officer"], today=later)
    assert gates.NO_POWER.format(maker="Cabinet", category="key decision", holders="Full Council") in " ".join(
        refused.value.messages
    )
    DecisionPowerRule.objects.filter(category="key").update(body_kinds="council,cabinet")
    assert involvement_actions.review_stage_advance(review=review, by=world["officer"], today=later).stage == "do"


def test_the_number_of_scrutiny_members_a_call_in_needs_is_the_councils_choice() -> None:
    from django.core.exceptions import ValidationError

    from commissioning.governance.models import MemberRole
    from commissioning.governance.selectors.bodies import governance_settings
    from tests.commissioning.governance.factories import MembershipFactory
    from tests.factories import CouncillorFactory

    scrutiny = BodyFactory(scrutiny=True)
    users = [UserFactory(role=Role.SCRUTINY) for _ in range(3)]
    councillors = [CouncillorFactory(user=user) for user in users]
    for councillor in councillors:
        MembershipFactory(body=scrutiny, councillor=councillor, role=MemberRole.MEMBER, starts_on=D(2026, 5, 1))
    decision = DecisionFactory(
        status=DecisionStatus.PUBLISHED, published_on=D(2026, 12, 3), call_in_deadline=D(2026, 12, 10)
    )
    row = governance_settings()
    row.call_in_members = 3
    row.save()
    with pytest.raises(ValidationError) as refused:
        act.call_in_make(
            decision=decision,
            by=users[0],
            grounds="Consult first.",
            co_signatories=councillors[1:2],
            today=D(2026, 12, 8),
        )
    assert refused.value.message_dict["co_signatories"] == [act.TOO_FEW_MEMBERS.format(needed=3, count=2)]
    assert not decision.call_ins.exists()
    act.call_in_make(
        decision=decision, by=users[0], grounds="Consult first.", co_signatories=councillors[1:], today=D(2026, 12, 8)
    )
    assert decision.call_ins.count() == 1


def test_the_gate_page_links_only_to_what_the_reader_may_do_and_says_who_does_the_rest() -> None:
    world = build_world()
    review = world["review"]
    CommissioningReview.objects.filter(pk=review.pk).update(stage="plan")
    gate = reverse("governance:review-gates", args=[review.pk])
    link = f'href="{reverse("governance:decision-add")}?review={review.pk}"'
    officer = _page(world["officer"], gate)  # runs the gates, but democratic services record decisions
    assert link not in officer
    assert "Democratic services record this." in officer
    clerk = _page(world["democratic"], gate)
    assert link in clerk
    assert "Democratic services record this." not in clerk
