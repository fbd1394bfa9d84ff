"""A small council for the involvement and stage-gate tests: one review, its Programme Board, the portfolio holder of
its directorate, a scrutiny committee, Cabinet, and two wards (the review's service serves only the first)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from commissioning.core.permissions import Role
from commissioning.governance.actions.involvement import protocol_defaults_set
from commissioning.governance.models import (
    BodyKind,
    CallIn,
    DecisionCategory,
    DecisionStatus,
    MemberRole,
)
from tests.commissioning.appraisals.factories import AppraisalFactory, OptionFactory
from tests.commissioning.governance.factories import BodyFactory, DecisionFactory, MembershipFactory
from tests.factories import (
    CouncillorFactory,
    DirectorateFactory,
    ReviewFactory,
    ServiceFactory,
    UserFactory,
    WardFactory,
)

PUBLISHED_ON = dt.date(2026, 6, 1)
DEADLINE = dt.date(2026, 6, 8)  # the last day a call-in may be made


def build_world(*, protocol: bool = True, users: dict[str, Any] | None = None) -> dict[str, Any]:
    democratic = (users or {}).get(Role.DEMOCRATIC) or UserFactory(role=Role.DEMOCRATIC, username="dso")
    officer = (users or {}).get(Role.OFFICER) or UserFactory(role=Role.OFFICER, username="lead")
    north, south = WardFactory(name="North Ward"), WardFactory(name="South Ward")
    ward_user = (users or {}).get(Role.COUNCILLOR) or UserFactory(role=Role.COUNCILLOR, username="wardcllr")
    north_cllr = CouncillorFactory(name="Ada North", wards=[north], user=ward_user)
    south_cllr = CouncillorFactory(name="Ben South", wards=[south])
    cabinet_user = (users or {}).get(Role.CABINET) or UserFactory(role=Role.CABINET, username="cabinetmember")
    holder = CouncillorFactory(name="Cara Holder", wards=[south], user=cabinet_user)
    directorate = DirectorateFactory(name="Adult Social Care", code="ASC")
    service = ServiceFactory(reference="ASC-001", name="Home care", directorate=directorate, wards=[north])
    review = ReviewFactory(
        reference="CR-2026-501",
        title="Review of home care",
        services=[service],
        directorate=directorate,
        lead_commissioner=officer,
        public=True,
    )
    board = BodyFactory(kind=BodyKind.PROGRAMME_BOARD, name="Home care Programme Board", review=review)
    portfolio = BodyFactory(portfolio_holder=True, name="Cabinet Member for Adult Social Care", directorate=directorate)
    MembershipFactory(body=portfolio, councillor=holder, role=MemberRole.CHAIR)
    MembershipFactory(body=board, councillor=holder, role=MemberRole.CHAIR)
    scrutiny = BodyFactory(scrutiny=True, name="Health Scrutiny Committee")
    cabinet = BodyFactory(cabinet=True)
    if protocol:
        protocol_defaults_set(by=democratic)
    return {
        "democratic": democratic,
        "officer": officer,
        "wards": (north, south),
        "north_cllr": north_cllr,
        "south_cllr": south_cllr,
        "holder": holder,
        "ward_user": ward_user,
        "cabinet_user": cabinet_user,
        "directorate": directorate,
        "service": service,
        "review": review,
        "board": board,
        "portfolio": portfolio,
        "scrutiny": scrutiny,
        "cabinet": cabinet,
    }


def adopting_decision_for(world: dict[str, Any], **changes: Any) -> Any:
    """A published key decision of Cabinet adopting an option of the review, call-in deadline DEADLINE."""
    appraisal = AppraisalFactory(review=world["review"])
    option = OptionFactory(appraisal=appraisal, name="Outcomes-based home care contract")
    values = {
        "reference": "DEC-2026-501",
        "title": "Recommission home care",
        "body": world["cabinet"],
        "review": world["review"],
        "adopted_option": option,
        "category": DecisionCategory.KEY,
        "status": DecisionStatus.PUBLISHED,
        "decided_on": PUBLISHED_ON,
        "published_on": PUBLISHED_ON,
        "call_in_deadline": DEADLINE,
        "implementable_from": DEADLINE + dt.timedelta(days=1),
        **changes,
    }
    return DecisionFactory(**values)


def open_call_in(decision: Any, by: Any) -> CallIn:
    return CallIn.objects.create(decision=decision, grounds="Not enough consultation", made_on=DEADLINE, made_by=by)
