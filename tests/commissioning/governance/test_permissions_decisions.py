"""Who may do what with decisions, the forward plan and call-in: every route, every role (and anonymous), every state.

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

States: draft (a Cabinet draft), published (a Cabinet decision inside its call-in window), council (a published
Council decision: not subject to call-in), exempt (published, exempt under Schedule 12A), open (a call-in awaiting
scrutiny), referred (a call-in referred back), body (Cabinet), plan (an entry on the published forward plan), taken (a
forward plan entry whose decision is taken: its edit page says why it cannot be changed, and a POST changes nothing). "Today" is 4 December 2026 (GOVERNANCE_TODAY).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.concurrency import version_of
from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as act
from commissioning.governance.actions.decisions import DecisionDetails, ForwardPlanDetails, ResolutionDetails
from commissioning.governance.models import (
    CallIn,
    CallInOutcome,
    Decision,
    ForwardPlanEntry,
    ForwardPlanStatus,
    MakerKind,
    MemberRole,
    Resolution,
)
from tests import matrix
from tests.commissioning.governance.factories import BodyFactory, MembershipFactory
from tests.dates import date_input
from tests.factories import CouncillorFactory, OrganisationFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

D = dt.date
TODAY = D(2026, 12, 4)

_ = (OK, DENIED, HIDDEN, LOGIN, DONE)
# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                              method  state        anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("governance:decisions",             "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:decisions-csv",         "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:decisions-xlsx",        "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:decisions-urgent",      "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:body-decisions",        "GET",  "body",      (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:forward-plan",          "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:forward-plan-ics",      "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:forward-plan-csv",      "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:forward-plan-add",      "GET",  "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:forward-plan-add",      "POST", "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:forward-plan-entry-edit", "GET", "plan",     (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:forward-plan-entry-edit", "POST", "plan",    (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:forward-plan-entry-edit", "GET", "taken",    (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:forward-plan-entry-edit", "POST", "taken",   (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:forward-plan-entry-history", "GET", "plan",  (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("governance:decision-add",          "GET",  "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:decision-add",          "POST", "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    # One decision
    ("governance:decision",              "GET",  "published", (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:decision",              "GET",  "draft",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:decision",              "GET",  "exempt",    (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:decision-edit",         "GET",  "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:decision-edit",         "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    # A published decision's edit page says why it cannot be changed; a POST is refused, nothing saved.
    ("governance:decision-edit",         "GET",  "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:decision-edit",         "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:decision-publish",      "GET",  "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:decision-publish",      "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:decision-publish",      "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:decision-correct",      "GET",  "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:decision-correct",      "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:decision-correct",      "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("governance:decision-history",      "GET",  "published", (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("governance:decision-history",      "GET",  "draft",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    # Call-in: scrutiny members only, executive decisions only
    ("governance:decision-call-in",      "GET",  "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:decision-call-in",      "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:decision-call-in",      "POST", "council",   (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:decision-call-in",      "POST", "draft",     (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("governance:call-in-outcome",       "GET",  "open",      (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:call-in-outcome",       "POST", "open",      (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:call-in-reconsider",    "GET",  "referred",  (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:call-in-reconsider",    "POST", "referred",  (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
]
# fmt: on


def _details(body: Any, title: str, **changes: Any) -> DecisionDetails:
    values = {
        "title": title,
        "maker_kind": MakerKind.BODY,
        "body": body,
        "decided_on": D(2026, 12, 1),
        "reasons": "Best value.",
        "resolutions": [ResolutionDetails(number=1, text="Agreed.")],
    } | changes
    return DecisionDetails(**values)


def _build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    users = {role: UserFactory(username=role, role=role, is_staff=role == Role.ADMIN) for role in COLUMNS if role}
    clerk = users[Role.DEMOCRATIC]
    cabinet = BodyFactory(cabinet=True)
    council = BodyFactory(council=True)
    scrutiny = BodyFactory(scrutiny=True)
    for _ in range(3):
        MembershipFactory(body=cabinet)
    chair = CouncillorFactory(user=users[Role.SCRUTINY])
    MembershipFactory(body=scrutiny, councillor=chair, role=MemberRole.CHAIR)
    chair_of_another = UserFactory(role=Role.SCRUTINY)
    MembershipFactory(body=scrutiny, councillor=CouncillorFactory(user=chair_of_another), role=MemberRole.CHAIR)

    def published(title: str, body: Any = cabinet, **changes: Any) -> Decision:
        decision = act.decision_create(details=_details(body, title, **changes), by=clerk)
        return act.decision_publish(decision=decision, by=clerk, today=D(2026, 12, 2))

    decisions = {
        "draft": act.decision_create(details=_details(cabinet, "A draft decision"), by=clerk),
        "published": published("A published Cabinet decision"),
        "council": published("A Council decision", body=council),
        "exempt": published("An exempt decision", exempt_paragraph="3"),
    }
    called = published("A called-in decision")
    referred = published("A referred decision")
    call_ins = {
        "open": act.call_in_make(decision=called, by=chair_of_another, grounds="G", co_signatories=[], today=TODAY),
        "referred": act.call_in_make(
            decision=referred, by=chair_of_another, grounds="G", co_signatories=[], today=TODAY
        ),
    }
    act.call_in_record_outcome(
        call_in=call_ins["referred"], by=clerk, outcome=CallInOutcome.REFERRED_BACK, meeting=None,
        recommendations="Consult.", outcome_on=TODAY,
    )  # fmt: skip

    def entry(matter: str) -> ForwardPlanEntry:
        details = ForwardPlanDetails(
            matter=matter, decision_maker=cabinet, planned_on=D(2027, 2, 1), contact_officer=users[Role.OFFICER]
        )
        return act.forward_plan_entry_create(details=details, by=clerk, publish_on=D(2026, 11, 2))

    entries = {"plan": entry("A planned key decision"), "taken": entry("A key decision already taken")}
    ForwardPlanEntry.objects.filter(pk=entries["taken"].pk).update(status=ForwardPlanStatus.TAKEN)
    return {
        "users": users, "decisions": decisions, "call_ins": call_ins, "cabinet": cabinet, "entries": entries,
    }  # fmt: skip


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOVERNANCE_TODAY = TODAY


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if state == "body":
        return world["cabinet"]
    if state in world["entries"]:
        return ForwardPlanEntry.objects.get(pk=world["entries"][state].pk)
    if state in world["call_ins"]:
        return CallIn.objects.get(pk=world["call_ins"][state].pk)
    return Decision.objects.get(pk=world["decisions"][state].pk)


def _decision_form(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Recorded by the permission test",
        "maker_kind": MakerKind.BODY,
        "body": world["cabinet"].pk,
        **date_input("decided_on", D(2026, 12, 1)),
        "reasons": "Best value.",
        "category": "other",
        "resolution_1_text": "Agreed.",
    }


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route in {"governance:decision-add", "governance:decision-edit"}:
        return _decision_form(world)
    if route == "governance:forward-plan-add":
        return {
            "matter": "Planned by the permission test",
            "decision_maker": world["cabinet"].pk,
            **date_input("planned_on", D(2027, 3, 1)),
            "contact_officer": world["users"][Role.OFFICER].pk,
            "publish": "on",
        }
    if route == "governance:forward-plan-entry-edit":
        return {
            "matter": "Changed by the permission test",
            "decision_maker": world["cabinet"].pk,
            **date_input("planned_on", D(2027, 3, 1)),
            "contact_officer": world["users"][Role.OFFICER].pk,
            "record_version": version_of(target),
        }
    if route == "governance:decision-correct":
        return {"change_reason": "A typing error."}
    if route == "governance:decision-call-in":
        return {"grounds": "The options were not consulted on."}
    if route == "governance:call-in-outcome":
        return {"outcome": CallInOutcome.NO_FURTHER_ACTION, **date_input("outcome_on", TODAY)}
    if route == "governance:call-in-reconsider":
        return {"reason": "Reconsidered after scrutiny."}
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "decisions": list(Decision.objects.order_by("pk").values()),
        "decision_history": Decision.history.count(),
        "resolutions": list(Resolution.objects.order_by("pk").values()),
        "call_ins": list(CallIn.objects.order_by("pk").values()),
        "forward_plan": list(ForwardPlanEntry.objects.order_by("pk").values()),
        "forward_plan_history": ForwardPlanEntry.history.count(),
        "users": list(User.objects.order_by("pk").values("pk", "username", "role")),
    }


def _check_change(route: str, target: Any, user: User, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    if route == "governance:forward-plan-add":
        assert len(after["forward_plan"]) == len(before["forward_plan"]) + 1
        assert ForwardPlanEntry.objects.get(matter="Planned by the permission test").first_published_on == TODAY
        return reverse("governance:forward-plan")
    if route == "governance:forward-plan-entry-edit":
        target.refresh_from_db()
        assert (target.matter, target.planned_on) == ("Changed by the permission test", D(2027, 3, 1))
        assert after["forward_plan_history"] == before["forward_plan_history"] + 1
        assert target.history.latest().history_user == user
        return reverse("governance:forward-plan") + f"#{target.reference}"
    if route == "governance:decision-add":
        created = Decision.objects.get(title="Recorded by the permission test")
        assert created.history.latest().history_user == user
        return reverse("governance:decision", args=[created.pk])
    if route == "governance:decision-edit":
        target.refresh_from_db()
        assert target.title == "Recorded by the permission test"
        return reverse("governance:decision", args=[target.pk])
    if route == "governance:decision-publish":
        target.refresh_from_db()
        assert (target.status, target.published_on, target.call_in_deadline) == ("published", TODAY, D(2026, 12, 11))
        return reverse("governance:decision", args=[target.pk])
    if route == "governance:decision-correct":
        new = Decision.objects.get(supersedes=target)
        assert (new.version, new.change_reason, new.status) == (2, "A typing error.", "draft")
        return reverse("governance:decision-edit", args=[new.pk])
    if route == "governance:decision-call-in":
        assert target.call_ins.get().made_by == user
        return reverse("governance:decision", args=[target.pk])
    if route == "governance:call-in-outcome":
        target.refresh_from_db()
        assert target.outcome == CallInOutcome.NO_FURTHER_ACTION
        return reverse("governance:decision", args=[target.decision_id])
    if route == "governance:call-in-reconsider":
        target.refresh_from_db()
        assert target.reconsidered_as.version == 2
        return reverse("governance:decision", args=[target.decision_id])
    pytest.fail(f"no change check for {route}")


PERMISSIONS = matrix.Matrix(MATRIX, snapshot=snapshot, target=_target, post_data=_post_data, check_change=_check_change)
test_permission_matrix = PERMISSIONS.test()


def test_matrix_covers_every_decisions_route() -> None:
    from commissioning.governance import urls

    ours = {f"governance:{p.name}" for p in urls.urlpatterns if p.callback.__module__.endswith("views.decisions")}
    assert ours
    assert ours <= {row[0] for row in MATRIX}
