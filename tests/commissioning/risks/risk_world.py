"""A small council for the risk tests: a user of each role, a directorate, a review, and risks on each register
(made once per module through the actions, so each has its one history entry). ``build_with_contract`` adds a
contract (of another directorate) with an unpublished contract risk the officer owns."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from commissioning.core.permissions import Role
from commissioning.risks import actions as act
from commissioning.risks.models import Category, Level, Proximity, Response
from tests.dates import date_input
from tests.factories import ContractFactory, DirectorateFactory, OrganisationFactory, ReviewFactory, UserFactory
from tests.matrix import COLUMNS

SCORES = act.Scores(4, 4, 3, 3, 2, 2)


def details(**kw: Any) -> act.RiskDetails:
    values: dict[str, Any] = {
        "level": Level.CORPORATE,
        "title": "Savings are not realised",
        "category": Category.FINANCIAL,
        "cause": "Savings counted before they are decided",
        "event": "The savings are not realised",
        "effect": "An overspend",
        "scores": SCORES,
        "response": Response.TREAT,
        "proximity": Proximity.MEDIUM,
        "next_review_on": timezone.localdate() + dt.timedelta(days=30),
        **kw,
    }
    return act.RiskDetails(**values)


def make_risk(owner: Any, **kw: Any) -> Any:
    return act.risk_create(details=details(owner=owner, **kw), by=owner)


def build() -> dict[str, Any]:
    OrganisationFactory(council=True)
    users = {role: UserFactory(username=role, role=role, is_staff=role == Role.ADMIN) for role in COLUMNS if role}
    directorate = DirectorateFactory(director=users[Role.DIRECTOR])
    review = ReviewFactory(directorate=directorate, lead_commissioner=users[Role.OFFICER])
    officer = users[Role.OFFICER]
    risks = {
        "published": make_risk(officer, title="Published corporate risk", published=True),
        "unpublished": make_risk(officer, level=Level.REVIEW, review=review, title="Review risk"),
        "other": make_risk(users[Role.FINANCE], title="Finance's risk", published=True),
    }
    action = act.risk_action_add(
        risk=risks["published"], description="Recovery plan", owner=officer, due_on=timezone.localdate(), by=officer
    )
    return {"users": users, "directorate": directorate, "review": review, "risks": risks, "action": action}


CONTRACT_REFERENCE = "CON-2026-0901"


def build_with_contract() -> dict[str, Any]:
    world = build()
    contract = ContractFactory(reference=CONTRACT_REFERENCE, title="Home care, north")
    officer = world["users"][Role.OFFICER]
    world["contract"] = contract
    world["risks"]["contract"] = make_risk(
        officer, level=Level.CONTRACT, contract=contract, title="The provider cannot keep enough staff"
    )
    return world


def form_scores(scores: act.Scores = SCORES) -> dict[str, str]:
    return {name: str(value) for name, value in scores.as_dict().items()}


def risk_post(world: dict[str, Any], **kw: Any) -> dict[str, Any]:
    data = {
        "level": Level.CORPORATE,
        "title": "A new risk",
        "owner": str(world["users"][Role.OFFICER].pk),
        "category": Category.OPERATIONAL,
        "cause": "A cause",
        "event": "An event",
        "effect": "An effect",
        **form_scores(),
        "response": Response.TOLERATE,
        "proximity": Proximity.LATER,
        **date_input("next_review_on", timezone.localdate() + dt.timedelta(days=60)),
        "form_token": str(uuid.uuid4()),
        **kw,
    }
    return data
