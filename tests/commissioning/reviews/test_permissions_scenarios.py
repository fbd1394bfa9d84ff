"""Who may do what with programme scenarios (ADR 0023), the adopted programme and its adoption.

Columns, in order: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner.

Scenarios are internal; only officers and directors add, change and solve them; an adopted scenario is final. Only
the executive (a cabinet member) adopts one, on governance's page; everyone sees the adopted programme. States:
solved (a scenario not adopted), adopted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.governance.actions.programme import AdoptionDetails, programme_adoption_record
from commissioning.governance.models import Decision
from commissioning.reviews import actions, calculations
from commissioning.reviews.actions import ScenarioDetails
from commissioning.reviews.models import ProgrammeScenario, ScenarioStatus, ScheduledReview, Skill
from tests import matrix
from tests.commissioning.governance.factories import BodyFactory
from tests.dates import date_input
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import DENIED, DONE, HIDDEN, LOGIN, OK

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                          method  state      anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("plan:programme",               "GET",  "-",       (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("plan:scenarios",               "GET",  "-",       (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("plan:scenario-compare",        "GET",  "-",       (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("plan:scenario-create",         "GET",  "-",       (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:scenario-create",         "POST", "-",       (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:scenario-detail",         "GET",  "solved",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("plan:scenario-detail",         "GET",  "adopted", (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("plan:scenario-edit",           "GET",  "solved",  (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:scenario-edit",           "POST", "solved",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:scenario-edit",           "POST", "adopted", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:scenario-solve",          "POST", "solved",  (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:scenario-solve",          "POST", "adopted", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:scenario-history",        "GET",  "solved",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:programme-adopt",   "GET",  "solved",  (HIDDEN, DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("governance:programme-adopt",   "POST", "solved",  (HIDDEN, DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("governance:programme-adopt",   "POST", "adopted", (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
]
# fmt: on

TODAY = dt.date(2026, 12, 3)


def _levers(name: str) -> ScenarioDetails:
    capacity: dict[str, Decimal | None] = dict.fromkeys(Skill.values, Decimal(0))
    capacity[Skill.GENERALIST] = Decimal(60)
    return ScenarioDetails(
        name=name,
        first_quarter=calculations.current_quarter(),
        horizon=4,
        capacity=capacity,
        priority_weight=Decimal(1000),
    )


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
        for role in matrix.COLUMNS
        if role is not None
    }
    ServiceFactory(reference="TST-301", name="Home care")
    ServiceFactory(reference="TST-302", name="Day care")
    cabinet = BodyFactory(cabinet=True)
    scenarios = {
        "solved": actions.programme_scenario_create(details=_levers("Full team"), by=users[Role.DIRECTOR]),
        "adopted": actions.programme_scenario_create(details=_levers("Adopted"), by=users[Role.DIRECTOR]),
    }
    programme_adoption_record(
        scenario=scenarios["adopted"],
        details=AdoptionDetails(body=cabinet, decided_on=TODAY, reasons="Adopted in the world"),
        by=users[Role.CABINET],
        today=TODAY,
    )
    return {"users": users, "scenarios": scenarios, "cabinet": cabinet}


world = matrix.world_fixture(_build_world)


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    found = world["scenarios"].get(state)
    return ProgrammeScenario.objects.get(pk=found.pk) if found is not None else None


def _url(route: str, target: Any, world: dict[str, Any]) -> str:
    if route == "plan:scenario-compare":
        first, second = world["scenarios"]["solved"], world["scenarios"]["adopted"]
        return reverse(route) + f"?a={first.pk}&b={second.pk}"
    return matrix.default_url(route, target, world)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "governance:programme-adopt":
        return {
            "body": str(world["cabinet"].pk),
            **date_input("decided_on", TODAY),
            "reasons": "Permission test",
        }
    if route in {"plan:scenario-create", "plan:scenario-edit"}:
        return {
            "name": "New scenario" if route == "plan:scenario-create" else "Renamed scenario",
            "first_quarter": calculations.current_quarter(),
            "horizon": "4",
            "priority_weight": "1000",
            **{f"capacity_{skill}": "0" for skill in Skill.values},
            "capacity_generalist": "40",
        }
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "scenarios": list(ProgrammeScenario.objects.order_by("pk").values()),
        "scenario_history": ProgrammeScenario.history.count(),
        "rows": ScheduledReview.objects.count(),
        "decisions": Decision.objects.count(),
    }


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    assert after["scenario_history"] > before["scenario_history"]
    if route == "plan:scenario-create":
        created = ProgrammeScenario.objects.get(name="New scenario")
        assert (created.status, created.capacity[Skill.GENERALIST]) == (ScenarioStatus.SOLVED, 40)
        return reverse("plan:scenario-detail", args=[created.pk])
    target.refresh_from_db()
    if route == "plan:scenario-edit":
        assert (target.name, target.horizon) == ("Renamed scenario", 4)
    if route == "governance:programme-adopt":
        assert target.status == ScenarioStatus.ADOPTED
        decision = Decision.objects.get(scenario=target)
        return reverse("governance:decision", args=[decision.pk])
    assert after["rows"] > before["rows"]
    return reverse("plan:scenario-detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(
    MATRIX, snapshot=snapshot, target=_target, url=_url, post_data=_post_data, check_change=_check_change
)
test_permission_matrix = PERMISSIONS.test()
