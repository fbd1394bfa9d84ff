"""Involvement pages: what they show, and that their query count does not grow with the number of reviews."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.governance.actions import involvement as actions
from commissioning.governance.models import BodyKind, InvolvementEntry, ProtocolStep
from commissioning.governance.selectors import involvement as selectors
from commissioning.reviews.models import CommissioningReview
from tests.commissioning.governance.factories import BodyFactory
from tests.commissioning.governance.involvement_world import build_world
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _count(client, path):
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _another_review(world, n):
    review = ReviewFactory(reference=f"CR-2026-6{n:02d}", services=[world["service"]], directorate=world["directorate"])
    BodyFactory(kind=BodyKind.PROGRAMME_BOARD, name=f"Board {n}", review=review)
    actions.involvement_plan_generate(review=review, by=world["officer"])
    return review


def test_my_involvement_and_plan_pages_cost_the_same_queries_however_many_reviews(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: dt.date(2026, 5, 10))
    world = build_world()
    actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    member, cabinet, officer = _client(world["ward_user"]), _client(world["cabinet_user"]), _client(world["officer"])
    paths = {
        "mine (ward)": (member, reverse("governance:my-involvement")),
        "mine (cabinet)": (cabinet, reverse("governance:my-involvement")),
        "plan": (officer, reverse("governance:review-involvement", args=[world["review"].pk])),
        "gates": (officer, reverse("governance:review-gates", args=[world["review"].pk])),
        "review": (officer, reverse("reviews:detail", args=[world["review"].pk])),
        "protocol": (officer, reverse("governance:protocol")),
    }
    before = {name: _count(client, path) for name, (client, path) in paths.items()}
    for n in range(3):
        _another_review(world, n)
    after = {name: _count(client, path) for name, (client, path) in paths.items()}
    assert after == before
    page = html.unescape(member.get(reverse("governance:my-involvement")).content.decode())
    assert page.count("Say what residents of your ward tell you about the service") == 4


def test_the_review_page_shows_member_involvement_and_links_to_its_gate():
    world = build_world()
    actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    page = html.unescape(
        _client(world["officer"]).get(reverse("reviews:detail", args=[world["review"].pk])).content.decode()
    )
    assert "Member involvement" in page
    assert "Sign off the evidence pack" in page
    assert reverse("governance:review-gates", args=[world["review"].pk]) in page
    # The review's edit form shows the stage, not a choice of it, and links to the gate.
    form = _client(world["officer"]).get(reverse("reviews:edit", args=[world["review"].pk])).content.decode()
    assert 'name="stage"' not in form
    assert reverse("governance:review-gates", args=[world["review"].pk]) in form


def test_an_amendment_posted_without_a_reason_shows_the_error_and_saves_nothing():
    world = build_world()
    response = _client(world["officer"]).post(
        reverse("governance:review-involvement-add", args=[world["review"].pk]),
        {"stage": "analyse", "part": "consulted", "councillor": world["south_cllr"].pk, "asked": "Meet the forum"},
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert actions.AMENDMENT_REASON_REQUIRED in page
    assert 'value="Meet the forum"' in page
    assert not InvolvementEntry.objects.exists()


def test_a_protocol_change_without_a_reason_is_refused_and_with_one_is_listed_with_who():
    world = build_world()
    step = ProtocolStep.objects.order_by("pk").first()
    client = _client(world["democratic"])
    data = {
        "stage": step.stage,
        "participant": step.participant,
        "part": step.part,
        "asked": "Something new",
        "weeks_into_stage": 3,
    }
    url = reverse("governance:protocol-step-edit", args=[step.pk])
    refused = html.unescape(client.post(url, data).content.decode())
    assert actions.PROTOCOL_REASON_REQUIRED in refused
    assert ProtocolStep.objects.get(pk=step.pk).asked == step.asked
    assert client.post(url, {**data, "reason": "Agreed by Cabinet"}).status_code == 302
    page = html.unescape(client.get(reverse("governance:protocol")).content.decode())
    assert "Something new" in page
    assert "Agreed by Cabinet" in page


def test_a_refused_stage_move_names_what_is_missing_and_moves_nothing():
    world = build_world()
    response = _client(world["officer"]).post(reverse("governance:review-stage-advance", args=[world["review"].pk]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "CR-2026-501 cannot move from Analyse to Plan" in page
    assert selectors.NOT_SIGNED_OFF in page
    assert CommissioningReview.objects.get(pk=world["review"].pk).stage == "analyse"


def test_review_and_service_pages_show_their_decisions_drafts_only_inside_the_council():
    from commissioning.governance.models import DecisionStatus
    from tests.commissioning.governance.involvement_world import adopting_decision_for

    world = build_world()
    adopting_decision_for(world)
    from tests.commissioning.governance.factories import DecisionFactory

    DecisionFactory(title="A draft not yet published", review=world["review"], status=DecisionStatus.DRAFT)
    review_url = reverse("reviews:detail", args=[world["review"].pk])
    service_url = reverse("services:detail", args=[world["service"].pk])
    inside = html.unescape(_client(world["officer"]).get(review_url).content.decode())
    assert "Recommission home care" in inside
    assert "A draft not yet published" in inside
    public = html.unescape(Client().get(review_url).content.decode())
    assert "Recommission home care" in public
    assert "A draft not yet published" not in public
    assert "Member involvement" not in public
    service_page = html.unescape(Client().get(service_url).content.decode())
    assert "Recommission home care" in service_page


def test_a_decision_page_shows_the_involvement_record_behind_it_inside_the_council_only():
    from commissioning.governance.models import DecisionStatus
    from tests.commissioning.governance.factories import DecisionFactory

    world = build_world()
    actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    decision = DecisionFactory(
        review=world["review"], status=DecisionStatus.PUBLISHED, published_on=dt.date(2026, 5, 1), body=world["cabinet"]
    )
    path = reverse("governance:decision", args=[decision.pk])
    page = html.unescape(_client(world["officer"]).get(path).content.decode())
    assert "Involvement record" in page
    assert "The evidence pack has no Programme Board sign-off on record." in page
    assert "Ada North" in page  # the ward councillor consulted at Analyse or Plan
    public = html.unescape(Client().get(path).content.decode())
    assert "Involvement record" not in public


def test_my_involvement_shows_ten_reviews_a_page(monkeypatch):
    from commissioning.governance.views.involvement import MY_INVOLVEMENT_PAGE_SIZE

    monkeypatch.setattr(selectors, "today", lambda: dt.date(2026, 5, 10))
    world = build_world()
    actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    for n in range(MY_INVOLVEMENT_PAGE_SIZE):
        _another_review(world, n)
    member = _client(world["ward_user"])
    first = member.get(reverse("governance:my-involvement")).content.decode()
    second = member.get(reverse("governance:my-involvement") + "?page=2").content.decode()
    references = list(CommissioningReview.objects.values_list("reference", flat=True))
    on_first = {ref for ref in references if ref in first}
    on_second = {ref for ref in references if ref in second}
    assert len(on_first) == MY_INVOLVEMENT_PAGE_SIZE
    assert len(on_second) == 1
    assert on_first | on_second == set(references)
    assert "?page=2" in first


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_my_involvement_reads_the_users_entries_through_indexes_not_every_entry_of_the_council(monkeypatch):
    # The page's cost must not grow with the council: each query touching the involvement entries finds the user's
    # through an index (the officer, the councillor, the bodies they sit on, the page's reviews), never by scanning.
    monkeypatch.setattr(selectors, "today", lambda: dt.date(2026, 5, 10))
    world = build_world()
    actions.involvement_plan_generate(review=world["review"], by=world["officer"])
    for n in range(2):
        _another_review(world, n)
    member = _client(world["ward_user"])
    member.get(reverse("governance:my-involvement"))
    with CaptureQueriesContext(connection) as queries:
        assert member.get(reverse("governance:my-involvement")).status_code == 200
    involving = [q["sql"] for q in queries.captured_queries if "governance_involvemententry" in q["sql"]]
    assert len(involving) == 3  # count the reviews, one page of them, that page's entries
    with connection.cursor() as cursor:
        for sql in involving:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            scans = [row[-1] for row in cursor.fetchall() if row[-1].startswith("SCAN")]
            assert scans == [], (sql, scans)
