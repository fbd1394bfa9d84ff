"""The tender evaluation: weighted totals, the ranking and its properties, and the stage a procurement reached."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.contracts.evaluation import (
    MAX_SCORE,
    Bid,
    Criterion,
    StageFacts,
    rank,
    stage_reached,
    stage_statuses,
    weighted_total,
    weights_add_up,
    winner,
)

CRITERIA = (Criterion("q", "Quality", 60), Criterion("p", "Price", 30), Criterion("s", "Social value", 10))


def test_weighted_total_is_points_out_of_100():
    assert weighted_total(criteria=CRITERIA, scores={"q": 10, "p": 10, "s": 10}) == Decimal(100)
    assert weighted_total(criteria=CRITERIA, scores={"q": 5, "p": 8, "s": 0}) == Decimal(54)
    assert weighted_total(criteria=CRITERIA, scores={"q": 5}) == Decimal(30)  # unscored counts nothing


def test_weights_must_add_up_to_100():
    assert weights_add_up([60, 30, 10])
    assert not weights_add_up([60, 30, 20])


def test_ranking_shares_ranks_and_names_one_winner():
    bids = [
        Bid("a", "Acme", {"q": 7, "p": 6, "s": 5}),
        Bid("b", "Bravo", {"q": 8, "p": 3, "s": 5}),
        Bid("h", "In-house", {"q": 7, "p": 6, "s": 5}),
    ]
    ranking = rank(criteria=CRITERIA, bids=bids)
    assert [(r.key, r.total, r.rank) for r in ranking] == [
        ("a", Decimal(65), 1),
        ("h", Decimal(65), 1),
        ("b", Decimal(62), 3),
    ]
    assert winner(ranking) is None  # a tie at the top
    ranking = rank(criteria=CRITERIA, bids=[*bids[:2], Bid("h", "In-house", {"q": 9, "p": 6, "s": 5})])
    assert winner(ranking).key == "h"
    assert winner(rank(criteria=CRITERIA, bids=[Bid("a", "Acme", {"q": 1})])) is None  # not fully scored


scores = st.integers(min_value=0, max_value=MAX_SCORE)


@st.composite
def evaluations(draw):
    count = draw(st.integers(min_value=1, max_value=5))
    weights = draw(st.lists(st.integers(min_value=0, max_value=100), min_size=count, max_size=count))
    criteria = [Criterion(f"c{i}", f"Criterion {i}", w) for i, w in enumerate(weights)]
    bids = [
        Bid(f"b{j}", f"Bidder {j}", {c.key: draw(scores) for c in criteria})
        for j in range(draw(st.integers(min_value=1, max_value=6)))
    ]
    return criteria, bids


@given(evaluations(), st.randoms())
def test_ranking_does_not_depend_on_the_order_of_criteria(evaluation, random):
    criteria, bids = evaluation
    shuffled = list(criteria)
    random.shuffle(shuffled)
    before = {r.key: (r.total, r.rank) for r in rank(criteria=criteria, bids=bids)}
    assert {r.key: (r.total, r.rank) for r in rank(criteria=shuffled, bids=bids)} == before


@given(evaluations(), st.data())
def test_a_bidder_improving_one_score_never_drops_in_rank(evaluation, data):
    criteria, bids = evaluation
    index = data.draw(st.integers(min_value=0, max_value=len(bids) - 1))
    criterion = data.draw(st.sampled_from(criteria))
    bid = bids[index]
    better = data.draw(st.integers(min_value=bid.scores[criterion.key], max_value=MAX_SCORE))
    improved = Bid(bid.key, bid.name, {**bid.scores, criterion.key: better})
    before = {r.key: r.rank for r in rank(criteria=criteria, bids=bids)}
    after = {r.key: r.rank for r in rank(criteria=criteria, bids=[*bids[:index], improved, *bids[index + 1 :]])}
    assert after[bid.key] <= before[bid.key]


TODAY = dt.date(2026, 6, 1)


def facts(**kw):
    return StageFacts(
        **{"tender_start": None, "bids": 0, "awarded": False, "contract_start": None, "today": TODAY, **kw}
    )


def test_stage_follows_the_records():
    assert stage_reached(facts()) == "planning"
    assert stage_reached(facts(tender_start=dt.date(2026, 7, 1))) == "planning"
    assert stage_reached(facts(tender_start=dt.date(2026, 5, 1))) == "tender"
    assert stage_reached(facts(bids=2)) == "tender"
    assert stage_reached(facts(bids=2, awarded=True, contract_start=dt.date(2026, 9, 1))) == "contract"
    assert stage_reached(facts(bids=2, awarded=True, contract_start=dt.date(2026, 5, 1))) == "implementation"
    statuses = {
        s.stage: s.status for s in stage_statuses(facts(bids=2, awarded=True, contract_start=TODAY.replace(month=9)))
    }
    assert statuses == {
        "planning": "completed",
        "tender": "completed",
        "award": "completed",
        "contract": "completed",
        "implementation": "not_started",
    }
    statuses = {s.stage: s.status for s in stage_statuses(facts(bids=1))}
    assert statuses["tender"] == "in_progress"
    assert statuses["award"] == "not_started"
