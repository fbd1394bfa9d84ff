"""The demo council's decisions: the one the minutes record, the reviews' adopted business cases past call-in, one
still inside its window, call-ins with each outcome, and a forward plan, all dated from one demo today."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F

from commissioning.appraisals.models import BusinessCase
from commissioning.core.demo import SCALES, SeedContext, demo_today
from commissioning.governance.models import (
    CallInOutcome,
    Decision,
    DecisionStatus,
    ForwardPlanEntry,
    GateSignOff,
    InvolvementEntry,
    MakerKind,
    Meeting,
    Urgency,
)
from commissioning.governance.selectors.decisions import (
    adopting_decision,
    decision_implementable,
    open_call_ins,
    today,
)
from commissioning.governance.selectors.involvement import gate_report
from commissioning.reviews.models import Stage
from tests.demo import METROPOLITAN, DemoCouncil

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


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_reviews_adopted_their_submitted_business_cases_and_another_is_inside_its_window(
    demo_council: DemoCouncil,
) -> None:
    on = today()
    adopted = list(
        Decision.objects.filter(business_case__status="submitted", status=DecisionStatus.PUBLISHED)
        .select_related("review", "business_case", "forward_plan_entry")
        .order_by("decided_on")
    )
    # Every submitted business case was decided on: the golden thread review -> version -> decision -> option.
    assert len(adopted) == BusinessCase.objects.filter(status="submitted").count() >= 2
    assert len({d.review_id for d in adopted}) == len(adopted)
    for decision in adopted:
        assert adopting_decision(decision.review) == decision
        assert decision.business_case.review_id == decision.review_id
        assert decision.business_case.snapshot
        assert decision.business_case.pdf
        assert decision.adopted_option_id == decision.business_case.recommended_option_id
        assert decision.business_case.submitted_at.date() < decision.decided_on <= on
        assert decision.forward_plan_entry.first_published_on < decision.decided_on
        assert decision_implementable(decision, on=on)
    assert {d.maker_kind for d in adopted} == {MakerKind.BODY, MakerKind.PORTFOLIO_HOLDER}
    # A review still in Plan whose decision is past call-in passes the Plan-to-Do gate.
    in_plan = [d.review for d in adopted if d.review.stage == Stage.PLAN]
    assert in_plan
    assert all(gate_report(review, on=on).passed for review in in_plan)
    waiting = Decision.objects.get(title__startswith="Recommissioning")
    assert waiting.business_case is None
    assert waiting.call_in_deadline >= on
    assert not decision_implementable(waiting, on=on)


def test_the_demo_is_dated_from_one_today(demo_district: DemoCouncil) -> None:
    """Meetings, sign-offs, business cases, decisions, the forward plan and what members are asked next all run from
    the one demo today (the app's clock when seeded), each in the order the process needs."""
    on = today()
    assert on == demo_today()
    assert Meeting.objects.filter(starts_at__date__lt=on).exists()
    assert Meeting.objects.filter(starts_at__date__gt=on).exists()
    assert not Decision.objects.filter(decided_on__gt=on).exists()
    assert ForwardPlanEntry.objects.filter(first_published_on__lte=on, planned_on__gt=on).exists()
    signed_off = dict(GateSignOff.objects.values_list("review_id", "signed_off_on"))
    assert signed_off
    assert all(day < on for day in signed_off.values())
    for case in BusinessCase.objects.filter(status="submitted"):
        # Signed off (into Plan), then the business case submitted, then the decision taken on it.
        decision = Decision.objects.get(business_case=case)
        assert signed_off[case.review_id] < case.submitted_at.date() < decision.decided_on < on
    # What is still asked is asked around today, not months or years away (the plans are dated from the same today).
    outstanding = InvolvementEntry.objects.filter(done_on__isnull=True, due_on__isnull=False)
    assert outstanding.exists()
    assert not outstanding.filter(due_on__lt=on - dt.timedelta(weeks=20)).exists()
    assert not outstanding.filter(due_on__gt=on + dt.timedelta(weeks=20), stage=F("review__stage")).exists()
    mine = outstanding.filter(councillor__user__username="councillor")
    assert mine.filter(due_on__gte=on).exists()  # the demo councillor has something still to come


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


def test_the_demo_today_is_the_app_clock_on_the_day_of_seeding(settings: Any) -> None:
    from django.utils import timezone

    assert SeedContext(scale=SCALES["district"], seed=1, password="x", rng=random.Random(1)).today == today()
    settings.GOVERNANCE_TODAY = dt.date(2026, 4, 1)
    assert demo_today() == today() == dt.date(2026, 4, 1)
    assert SeedContext(scale=SCALES["district"], seed=1, password="x", rng=random.Random(1)).today == dt.date(
        2026, 4, 1
    )
    settings.GOVERNANCE_TODAY = None
    assert demo_today() == today() == timezone.localdate()


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_the_demo_has_decisions_of_every_kind(demo_council: DemoCouncil) -> None:
    """A committee's at its meeting with a vote, a community committee's for its wards, an officer's key decision
    under delegated powers, and a key decision on an exempt item with its exempt forward plan entry."""
    from django.utils import timezone

    from commissioning.governance.models import BodyKind, MeetingStatus

    on = today()
    published = Decision.objects.filter(status=DecisionStatus.PUBLISHED).select_related("body", "meeting")
    committee = published.get(body__kind=BodyKind.COMMITTEE)
    assert committee.body.name == "Staff and Support Services Committee"
    assert committee.meeting is not None
    assert committee.meeting.body == committee.body
    assert committee.meeting.status == MeetingStatus.HELD
    assert committee.decided_on == timezone.localtime(committee.meeting.starts_at).date()
    assert committee.votes_for
    assert committee.call_in_deadline is None
    community = published.get(body__kind=BodyKind.COMMUNITY_COMMITTEE)
    assert community.meeting is not None
    assert community.meeting.body == community.body
    assert community.wards.exists()
    assert set(community.wards.all()) <= set(community.body.wards.all())
    officer_key = published.get(maker_kind=MakerKind.OFFICER, key_reason__gt="")
    assert officer_key.officer is not None
    assert officer_key.delegation
    assert officer_key.votes_for is None
    assert not officer_key.named_votes.exists()
    assert officer_key.forward_plan_entry.first_published_on < officer_key.decided_on - dt.timedelta(days=28)
    assert officer_key.call_in_deadline is not None
    assert decision_implementable(officer_key, on=on)
    exempt = published.get(exempt_paragraph__gt="")
    assert exempt.is_key
    assert exempt.is_executive
    assert exempt.agenda_item is not None
    assert exempt.agenda_item.is_exempt
    assert exempt.agenda_item.exempt_paragraph == exempt.exempt_paragraph
    assert exempt.meeting == exempt.agenda_item.meeting
    assert exempt.decided_on == timezone.localtime(exempt.meeting.starts_at).date()
    entry = exempt.forward_plan_entry
    assert entry.exempt_paragraph == exempt.exempt_paragraph
    assert entry.status == "taken"
    assert entry.first_published_on < exempt.decided_on - dt.timedelta(days=28)
    assert decision_implementable(exempt, on=on)
    assert ForwardPlanEntry.objects.filter(status="planned", planned_on__gt=on).exclude(exempt_paragraph="").exists()


def test_the_public_does_not_see_the_exempt_decision_or_forward_plan_entries(demo_district: DemoCouncil) -> None:
    """An exempt decision and exempt forward plan entries are inside the council only (the app's rules: the public
    sees neither the decision nor the entry); an officer sees them in the same lists."""
    from django.test import Client
    from django.urls import reverse
    from django.utils.http import urlencode

    from commissioning.accounts.models import User

    exempt = Decision.objects.get(status=DecisionStatus.PUBLISHED, exempt_paragraph__gt="")
    planned = ForwardPlanEntry.objects.filter(status="planned").exclude(exempt_paragraph="").get()
    # Searched for by the words of its title after the first (the search box shows the words searched for).
    search = reverse("governance:decisions") + "?" + urlencode({"q": exempt.title.split(" ", 1)[1]})
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    inside = officer.get(search).content.decode()
    assert exempt.title in inside
    assert planned.matter in officer.get(reverse("governance:forward-plan")).content.decode()

    public = Client()
    for page in (search, reverse("governance:decisions"), reverse("governance:forward-plan")):
        content = public.get(page).content.decode()
        assert exempt.title not in content
        assert exempt.reference not in content
        assert exempt.forward_plan_entry.matter not in content
        assert exempt.forward_plan_entry.reference not in content
        assert planned.matter not in content
        assert planned.reference not in content
    assert public.get(reverse("governance:decision", args=[exempt.pk])).status_code in {302, 403, 404}
    csv = b"".join(public.get(reverse("governance:forward-plan-csv")).streaming_content).decode()  # type: ignore[attr-defined]
    assert planned.reference not in csv
    assert planned.matter not in csv
