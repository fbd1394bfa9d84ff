"""The optimised programme on small instances whose optimum is worked out by hand, the plain ranking beside it,
and infeasibility explained in words."""

import pytest

from engine.optimisation import parse_instance, solve
from engine.optimisation.greedy import plain_ranking
from engine.optimisation.programme import FEASIBLE, INFEASIBLE, OPTIMAL, explain, violations
from tests.engine.optimisation.builders import instance, review


def plan_of(result):
    return {p.id: (p.start, p.finish) for p in result.schedule}


def test_the_order_of_two_reviews_matters_and_the_optimiser_takes_the_better_one():
    # H = 4, weight 0, one review fits a quarter. A (saving 40) is worth 10 x (4 - f); B (saving 80) 20 x (4 - f).
    # The plain ranking (A has the higher priority) puts A in quarter 1 (30) and B in quarter 2 (40): 70.
    # B first is better: B in 1 (60) and A in 2 (20) = 80, and nothing better exists (both finish as early as
    # two one-a-quarter reviews can, and the larger saving goes first).
    data = instance(
        review("A", annual_saving=40, priority=2),
        review("B", annual_saving=80, priority=1),
        weight=0,
    )
    result = solve(parse_instance(data), time_limit=5)
    assert result.status == OPTIMAL
    assert result.objective == pytest.approx(80)
    assert result.bound == pytest.approx(80)
    assert result.gap == pytest.approx(0)
    assert result.greedy_objective == pytest.approx(70)
    assert plan_of(result) == {"B": (1, 1), "A": (2, 2)}
    assert {p.id: p.start for p in result.greedy_schedule} == {"A": 1, "B": 2}
    assert result.as_dict()["capacity"][:2] == [
        {"skill": "gen", "quarter": 1, "available": 10.0, "used": 10.0},
        {"skill": "gen", "quarter": 2, "available": 10.0, "used": 10.0},
    ]


def test_a_knapsack_the_plain_ranking_gets_wrong():
    # All in quarter 1 (deadline 1), capacity 10. A (6 days, priority 5) first leaves room for neither B nor C
    # (5 days each, priority 4): the plain ranking scores 5. B and C together fill the 10 days: 8, the optimum.
    data = instance(
        review("A", effort_days=6, priority=5, deadline=1),
        review("B", effort_days=5, priority=4, deadline=1),
        review("C", effort_days=5, priority=4, deadline=1),
        horizon=2,
    )
    result = solve(parse_instance(data), time_limit=5)
    assert (result.status, result.objective, result.greedy_objective) == (OPTIMAL, 8, 5)
    assert set(plan_of(result)) == {"B", "C"}


def test_precedence_and_a_deadline():
    # H = 4, weight 0. A runs 2 quarters (10 days each), saving 40: finishing in 2 it is worth 10 x 2 = 20. B comes
    # after A, must finish by 3, saving 80: started in 3 it is worth 20 x 1 = 20. A starting in 2 would leave B no
    # quarter before its deadline (worth 40 x 0... B alone cannot run before A). So A 1-2, B 3: 40.
    data = instance(
        review("A", effort_days=20, duration=2, annual_saving=40),
        review("B", effort_days=5, annual_saving=80, deadline=3, after=["A"]),
        weight=0,
    )
    result = solve(parse_instance(data), time_limit=5)
    assert result.objective == pytest.approx(40)
    assert plan_of(result) == {"A": (1, 2), "B": (3, 3)}


def test_a_fixed_mandatory_review_shuts_out_a_longer_one():
    # H = 3, 5 days a quarter. M is mandatory and fixed in quarter 2 (5 days). B (priority 10) needs 5 days in each
    # of 2 quarters, so any 2 quarters include quarter 2: B cannot run. C and D (priority 1 each) take quarters 1
    # and 3: the optimum is 0 + 1 + 1 = 2.
    data = instance(
        review("M", effort_days=5, mandatory=True, fixed_start=2),
        review("B", effort_days=10, duration=2, priority=10),
        review("C", effort_days=5, priority=1),
        review("D", effort_days=5, priority=1),
        horizon=3,
        capacity=5,
    )
    result = solve(parse_instance(data), time_limit=5)
    assert result.objective == pytest.approx(2)
    assert plan_of(result)["M"] == (2, 2)
    assert "B" not in plan_of(result)


def test_a_savings_target_changes_the_choice_and_the_plain_ranking_misses_it():
    # One quarter, room for one review. A (priority 10, no saving) is worth 10; B (priority 1, saving 100) is worth
    # 1 (its savings start after the horizon). Without a target: A, 10. With a target of 100: B, 1; the plain
    # ranking takes A, misses the target, and so has no objective to compare.
    plain = instance(review("A", priority=10), review("B", priority=1, annual_saving=100), horizon=1)
    assert solve(parse_instance(plain), time_limit=5).objective == pytest.approx(10)
    targeted = parse_instance(plain | {"savings_target": 100})
    result = solve(targeted, time_limit=5)
    assert (result.objective, result.greedy_objective) == (1, None)
    assert plan_of(result) == {"B": (1, 1)}


