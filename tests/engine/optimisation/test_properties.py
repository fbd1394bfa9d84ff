"""Properties of the optimised programme on small random instances, checked against brute force: every plan keeps
every constraint, its objective never exceeds its proven bound nor falls below the plain ranking's, and when the
solver says optimal (or infeasible) so does an exhaustive search."""

import itertools
import time
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.optimisation import parse_instance, programme, solve
from engine.optimisation.greedy import improve, plain_ranking
from engine.optimisation.programme import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    plan_value,
    relaxation_bound,
    violations,
)

SKILLS = ("gen", "spec")
TOLERANCE = 1e-6


@st.composite
def instances(draw):
    horizon = draw(st.integers(1, 4))
    count = draw(st.integers(0, 5))
    capacity = {skill: draw(st.lists(st.integers(0, 20), min_size=horizon, max_size=horizon)) for skill in SKILLS}
    reviews = []
    for number in range(count):
        duration = draw(st.integers(1, horizon))
        fixed = draw(st.none() | st.integers(1, horizon - duration + 1))
        after = (
            draw(st.lists(st.sampled_from([f"R{i}" for i in range(number)]), max_size=2, unique=True)) if number else []
        )
        reviews.append(
            {
                "id": f"R{number}",
                "effort_days": draw(st.integers(0, 20)),
                "duration": duration,
                "skill": draw(st.sampled_from(SKILLS)),
                "annual_saving": draw(st.integers(0, 100)),
                "priority": draw(st.integers(0, 10)),
                "deadline": draw(st.none() | st.integers(1, horizon)),
                "mandatory": draw(st.booleans()) and draw(st.booleans()),
                "fixed_start": fixed,
                "after": after,
            }
        )
    target = draw(st.none() | st.integers(0, 150))
    return {
        "horizon": horizon,
        "priority_weight": draw(st.sampled_from([0, 1, 5])),
        "savings_target": target,
        "capacity": capacity,
        "reviews": reviews,
    }


def best_by_brute_force(instance):
    """The best objective over every plan (each review unscheduled or at each start), or None when none is feasible."""
    choices = [[None, *range(1, instance.horizon - r.duration + 2)] for r in instance.reviews]
    best = None
    for starts in itertools.product(*choices):
        plan = {number: start for number, start in enumerate(starts) if start is not None}
        if not violations(instance, plan):
            value = plan_value(instance, plan)
            best = value if best is None else max(best, value)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_plan_keeps_every_constraint_and_is_optimal_by_brute_force(data):
    instance = parse_instance(data)
    result = solve(instance, time_limit=2)
    best = best_by_brute_force(instance)
    index = {review.id: number for number, review in enumerate(instance.reviews)}
    if result.status == INFEASIBLE:
        assert best is None
        assert result.reasons
        return
    assert result.status == OPTIMAL
    plan = {index[p.id]: p.start for p in result.schedule}
    assert violations(instance, plan) == []  # capacity, deadlines, precedences, fixed starts, mandatory, target
    assert all(p.finish == p.start + instance.reviews[index[p.id]].duration - 1 for p in result.schedule)
    assert result.objective <= result.bound + TOLERANCE * max(1, abs(result.bound))
    assert abs(result.objective - best) <= TOLERANCE * max(1, abs(best))
    greedy = plain_ranking(instance)
    if not violations(instance, greedy):
        assert result.greedy_objective == plan_value(instance, greedy)
        assert result.objective >= result.greedy_objective - TOLERANCE
    else:
        assert result.greedy_objective is None
    for use in result.capacity:
        assert use.used <= use.available + TOLERANCE


@settings(max_examples=20, deadline=None)
@given(instances())
def test_the_instance_survives_a_round_trip_through_its_dict(data):
    instance = parse_instance(data)
    assert parse_instance(instance.as_dict()) == instance


@settings(max_examples=30, deadline=None)
@given(instances())
def test_local_improvement_keeps_a_feasible_plan_feasible_and_never_worse(data):
    instance = parse_instance(data)
    start = plain_ranking(instance)
    if violations(instance, start):
        return
    better = improve(instance, start, until=time.perf_counter() + 1)
    assert violations(instance, better) == []
    assert plan_value(instance, better) >= plan_value(instance, start) - TOLERANCE


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_relaxation_bound_is_never_below_the_optimum(data):
    instance = parse_instance(data)
    best = best_by_brute_force(instance)
    bound = relaxation_bound(instance, time_limit=2)
    if best is not None:
        assert bound is not None
        assert bound >= best - TOLERANCE * max(1, abs(best))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_without_a_bound_from_highs_the_relaxation_bound_is_reported_and_holds(data):
    # The final whole-programme run stops (as at a time limit) before HiGHS has a bound of its own: the plan it
    # started from is kept and the LP relaxation's optimum is the bound reported, never below the true optimum.
    real_run = programme._run

    def stopped_early(model, time_limit, start=None, rel_gap=programme.DEFAULT_REL_GAP, *, fixed=None):
        if fixed is None and start is not None and any(model.integer):
            return programme._Outcome(FEASIBLE, start, float(np.dot(start, model.cost)), None)
        return real_run(model, time_limit, start, rel_gap, fixed=fixed)

    instance = parse_instance(data)
    best = best_by_brute_force(instance)
    with mock.patch.object(programme, "_run", stopped_early):
        result = solve(instance, time_limit=2)
    if best is None or not result.found_plan:
        return
    assert result.bound is not None
    assert result.bound == pytest.approx(relaxation_bound(instance, time_limit=2))
    assert result.bound >= best - TOLERANCE * max(1, abs(best))
    assert result.objective <= result.bound + TOLERANCE * max(1, abs(result.bound))
