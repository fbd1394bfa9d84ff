"""Who may do what with committee reports (ADR 0037): every route, every role (and anonymous), every state.

Columns, in order (12: the monitoring officer, legal, differs from democratic services here, so every row is given
in full):

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner, legal

States: review (a published commissioning review), decision (a published decision), scrutiny_item (an item of a
published work programme), risk_review (a recorded review of an unpublished risk), draft (a draft report on the
review), cleared (a draft with both sign-offs), published (a report published on an agenda item). Providers,
partners and the public never see a draft (404); the finance officer and the monitoring officer clear; democratic
services (and the monitoring officer who leads them) publish. Publishing an uncleared draft answers the page again
with the error (OK), nothing saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.concurrency import version_of
from commissioning.core.permissions import Role
from commissioning.governance.actions import reports as act
from commissioning.governance.models import (
    CommitteeReport,
    DecisionStatus,
    ReportStatus,
    SubjectKind,
    WorkProgramme,
    WorkProgrammeItem,
)
from commissioning.risks import actions as risk_actions
from tests import matrix
from tests.commissioning.governance.factories import AgendaItemFactory, BodyFactory, DecisionFactory
from tests.commissioning.risks.risk_world import SCORES
from tests.commissioning.risks.risk_world import details as risk_details
from tests.factories import OrganisationFactory, ReviewFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

TODAY = dt.date(2026, 12, 4)
TITLE = "Drafted by the permission test"

_ = (OK, DENIED, HIDDEN, LOGIN, DONE)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                            method  state        anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner  legal
    ("governance:report-list",         "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:report-create-review", "GET", "review",    (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  OK)),
    ("governance:report-create-review", "POST", "review",   (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DONE)),
    ("governance:report-create-decision", "GET", "decision", (LOGIN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  OK)),
    ("governance:report-create-decision", "POST", "decision", (LOGIN, DONE,   DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DONE)),
    # A scrutiny work-programme item (its committee's programme published) and a recorded review of an unpublished
    # risk (the risks app's: council staff see it; scrutiny, councillors, providers, partners and the public do not).
    ("governance:report-create-scrutiny-item", "GET", "scrutiny_item", (LOGIN, OK, OK,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  OK)),
    ("governance:report-create-scrutiny-item", "POST", "scrutiny_item", (LOGIN, DONE, DONE, DENIED, DENIED, DENIED, DENIED, DENIED,  DENIED,  DONE,    DENIED,  DONE)),
    ("governance:report-create-risk-review", "GET", "risk_review", (HIDDEN, OK,  OK,      DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  DENIED,  OK,      HIDDEN,  OK)),
    ("governance:report-create-risk-review", "POST", "risk_review", (HIDDEN, DONE, DONE,  DENIED,  DENIED,  HIDDEN,  HIDDEN,  HIDDEN,  DENIED,  DONE,    HIDDEN,  DONE)),
    ("governance:report",              "GET",  "draft",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN,  OK)),
    ("governance:report",              "GET",  "published", (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:report-pdf",          "GET",  "draft",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN,  OK)),
    ("governance:report-pdf",          "GET",  "published", (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:report-edit",         "GET",  "draft",     (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN,  OK)),
    ("governance:report-edit",         "POST", "draft",     (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN,  DONE)),
    ("governance:report-edit",         "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:report-clear",        "GET",  "draft",     (HIDDEN, DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN,  OK)),
    ("governance:report-clear",        "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN,  DONE)),
    ("governance:report-clear",        "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:report-publish",      "GET",  "cleared",   (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN,  OK)),
    ("governance:report-publish",      "POST", "cleared",   (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN,  DONE)),
    # Without both sign-offs: the page again, saying what is missing; nothing saved.
    ("governance:report-publish",      "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN,  OK)),
    ("governance:report-publish",      "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:report-history",      "GET",  "draft",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN,  OK)),
    ("governance:report-history",      "GET",  "published", (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED,  OK)),
]
# fmt: on


CREATE_ROUTES = {
    "governance:report-create-review",
    "governance:report-create-decision",
    "governance:report-create-scrutiny-item",
    "governance:report-create-risk-review",
}


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    provider_org = OrganisationFactory(name="Ashfield Care Ltd")
    users = {
        role: UserFactory(
            username=role,
            role=role,
            is_staff=role == Role.ADMIN,
            organisation=provider_org if role == Role.PROVIDER else None,
        )
        for role in COLUMNS
        if role
    }
    writer, finance, legal = users[Role.OFFICER], users[Role.FINANCE], users[Role.LEGAL]
    review = ReviewFactory(public=True, title="Day services review")
    decision = DecisionFactory(status=DecisionStatus.PUBLISHED, published_on=TODAY, title="Day services decision")
    item = AgendaItemFactory(title="Day services")
    details = {"title": "Day services: the report", "report_of": "the Chief Executive"}
    committee = BodyFactory(scrutiny=True, name="Overview and Scrutiny Committee")
    programme = WorkProgramme.objects.create(body=committee, published_on=TODAY)
    scrutiny_item = WorkProgrammeItem.objects.create(
        programme=programme, title="Early help", subject_kind=SubjectKind.THEME, theme="Early help", reason="Asked."
    )
    risk = risk_actions.risk_create(details=risk_details(owner=writer), by=writer)
    risk_review = risk_actions.risk_review_record(
        risk=risk,
        reviewed_on=TODAY,
        scores=SCORES,
        note="Still high.",
        next_review_on=TODAY + dt.timedelta(days=90),
        by=writer,
    )

    def cleared() -> CommitteeReport:
        report = act.committee_report_create(source=review, details=details, by=writer)
        report = act.committee_report_clear(report=report, by=finance, comment="", version=None)
        return act.committee_report_clear(report=report, by=legal, comment="", version=None)

    published = act.committee_report_publish(
        report=cleared(), agenda_item=item, by=users[Role.DEMOCRATIC], today=TODAY, version=None
    )
    reports = {
        "draft": act.committee_report_create(source=review, details=details, by=writer),
        "cleared": cleared(),
        "published": published,
    }
    return {
        "users": users,
        "review": review,
        "decision": decision,
        "scrutiny_item": scrutiny_item,
        "risk_review": risk_review,
        "item": item,
        "reports": reports,
    }


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOVERNANCE_TODAY = TODAY


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if state in {"review", "decision", "scrutiny_item", "risk_review"}:
        return world[state]
    return CommitteeReport.objects.get(pk=world["reports"][state].pk)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route in CREATE_ROUTES:
        return {"title": TITLE, "report_of": "the Chief Executive"}
    if route == "governance:report-edit":
        fields = {name: getattr(target, name) for name in act.EDITABLE}
        return {**fields, "title": TITLE, "record_version": version_of(target)}
    if route == "governance:report-clear":
        return {"comment": "Cleared by the permission test.", "record_version": version_of(target)}
    if route == "governance:report-publish":
        return {"agenda_item": world["item"].pk, "record_version": version_of(target)}
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "reports": list(CommitteeReport.objects.order_by("pk").values()),
        "report_history": CommitteeReport.history.count(),
        "users": list(User.objects.order_by("pk").values("pk", "username", "role")),
    }


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    if route in CREATE_ROUTES:
        assert len(after["reports"]) == len(before["reports"]) + 1
        made = CommitteeReport.objects.get(title=TITLE)
        assert made.source == target
        assert made.status == ReportStatus.DRAFT
        assert made.history.latest().history_user == user
        return reverse("governance:report", args=[made.pk])
    target.refresh_from_db()
    assert after["report_history"] == before["report_history"] + 1
    assert target.history.latest().history_user == user
    if route == "governance:report-edit":
        assert target.title == TITLE
    elif route == "governance:report-clear":
        signed = (target.finance_signed_by, target.finance_comment) if user.role == Role.FINANCE else (
            target.legal_signed_by, target.legal_comment
        )  # fmt: skip
        assert signed == (user, "Cleared by the permission test.")
    elif route == "governance:report-publish":
        assert (target.status, target.agenda_item, target.published_on) == ("published", world["item"], TODAY)
    else:
        pytest.fail(f"no change check for {route}")
    return reverse("governance:report", args=[target.pk])


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def test_matrix_covers_every_reports_route() -> None:
    from commissioning.governance import urls

    ours = {f"governance:{p.name}" for p in urls.urlpatterns if p.callback.__module__.endswith("views.reports")}
    assert ours
    assert ours <= {row[0] for row in MATRIX}
