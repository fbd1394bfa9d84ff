"""The programme's timeline (issue 11): the reviews planned, in progress or on hold over the next 12 quarters, grouped
by directorate or by skill, with each chart's table, the days used against available per skill and quarter (the
council's own roles only), and the same reviews as a spreadsheet and a calendar. The public see published reviews
only."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from commissioning.core.permissions import Role
from commissioning.reviews import actions, planning
from commissioning.reviews.actions import OfficerDetails
from commissioning.reviews.models import ReviewStatus, Skill
from tests.factories import DirectorateFactory, OrganisationFactory, ReviewFactory, ServiceFactory, UserFactory

NOW = "2026/27 Q3"  # the horizon: 2026/27 Q3 to 2029/30 Q2


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(planning, "current_quarter", lambda: NOW)
    OrganisationFactory(council=True)
    director = UserFactory(username="director", role=Role.DIRECTOR)
    adults = DirectorateFactory(name="Adults' Services")
    place = DirectorateFactory(name="Place")
    procured = ServiceFactory(name="Home care", directorate=adults)
    actions.service_skill_set(service=procured, skill=Skill.PROCUREMENT, by=director)

    def review(reference: str, directorate: Any, services: list[Any] | None = None, **fields: Any) -> Any:
        return ReviewFactory(
            reference=reference,
            title=f"Review {reference}",
            directorate=directorate,
            services=services or [ServiceFactory(directorate=directorate)],
            **fields,
        )

    reviews = {
        # procurement, three quarters from now: 20 days a quarter against the officer's 10
        "procured": review(
            "CR-2026-001", adults, [procured], published=True, planned_start=NOW, planned_end="2027/28 Q1"
        ),
        # under way past its planned end: still runs, shown in the first quarter
        "late": review(
            "CR-2025-002",
            place,
            status=ReviewStatus.IN_PROGRESS,
            planned_start="2025/26 Q4",
            planned_end="2026/27 Q2",
        ),
        # runs on past the horizon
        "later": review("CR-2029-003", place, published=True, planned_start="2029/30 Q1", planned_end="2030/31 Q1"),
        "completed": review("CR-2026-004", place, status=ReviewStatus.COMPLETED, published=True),
        "cancelled": review("CR-2026-005", place, status=ReviewStatus.CANCELLED, published=True),
        "archived": review("CR-2026-006", place, archived=True, planned_start=NOW, planned_end=NOW),
        "past": review("CR-2025-007", place, published=True, planned_start="2025/26 Q1", planned_end="2025/26 Q4"),
    }
    for skills, days in (([Skill.GENERALIST], 40), ([Skill.PROCUREMENT], 10)):
        actions.officer_create(
            details=OfficerDetails(
                name=f"Officer {days}", skills=skills, grade="PO3", annual_cost=50000, days_per_quarter=days
            ),
            by=director,
        )
    return {"director": director, "reviews": reviews}


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.mark.django_db
def test_the_timeline_shows_the_programme_by_directorate_and_skill_with_capacity_used_against_available(
    world: dict[str, Any],
) -> None:
    director = world["director"]
    timeline = planning.programme_timeline(user=director, with_capacity=True)
    assert (timeline.quarters[0], timeline.quarters[-1], len(timeline.quarters)) == (NOW, "2029/30 Q2", 12)
    assert [(g.name, [r.review.reference for r in g.rows]) for g in timeline.groups] == [
        ("Adults' Services", ["CR-2026-001"]),
        ("Place", ["CR-2025-002", "CR-2029-003"]),
    ]
    bars = {row.review.reference: (row.bar.first, row.bar.span, row.bar.later, row.late) for row in timeline.rows}
    assert bars == {
        "CR-2026-001": (1, 3, False, False),
        "CR-2025-002": (1, 1, False, True),
        "CR-2029-003": (11, 2, True, False),
    }
    client = _signed_in(director)
    page = client.get(reverse("plan:timeline"))
    assert page.status_code == 200
    text = _text(page)
    assert re.findall(r'<h2 class="govuk-heading-m" id="group-\d">([^<]*)</h2>', text) == ["Adults' Services", "Place"]
    for reference in ("CR-2026-004", "CR-2026-005", "CR-2026-006", "CR-2025-007"):
        assert reference not in text
    # every bar links to its review, and every chart has its table
    review = world["reviews"]["procured"]
    assert text.count(f'href="{reverse("reviews:detail", args=[review.pk])}"') == 2
    assert text.count('data-testid="timeline-chart"') == text.count('data-testid="timeline-table"') == 2
    assert ' style="' not in page.content.decode()
    # capacity: procurement 20 days used of 10 in the first three quarters; generalist 20 of 40 in the first
    capacity = {quarter.quarter: quarter for quarter in timeline.capacity}
    procurement = timeline.skills.index(str(Skill.PROCUREMENT.label))
    generalist = timeline.skills.index(str(Skill.GENERALIST.label))
    assert [(q.loads[procurement].used, q.loads[procurement].available) for q in timeline.capacity][:4] == [
        (20, 10),
        (20, 10),
        (20, 10),
        (0, 10),
    ]
    assert (capacity[NOW].loads[generalist].used, capacity[NOW].total.used, capacity[NOW].total.available) == (
        20,
        40,
        50,
    )
    assert [quarter for quarter, _skills in timeline.over] == [NOW, "2026/27 Q4", "2027/28 Q1"]
    assert "More review days are needed than officers have in 3 quarters: 2026/27 Q3, 2026/27 Q4, 2027/28 Q1" in text
    assert text.count("Over by 10") == 3
    assert "commissioning capacity</a> page" in text  # the staffing cost is on the officers' page, not repeated

    by_skill = planning.programme_timeline(user=director, by=planning.BY_SKILL)
    assert [(g.name, [r.review.reference for r in g.rows]) for g in by_skill.groups] == [
        ("Procurement", ["CR-2026-001"]),
        ("Generalist", ["CR-2025-002", "CR-2029-003"]),
    ]
    assert not by_skill.capacity
    text = _text(client.get(reverse("plan:timeline") + "?by=skill"))
    assert re.findall(r'<h2 class="govuk-heading-m" id="group-\d">([^<]*)</h2>', text) == ["Procurement", "Generalist"]
    assert '<strong aria-current="page">skill</strong>' in text
    nonsense = _text(client.get(reverse("plan:timeline") + "?by=nonsense"))
    assert '<strong aria-current="page">directorate</strong>' in nonsense


@pytest.mark.django_db
def test_the_public_see_published_reviews_only_and_no_capacity(world: dict[str, Any]) -> None:
    text = _text(Client().get(reverse("plan:timeline")))
    assert re.findall(r'href="/reviews/\d+/">(CR-[\d-]+)</a>', text) == ["CR-2026-001", "CR-2029-003"]
    assert "CR-2025-002" not in text
    assert 'id="capacity"' not in text
    assert "Over by" not in text
    assert "as the council has published them" in text
    sheet = load_workbook(io.BytesIO(Client().get(reverse("plan:timeline-xlsx")).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[0][:8], len(rows[0])) == (planning.TIMELINE_HEADERS, 8 + 12)
    assert (rows[0][8], rows[0][-1]) == (NOW, "2029/30 Q2")
    assert [row[0] for row in rows[1:]] == ["CR-2026-001", "CR-2029-003"]
    assert rows[1][8:12] == (20, 20, 20, None)
    ics = Client().get(reverse("plan:timeline-ics"))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode().replace("\r\n ", "")
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Review CR-2026-001 (CR-2026-001)" in body
    assert "DTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20270701" in body  # 1 October 2026 to 30 June 2027
    assert "CR-2025-002" not in body


@pytest.mark.django_db
def test_with_no_officer_recorded_the_capacity_is_the_planning_estimate_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(planning, "current_quarter", lambda: NOW)
    director = UserFactory(role=Role.DIRECTOR)
    timeline = planning.programme_timeline(user=director, with_capacity=True)
    assert timeline.assumed
    assert (timeline.groups, timeline.over) == ((), [])
    assert timeline.capacity[0].total.available == sum(
        planning.DEFAULT_DAYS_PER_QUARTER.get(skill, planning.DEFAULT_SPECIALIST_DAYS_PER_QUARTER)
        for skill in planning.SKILLS
    )
    page = _text(_signed_in(director).get(reverse("plan:timeline")))
    assert "No review is planned, in progress or on hold in these quarters" in page
    assert "No commissioning officer is recorded yet" in page
