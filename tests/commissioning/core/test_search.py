"""Search is not fooled by case, accents or curly quotes, on every list that has a search, on SQLite and PostgreSQL
(the suite runs on both): "Ysgol’s" finds "Ysgol's" and back, "cafe" finds "Café" and "CAFÉ" finds "cafe"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.appraisals import selectors as appraisals
from commissioning.core.permissions import Role
from commissioning.core.search import backfill, fold, folded, words
from commissioning.imports import selectors as imports
from commissioning.intelligence import selectors as intelligence
from commissioning.intelligence.models import WardIntelligence
from commissioning.outcomes import selectors as outcomes
from commissioning.outcomes.models import Consultation, Indicator, NeedsEvidence, Outcome
from commissioning.reviews import selectors as reviews
from commissioning.reviews.models import CommissioningReview
from commissioning.risks import selectors as risks
from commissioning.services import selectors as services
from commissioning.services.actions import ServiceDetails, service_update
from commissioning.services.models import Service
from tests.commissioning.appraisals.factories import BusinessCaseFactory
from tests.commissioning.imports.factories import ImportJobFactory
from tests.commissioning.intelligence.factories import WardIntelligenceFactory
from tests.commissioning.outcomes.factories import (
    ConsultationFactory,
    EvidenceFactory,
    IndicatorFactory,
    OutcomeFactory,
)
from tests.commissioning.risks.risk_world import make_risk
from tests.demo import DemoCouncil
from tests.factories import ReviewFactory, ServiceFactory

SEARCHABLE = [Service, CommissioningReview, WardIntelligence, Outcome, Indicator, NeedsEvidence, Consultation]

# (what someone typed, what the record says): each must find the record.
MATCHES = [
    ("Ysgol’s", "Ysgol's Garden"),  # curly apostrophe typed, straight one stored
    ("Ysgol's", "Ysgol’s Garden"),  # and the other way round
    ("ysgolʼs", "YSGOL'S GARDEN"),  # modifier letter apostrophe, and case
    ("cafe", "Café Lounge"),
    ("CAFÉ", "cafe lounge"),
    ("“café”", '"Cafe" lounge'),
    ("Gŵyl", "gwyl y gaeaf"),  # Welsh circumflex
]
MISSES = [("Ysgol’s", "Ysgols Garden"), ("cafe", "Caff Lounge")]


def test_fold_case_folds_strips_accents_and_straightens_quotes() -> None:
    assert fold("Ysgol’s CAFÉ “Gŵyl” ‘x’ 5′ 6″") == "ysgol's cafe \"gwyl\" 'x' 5' 6\""
    assert fold("Straße") == "strasse"
    assert fold("ﬁle") == "file"  # compatibility forms too (NFKD)
    assert words("  Ysgol’s   Café  ") == ["ysgol's", "cafe"]
    assert len(words("a b c d e f g h i j")) == 8


# Each list with a search: (the role that looks, a maker given a text, the list it returns for a search).
def _service(text: str, user: Any) -> Any:
    return ServiceFactory(name=text)


def _service_by_description(text: str, user: Any) -> Any:
    return ServiceFactory(name="Something else", description=text)


def _intelligence_by_service(text: str, user: Any) -> Any:
    return WardIntelligenceFactory(service=ServiceFactory(name=text))


LISTS: dict[str, tuple[str, Callable[[str, Any], Any], Callable[[Any, str], Any]]] = {
    "services": (
        Role.OFFICER,
        _service,
        lambda user, q: services.service_list(user=user, filters=services.ServiceFilters(q=q)),
    ),
    "services by description": (
        Role.OFFICER,
        _service_by_description,
        lambda user, q: services.service_list(user=user, filters=services.ServiceFilters(q=q)),
    ),
    "reviews": (
        Role.OFFICER,
        lambda text, user: ReviewFactory(title=text),
        lambda user, q: reviews.review_list(user=user, filters=reviews.ReviewFilters(q=q)),
    ),
    "reviews by a service under review": (
        Role.OFFICER,
        lambda text, user: ReviewFactory(services=[ServiceFactory(name=text)]),
        lambda user, q: reviews.review_list(user=user, filters=reviews.ReviewFilters(q=q)),
    ),
    "ward intelligence": (
        Role.OFFICER,
        lambda text, user: WardIntelligenceFactory(title=text),
        lambda user, q: intelligence.intelligence_list(user=user, filters=intelligence.IntelligenceFilters(q=q)),
    ),
    "ward intelligence by its service": (
        Role.OFFICER,
        _intelligence_by_service,
        lambda user, q: intelligence.intelligence_list(user=user, filters=intelligence.IntelligenceFilters(q=q)),
    ),
    "outcomes": (
        Role.OFFICER,
        lambda text, user: OutcomeFactory(name=text),
        lambda user, q: outcomes.outcome_list(user=user, filters=outcomes.OutcomeFilters(q=q)),
    ),
    "indicators": (
        Role.OFFICER,
        lambda text, user: IndicatorFactory(name=text),
        lambda user, q: outcomes.indicator_list(user=user, filters=outcomes.IndicatorFilters(q=q)),
    ),
    "needs evidence": (
        Role.OFFICER,
        lambda text, user: EvidenceFactory(title=text, service=ServiceFactory()),
        lambda user, q: outcomes.evidence_list(user=user, filters=outcomes.EvidenceFilters(q=q)),
    ),
    "consultations": (
        Role.OFFICER,
        lambda text, user: ConsultationFactory(title=text, service=ServiceFactory()),
        lambda user, q: outcomes.consultation_list(user=user, filters=outcomes.ConsultationFilters(q=q)),
    ),
    "business cases": (
        Role.ADMIN,
        lambda text, user: BusinessCaseFactory(review=ReviewFactory(title=text)),
        lambda user, q: appraisals.business_case_list(user=user, filters=appraisals.BusinessCaseFilters(q=q)),
    ),
    "imports": (
        Role.FINANCE,
        lambda text, user: ImportJobFactory(filename=f"{text}.csv", created_by=user),
        lambda user, q: imports.job_list(user=user, filters=imports.JobFilters(q=q)),
    ),
    "risks": (
        Role.OFFICER,
        lambda text, user: make_risk(user, title=text),
        lambda user, q: risks.risk_list(user=user, filters=risks.RiskFilters(q=q)),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_every_list_search_ignores_case_accents_and_curly_quotes(name: str, users: dict[str, Any]) -> None:
    role, make, search = LISTS[name]
    user = users[role]
    for typed, stored in MATCHES + MISSES:
        record = make(stored, user)
        found = record.pk in {row.pk for row in search(user, typed)}
        assert found == ((typed, stored) in MATCHES), f"{typed!r} and {stored!r} on {name}"
        assert record.pk in {row.pk for row in search(user, "")}


PAGES = {
    "services": ("services:list", ""),
    "reviews": ("reviews:list", ""),
    "reviews by a service under review": ("reviews:list", ""),
    "ward intelligence": ("intelligence:list", "scope=all&status=any&"),
    "outcomes": ("outcomes:list", ""),
    "indicators": ("outcomes:indicator-list", ""),
    "needs evidence": ("outcomes:evidence-list", ""),
    "consultations": ("outcomes:consultation-list", ""),
    "business cases": ("appraisals:business-case-list", ""),
    "imports": ("imports:list", ""),
    "risks": ("risks:list", ""),
}


def _queries(client: Client, path: str) -> int:
    client.get(path)  # warm up: per-process caches (content types, templates) are filled once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_a_search_costs_no_query_more_than_the_list(name: str, users: dict[str, Any]) -> None:
    role, make, _ = LISTS[name]
    route, query = PAGES[name]
    client = Client()
    client.force_login(users[role])
    for _ in range(3):
        make("Ysgol's Café", users[role])
    path = reverse(route) + "?" + query
    listed = _queries(client, path)
    searched = _queries(client, path + "q=" + quote("YSGOL’S CAFE"))
    assert searched == listed
    assert "Ysgol" in client.get(path + "q=" + quote("ysgol’s café")).content.decode()


@pytest.mark.django_db
def test_the_search_text_follows_every_save(users: dict[str, Any]) -> None:
    """Saved through an action (one history entry, without the hidden column) and in bulk, it is kept up to date."""
    service = ServiceFactory(name="Old name")
    assert service.search_text.startswith("old name\n")
    service_update(
        service=service,
        details=services_details(service, name="Ysgol’s Café"),
        by=users[Role.OFFICER],
        version=None,
    )
    service.refresh_from_db()
    assert service.search_text.startswith("ysgol's cafe\n")
    assert service.search_key == f"ysgol's cafe\n{service.reference.casefold()}"
    assert "search_text" not in {field.name for field in Service.history.model._meta.fields}

    built = ServiceFactory.build(name="Bulk Café", reference="ENV-999", directorate=service.directorate)
    built.accountable_officer = service.accountable_officer
    (made,) = Service.objects.bulk_create([built])
    assert Service.objects.get(pk=made.pk).search_text.startswith("bulk cafe\n")

    made.name = "Bulk Ŵyl"
    Service.objects.bulk_update([made], ["name"])
    assert Service.objects.get(pk=made.pk).search_text.startswith("bulk wyl\n")
    made.name = "Saved Ŷ"
    made.save(update_fields=["name"])
    assert Service.objects.get(pk=made.pk).search_key == "saved y\nenv-999"


def services_details(service: Service, **changes: Any) -> ServiceDetails:
    fields = {name: getattr(service, name) for name in ServiceDetails.__dataclass_fields__}
    return ServiceDetails(**{**fields, "wards": list(service.wards.all()), **changes})


@pytest.mark.django_db
def test_the_seeded_demo_council_is_searchable(demo_district: DemoCouncil) -> None:
    """The seeder writes in bulk: every searchable record it made has its hidden columns filled."""
    for model in SEARCHABLE:
        assert model.objects.exists(), model
        for column, fields in model.search_columns.items():
            for row in model.objects.all()[:50]:
                assert getattr(row, column) == folded(row, fields), (model, column, row.pk)
            assert not model.objects.filter(**{column: ""}).exists(), (model, column)


@pytest.mark.django_db
def test_the_migration_fills_the_rows_that_exist() -> None:
    service = ServiceFactory(name="Café Ysgol’s", reference="ENV-123")
    Service.objects.filter(pk=service.pk).update(search_text="", search_key="")  # as the rows were before
    backfill("services", "Service", {"search_text": ("name",), "search_key": ("name", "reference")}).code(
        django_apps, None
    )
    service.refresh_from_db()
    assert (service.search_text, service.search_key) == ("cafe ysgol's", "cafe ysgol's\nenv-123")
