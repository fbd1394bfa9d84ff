"""Who may do what with scrutiny's recommendations and the contract monitoring protocol: every route, every role.

Columns, in order:

    anonymous, officer, director, finance, cabinet, scrutiny, councillor, provider, admin, democratic, partner

Everyone may list recommendations (the public sees the published ones); a recommendation not yet published is read
inside the council only (404 outside). Scrutiny members and democratic services record and publish them. Only a
cabinet member responds to a recommendation made to the executive; democratic services record a partner's response
to one made to a partner. Only scrutiny members follow up implementation. The protocol is read inside the council and
changed and amended by scrutiny members and democratic services. Every refused POST leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.governance.models import (
    ActionStatus,
    FollowUp,
    MonitoringProtocol,
    ProtocolAmendment,
    Recommendation,
    RecommendationAction,
    RecommendationTo,
    ResponseKind,
)
from tests import matrix
from tests.commissioning.governance.factories import BodyFactory
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS, DENIED, DONE, HIDDEN, LOGIN, OK

# fmt: off
MATRIX: list[tuple[str, str, str, tuple[Any, ...]]] = [
    # route                                  method  state        anon     officer  director finance  cabinet  scrutiny cllr     provider admin    democ    partner
    ("governance:recommendations",           "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:recommendations-csv",       "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:recommendations-xlsx",      "GET",  "-",         (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:recommendation-add",        "GET",  "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:recommendation-add",        "POST", "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:recommendation",            "GET",  "awaiting",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:recommendation",            "GET",  "published", (OK,     OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK,      OK)),
    ("governance:recommendation-respond",    "GET",  "awaiting",  (HIDDEN, DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("governance:recommendation-respond",    "POST", "awaiting",  (HIDDEN, DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  HIDDEN,  DENIED,  DENIED,  HIDDEN)),
    ("governance:recommendation-respond",    "POST", "partner",   (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:recommendation-follow-up",  "GET",  "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:recommendation-follow-up",  "POST", "published", (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DENIED,  DENIED)),
    ("governance:recommendation-publish",    "GET",  "awaiting",  (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  HIDDEN,  DENIED,  OK,      HIDDEN)),
    ("governance:recommendation-publish",    "POST", "awaiting",  (HIDDEN, DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  HIDDEN,  DENIED,  DONE,    HIDDEN)),
    ("governance:recommendation-history",    "GET",  "awaiting",  (HIDDEN, OK,      OK,      OK,      OK,      OK,      OK,      HIDDEN,  OK,      OK,      HIDDEN)),
    ("governance:monitoring-protocol",       "GET",  "-",         (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
    ("governance:monitoring-protocol-edit",  "GET",  "protocol",  (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:monitoring-protocol-edit",  "POST", "protocol",  (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:monitoring-protocol-amend", "GET",  "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  OK,      DENIED,  DENIED,  DENIED,  OK,      DENIED)),
    ("governance:monitoring-protocol-amend", "POST", "-",         (LOGIN,  DENIED,  DENIED,  DENIED,  DENIED,  DONE,    DENIED,  DENIED,  DENIED,  DONE,    DENIED)),
    ("governance:monitoring-protocol-history", "GET", "protocol", (LOGIN,  OK,      OK,      OK,      OK,      OK,      OK,      DENIED,  OK,      OK,      DENIED)),
]
# fmt: on

MADE_ON = dt.date(2026, 9, 1)


def _build_world() -> dict[str, Any]:
    provider_org = OrganisationFactory(name="Wrong Provider Ltd")
    users = {
        role: UserFactory(
            username=f"rec-{role}",
            role=role,
            organisation=provider_org if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None
    }
    scrutiny = BodyFactory(scrutiny=True, name="Overview and Scrutiny Committee")
    cabinet = BodyFactory(cabinet=True)
    common = {"body": scrutiny, "made_on": MADE_ON, "response_due_on": dt.date(2026, 11, 1), "text": "Do better"}
    awaiting = Recommendation.objects.create(number="SR-1", executive=cabinet, **common)
    partner = Recommendation.objects.create(number="SR-2", to=RecommendationTo.PARTNER, partner="The ICB", **common)
    published = Recommendation.objects.create(
        number="SR-3",
        executive=cabinet,
        published_on=MADE_ON,
        response=ResponseKind.ACCEPTED,
        response_reasons="Agreed",
        responded_on=dt.date(2026, 10, 1),
        **common,
    )
    RecommendationAction.objects.create(
        recommendation=published, number=1, text="Retender", owner=users[Role.OFFICER], due_on=dt.date(2027, 1, 1)
    )
    MonitoringProtocol.objects.create(kpi_rating_threshold="inadequate", upheld_complaints_threshold=5)
    return {
        "users": users,
        "scrutiny": scrutiny,
        "cabinet": cabinet,
        "awaiting": awaiting,
        "partner": partner,
        "published": published,
        "service": ServiceFactory(),
    }


world = matrix.world_fixture(_build_world)
client_for = matrix.client_for_fixture()


def _target(route: str, state: str, world: dict[str, Any]) -> Any:
    if state == "-":
        return None
    if state == "protocol":
        return MonitoringProtocol.objects.get()
    return Recommendation.objects.get(pk=world[state].pk)


def _url(route: str, target: Any, world: dict[str, Any]) -> str:
    return reverse(route) if target is None else reverse(route, args=[target.pk])


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def _post_data(route: str, target: Any, world: dict[str, Any]) -> dict[str, Any]:
    if route == "governance:recommendation-add":
        return {
            "body": world["scrutiny"].pk,
            "number": "SR-9",
            "text": "Review the day centre contract",
            "to": "executive",
            "executive": world["cabinet"].pk,
            **_date("made_on", MADE_ON),
        }
    if route == "governance:recommendation-respond":
        return {
            "response": "accepted",
            "reasons": "We agree",
            **_date("responded_on", dt.date(2026, 10, 2)),
            "action_1_text": "Retender the service",
            "action_1_owner_name": "A partner contact",
            **_date("action_1_due_on", dt.date(2027, 3, 1)),
        }
    if route == "governance:recommendation-follow-up":
        action = target.actions.get()
        return {
            **_date("held_on", dt.date(2027, 4, 1)),
            f"action_{action.pk}_status": "in_progress",
            "signed_off": "no",
        }
    if route == "governance:monitoring-protocol-edit":
        return {
            "signals": ["kpi_rating", "complaints"],
            "frequency": "monthly",
            "kpi_rating_threshold": "requires_improvement",
            "complaints_threshold": "12",
            "reason": "Permission test",
        }
    if route == "governance:monitoring-protocol-amend":
        return {"service": world["service"].pk, "frequency": "monthly", "reason": "Permission test"}
    return {}


def snapshot() -> dict[str, Any]:
    return {
        "recommendations": list(Recommendation.objects.order_by("pk").values()),
        "history": Recommendation.history.count(),
        "actions": list(RecommendationAction.objects.order_by("pk").values()),
        "follow_ups": FollowUp.objects.count(),
        "protocol": list(MonitoringProtocol.objects.values()),
        "amendments": ProtocolAmendment.objects.count(),
    }


def _check_change(route: str, target: Any, user: Any, before: dict[str, Any], world: dict[str, Any]) -> str:
    protocol_page = reverse("governance:monitoring-protocol")
    if route == "governance:recommendation-add":
        made = Recommendation.objects.get(number="SR-9")
        assert made.response_due_on == dt.date(2026, 11, 1)
        assert made.history.get().history_user == user
        return reverse("governance:recommendation", args=[made.pk])
    if route == "governance:recommendation-respond":
        rec = Recommendation.objects.get(pk=target.pk)
        assert (rec.response, rec.responded_by) == (ResponseKind.ACCEPTED, user)
        assert rec.actions.get().owner_name == "A partner contact"
        return reverse("governance:recommendation", args=[rec.pk])
    if route == "governance:recommendation-follow-up":
        rec = Recommendation.objects.get(pk=target.pk)
        assert rec.actions.get().status == ActionStatus.IN_PROGRESS
        assert rec.next_follow_up_on == dt.date(2027, 10, 1)
        assert FollowUp.objects.count() == before["follow_ups"] + 1
        return reverse("governance:recommendation", args=[rec.pk])
    if route == "governance:recommendation-publish":
        assert Recommendation.objects.get(pk=target.pk).published_on is not None
        return reverse("governance:recommendation", args=[target.pk])
    if route == "governance:monitoring-protocol-edit":
        protocol = MonitoringProtocol.objects.get()
        assert (protocol.signals, protocol.frequency, protocol.complaints_threshold) == (
            "kpi_rating,complaints",
            "monthly",
            12,
        )
        assert protocol.history.first().history_user == user
        return protocol_page
    if route == "governance:monitoring-protocol-amend":
        amendment = ProtocolAmendment.objects.get()
        assert (amendment.service_id, amendment.frequency) == (world["service"].pk, "monthly")
        return protocol_page
    raise AssertionError(route)


PERMISSIONS = matrix.Matrix(
    MATRIX, snapshot=snapshot, target=_target, url=_url, post_data=_post_data, check_change=_check_change
)
test_permission_matrix = PERMISSIONS.test()
