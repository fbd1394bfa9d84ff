"""A small council for the virement tests: a user of each role, two directorates' services with budget lines this year
and next, the section 151 officer and published Cabinet and Council decisions (built once per module)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commissioning.core.audit import save_with_history
from commissioning.core.permissions import Role
from commissioning.finance import actions_virements as act
from commissioning.finance.models import BudgetLine, Permanence, VirementSettings
from commissioning.governance.models import DecisionStatus
from tests.commissioning.governance.factories import BodyFactory, DecisionFactory
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.matrix import COLUMNS

YEAR, NEXT_YEAR = "2026/27", "2027/28"
BUDGET = Decimal("500000.00")


def line(service: Any, year: str = YEAR, budget: Decimal = BUDGET) -> BudgetLine:
    made = BudgetLine(service=service, financial_year=year, original=budget, revised=budget)
    save_with_history(made, by=None, reason="Test")
    return made


def request(world: dict[str, Any], source: str, target: str, amount: str, **kw: Any) -> Any:
    details = act.VirementRequest(
        from_line=world["lines"][source],
        to_line=world["lines"][target],
        amount=Decimal(amount),
        reason=kw.pop("reason", "Test"),
        permanence=kw.pop("permanence", Permanence.ONE_OFF),
    )
    return act.virement_request(details=details, by=world["users"][Role.FINANCE], **kw)


def build() -> dict[str, Any]:
    OrganisationFactory(council=True)
    users = {role: UserFactory(username=role, role=role, is_staff=role == Role.ADMIN) for role in COLUMNS if role}
    VirementSettings.objects.create(section_151_officer=users[Role.FINANCE])
    people = DirectorateFactory(director=users[Role.DIRECTOR])
    place = DirectorateFactory()
    services = {
        "a": ServiceFactory(directorate=people, accountable_officer=users[Role.OFFICER]),
        "b": ServiceFactory(directorate=people),
        "c": ServiceFactory(directorate=place),
        "d": ServiceFactory(directorate=place),
    }
    lines = {key: line(service) for key, service in services.items()}
    lines |= {f"{key}-next": line(service, NEXT_YEAR) for key, service in services.items() if key in "ab"}
    cabinet = BodyFactory(cabinet=True)
    council = BodyFactory(council=True)
    decisions = {
        "cabinet": DecisionFactory(reference="DEC-2026-101", body=cabinet, status=DecisionStatus.PUBLISHED),
        "council": DecisionFactory(reference="DEC-2026-102", body=council, status=DecisionStatus.PUBLISHED),
        "draft": DecisionFactory(reference="DEC-2026-103", body=council),
    }
    return {"users": users, "services": services, "lines": lines, "decisions": decisions}
