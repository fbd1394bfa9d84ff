"""The prioritisation model's arithmetic (engine.scoring.priority): bands, scores, contributions, ranking, words."""

from __future__ import annotations

import random
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.scoring import priority
from engine.scoring.priority import CriterionScore, WeightsInvalidError

KEYS = ["budget", "savings", "performance", "risk"]
WEIGHTS = {"budget": 40, "savings": 30, "performance": 20, "risk": 10}
NAMES = {"budget": "Size of budget", "savings": "Savings potential", "performance": "Performance gap", "risk": "Risk"}


def _scored(pk: int, reference: str, **scores: int) -> priority.Scored:
    return priority.score_service(
        service=pk,
        reference=reference,
        weights=WEIGHTS,
        scores=[CriterionScore(key, value) for key, value in scores.items()],
    )


@pytest.mark.parametrize(
    ("budget", "score"),
    [
        ("0", 0),
        ("249999.99", 1),
        ("250000", 2),
        ("999999", 2),
        ("1000000", 3),
        ("4999999", 3),
        ("5000000", 4),
        ("19999999", 4),
        ("20000000", 5),
    ],
)
def test_budget_bands(budget: str, score: int) -> None:
    assert priority.budget_score(Decimal(budget)) == score


@pytest.mark.parametrize(
    ("unit_cost", "score"),
    [("90", 0), ("100", 0), ("105", 1), ("105.01", 2), ("110", 2), ("120", 3), ("135", 4), ("135.5", 5)],
)
def test_savings_bands_against_a_median_of_100(unit_cost: str, score: int) -> None:
    assert priority.savings_score(Decimal(unit_cost), Decimal("100")) == score


def test_savings_needs_a_median_above_zero() -> None:
    with pytest.raises(ValueError, match="median"):
        priority.savings_score(Decimal("10"), Decimal("0"))


@pytest.mark.parametrize(("off", "worse", "score"), [(0, 0, 0), (1, 0, 1), (1, 1, 2), (2, 1, 3), (3, 3, 5), (9, 0, 5)])
def test_performance_gap(off: int, worse: int, score: int) -> None:
    assert priority.performance_score(off, worse) == score


def test_performance_gap_refuses_more_worsening_than_off_target() -> None:
    with pytest.raises(ValueError, match="worsening ones among those off target"):
        priority.performance_score(1, 2)


@pytest.mark.parametrize(("months", "score"), [(0, 5), (6, 5), (7, 4), (12, 4), (18, 3), (24, 2), (36, 1), (37, 0)])
def test_contract_bands(months: int, score: int) -> None:
    assert priority.contract_score(months) == score


@pytest.mark.parametrize(("count", "score"), [(0, 0), (1, 2), (2, 3), (3, 4), (4, 5), (9, 5)])
def test_strategic_fit(count: int, score: int) -> None:
    assert priority.strategic_fit_score(count) == score


def test_statutory_constraint() -> None:
    assert (priority.statutory_score(True), priority.statutory_score(False)) == (2, 5)


def test_a_worked_example() -> None:
    scored = _scored(1, "A-001", budget=5, savings=3, performance=1)
    # 40% x 5 + 30% x 3 + 20% x 1 + 10% x (risk not scored: 0)
    assert scored.total == Decimal("3.10")
    assert [c.points for c in scored.contributions] == [
        Decimal("2.00"),
        Decimal("0.90"),
        Decimal("0.20"),
        Decimal("0.00"),
    ]
    assert scored.missing == ("risk",)
    assert not scored.complete


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"budget": 50, "savings": 40}, "The weights must add up to 100%: they add up to 90%"),
        ({"budget": 60, "savings": 50}, "The weights must add up to 100%: they add up to 110%"),
        ({"budget": 110, "savings": -10}, "The weight of Savings potential must be a whole number of 0 or more"),
    ],
)
def test_weights_that_do_not_add_up_to_100_are_refused(weights: dict[str, int], message: str) -> None:
    assert priority.weights_problem(weights, NAMES) == message
    with pytest.raises(WeightsInvalidError):
        priority.score_service(service=1, reference="A", weights=weights, scores=[])


def test_a_score_outside_0_to_5_is_refused() -> None:
    with pytest.raises(ValueError, match="from 0 to 5"):
        CriterionScore("budget", 6)


weights_strategy = (
    st.lists(st.integers(0, 100), min_size=len(KEYS) - 1, max_size=len(KEYS) - 1)
    .filter(lambda w: sum(w) <= 100)
    .map(lambda w: dict(zip(KEYS, [*w, 100 - sum(w)], strict=True)))
)
scores_strategy = st.dictionaries(st.sampled_from(KEYS), st.integers(0, 5))


@given(weights=weights_strategy, scores=scores_strategy)
def test_contributions_add_up_to_the_score_which_stays_within_0_and_5(
    weights: dict[str, int], scores: dict[str, int]
) -> None:
    scored = priority.score_service(
        service=1, reference="A", weights=weights, scores=[CriterionScore(k, v) for k, v in scores.items()]
    )
    assert sum(c.points for c in scored.contributions) == scored.total
    assert Decimal(0) <= scored.total <= Decimal(5)
    assert all(0 <= c.score <= 5 for c in scored.contributions)
    assert set(scored.missing) == {k for k, w in weights.items() if w and k not in scores}


@given(
    weights=weights_strategy,
    services=st.lists(scores_strategy, min_size=1, max_size=12),
    seed=st.integers(0, 1000),
)
def test_the_order_does_not_depend_on_the_order_services_are_read_in(
    weights: dict[str, int], services: list[dict[str, int]], seed: int
) -> None:
    scored = [
        priority.score_service(
            service=pk, reference=f"S-{pk:03d}", weights=weights, scores=[CriterionScore(k, v) for k, v in s.items()]
        )
        for pk, s in enumerate(services)
    ]
    shuffled = list(scored)
    random.Random(seed).shuffle(shuffled)
    ranked = priority.rank(scored)
    assert priority.rank(shuffled) == ranked
    assert [s.total for s in ranked] == sorted((s.total for s in ranked), reverse=True)
    for first, second in pairwise(ranked):  # ties by reference
        if first.total == second.total:
            assert first.reference < second.reference


def test_neighbours_are_explained_by_the_criteria_that_separate_them() -> None:
    above = _scored(1, "A-001", budget=5, savings=2, performance=0, risk=3)
    this = _scored(2, "A-002", budget=3, savings=4, performance=1, risk=3)
    below = _scored(3, "A-003", budget=3, savings=4, performance=0, risk=3)
    ranked = priority.rank([below, this, above])
    assert [s.service for s in ranked] == [1, 2, 3]
    assert priority.neighbours(ranked, 1) == (above, below)
    # above 2.00+0.60+0+0.30 = 2.90; this 1.20+1.20+0.20+0.30 = 2.90; a tie broken by reference
    assert priority.against(this, above, other_name="Home care", above=True, names=NAMES) == (
        "It has the same score as Home care (2.90), and ranks below it by reference. Home care scores more for size "
        "of budget (0.80). This service scores more for savings potential (0.60) and performance gap (0.20)."
    )
    assert priority.against(this, below, other_name="Day care", above=False, names=NAMES) == (
        "It ranks above Day care, by 0.20. This service scores more for performance gap (0.20)."
    )
    assert priority.against(below, below, other_name="Itself", above=False, names=NAMES).endswith("by reference.")