def test_the_plain_ranking_puts_mandatory_reviews_first_by_deadline_and_waits_for_what_they_follow():
    data = parse_instance(
        instance(
            review("low", priority=1),
            review("high", priority=9),
            review("late", mandatory=True, deadline=4),
            review("soon", mandatory=True, deadline=2, after=["before"]),
            review("before", priority=0),
        )
    )
    # must run: soon (deadline 2) and what it follows (before), then late (deadline 4); then high, then low.
    # before takes 1, soon 2 (after before), late 3, high 4; low finds no room.
    placed = {data.reviews[i].id: s for i, s in plain_ranking(data).items()}
    assert placed == {"before": 1, "soon": 2, "late": 3, "high": 4}


def test_an_empty_instance_is_optimal_at_zero():
    result = solve(parse_instance(instance()), time_limit=5)
    assert (result.status, result.objective, result.schedule) == (OPTIMAL, 0, ())


def test_a_time_limit_that_stops_the_search_still_reports_a_plan_and_a_bound():
    data = instance(*(review(f"R{i}", effort_days=3 + i % 5, annual_saving=10 * i, priority=i % 7) for i in range(40)))
    result = solve(parse_instance(data), time_limit=0.05)
    assert result.status in (OPTIMAL, FEASIBLE)
    assert result.objective >= result.greedy_objective
    assert result.bound >= result.objective - 1e-6


# -- infeasibility in words ------------------------------------------------------------------------------------


def reasons_for(data):
    result = solve(parse_instance(data), time_limit=5)
    assert result.status == INFEASIBLE
    assert (result.objective, result.schedule) == (None, ())
    return " ".join(result.reasons)


def test_a_quarter_short_of_capacity_is_named():
    text = reasons_for(instance(review("A", effort_days=25, mandatory=True, fixed_start=2), horizon=2))
    assert 'the capacity of skill "gen" in quarter 2 (10 days) is short by 15 days' in text
    assert 'review "A" cannot start in its fixed quarter 2' not in text
    assert 'mandatory review "A" cannot be scheduled' in text


def test_a_deadline_that_cannot_be_met_is_named():
    text = reasons_for(
        instance(
            review("A", duration=2, effort_days=20),
            review("B", mandatory=True, deadline=2, after=["A"]),
            horizon=3,
        )
    )
    assert 'the deadline of review "B" (finish by quarter 2) cannot be met' in text
    assert 'review "B" cannot come after review "A"' in text
    assert 'mandatory review "B" cannot be scheduled' in text


def test_a_fixed_start_that_cannot_be_met_is_named():
    text = reasons_for(instance(review("A"), review("B", mandatory=True, fixed_start=1, after=["A"])))
    assert 'review "B" cannot start in its fixed quarter 1' in text


def test_two_mandatory_reviews_fixed_in_one_full_quarter():
    text = reasons_for(instance(review("A", mandatory=True, fixed_start=1), review("B", mandatory=True, fixed_start=1)))
    assert 'the capacity of skill "gen" in quarter 1 (10 days) is short by 10 days' in text
    assert "cannot start in its fixed quarter 1" in text


def test_an_unreachable_savings_target_is_named():
    text = reasons_for(instance(review("A", annual_saving=50), target=80))
    assert "the savings target of 80 cannot be met: it is short by 30" in text


def test_explain_relaxes_each_group_alone_before_all_together():
    data = parse_instance(instance(review("A", effort_days=25, mandatory=True, fixed_start=1, deadline=1), horizon=1))
    reasons = explain(data, time_limit=2)
    assert any(reason.startswith("Relaxing the capacity would allow a plan") for reason in reasons)
    assert not any(reason.startswith("Relaxing the deadlines") for reason in reasons)


def test_violations_is_a_referee_that_catches_each_kind_of_break():
    data = parse_instance(
        instance(
            review("A", deadline=1, fixed_start=1, mandatory=True),
            review("B", after=["A"]),
            review("C", effort_days=10),
            target=5,
        )
    )
    # A at 2 (fixed 1, deadline 1), B at 1 (before A finishes), C at 2 with A (20 days in a 10-day quarter).
    found = violations(data, {0: 2, 1: 1, 2: 1 + 1})
    assert found == [
        "A misses its deadline",
        "A off its fixed start",
        "B before A has finished",
        "gen over capacity in quarter 2",
        "savings target missed",
    ]
