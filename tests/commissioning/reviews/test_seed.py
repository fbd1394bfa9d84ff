"""The demo programme of reviews: the right size, consistent with the services, deterministic and idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from commissioning.accounts.models import User
from commissioning.reviews.calculations import quarter_span, service_status_for_review
from commissioning.reviews.demo import COVERED, REVIEWS
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage
from commissioning.reviews.selectors import ReviewFilters, review_list
from commissioning.services.models import Service
from tests import demo
from tests.demo import DemoCouncil

pytestmark = pytest.mark.django_db

METROPOLITAN = pytest.param("metropolitan", marks=pytest.mark.slow)


def seed(scale: str = "district", **options: Any) -> str:
    out = io.StringIO()
    call_command("seed_demo", scale=scale, stdout=out, **options)
    return out.getvalue()


@demo.read_after_each_seed
def programme() -> list[tuple[Any, ...]]:
    rows = []
    for review in CommissioningReview.objects.order_by("reference").select_related("directorate", "lead_commissioner"):
        services = tuple(sorted(review.services.values_list("reference", flat=True)))
        rows.append(
            (
                review.reference,
                review.title,
                review.purpose,
                review.directorate.code,
                review.lead_commissioner.username,
                review.stage,
                review.planned_start,
                review.planned_end,
                review.status,
                review.published,
                services,
            )
        )
    return rows


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_each_scale_has_its_programme_of_reviews(demo_council: DemoCouncil) -> None:
    scale = demo_council.scale
    reviews = CommissioningReview.objects.prefetch_related("services__directorate").select_related(
        "lead_commissioner", "directorate"
    )
    assert len(reviews) == REVIEWS[scale]
    covered: set[int] = set()
    for review in reviews:
        services = list(review.services.all())
        assert 1 <= len(services) <= 3, review.reference
        if review.status == ReviewStatus.CANCELLED:  # a cancelled review does not cover: the service follows that
            assert {s.review_status for s in services} == {"not_scheduled"}, review.reference
        else:
            assert {s.review_status for s in services} <= set(COVERED), review.reference
            expected = service_status_for_review(stage=review.stage, status=review.status)
            assert {s.review_status for s in services} == {expected}, review.reference
        assert {s.directorate_id for s in services} == {review.directorate_id}, review.reference
        assert not covered & {s.pk for s in services}, "a service is in two demo reviews"
        covered |= {s.pk for s in services}
        assert quarter_span(review.planned_start, review.planned_end) >= 1, review.reference
        assert review.reference.startswith(f"CR-{review.planned_start[:4]}-"), review.reference
        assert review.lead_commissioner.role in {"officer", "director"}
        if review.status == ReviewStatus.COMPLETED:
            assert review.stage == Stage.REVIEW
        review.full_clean()
    # Every kind of service review status that calls for a review is covered, and drafts exist beside published.
    assert {s.review_status for s in Service.objects.filter(pk__in=covered)} >= set(COVERED) - (
        {"decided"} if scale == "district" else set()
    )
    assert {r.published for r in reviews} == {True, False}
    assert len({r.stage for r in reviews}) >= 3


def test_same_seed_gives_the_same_programme_and_another_seed_another(demo_seeds: demo.Seeds) -> None:
    first, second = demo_seeds.runs(programme, 2026)  # each seeded into an empty database (tests/demo.py)
    assert first == second
    assert first != demo_seeds.runs(programme, 7)[0]
    assert len(first) == REVIEWS["district"]


def test_second_run_creates_and_changes_nothing_and_leaves_edits_alone(demo_district: DemoCouncil) -> None:
    review = CommissioningReview.objects.order_by("reference").first()
    CommissioningReview.objects.filter(pk=review.pk).update(title="Renamed by an officer", published=False)
    services_history = apps.get_model("reviews", "HistoricalCommissioningReview_services")
    before = (
        list(CommissioningReview.objects.order_by("pk").values()),
        sorted(CommissioningReview.services.through.objects.values_list("commissioningreview_id", "service_id")),
        CommissioningReview.history.count(),
        services_history.objects.count(),
    )

    output = seed()

    assert "0 records created" in output
    after = (
        list(CommissioningReview.objects.order_by("pk").values()),
        sorted(CommissioningReview.services.through.objects.values_list("commissioningreview_id", "service_id")),
        CommissioningReview.history.count(),
        services_history.objects.count(),
    )
    assert after == before
    review.refresh_from_db()
    assert (review.title, review.published) == ("Renamed by an officer", False)


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_every_seeded_review_has_a_creation_entry_with_its_services(demo_council: DemoCouncil) -> None:
    services_history = apps.get_model("reviews", "HistoricalCommissioningReview_services")
    created = {entry.id: entry for entry in CommissioningReview.history.filter(history_type="+")}
    assert set(created) == set(CommissioningReview.objects.values_list("pk", flat=True))
    # Beside its creation entry, a held or cancelled review has the entry of its recorded move (ADR 0021).
    moved = CommissioningReview.objects.filter(status__in=[ReviewStatus.ON_HOLD, ReviewStatus.CANCELLED]).count()
    assert CommissioningReview.history.count() == len(created) + moved
    assert {entry.history_change_reason for entry in created.values()} == {"Demo council seeded"}
    current: dict[int, set[int]] = {}
    for review_id, service_id in CommissioningReview.services.through.objects.values_list(
        "commissioningreview_id", "service_id"
    ):
        current.setdefault(review_id, set()).add(service_id)
    recorded: dict[int, set[int]] = {}
    for history_id, service_id in services_history.objects.values_list("history_id", "service_id"):
        recorded.setdefault(history_id, set()).add(service_id)
    for pk, entry in created.items():
        assert recorded.get(entry.history_id) == current[pk], pk


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_every_seeded_status_follows_from_its_records(demo_council: DemoCouncil) -> None:
    """ADR 0021: planned only at Analyse, completed only at Review, and a review on hold or cancelled has its
    recorded move, by its lead commissioner, saying why."""
    moves = {ReviewStatus.ON_HOLD: "Put on hold: ", ReviewStatus.CANCELLED: "Cancelled: "}
    for review in CommissioningReview.objects.select_related("lead_commissioner"):
        if review.status == ReviewStatus.PLANNED:
            assert review.stage == Stage.ANALYSE, review.reference
        if review.status == ReviewStatus.COMPLETED:
            assert review.stage == Stage.REVIEW, review.reference
        latest = review.history.first()
        if review.status in moves:
            before = latest.prev_record
            assert latest.history_change_reason.startswith(moves[review.status]), review.reference
            assert len(latest.history_change_reason) > len(moves[review.status]) + 10
            assert latest.history_user == review.lead_commissioner
            assert (before.status, latest.status) == (ReviewStatus.IN_PROGRESS, review.status)
        else:
            assert latest.history_type == "+", review.reference
    # The list's status filter finds them by the status their records gave them.
    officer = User.objects.get(username="officer")
    for status in ReviewStatus.values:
        listed = review_list(user=officer, filters=ReviewFilters(status=status, include_archived=True))
        assert set(listed) == set(CommissioningReview.objects.filter(status=status)), status
