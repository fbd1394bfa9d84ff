"""The forward plan's iCalendar and CSV, changing a forward plan entry, the lists' filters and what the public sees (views/decisions.py)."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.core.calendar import ical_escape, ical_fold
from commissioning.core.concurrency import version_of
from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import DecisionDetails, ForwardPlanDetails, ResolutionDetails
from commissioning.governance.forms.decisions import MATTER_REQUIRED
from commissioning.governance.models import ForwardPlanEntry, ForwardPlanStatus, MakerKind
from tests.commissioning.governance.factories import BodyFactory
from tests.dates import date_input
from tests.factories import ReviewFactory, UserFactory

D = dt.date


def test_ical_text_is_escaped_and_long_lines_are_folded_at_75_octets() -> None:
    assert ical_escape("Parks; cafés, and\\ more\nnext") == "Parks\\; cafés\\, and\\\\ more\\nnext"
    line = "SUMMARY:" + "é" * 80
    folded = ical_fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)
    assert len(parts[0].encode()) <= 75 and all(len(p.encode()) <= 74 for p in parts[1:])  # noqa: PT018


@pytest.mark.django_db
def test_the_forward_plan_is_offered_as_icalendar_and_csv_without_unpublished_or_exempt_entries(settings) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 12, 1)
    clerk = UserFactory(role=Role.DEMOCRATIC, first_name="Dana", last_name="Clerk")
    cabinet = BodyFactory(cabinet=True)

    def entry(matter: str, **extra) -> None:
        act.forward_plan_entry_create(
            details=ForwardPlanDetails(
                matter=matter, decision_maker=cabinet, planned_on=D(2027, 2, 1), contact_officer=clerk, **extra
            ),
            by=clerk,
            publish_on=D(2026, 12, 1),
        )

    entry("Parks café concession; a long matter, with commas", documents="Report\nAppendix A")
    entry("Confidential land sale", exempt_paragraph="3")
    act.forward_plan_entry_create(
        details=ForwardPlanDetails(
            matter="Not yet published", decision_maker=cabinet, planned_on=D(2027, 2, 1), contact_officer=clerk
        ),
        by=clerk,
        publish_on=None,
    )
    ics = Client().get(reverse("governance:forward-plan-ics"))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Parks café concession\\; a long matter\\, with commas (FP-2027-001)" in unfolded
    assert "DTSTART;VALUE=DATE:20270201" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    csv = Client().get(reverse("governance:forward-plan-csv"))
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Parks café concession" in text
    assert "Confidential land sale" not in text
    assert "Not yet published" not in text


@pytest.mark.django_db
def test_the_public_sees_published_decisions_only_and_filters_work() -> None:
    clerk = UserFactory(role=Role.DEMOCRATIC)
    cabinet = BodyFactory(cabinet=True)
    review = ReviewFactory()

    def decision(title: str, *, publish: bool, **extra) -> None:
        made = act.decision_create(
            details=DecisionDetails(
                title=title,
                maker_kind=MakerKind.BODY,
                body=cabinet,
                decided_on=D(2026, 11, 2),
                reasons="Reasons.",
                resolutions=[ResolutionDetails(number=1, text="Agreed.")],
                **extra,
            ),
            by=clerk,
        )
        if publish:
            act.decision_publish(decision=made, by=clerk, today=D(2026, 11, 3))

    decision("Open and published", publish=True, review=review)
    decision("Still a draft", publish=False)
    decision("Exempt and published", publish=True, exempt_paragraph="3")
    decision("Key, with wards", publish=False, value=Decimal("900000"))
    public = Client().get(reverse("governance:decisions")).content.decode()
    assert "Open and published" in public
    assert "Still a draft" not in public
    assert "Exempt and published" not in public
    clerk_client = Client()
    clerk_client.force_login(clerk)
    everything = clerk_client.get(reverse("governance:decisions")).content.decode()
    assert all(t in everything for t in ("Still a draft", "Exempt and published", "Key, with wards"))
    key_only = clerk_client.get(reverse("governance:decisions") + "?key=yes").content.decode()
    assert "Key, with wards" in key_only
    assert "Still a draft" not in key_only
    drafts = clerk_client.get(reverse("governance:decisions") + "?status=draft").content.decode()
    assert "Still a draft" in drafts
    assert "Open and published" not in drafts
    # The golden thread back: the review's page lists its decision.
    page = clerk_client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert 'data-testid="thread-decisions"' in page
    assert "Open and published" in page


@pytest.mark.django_db
def test_named_votes_are_recorded_and_counted_and_wrong_names_refused() -> None:
    from commissioning.governance.forms import decisions as forms
    from commissioning.governance.models import Decision
    from tests.dates import date_input
    from tests.factories import CouncillorFactory

    clerk = UserFactory(role=Role.DEMOCRATIC)
    council = BodyFactory(council=True)
    CouncillorFactory(name="Alex Smith")
    CouncillorFactory(name="Bea Jones")
    client = Client()
    client.force_login(clerk)
    form = {
        "title": "A recorded vote",
        "maker_kind": MakerKind.BODY,
        "body": council.pk,
        **date_input("decided_on", D(2026, 11, 2)),
        "reasons": "Reasons.",
        "category": "other",
        "resolution_1_text": "Agreed.",
    }
    url = reverse("governance:decision-add")
    refused = client.post(url, {**form, "named_votes": "Alex Smith: for\nCarl Nobody: against"})
    assert forms.NAMED_VOTE_UNKNOWN.format(name="Carl Nobody") in refused.content.decode()
    refused = client.post(url, {**form, "named_votes": "Alex Smith: for\nBea Jones: abstained", "votes_for": "2"})
    assert "do not match the counts entered" in refused.content.decode()
    refused = client.post(url, {**form, "named_votes": "Alex Smith voted for"})
    assert forms.NAMED_VOTE_FORMAT in html.unescape(refused.content.decode())
    assert not Decision.objects.exists()
    done = client.post(url, {**form, "named_votes": "alex smith: For\nBea Jones: abstained"})
    assert done.status_code == 302
    decision = Decision.objects.get()
    assert (decision.votes_for, decision.votes_abstained, decision.votes_against) == (1, 1, 0)
    assert sorted((v.councillor.name, v.vote) for v in decision.named_votes.all()) == [
        ("Alex Smith", "for"),
        ("Bea Jones", "abstain"),
    ]
    edit = client.get(reverse("governance:decision-edit", args=[decision.pk])).content.decode()
    assert "Alex Smith: for\nBea Jones: abstained" in edit


def _planned_entry(clerk, cabinet, matter: str = "Parks café concession"):
    return act.forward_plan_entry_create(
        details=ForwardPlanDetails(
            matter=matter, decision_maker=cabinet, planned_on=D(2027, 2, 1), contact_officer=clerk
        ),
        by=clerk,
        publish_on=D(2026, 12, 1),
    )


def _plan_form(entry, **changes) -> dict:
    return {
        "matter": entry.matter,
        "decision_maker": entry.decision_maker_id,
        **date_input("planned_on", entry.planned_on),
        "contact_officer": entry.contact_officer_id,
        "record_version": version_of(entry),
    } | changes


@pytest.mark.django_db
def test_a_forward_plan_entry_is_changed_from_its_change_link_with_one_history_entry(settings) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 12, 1)
    clerk = UserFactory(role=Role.DEMOCRATIC)
    entry = _planned_entry(clerk, BodyFactory(cabinet=True))
    client = Client()
    client.force_login(clerk)
    edit_url = reverse("governance:forward-plan-entry-edit", args=[entry.pk])
    plan = client.get(reverse("governance:forward-plan")).content.decode()
    assert f'href="{edit_url}"' in plan
    page = client.get(edit_url).content.decode()
    assert "Parks café concession" in html.unescape(page)
    assert 'name="publish"' not in page
    before = entry.history.count()
    response = client.post(
        edit_url,
        _plan_form(entry, matter="Parks café lease", documents="Report", **date_input("planned_on", D(2027, 3, 1))),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:forward-plan") + f"#{entry.reference}"
    entry.refresh_from_db()
    assert (entry.matter, entry.planned_on, entry.documents) == ("Parks café lease", D(2027, 3, 1), "Report")
    assert entry.first_published_on == D(2026, 12, 1)
    assert entry.history.count() == before + 1
    assert entry.history.latest().history_user == clerk
    history = client.get(reverse("governance:forward-plan-entry-history", args=[entry.pk]))
    assert history.status_code == 200
    assert html.unescape(history.content.decode()).count('data-testid="history-entry"') == 2


@pytest.mark.django_db
def test_a_wrong_change_to_a_forward_plan_entry_keeps_what_was_typed(settings) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 12, 1)
    clerk = UserFactory(role=Role.DEMOCRATIC)
    entry = _planned_entry(clerk, BodyFactory(cabinet=True))
    client = Client()
    client.force_login(clerk)
    before = entry.history.count()
    response = client.post(
        reverse("governance:forward-plan-entry-edit", args=[entry.pk]),
        _plan_form(entry, matter="", summary="Typed by the clerk", documents="Typed report"),
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert MATTER_REQUIRED in page
    assert "Typed by the clerk" in page
    assert "Typed report" in page
    entry.refresh_from_db()
    assert (entry.matter, entry.summary) == ("Parks café concession", "")
    assert entry.history.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ForwardPlanStatus.TAKEN, ForwardPlanStatus.WITHDRAWN])
def test_a_forward_plan_entry_whose_decision_is_taken_or_withdrawn_cannot_be_changed(settings, status) -> None:
    settings.GOVERNANCE_TODAY = D(2026, 12, 1)
    clerk = UserFactory(role=Role.DEMOCRATIC)
    entry = _planned_entry(clerk, BodyFactory(cabinet=True))
    ForwardPlanEntry.objects.filter(pk=entry.pk).update(status=status)
    entry.refresh_from_db()
    word = "taken" if status == ForwardPlanStatus.TAKEN else "withdrawn"
    message = act.PLAN_NOT_PLANNED.format(reference=entry.reference, status=word)
    client = Client()
    client.force_login(clerk)
    url = reverse("governance:forward-plan-entry-edit", args=[entry.pk])
    assert message in html.unescape(client.get(url).content.decode())
    before = entry.history.count()
    response = client.post(url, _plan_form(entry, matter="Changed after the decision"))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    entry.refresh_from_db()
    assert entry.matter == "Parks café concession"
    assert entry.history.count() == before
