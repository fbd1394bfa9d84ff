"""The signed-in home page shows each user their own work: what awaits them, what is overdue, and what is new since
they last signed in (commissioning.portal.home, read through each app's selectors). Residents keep the public page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.appraisals import selectors as appraisal_selectors
from commissioning.appraisals.models import BusinessCaseStatus
from commissioning.core.permissions import Role
from commissioning.imports.models import ImportJob, ImportKind, ImportStatus
from commissioning.intelligence import selectors as intelligence_selectors
from commissioning.reviews import selectors as review_selectors
from commissioning.reviews.models import ReviewStatus
from commissioning.services import selectors as service_selectors
from tests.commissioning.appraisals.factories import BusinessCaseFactory
from tests.commissioning.intelligence.conftest import Patch
from tests.commissioning.intelligence.factories import WardIntelligenceFactory
from tests.factories import ReviewFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PAST = timezone.localdate() - dt.timedelta(days=10)
FUTURE = timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def work(patch: Patch) -> dict[str, Any]:
    """Work for Olive (officer, accountable for the bins), Dev (her director), Ada (councillor) and others."""
    other_officer = UserFactory(username="oscar", role=Role.OFFICER)
    elsewhere = ServiceFactory(reference="ELS-001", name="Parks", accountable_officer=other_officer)
    patch.bins.next_review_due = PAST
    patch.bins.save()
    made = {
        "to_answer": WardIntelligenceFactory(
            service=patch.bins,
            ward=patch.millbrook,
            councillor=patch.councillor,
            title="Missed bins",
            response_due=FUTURE,
        ),
        "overdue": WardIntelligenceFactory(
            service=patch.bins,
            ward=patch.millbrook,
            councillor=patch.councillor,
            title="Overflowing bins",
            acknowledged=True,
            submitted_at=NOW - dt.timedelta(days=30),
            response_due=PAST,
        ),
        "answered": WardIntelligenceFactory(
            service=patch.bins,
            ward=patch.millbrook,
            councillor=patch.councillor,
            title="Bin rota",
            responded=True,
            submitted_at=NOW - dt.timedelta(days=3),
        ),
        "elsewhere": WardIntelligenceFactory(
            service=elsewhere, ward=patch.riverside, title="Parks gates locked", response_due=FUTURE
        ),
        "own_review": ReviewFactory(
            title="Waste review",
            status=ReviewStatus.IN_PROGRESS,
            planned_start="2024/25 Q1",
            planned_end="2024/25 Q4",
            lead_commissioner=patch.officer,
            directorate=patch.directorate,
        ),
        "other_review": ReviewFactory(
            title="Parks review",
            status=ReviewStatus.IN_PROGRESS,
            planned_start="2024/25 Q1",
            planned_end="2024/25 Q4",
            lead_commissioner=other_officer,
        ),
        "on_time_review": ReviewFactory(
            title="Libraries review",
            status=ReviewStatus.IN_PROGRESS,
            planned_start="2024/25 Q1",
            planned_end="2099/00 Q4",
            lead_commissioner=patch.officer,
        ),
        "elsewhere_service": elsewhere,
        "other_officer": other_officer,
    }
    made["case"] = BusinessCaseFactory(
        review=made["own_review"], status=BusinessCaseStatus.SUBMITTED, submitted_at=NOW, board="Programme Board"
    )
    made["draft"] = BusinessCaseFactory(review=made["other_review"])
    made["failed"] = ImportJob.objects.create(
        kind=ImportKind.BUDGETS,
        filename="budgets-2026.xlsx",
        size=10,
        sha256="a" * 64,
        status=ImportStatus.FAILED,
        created_by=patch.officer,
    )
    return made


def _signed_in(user: User, *, last: dt.datetime | None = None) -> Client:
    """A client signed in as the user, who last signed in at ``last`` (so that it is their previous sign-in now)."""
    user.last_login = last
    user.save(update_fields=["last_login"])
    client = Client()
    client.force_login(user)
    return client


def _section(content: str, testid: str) -> str:
    start = content.find(f'data-testid="{testid}"')
    if start == -1:
        return ""
    return content[
        start : content.find("</section>", start) if "work-" not in testid else content.find("</div>", start)
    ]


def _titles(content: str, testid: str) -> list[str]:
    return re.findall(
        r'<a class="govuk-link" href="[^"]+">[A-Z]{2}-\d{4}-\d{4}: ([^<]+)</a>', _section(content, testid)
    )


def test_an_officer_sees_what_awaits_them_what_is_overdue_and_what_is_new(patch: Patch, work: dict[str, Any]) -> None:
    content = _signed_in(patch.officer, last=NOW - dt.timedelta(days=1)).get("/").content.decode()
    assert _titles(content, "work-intelligence-to-answer") == ["Overflowing bins", "Missed bins"]  # soonest due first
    assert "budgets-2026.xlsx" in _section(content, "work-failed-imports")
    assert f'href="/imports/{work["failed"].pk}/"' in content
    overdue_reviews = _section(content, "work-reviews-overdue")
    assert "Waste review" in overdue_reviews
    assert "Parks review" not in overdue_reviews
    assert "Libraries review" not in overdue_reviews
    assert "Parks review" in _section(content, "work-reviews-new")  # but new to her
    assert "Household waste collection" in _section(content, "work-services-review-overdue")
    assert _titles(content, "work-intelligence-overdue") == ["Overflowing bins"]
    # New since yesterday: what was submitted since (not last month's), and the business case.
    assert _titles(content, "work-intelligence-new") == ["Missed bins"]
    assert "Waste review" in _section(content, "work-business-cases-new")
    assert "Parks gates locked" not in content  # not a service she answers for
    assert "work-business-cases-to-decide" not in content  # officers do not decide


def test_a_councillor_sees_the_answers_to_their_own_intelligence(patch: Patch, work: dict[str, Any]) -> None:
    content = _signed_in(patch.councillor.user, last=NOW - dt.timedelta(days=5)).get("/").content.decode()
    assert _titles(content, "work-intelligence-answers") == ["Bin rota"]
    assert _titles(content, "work-intelligence-overdue") == ["Overflowing bins"]
    assert _titles(content, "work-intelligence-new") == ["Bin rota"]  # answered two days ago
    for theirs_not in (
        "work-intelligence-to-answer",
        "work-business-cases-to-decide",
        "work-failed-imports",
        "work-reviews-overdue",  # the programme is not a ward councillor's work
        "work-services-review-overdue",
    ):
        assert theirs_not not in content
    assert "Parks gates locked" not in content  # another councillor's


def test_a_cabinet_member_sees_the_business_cases_to_decide(patch: Patch, work: dict[str, Any]) -> None:
    cabinet = UserFactory(role=Role.CABINET)
    content = _signed_in(cabinet).get("/").content.decode()
    assert "Waste review (CR-" in _section(content, "work-business-cases-to-decide")
    assert "Submitted to Programme Board on" in content
    assert f'href="/appraisals/business-cases/{work["case"].pk}/"' in content
    assert f'href="/appraisals/business-cases/{work["draft"].pk}/"' not in content
    # Every overdue review, not only their own; no ward intelligence to answer.
    assert {"Waste review", "Parks review"} <= set(
        re.findall(r">(\w+ review) \(", _section(content, "work-reviews-overdue"))
    )
    assert "work-intelligence-to-answer" not in content
    assert "This is the first time you have signed in" in content


def test_a_director_decides_and_answers_for_their_directorate(patch: Patch, work: dict[str, Any]) -> None:
    content = _signed_in(patch.director).get("/").content.decode()
    assert "Waste review" in _section(content, "work-business-cases-to-decide")
    assert _titles(content, "work-intelligence-to-answer") == ["Overflowing bins", "Missed bins"]


def test_residents_keep_the_public_home_page(work: dict[str, Any]) -> None:
    content = Client().get("/").content.decode()
    assert "How the council reviews its services" in content
    assert 'data-testid="awaiting"' not in content


def test_nothing_to_show_says_so(patch: Patch) -> None:
    content = _signed_in(UserFactory(role=Role.SCRUTINY), last=NOW).get("/").content.decode()
    assert "Nothing is waiting for you." in content
    assert "Nothing is overdue." in content
    assert "Nothing new since then." in content


def test_the_selectors_show_a_few_and_count_them_all(patch: Patch, work: dict[str, Any]) -> None:
    for n in range(7):
        WardIntelligenceFactory(
            service=patch.bins, ward=patch.millbrook, councillor=patch.councillor, title=f"More {n}"
        )
    waiting = intelligence_selectors.intelligence_to_answer(user=patch.officer, limit=5)
    assert (len(waiting.items), waiting.total, waiting.more) == (5, 9, 4)
    assert intelligence_selectors.intelligence_to_answer(user=work["other_officer"]).total == 1
    assert intelligence_selectors.intelligence_to_answer(user=patch.councillor.user).total == 0
    assert intelligence_selectors.intelligence_new_since(user=patch.officer, since=None).total == 0
    assert appraisal_selectors.business_cases_to_decide(user=patch.officer).total == 0
    assert [case.pk for case in appraisal_selectors.business_cases_to_decide(user=patch.director).items] == [
        work["case"].pk
    ]
    assert review_selectors.reviews_overdue(user=patch.officer).items == [work["own_review"]]
    for role in (Role.PROVIDER, Role.COUNCILLOR, Role.ADMIN):
        assert review_selectors.reviews_overdue(user=UserFactory(role=role)).total == 0
        assert service_selectors.services_review_overdue(user=UserFactory(role=role)).total == 0
    assert review_selectors.reviews_overdue(user=UserFactory(role=Role.SCRUTINY)).total == 2
    assert service_selectors.services_review_overdue(user=patch.officer).items == [patch.bins]
    assert service_selectors.services_review_overdue(user=work["other_officer"]).total == 0


def test_signing_in_keeps_the_previous_sign_in_without_a_history_entry(patch: Patch) -> None:
    user = patch.officer
    entries = user.history.count()
    Client().force_login(user)
    user.refresh_from_db()
    first = user.last_login
    assert first is not None
    assert user.previous_login is None
    Client().force_login(user)
    user.refresh_from_db()
    assert user.previous_login == first
    assert user.last_login > first
    assert user.history.count() == entries
