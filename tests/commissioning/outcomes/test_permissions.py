"""Who may do what with outcomes, indicators, values, evidence and consultations: every route, every role (and
anonymous), every object state.

The same readable matrix as tests/commissioning/test_permissions.py, whose route-coverage test reads MATRIX from this
module too. Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Outcomes: OK 200; DONE 302 after the change (which is checked: one history entry, by the user); LOGIN 302 to sign
in; DENIED 403; HIDDEN 404 (the record is not visible to this user, so its existence is not revealed). Every POST
that is not DONE must leave the database exactly as it was.

The rules (commissioning/outcomes/rules.py): internal roles read everything; the public and providers read published,
current priorities, outcomes and indicators and their values; officers and directors change everything; finance
records and withdraws values of indicators measured in pounds only; needs evidence, consultations and evidence packs
are internal.

States. Priorities: published (with an outcome), empty (published, no outcome, so it can be archived), unpublished,
archived. Outcomes and indicators: published, unpublished, archived; indicators also money (published, in pounds).
Values: value (of the published indicator), money_value, hidden_value (of the unpublished indicator), withdrawn.
Evidence and consultations: current, archived. Services (for the evidence pack): published, unpublished.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.outcomes.models import (
    Consultation,
    Indicator,
    Measurement,
    NeedsEvidence,
    Outcome,
    Priority,
    Target,
)
from commissioning.services.models import Service
from tests import matrix
from tests.commissioning.outcomes.factories import (
    ConsultationFactory,
    EvidenceFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    PriorityFactory,
)
from tests.dates import date_input
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK
from tests.matrix import label as _label

ALL = (OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK)
READ_INTERNAL = (HIDDEN, OK, OK, OK, OK, OK, OK, HIDDEN, OK, OK, HIDDEN)
INTERNAL = (LOGIN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, DENIED)
EDIT_GET = (LOGIN, OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
EDIT_POST = (LOGIN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HIDDEN_GET = (HIDDEN, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
HIDDEN_POST = (HIDDEN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
HIDDEN_REFUSED = (HIDDEN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
LOGIN_REFUSED = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
MONEY_GET = (LOGIN, OK, OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
MONEY_POST = (LOGIN, DONE, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
HIDDEN_MONEY_GET = (HIDDEN, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)
HIDDEN_MONEY_POST = (HIDDEN, DONE, DONE, DONE, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)


# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                                   method  state           anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    # Outcomes
    ("outcomes:list",                         "GET",  "-",            ALL),
    ("outcomes:export-csv",                   "GET",  "-",            ALL),
    ("outcomes:export-xlsx",                  "GET",  "-",            ALL),
    ("outcomes:create",                       "GET",  "-",            EDIT_GET),
    ("outcomes:create",                       "POST", "-",            EDIT_POST),
    ("outcomes:detail",                       "GET",  "published",    ALL),
    ("outcomes:detail",                       "GET",  "unpublished",  READ_INTERNAL),
    ("outcomes:detail",                       "GET",  "archived",     READ_INTERNAL),
    ("outcomes:edit",                         "GET",  "published",    EDIT_GET),
    ("outcomes:edit",                         "POST", "published",    EDIT_POST),
    ("outcomes:edit",                         "GET",  "unpublished",  HIDDEN_GET),
    ("outcomes:edit",                         "POST", "unpublished",  HIDDEN_POST),
    ("outcomes:edit",                         "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:archive",                      "GET",  "published",    EDIT_GET),
    ("outcomes:archive",                      "POST", "published",    EDIT_POST),
    ("outcomes:archive",                      "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:restore",                      "GET",  "archived",     HIDDEN_GET),
    ("outcomes:restore",                      "POST", "archived",     HIDDEN_POST),
    ("outcomes:restore",                      "POST", "published",    LOGIN_REFUSED),
    ("outcomes:history",                      "GET",  "published",    INTERNAL),
    ("outcomes:history",                      "GET",  "unpublished",  READ_INTERNAL),
    # Priorities
    ("outcomes:priority-create",              "GET",  "-",            EDIT_GET),
    ("outcomes:priority-create",              "POST", "-",            EDIT_POST),
    ("outcomes:priority-detail",              "GET",  "published",    ALL),
    ("outcomes:priority-detail",              "GET",  "unpublished",  READ_INTERNAL),
    ("outcomes:priority-detail",              "GET",  "archived",     READ_INTERNAL),
    ("outcomes:priority-edit",                "GET",  "published",    EDIT_GET),
    ("outcomes:priority-edit",                "POST", "published",    EDIT_POST),
    ("outcomes:priority-edit",                "POST", "unpublished",  HIDDEN_POST),
    ("outcomes:priority-edit",                "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:priority-archive",             "GET",  "empty",        EDIT_GET),
    ("outcomes:priority-archive",             "POST", "empty",        EDIT_POST),
    ("outcomes:priority-archive",             "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:priority-restore",             "GET",  "archived",     HIDDEN_GET),
    ("outcomes:priority-restore",             "POST", "archived",     HIDDEN_POST),
    ("outcomes:priority-restore",             "POST", "empty",        LOGIN_REFUSED),
    ("outcomes:priority-history",             "GET",  "published",    INTERNAL),
    ("outcomes:priority-history",             "GET",  "archived",     READ_INTERNAL),
    # Indicators
    ("outcomes:indicator-list",               "GET",  "-",            ALL),
    ("outcomes:indicator-export-csv",         "GET",  "-",            ALL),
    ("outcomes:indicator-export-xlsx",        "GET",  "-",            ALL),
    ("outcomes:indicator-create",             "GET",  "-",            EDIT_GET),
    ("outcomes:indicator-create",             "POST", "-",            EDIT_POST),
    ("outcomes:indicator-detail",             "GET",  "published",    ALL),
    ("outcomes:indicator-detail",             "GET",  "unpublished",  READ_INTERNAL),
    ("outcomes:indicator-detail",             "GET",  "archived",     READ_INTERNAL),
    ("outcomes:indicator-data-csv",           "GET",  "published",    ALL),
    ("outcomes:indicator-data-csv",           "GET",  "unpublished",  READ_INTERNAL),
    ("outcomes:indicator-data-xlsx",          "GET",  "published",    ALL),
    ("outcomes:indicator-data-xlsx",          "GET",  "unpublished",  READ_INTERNAL),
    ("outcomes:indicator-edit",               "GET",  "published",    EDIT_GET),
    ("outcomes:indicator-edit",               "POST", "published",    EDIT_POST),
    ("outcomes:indicator-edit",               "POST", "unpublished",  HIDDEN_POST),
    ("outcomes:indicator-edit",               "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:indicator-archive",            "GET",  "published",    EDIT_GET),
    ("outcomes:indicator-archive",            "POST", "published",    EDIT_POST),
    ("outcomes:indicator-archive",            "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:indicator-restore",            "GET",  "archived",     HIDDEN_GET),
    ("outcomes:indicator-restore",            "POST", "archived",     HIDDEN_POST),
    ("outcomes:indicator-restore",            "POST", "published",    LOGIN_REFUSED),
    ("outcomes:indicator-history",            "GET",  "published",    INTERNAL),
    ("outcomes:indicator-history",            "GET",  "unpublished",  READ_INTERNAL),
    # Values and targets: finance records values of indicators in pounds, and only those
    ("outcomes:measurement-record",           "GET",  "published",    EDIT_GET),
    ("outcomes:measurement-record",           "POST", "published",    EDIT_POST),
    ("outcomes:measurement-record",           "GET",  "money",        MONEY_GET),
    ("outcomes:measurement-record",           "POST", "money",        MONEY_POST),
    ("outcomes:measurement-record",           "POST", "unpublished",  HIDDEN_POST),
    ("outcomes:measurement-record",           "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:target-set",                   "GET",  "published",    EDIT_GET),
    ("outcomes:target-set",                   "POST", "published",    EDIT_POST),
    ("outcomes:target-set",                   "POST", "money",        EDIT_POST),
    ("outcomes:target-set",                   "POST", "unpublished",  HIDDEN_POST),
    ("outcomes:target-set",                   "POST", "archived",     HIDDEN_REFUSED),
    ("outcomes:measurement-archive",          "GET",  "value",        HIDDEN_GET),
    ("outcomes:measurement-archive",          "POST", "value",        HIDDEN_POST),
    ("outcomes:measurement-archive",          "GET",  "money_value",  HIDDEN_MONEY_GET),
    ("outcomes:measurement-archive",          "POST", "money_value",  HIDDEN_MONEY_POST),
    ("outcomes:measurement-archive",          "POST", "hidden_value", HIDDEN_POST),
    ("outcomes:measurement-archive",          "POST", "withdrawn",    HIDDEN_REFUSED),
    ("outcomes:measurement-history",          "GET",  "value",        READ_INTERNAL),
    ("outcomes:measurement-history",          "GET",  "withdrawn",    READ_INTERNAL),
    ("outcomes:comparators",                  "GET",  "-",            ALL),
    # Needs evidence: internal working papers
    ("outcomes:evidence-list",                "GET",  "-",            INTERNAL),
    ("outcomes:evidence-export-csv",          "GET",  "-",            INTERNAL),
    ("outcomes:evidence-export-xlsx",         "GET",  "-",            INTERNAL),
    ("outcomes:evidence-create",              "GET",  "-",            EDIT_GET),
    ("outcomes:evidence-create",              "POST", "-",            EDIT_POST),
    ("outcomes:evidence-detail",              "GET",  "current",      INTERNAL),
    ("outcomes:evidence-detail",              "GET",  "archived",     INTERNAL),
    ("outcomes:evidence-edit",                "GET",  "current",      EDIT_GET),
    ("outcomes:evidence-edit",                "POST", "current",      EDIT_POST),
    ("outcomes:evidence-edit",                "POST", "archived",     LOGIN_REFUSED),
    ("outcomes:evidence-archive",             "GET",  "current",      EDIT_GET),
    ("outcomes:evidence-archive",             "POST", "current",      EDIT_POST),
    ("outcomes:evidence-archive",             "POST", "archived",     LOGIN_REFUSED),
    ("outcomes:evidence-restore",             "GET",  "archived",     EDIT_GET),
    ("outcomes:evidence-restore",             "POST", "archived",     EDIT_POST),
    ("outcomes:evidence-restore",             "POST", "current",      LOGIN_REFUSED),
    ("outcomes:evidence-history",             "GET",  "current",      INTERNAL),
    ("outcomes:evidence-download",            "GET",  "current",      INTERNAL),
    ("outcomes:evidence-download",            "GET",  "archived",     INTERNAL),
    # Consultations: internal working papers
    ("outcomes:consultation-list",            "GET",  "-",            INTERNAL),
    ("outcomes:consultation-export-csv",      "GET",  "-",            INTERNAL),
    ("outcomes:consultation-export-xlsx",     "GET",  "-",            INTERNAL),
    ("outcomes:consultation-create",          "GET",  "-",            EDIT_GET),
    ("outcomes:consultation-create",          "POST", "-",            EDIT_POST),
    ("outcomes:consultation-detail",          "GET",  "current",      INTERNAL),
    ("outcomes:consultation-detail",          "GET",  "archived",     INTERNAL),
    ("outcomes:consultation-edit",            "GET",  "current",      EDIT_GET),
    ("outcomes:consultation-edit",            "POST", "current",      EDIT_POST),
    ("outcomes:consultation-edit",            "POST", "archived",     LOGIN_REFUSED),
    ("outcomes:consultation-archive",         "GET",  "current",      EDIT_GET),
    ("outcomes:consultation-archive",         "POST", "current",      EDIT_POST),
    ("outcomes:consultation-restore",         "GET",  "archived",     EDIT_GET),
    ("outcomes:consultation-restore",         "POST", "archived",     EDIT_POST),
    ("outcomes:consultation-restore",         "POST", "current",      LOGIN_REFUSED),
    ("outcomes:consultation-history",         "GET",  "archived",     INTERNAL),
    # The evidence pack of a service, and its PDF
    ("outcomes:evidence-pack",                "GET",  "published",    INTERNAL),
    ("outcomes:evidence-pack",                "GET",  "unpublished",  READ_INTERNAL),
    ("outcomes:evidence-pack",                "GET",  "own_unpublished", (HIDDEN, OK, OK, OK, OK, OK, OK, DENIED, OK, OK, HIDDEN)),
    ("outcomes:evidence-pack-pdf",            "GET",  "published",    INTERNAL),
    ("outcomes:evidence-pack-pdf",            "GET",  "unpublished",  READ_INTERNAL),
]
# fmt: on

PDF = b"%PDF-1.7\n%%EOF\n"


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(
            username=role,
            role=role,
            organisation=provider_org if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None
    }
    services = {
        "published": ServiceFactory(reference="PUB-101"),
        "unpublished": ServiceFactory(reference="UNP-102", unpublished=True),
        "own_unpublished": ServiceFactory(
            reference="OWN-104", unpublished=True, delivery_model="private", provider=provider_org
        ),
    }
    priorities = {
        "published": PriorityFactory(code="P1"),
        "empty": PriorityFactory(code="P2"),
        "unpublished": PriorityFactory(code="P3", unpublished=True),
        "archived": PriorityFactory(code="P4", archived=True),
    }
    outcomes = {
        "published": OutcomeFactory(reference="OC-01", priority=priorities["published"]),
        "unpublished": OutcomeFactory(reference="OC-02", priority=priorities["published"], unpublished=True),
        "archived": OutcomeFactory(reference="OC-03", priority=priorities["published"], archived=True),
    }
    indicators = {
        "published": IndicatorFactory(code="IND-01", services=[services["published"]]),
        "unpublished": IndicatorFactory(code="IND-02", unpublished=True),
        "archived": IndicatorFactory(code="IND-03", archived=True),
        "money": IndicatorFactory(code="IND-04", money=True),
    }
    officer = users[Role.OFFICER]
    values = {
        "value": MeasurementFactory(indicator=indicators["published"], period="2025/26 Q4", entered_by=officer),
        "money_value": MeasurementFactory(
            indicator=indicators["money"], period="2024/25", value=Decimal("99"), entered_by=officer
        ),
        "hidden_value": MeasurementFactory(
            indicator=indicators["unpublished"], period="2025/26 Q4", entered_by=officer
        ),
        "withdrawn": MeasurementFactory(
            indicator=indicators["published"],
            period="2025/26 Q3",
            entered_by=officer,
            archived_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
            archive_reason="Entered in error",
        ),
    }
    evidence = {
        "current": EvidenceFactory(service=services["published"], title="Current evidence"),
        "archived": EvidenceFactory(service=services["published"], title="Archived evidence", archived=True),
    }
    for item in evidence.values():
        item.document.save("document.pdf", io.BytesIO(PDF), save=False)
        item.document_name, item.document_size, item.document_type = "Review.pdf", len(PDF), "application/pdf"
        item.save()
    consultations = {
        "current": ConsultationFactory(service=services["published"], title="Current consultation"),
        "archived": ConsultationFactory(service=services["published"], title="Archived consultation", archived=True),
    }
    return {
        "users": users,
        "services": services,
        "priorities": priorities,
        "outcomes": outcomes,
        "indicators": indicators,
        "values": values,
        "evidence": evidence,
        "consultations": consultations,
    }


# Documents go to a temporary MEDIA_ROOT.
world = matrix.world_fixture(_build_world, temporary_media=True)
client_for = matrix.client_for_fixture()


GROUPS = {
    "outcomes:priority": "priorities",
    "outcomes:indicator": "indicators",
    "outcomes:target": "indicators",
    "outcomes:measurement-record": "indicators",
    "outcomes:measurement": "values",
    "outcomes:evidence-pack": "services",
    "outcomes:evidence": "evidence",
    "outcomes:consultation": "consultations",
}


def _group(route: str) -> str:
    for prefix, group in GROUPS.items():
        if route.startswith(prefix):
            return group
    return "outcomes"


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    record = world[_group(route)][state]
    return type(record).objects.get(pk=record.pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    officer = world["users"][Role.OFFICER]
    if route in {"outcomes:create", "outcomes:edit"}:
        return {
            "name": "Renamed by permission test",
            "reference": target.reference if target else "OC-90",
            "priority": target.priority_id if target else world["priorities"]["published"].pk,
            "lead": officer.pk,
            "description": "",
            **({"published": "on"} if target is not None and target.published else {}),
            "reason": "Permission test",
        }
    if route in {"outcomes:priority-create", "outcomes:priority-edit"}:
        return {
            "code": target.code if target else "P90",
            "name": "Renamed by permission test",
            "position": 9,
            **({"published": "on"} if target is not None and target.published else {}),
            "reason": "Permission test",
        }
    if route in {"outcomes:indicator-create", "outcomes:indicator-edit"}:
        return {
            "code": target.code if target else "NEW-90",
            "name": "Renamed by permission test",
            "definition": "What is counted.",
            "unit": target.unit if target else "percent",
            "polarity": target.polarity if target else "higher",
            "frequency": target.frequency if target else "quarterly",
            "owner": officer.pk,
            "data_source": "Test system",
            **({"published": "on"} if target is not None and target.published else {}),
            "reason": "Permission test",
        }
    if route == "outcomes:measurement-record":
        period = "2025/26" if target.frequency == "annual" else "2025/26 Q4"
        return {"period": period, "value": "77.25", "note": "Permission test"}
    if route == "outcomes:target-set":
        period = "2026/27" if target.frequency == "annual" else "2026/27 Q1"
        return {"period": period, "target": "85", "tolerance_basis": "none", "tolerance": ""}
    if route in {"outcomes:evidence-create", "outcomes:evidence-edit"}:
        return {
            "title": "Renamed by permission test",
            "kind": "survey",
            "source": "Residents' survey",
            **date_input("evidence_date", "2026-01-15"),
            "summary": "What residents said.",
            "service": world["services"]["published"].pk,
            "outcome": "",
            "reason": "Permission test",
        }
    if route in {"outcomes:consultation-create", "outcomes:consultation-edit"}:
        return {
            "title": "Renamed by permission test",
            "purpose": "What residents want.",
            "method": "survey",
            **date_input("opened_on", "2025-09-01"),
            **date_input("closed_on", "2025-10-31"),
            "responses": "10",
            "response_summary": "Mostly positive.",
            "service": world["services"]["published"].pk,
            "outcome": "",
            "reason": "Permission test",
        }
    return {"reason": "Permission test"}


MODELS = [Priority, Outcome, Indicator, Target, Measurement, NeedsEvidence, Consultation, Service]


def snapshot() -> dict[str, Any]:
    """Every row a refused request could have touched, history included."""
    state: dict[str, Any] = {}
    for model in MODELS:
        state[model.__name__] = list(model.objects.order_by("pk").values())
        state[f"{model.__name__} history"] = model.history.count()  # type: ignore[attr-defined]
    return state


def _changed_model(route: str) -> type[Any]:
    if route == "outcomes:measurement-record" or route.startswith("outcomes:measurement"):
        return Measurement
    if route == "outcomes:target-set":
        return Target
    return {
        "priorities": Priority,
        "indicators": Indicator,
        "evidence": NeedsEvidence,
        "consultations": Consultation,
        "outcomes": Outcome,
    }[_group(route)]


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    """A DONE request made one change, with one history entry by the user; returns where it should redirect."""
    model = _changed_model(route)
    after = snapshot()
    for other in MODELS:
        if other is not model:
            assert after[other.__name__] == before[other.__name__], other.__name__
    assert after[f"{model.__name__} history"] == before[f"{model.__name__} history"] + 1
    latest = model.history.latest()  # type: ignore[attr-defined]
    assert latest.history_user == user
    if route.endswith("create") and model in {Priority, Outcome, Indicator, NeedsEvidence, Consultation}:
        created = model.objects.order_by("-pk").first()
        assert created.pk == latest.id
        names = {
            Priority: "outcomes:priority-detail",
            Outcome: "outcomes:detail",
            Indicator: "outcomes:indicator-detail",
            NeedsEvidence: "outcomes:evidence-detail",
            Consultation: "outcomes:consultation-detail",
        }
        return reverse(names[model], args=[created.pk])
    if model in {Measurement, Target}:
        indicator_id = target.indicator_id if isinstance(target, Measurement) else target.pk
        return reverse("outcomes:indicator-detail", args=[indicator_id])
    target.refresh_from_db()
    if route.endswith("-edit") or route == "outcomes:edit":
        assert (getattr(target, "name", None) or target.title) == "Renamed by permission test"
    elif route.endswith("archive"):
        assert (target.is_archived, target.archived_by) == (True, user)
    elif route.endswith("restore"):
        assert not target.is_archived
    names = {
        Priority: "outcomes:priority-detail",
        Outcome: "outcomes:detail",
        Indicator: "outcomes:indicator-detail",
        NeedsEvidence: "outcomes:evidence-detail",
        Consultation: "outcomes:consultation-detail",
    }
    return reverse(names[model], args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def test_matrix_covers_every_outcomes_route() -> None:
    from django.urls import get_resolver

    resolver = get_resolver()
    ours = {f"outcomes:{name}" for name in resolver.namespace_dict["outcomes"][1].reverse_dict if isinstance(name, str)}
    assert ours
    assert ours <= {row[0] for row in MATRIX}


@pytest.mark.django_db
def test_the_permissions_agree_with_the_selectors(world: dict[str, Any]) -> None:
    """visible_* (the lists) and outcomes.view_* (the pages) give the same answer for every role."""
    from django.contrib.auth.models import AnonymousUser

    from commissioning.outcomes import selectors

    checks = [
        (selectors.visible_priorities, Priority, "outcomes.view_priority"),
        (selectors.visible_outcomes, Outcome, "outcomes.view_outcome"),
        (selectors.visible_indicators, Indicator, "outcomes.view_indicator"),
        (selectors.visible_evidence, NeedsEvidence, "outcomes.view_needsevidence"),
        (selectors.visible_consultations, Consultation, "outcomes.view_consultation"),
    ]
    for role in COLUMNS:
        user = AnonymousUser() if role is None else world["users"][role]
        for visible, model, perm in checks:
            listed = set(visible(user=user).values_list("pk", flat=True))
            allowed = {record.pk for record in model.objects.all() if user.has_perm(perm, record)}
            assert listed == allowed, (role, model.__name__)


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS, ids=_label)
def test_lists_and_downloads_show_only_what_the_role_may_see(
    role: str | None, world: dict[str, Any], client_for: Callable[[str | None], Client]
) -> None:
    client = client_for(role)
    internal = role in Role.INTERNAL
    expected = {"IND-01", "IND-04"} | ({"IND-02"} if internal else set())
    page = client.get(reverse("outcomes:indicator-list")).content.decode()
    assert {code for code in ["IND-01", "IND-02", "IND-03", "IND-04"] if code in page} == expected
    csv_text = b"".join(client.get(reverse("outcomes:indicator-export-csv")).streaming_content).decode("utf-8-sig")
    assert {code for code in ["IND-01", "IND-02", "IND-03", "IND-04"] if f"\n{code}," in csv_text} == expected
    outcomes = client.get(reverse("outcomes:list")).content.decode()
    assert ("OC-02" in outcomes) == internal
    assert "OC-01" in outcomes
