"""Who may do what with the plan's pages (issue 11): the ranking and rationale of the prioritisation model, its
weights and judgements, the skill a service's review needs, and the commissioning officers.

Columns, in order: anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner.

Everyone sees the ranking and rationale of the current (published) version, for the services they may see, and the
programme's timeline with its downloads (of the reviews they may see: test_pages_timeline.py); earlier versions,
officers and their cost are internal; only officers and directors change the model, judgements, skills
and officers. States: published / unpublished (the service), earlier (version 1 of the model, superseded), current /
archived (the officer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.reviews import actions
from commissioning.reviews.actions import OfficerDetails
from commissioning.reviews.models import (
    CommissioningOfficer,
    CriterionScore,
    PriorityJudgement,
    PriorityModel,
    ServiceSkill,
    Skill,
)
from tests import matrix
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import DENIED, DONE, HIDDEN, LOGIN, OK

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                   method  state          anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("plan:ranking",          "GET",  "-",           (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("plan:ranking",          "GET",  "earlier",     (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("plan:rationale",        "GET",  "published",   (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("plan:rationale",        "GET",  "unpublished", (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("plan:rationale",        "GET",  "earlier",     (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("plan:weights",          "GET",  "-",           (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:weights",          "POST", "-",           (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:judge",            "GET",  "published",   (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:judge",            "POST", "published",   (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:judge",            "GET",  "unpublished", (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:judge",            "POST", "unpublished", (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:service-skill",    "GET",  "published",   (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:service-skill",    "POST", "published",   (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:service-skill",    "POST", "unpublished", (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:timeline",         "GET",  "-",           (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("plan:timeline-xlsx",    "GET",  "-",           (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("plan:timeline-ics",     "GET",  "-",           (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("plan:officers",         "GET",  "-",           (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("plan:officer-create",   "GET",  "-",           (LOGIN,  OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:officer-create",   "POST", "-",           (LOGIN,  DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("plan:officer-detail",   "GET",  "current",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("plan:officer-detail",   "GET",  "archived",    (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("plan:officer-edit",     "GET",  "current",     (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:officer-edit",     "POST", "current",     (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:officer-edit",     "POST", "archived",    (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:officer-archive",  "GET",  "current",     (HIDDEN, OK,      OK,      DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:officer-archive",  "POST", "current",     (HIDDEN, DONE,    DONE,    DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:officer-archive",  "POST", "archived",    (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("plan:officer-history",  "GET",  "current",     (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
]
# fmt: on

WEIGHTS = {
    "budget": 20,
    "savings": 20,
    "performance": 20,
    "contract_end": 10,
    "risk": 10,
    "strategic_fit": 10,
    "dissatisfaction": 5,
    "statutory": 5,
}


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
    director = users[Role.DIRECTOR]
    services = {
        "published": ServiceFactory(reference="TST-201", name="Home care"),
        "unpublished": ServiceFactory(reference="TST-202", name="Day care", unpublished=True),
    }
    actions.priority_model_revise(weights=WEIGHTS, reason="First", by=director)
    actions.priority_model_revise(weights={**WEIGHTS, "budget": 10, "risk": 20}, reason="Second", by=director)

    def officer(name: str) -> CommissioningOfficer:
        return actions.officer_create(
            details=OfficerDetails(
                name=name, skills=[Skill.GENERALIST], grade="PO3", annual_cost=50000, days_per_quarter=40
            ),
            by=director,
        )

    officers = {"current": officer("Ann Ashby"), "archived": officer("Ben Bryn")}
    actions.officer_archive(officer=officers["archived"], by=director, reason="Left")
    return {"users": users, "services": services, "officers": officers}


world = matrix.world_fixture(_build_world)


@dataclass(frozen=True)
class Earlier:
    """The row is about version 1 of the model (superseded): the same page, with ?version=1."""

    service: Any = None


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if route.startswith("plan:officer-") and state in world["officers"]:
        return CommissioningOfficer.objects.get(pk=world["officers"][state].pk)
    if state in world["services"]:
        return world["services"][state]
    if state == "earlier":
        return Earlier(world["services"]["published"] if route == "plan:rationale" else None)
    return None


def _url(route: str, target: Any, world: dict[str, Any]) -> str:
    if isinstance(target, Earlier):
        return matrix.default_url(route, target.service, world) + "?version=1"
    if route == "plan:judge":
        return reverse(route, args=[target.pk, "risk"])
    return matrix.default_url(route, target, world)


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "plan:weights":
        return {**{f"weight_{key}": str(value) for key, value in WEIGHTS.items()}, "reason": "Permission test"}
    if route == "plan:judge":
        return {"score": "4", "reason": "Permission test"}
    if route == "plan:service-skill":
        return {"skill": Skill.PUBLIC_HEALTH}
    if route in {"plan:officer-create", "plan:officer-edit"}:
        return {
            "name": "New officer" if route == "plan:officer-create" else "Renamed officer",
            "skills": [Skill.PROCUREMENT],
            "grade": "PO5",
            "annual_cost": "£55,000",
            "days_per_quarter": "30",
        }
    return {"reason": "Permission test"}


def snapshot() -> dict[str, Any]:
    return {
        "models": list(PriorityModel.objects.order_by("pk").values()),
        "model_history": PriorityModel.history.count(),
        "scores": CriterionScore.objects.count(),
        "judgements": list(PriorityJudgement.objects.order_by("pk").values()),
        "judgement_history": PriorityJudgement.history.count(),
        "skills": list(ServiceSkill.objects.order_by("pk").values()),
        "officers": list(CommissioningOfficer.objects.order_by("pk").values()),
        "officer_history": CommissioningOfficer.history.count(),
    }


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    after = snapshot()
    if route == "plan:weights":
        current = PriorityModel.objects.get(superseded_at__isnull=True)
        assert (current.number, current.weights, current.made_by) == (3, WEIGHTS, user)
        assert after["scores"] > before["scores"]
        return reverse("plan:ranking")
    if route == "plan:judge":
        judgement = PriorityJudgement.objects.get(service=target, criterion="risk")
        assert (judgement.score, judgement.reason, judgement.judged_by) == (4, "Permission test", user)
        assert after["judgement_history"] == before["judgement_history"] + 1
        return reverse("plan:rationale", args=[target.pk])
    if route == "plan:service-skill":
        assert ServiceSkill.objects.get(service=target).skill == Skill.PUBLIC_HEALTH
        return reverse("plan:rationale", args=[target.pk])
    assert after["officer_history"] == before["officer_history"] + 1
    if route == "plan:officer-create":
        created = CommissioningOfficer.objects.get(name="New officer")
        assert (created.skills, created.annual_cost, created.days_per_quarter) == ([Skill.PROCUREMENT], 55000, 30)
        return reverse("plan:officer-detail", args=[created.pk])
    target.refresh_from_db()
    if route == "plan:officer-edit":
        assert target.name == "Renamed officer"
    else:
        assert (target.is_archived, target.archived_by) == (True, user)
    return reverse("plan:officer-detail", args=[target.pk])


PERMISSIONS = matrix.Matrix(
    MATRIX, snapshot=snapshot, target=_target, url=_url, post_data=_post_data, check_change=_check_change
)
test_permission_matrix = PERMISSIONS.test()
