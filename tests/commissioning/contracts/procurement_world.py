"""The records the procurement tests share: a business case option adopted by a published decision, and procurements
at three stages (planning, open with every bid scored, awarded), with two provider bidders and the in-house bid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from commissioning.contracts.models import Bid, EvaluationCriterion, GrantAward, Procurement, Score
from commissioning.core.permissions import Role
from tests.commissioning.appraisals.factories import BusinessCaseFactory, OptionFactory
from tests.commissioning.governance.factories import DecisionFactory
from tests.factories import ContractFactory, DirectorateFactory, OrganisationFactory, UserFactory
from tests.matrix import COLUMNS

CRITERIA = (("Quality of care", "quality", 60), ("Price", "price", 30), ("Social value", "social_value", 10))


def _procurement(reference: str, **kw: Any) -> Procurement:
    return Procurement.objects.create(reference=reference, ocid=f"ocds-000000-{reference}", **kw)


def _scored(procurement: Procurement, bids: dict[str, Any], scores: dict[str, tuple[int, ...]]) -> dict[str, Bid]:
    criteria = [
        EvaluationCriterion.objects.create(procurement=procurement, position=i, name=n, kind=k, weight=w)
        for i, (n, k, w) in enumerate(CRITERIA, start=1)
    ]
    made = {}
    for key, bidder in bids.items():
        bid = Bid.objects.create(procurement=procurement, bidder=bidder, in_house=bidder is None)
        for criterion, score in zip(criteria, scores[key], strict=True):
            Score.objects.create(bid=bid, criterion=criterion, score=score)
        made[key] = bid
    return made


def build() -> dict[str, Any]:
    OrganisationFactory(council=True)
    second = OrganisationFactory(name="Second Care Ltd")  # the provider column's organisation: the other bidder
    users = {
        role: UserFactory(
            username=role,
            role=role,
            is_staff=role == Role.ADMIN,
            organisation=second if role == Role.PROVIDER else None,
        )
        for role in COLUMNS
        if role is not None
    }
    first = OrganisationFactory(name="First Care Ltd")
    charity = OrganisationFactory(
        name="Neighbourhood Trust", kind="charity", company_number="", charity_number="1100001", is_vcse=True
    )
    directorate = DirectorateFactory(name="Adults", code="ADL")
    option = OptionFactory(name="Re-procure home care")
    case = BusinessCaseFactory(review=option.appraisal.review, recommended_option=option)
    adopting = DecisionFactory(
        review=case.review, business_case=case, adopted_option=option, status="published", reference="DEC-2026-101"
    )
    award_decision = DecisionFactory(status="published", reference="DEC-2026-102", title="Award of home care")
    draft_decision = DecisionFactory(reference="DEC-2026-103")
    lead = users[Role.OFFICER]
    common = {
        "directorate": directorate,
        "lead": lead,
        "adopting_decision": adopting,
        "business_case": case,
        "option": option,
        "procedure": "open",
        "estimated_value": Decimal("3000000"),
        "in_house_bid_allowed": True,
    }
    planning = _procurement("PRO-2026-001", title="Day services", **common)
    open_ = _procurement("PRO-2026-002", title="Home care", tender_start=dt.date(2026, 1, 5), **common)
    open_bids = _scored(
        open_,
        {"first": first, "second": second, "in_house": None},
        {"first": (8, 6, 7), "second": (6, 9, 5), "in_house": (9, 7, 8)},
    )
    awarded = _procurement("PRO-2026-003", title="Reablement", published=True, **common)
    awarded_bids = _scored(awarded, {"first": first, "second": second}, {"first": (9, 7, 8), "second": (5, 6, 4)})
    contract = ContractFactory(
        reference="CON-2026-900", title="Reablement", provider=first, directorate=directorate, contract_manager=lead
    )
    Procurement.objects.filter(pk=awarded.pk).update(
        contract=contract, winner=awarded_bids["first"], award_decision=award_decision
    )
    grant_contract = ContractFactory(
        reference="CON-2026-901",
        kind="grant",
        procedure="grant",
        provider=charity,
        directorate=directorate,
        contract_manager=lead,
    )
    grant = GrantAward.objects.create(
        reference="GRA-2026-001",
        title="Lunch clubs",
        purpose="Lunch clubs for older people",
        amount=Decimal("20000"),
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2027, 3, 31),
        recipient=charity,
        directorate=directorate,
        manager=lead,
        decision=award_decision,
        contract=grant_contract,
    )
    return {
        "users": users,
        "first": first,
        "second": second,
        "charity": charity,
        "directorate": directorate,
        "adopting": adopting,
        "award_decision": award_decision,
        "draft_decision": draft_decision,
        "procurements": {"planning": planning, "open": open_, "awarded": awarded},
        "bids": {
            "first_open": open_bids["first"],
            "in_house_open": open_bids["in_house"],
            "first_awarded": awarded_bids["first"],
            "own_awarded": awarded_bids["second"],
        },
        "grant": grant,
    }
