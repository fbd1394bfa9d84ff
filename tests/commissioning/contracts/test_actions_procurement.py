"""Procurement and grant awards: the named refusals (nothing saved), the award making the register's contract, the
OCDS package validating against the offline schema, and who sees scores."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import referencing.exceptions
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commissioning.contracts import actions_procurement as actions
from commissioning.contracts import calculations_procurement as calc
from commissioning.contracts import ocds
from commissioning.contracts import selectors_procurement as sel
from commissioning.contracts.models import Contract, EvaluationCriterion, GrantAward, Procurement
from commissioning.contracts.models.procurement import MAX_SCORE
from commissioning.core.permissions import Role
from tests import matrix
from tests.commissioning.contracts import procurement_world

pytestmark = pytest.mark.django_db
world = matrix.world_fixture(procurement_world.build)


def _officer(world):
    return world["users"][Role.OFFICER]


def _fresh(world, state: str) -> Procurement:
    return Procurement.objects.get(pk=world["procurements"][state].pk)


def test_the_models_score_range_is_the_engines():
    assert MAX_SCORE == calc.MAX_SCORE


def test_a_procurement_starts_from_a_decision_adopting_an_option(world):
    details = actions.ProcurementDetails(
        title="Extra care",
        directorate=world["directorate"],
        lead=_officer(world),
        procedure="open",
        estimated_value=Decimal("500000"),
    )
    with pytest.raises(ValidationError) as refused:
        actions.procurement_create(details=details, decision=world["award_decision"], by=_officer(world))
    assert refused.value.message_dict == {"decision": [actions.DECISION_NOT_ADOPTING]}
    made = actions.procurement_create(details=details, decision=world["adopting"], by=_officer(world))
    assert (made.reference, made.ocid) == ("PRO-2026-004", "ocds-000000-PRO-2026-004")
    assert (made.business_case_id, made.option_id) == (
        world["adopting"].business_case_id,
        world["adopting"].adopted_option_id,
    )


def test_weights_not_adding_up_to_100_are_refused_by_name(world):
    procurement = _fresh(world, "planning")
    criteria = [actions.CriterionDetails("Quality", "quality", 60), actions.CriterionDetails("Price", "price", 30)]
    with pytest.raises(ValidationError) as refused:
        actions.procurement_criteria_set(procurement=procurement, criteria=criteria, by=_officer(world))
    assert refused.value.message_dict == {"weights": [actions.WEIGHTS_NOT_100.format(total=90)]}
    assert not EvaluationCriterion.objects.filter(procurement=procurement).exists()


def test_criteria_cannot_change_once_bids_are_scored(world):
    criteria = [actions.CriterionDetails("Quality", "quality", 100)]
    with pytest.raises(ValidationError, match=actions.CRITERIA_SCORED):
        actions.procurement_criteria_set(procurement=_fresh(world, "open"), criteria=criteria, by=_officer(world))


def _award(world, **changes):
    details = {
        "bid": world["bids"]["in_house_open"],
        "decision": world["award_decision"],
        "total_value": Decimal("3000000"),
        "annual_value": Decimal("1000000"),
        "start_date": dt.date(2027, 4, 1),
        "end_date": dt.date(2030, 3, 31),
        **changes,
    }
    return actions.procurement_award(
        procurement=_fresh(world, "open"), details=actions.AwardDetails(**details), by=_officer(world)
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"decision": None}, "decision", actions.AWARD_WITHOUT_DECISION),
        ("draft", "decision", actions.DECISION_NOT_PUBLISHED.format(reference="DEC-2026-103")),
        ("first", "reason", actions.WINNER_NOT_BEST.format(name="First Care Ltd", rank=2)),
    ],
)
def test_an_award_without_a_published_decision_or_to_a_lower_bid_saves_nothing(world, changes, field, message):
    if changes == "draft":
        changes = {"decision": world["draft_decision"]}
    elif changes == "first":
        changes = {"bid": world["bids"]["first_open"]}
    contracts = Contract.objects.count()
    with pytest.raises(ValidationError) as refused:
        _award(world, **changes)
    assert refused.value.message_dict == {field: [message]}
    assert Contract.objects.count() == contracts
    assert not _fresh(world, "open").is_awarded


def test_the_in_house_bid_ranked_first_is_awarded_an_in_house_plan(world):
    found = sel.evaluation(_fresh(world, "open"))
    assert [(r.name, r.total, r.rank) for r in found.ranking] == [
        ("In-house bid (the council's own service)", Decimal("83"), 1),
        ("First Care Ltd", Decimal("73"), 2),
        ("Second Care Ltd", Decimal("68"), 3),
    ]
    awarded = _award(world)
    contract = awarded.contract
    assert (contract.kind, contract.provider, contract.procedure, contract.decision) == (
        "in_house",
        None,
        "in_house",
        world["award_decision"],
    )
    assert contract.procurement == awarded
    assert calc.stage(**sel.stage_facts(awarded, bids=3)) == "contract"
    with pytest.raises(ValidationError, match=actions.ALREADY_AWARDED):
        _award(world)


def test_an_award_to_a_bid_not_ranked_first_needs_a_recorded_reason(world):
    with pytest.raises(ValidationError) as refused:
        _award(world, bid=world["bids"]["first_open"], reason="   ")
    assert refused.value.message_dict == {"reason": [actions.WINNER_NOT_BEST.format(name="First Care Ltd", rank=2)]}
    reason = "The in-house bid relies on a building the council is selling"
    awarded = _award(world, bid=world["bids"]["first_open"], reason=reason)
    assert (awarded.winner, awarded.award_reason) == (world["bids"]["first_open"], reason)
    assert awarded.contract.provider.name == "First Care Ltd"
    assert awarded.history.first().history_change_reason == (
        "Awarded to First Care Ltd on decision DEC-2026-102, ranked 2, for the reason recorded"
    )


def test_the_reason_is_not_kept_for_the_bid_ranked_first(world):
    assert _award(world, reason="Not needed").award_reason == ""


def _grant(world, **changes):
    details = {
        "title": "Befriending",
        "purpose": "Befriending for isolated residents",
        "amount": Decimal("30000"),
        "start_date": dt.date(2026, 4, 1),
        "end_date": dt.date(2028, 3, 31),
        "recipient": world["charity"],
        "directorate": world["directorate"],
        "manager": _officer(world),
        "decision": world["award_decision"],
        **changes,
    }
    return actions.grant_award_create(details=actions.GrantDetails(**details), by=_officer(world))


def test_a_grant_award_makes_the_registers_grant(world):
    grant = _grant(world)
    assert grant.reference == "GRA-2026-002"
    contract = grant.contract
    assert (contract.kind, contract.procedure, contract.provider, contract.total_value) == (
        "grant",
        "grant",
        world["charity"],
        Decimal("30000"),
    )
    assert contract.annual_value == Decimal("14979.48")  # 30,000 over 731 days, a year's share


def test_a_grant_without_a_decision_or_to_an_unregistered_body_saves_nothing(world):
    unregistered = world["charity"]
    unregistered.charity_number = ""
    grants, contracts = GrantAward.objects.count(), Contract.objects.count()
    with pytest.raises(ValidationError) as refused:
        _grant(world, decision=None, recipient=unregistered, end_date=dt.date(2026, 3, 1))
    assert refused.value.message_dict == {
        "decision": [actions.GRANT_WITHOUT_DECISION],
        "end_date": [actions.GRANT_END_BEFORE_START],
        "recipient": [actions.RECIPIENT_NUMBER.format(name="Neighbourhood Trust")],
    }
    assert (GrantAward.objects.count(), Contract.objects.count()) == (grants, contracts)


@pytest.mark.parametrize("state", ["planning", "open", "awarded"])
def test_the_ocds_package_validates_against_the_offline_schema_and_holds_no_scores(world, state):
    response = Client().get(reverse("contracts:ocds", args=[world["procurements"]["awarded"].pk]))
    assert response.status_code == 200
    procurement = _fresh(world, state)
    bids = sel.bid_count(procurement)
    package = ocds.release_package(
        procurement,
        uri="https://example.org/p.json",
        buyer="Testshire",
        bids=bids,
        stage=calc.stage(**sel.stage_facts(procurement, bids=bids)),
    )
    assert ocds.validation_errors(package) == []
    release = package["releases"][0]
    assert ("awards" in release) == (state == "awarded")
    assert "score" not in json.dumps(package).lower()
    if state == "awarded":
        assert json.loads(response.content)["releases"][0]["awards"][0]["suppliers"][0]["name"] == "First Care Ltd"


def test_the_validator_refuses_a_broken_package_naming_the_path(world):
    package = ocds.release_package(
        _fresh(world, "awarded"), uri="https://example.org/p.json", buyer="Testshire", bids=2, stage="award"
    )
    release = package["releases"][0]
    release["tag"][0] = "bogus"
    release["awards"][0]["date"] = "2026-02-30T00:00:00Z"
    del package["publisher"]
    errors = ocds.validation_errors(package)
    assert "(package): 'publisher' is a required property" in errors
    assert any(e.startswith("releases/0/tag/0: 'bogus' is not one of") for e in errors)
    assert "releases/0/awards/0/date: '2026-02-30T00:00:00Z' is not a 'date-time'" in errors
    assert len(errors) == 3


def test_the_validator_fetches_nothing():
    assert ocds.validator().schema["id"].endswith("release-package-schema.json")
    with pytest.raises(referencing.exceptions.Unresolvable):
        ocds.validator().evolve(schema={"$ref": "https://example.org/elsewhere.json"}).validate({})


def test_scores_are_shown_inside_only_and_to_the_bidder_its_own_after_award(world):
    page = reverse("contracts:procurement", args=[world["procurements"]["awarded"].pk])
    public = Client().get(page).content.decode()
    assert 'data-testid="ranking"' not in public
    assert "Weighted score" not in public
    officer = Client()
    officer.force_login(_officer(world))
    assert 'data-testid="ranking"' in officer.get(page).content.decode()
    bidder = Client()
    bidder.force_login(world["users"][Role.PROVIDER])
    assert 'data-testid="ranking"' not in bidder.get(page).content.decode()
    own = bidder.get(reverse("contracts:bid", args=[world["bids"]["own_awarded"].pk]))
    assert own.status_code == 200
    assert 'data-testid="bid-scores"' in own.content.decode()
    assert bidder.get(reverse("contracts:bid", args=[world["bids"]["first_awarded"].pk])).status_code == 404
