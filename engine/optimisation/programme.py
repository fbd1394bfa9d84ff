"""The optimised programme of reviews: a mixed-integer programme solved by HiGHS (``highspy``).

Formulation (ADR 0020). One binary ``x[r, s]`` for each review r and each start quarter s it could feasibly take:
the finish f = s + duration - 1 lies within the horizon and by the deadline, s is the fixed start if there is one,
the review's load fits its skill's capacity in every quarter on its own, and s is no earlier than the earliest
finish of the reviews it comes after, plus one. Reviews that a mandatory review comes after are mandatory too, and
finish early enough for it. Then

- maximise   sum value(r, s) x[r, s],  value = w * priority + annual_saving / 4 * (H - f);
- each review starts at most once (exactly once when mandatory);
- per skill k and quarter q: sum of effort/duration over the x[r, s] of skill k running in q <= capacity[k][q];
- precedence, for r after p, in the aggregated time-indexed form: for every start t open to r,
  sum_{s <= t} x[r, s] <= sum_{s : f_p(s) <= t - 1} x[p, s]  ("r has started by t only if p finished before t"),
  whose LP relaxation is tighter than a big-M constraint on start times;
- sum annual_saving x[r, s] >= savings target, when there is one.

HiGHS starts from a plan at least as good as the plain ranking's (``engine.optimisation.greedy``): the better of it,
when it is feasible, and a plan built in the order of the LP relaxation's values (``greedy.guided``), improved by
local moves (``greedy.improve``) and then by a large-neighbourhood search (``_windows``: one skill over a few quarters
re-planned by HiGHS at a time, everything else held). ``solve`` never reports a plan worse than that start, so the
result is never worse than the plain ranking. The bound reported is the lower of HiGHS's and the LP relaxation's
optimum, both proven upper bounds. When the programme
is infeasible, ``explain`` relaxes each group of constraints in turn (deadlines, fixed starts, mandatory reviews,
capacity, savings target, precedences), finds the fewest violations that make a plan possible, and says them in
words.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

import highspy
import numpy as np

from engine.optimisation.greedy import TOLERANCE, guided, improve, plain_ranking
from engine.optimisation.instance import Instance, ReviewSpec, topological_order

DEFAULT_TIME_LIMIT = 10.0
COST_SCALE_TO = 1e4  # costs are scaled by a power of two to at most this (HiGHS warns of larger ones); exact in floats
DEFAULT_REL_GAP = 1e-4  # HiGHS's own default: "optimal" means proven within 0.01%
# Building a starting plan (LP relaxation, guided plan, local moves, then the large-neighbourhood search) takes this
# share of the time limit; HiGHS has the rest for the whole programme, to improve the plan and bound it. The search
# stops sooner when a whole round of its neighbourhoods gains nothing, as on small programmes. Of that budget, the
# local moves take up to IMPROVE_SHARE. (ADR 0020: on the benchmark the search improves plans faster than HiGHS's
# own search, and HiGHS's bound moves little from the LP relaxation's, which is reported when tighter.)
START_SHARE = 0.9
IMPROVE_SHARE = 0.1
# The large-neighbourhood search (``_windows``): one skill over this many quarters at a time, each for at most this long.
WINDOW = 3
WINDOW_SECONDS = 0.3
RANDOM_SEED = 2026
OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN = "optimal", "feasible", "infeasible", "unknown"

DEADLINES = "deadlines"
FIXED_STARTS = "fixed starts"
MANDATORY = "mandatory reviews"
CAPACITY = "capacity"
SAVINGS_TARGET = "savings target"
PRECEDENCES = "precedences"
GROUPS = (DEADLINES, FIXED_STARTS, MANDATORY, CAPACITY, SAVINGS_TARGET, PRECEDENCES)


@dataclass(frozen=True)
class Placement:
    id: str
    start: int
    finish: int


@dataclass(frozen=True)
class CapacityUse:
    skill: str
    quarter: int
    available: float
    used: float


@dataclass(frozen=True)
class Result:
    """``status`` is optimal (proven within ``DEFAULT_REL_GAP``), feasible (a plan, not proven optimal), infeasible
    (proven: ``reasons`` says why) or unknown (no plan found within the time limit, infeasibility not proven).
    ``objective``, ``bound`` and ``gap`` are None without a plan; ``greedy_objective`` is None when the plain ranking
    misses a mandatory review or the savings target."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    greedy_objective: float | None
    seconds: float
    schedule: tuple[Placement, ...]
    capacity: tuple[CapacityUse, ...]
    greedy_schedule: tuple[Placement, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def found_plan(self) -> bool:
        return self.status in (OPTIMAL, FEASIBLE)

    def as_dict(self) -> dict[str, object]:
        """The JSON contract of ``plan_reviews --json``: exactly these keys."""
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "greedy_objective": self.greedy_objective,
            "seconds": self.seconds,
            "schedule": [{"id": p.id, "start": p.start, "finish": p.finish} for p in self.schedule],
            "capacity": [
                {"skill": c.skill, "quarter": c.quarter, "available": c.available, "used": c.used}
                for c in self.capacity
            ],
        }


def plan_value(instance: Instance, plan: dict[int, int]) -> float:
    """The objective of a plan (review index -> start)."""
    return sum(
        instance.reviews[r].value(s, horizon=instance.horizon, priority_weight=instance.priority_weight)
        for r, s in plan.items()
    )


def violations(instance: Instance, plan: dict[int, int]) -> list[str]:
    """Every constraint the plan breaks, in words (empty for a feasible plan): the tests' referee."""
    problems: list[str] = []
    index = {review.id: number for number, review in enumerate(instance.reviews)}
    for number, review in enumerate(instance.reviews):
        start = plan.get(number)
        if start is None:
            if review.mandatory:
                problems.append(f"mandatory {review.id} unscheduled")
            continue
        finish = review.finish(start)
        if start < 1 or finish > instance.horizon:
            problems.append(f"{review.id} outside the horizon")
        if review.deadline is not None and finish > review.deadline:
            problems.append(f"{review.id} misses its deadline")
        if review.fixed_start is not None and start != review.fixed_start:
            problems.append(f"{review.id} off its fixed start")
        for other in review.after:
            before = plan.get(index[other])
            if before is None or instance.reviews[index[other]].finish(before) >= start:
                problems.append(f"{review.id} before {other} has finished")
    for use in capacity_use(instance, plan):
        if use.used > use.available + 1e-6:
            problems.append(f"{use.skill} over capacity in quarter {use.quarter}")
    if instance.savings_target is not None:
        savings = sum(instance.reviews[r].annual_saving for r in plan)
        if savings < instance.savings_target - 1e-6:
            problems.append("savings target missed")
    return problems


def capacity_use(instance: Instance, plan: dict[int, int]) -> tuple[CapacityUse, ...]:
    used = {skill: [0.0] * instance.horizon for skill in instance.capacity}
    for number, start in plan.items():
        review = instance.reviews[number]
        for quarter in range(start, start + review.duration):
            used[review.skill][quarter - 1] += review.effort_days / review.duration
    return tuple(
        CapacityUse(skill, quarter, days[quarter - 1], round(used[skill][quarter - 1], 6))
        for skill, days in instance.capacity.items()
        for quarter in range(1, instance.horizon + 1)
    )


def _placements(instance: Instance, plan: dict[int, int]) -> tuple[Placement, ...]:
    ordered = sorted(plan.items(), key=lambda item: (item[1], item[0]))
    return tuple(Placement(instance.reviews[r].id, s, instance.reviews[r].finish(s)) for r, s in ordered)


# -- the model -----------------------------------------------------------------------------------------------------


@dataclass
class _Model:
    """A MIP in column form, built up row by row. ``columns[j] = (review index, start)`` for the x columns;
    extra (slack) columns follow them and have no entry in ``columns``."""

    columns: list[tuple[int, int]] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    entries: list[tuple[int, int, float]] = field(default_factory=list)  # (row, column, value)
    offset: float = 0.0
    minimise: bool = False
    slack: dict[int, tuple[str, object]] = field(default_factory=dict)  # slack column -> what it relaxes
    x_of: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # review -> its x columns
    matrix: tuple[tuple[int, int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None  # see _columnwise

    def column(self, cost: float, *, upper: float = 1.0, integer: bool = True) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, terms: Iterable[tuple[int, float]], lower: float, upper: float) -> None:
        number = len(self.row_lower)
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.entries.extend((number, column, value) for column, value in terms)


def _domains(instance: Instance, relaxed: frozenset[str]) -> tuple[list[list[int]], set[int]]:
    """The start quarters each review may take, and the reviews that must be scheduled (the mandatory ones and,
    while precedences hold, every review a mandatory one comes after)."""
    horizon = instance.horizon
    reviews = instance.reviews
    index = {review.id: number for number, review in enumerate(reviews)}
    domains: list[list[int]] = []
    for review in reviews:
        starts = range(1, horizon - review.duration + 2)
        load = review.effort_days / review.duration
        available = instance.capacity[review.skill]
        domain = []
        for start in starts:
            if DEADLINES not in relaxed and review.deadline is not None and review.finish(start) > review.deadline:
                continue
            if FIXED_STARTS not in relaxed and review.fixed_start is not None and start != review.fixed_start:
                continue
            quarters = range(start - 1, start - 1 + review.duration)
            if CAPACITY not in relaxed and any(load > available[q] + TOLERANCE for q in quarters):
                continue
            domain.append(start)
        domains.append(domain)
    must = {number for number, review in enumerate(reviews) if review.mandatory} if MANDATORY not in relaxed else set()
    if PRECEDENCES in relaxed:
        return domains, must
    order = topological_order(reviews)
    for number in order:  # forward: no earlier than the earliest finish of what it comes after, plus one
        review = reviews[number]
        earliest = 1
        for other in review.after:
            before = index[other]
            if not domains[before]:
                earliest = horizon + 1
                break
            earliest = max(earliest, reviews[before].finish(domains[before][0]) + 1)
        domains[number] = [start for start in domains[number] if start >= earliest]
    for number in reversed(order):  # backward: what a must-run review comes after must run, and finish in time
        if number not in must:
            continue
        latest = domains[number][-1] if domains[number] else 0
        for other in reviews[number].after:
            before = index[other]
            must.add(before)
            domains[before] = [s for s in domains[before] if reviews[before].finish(s) <= latest - 1]
    return domains, must


def _build(instance: Instance, relaxed: frozenset[str] = frozenset(), *, explaining: bool = False) -> _Model:
    """The MIP. With ``explaining``, the objective is to minimise how much the ``relaxed`` groups are broken."""
    horizon = instance.horizon
    reviews = instance.reviews
    index = {review.id: number for number, review in enumerate(reviews)}
    domains, must = _domains(instance, relaxed)
    model = _Model(minimise=explaining)
    for number, review in enumerate(reviews):
        for start in domains[number]:
            if explaining:
                cost = 0.0
                if DEADLINES in relaxed and review.deadline is not None and review.finish(start) > review.deadline:
                    cost += 1.0
                if FIXED_STARTS in relaxed and review.fixed_start is not None and start != review.fixed_start:
                    cost += 1.0
                if MANDATORY in relaxed and review.mandatory:
                    cost -= 1.0  # an unscheduled mandatory review costs 1: offset + (-1 per scheduled)
            else:
                cost = review.value(start, horizon=horizon, priority_weight=instance.priority_weight)
            column = model.column(cost)
            model.columns.append((number, start))
            model.x_of[number].append(column)
    if explaining and MANDATORY in relaxed:
        model.offset = float(sum(1 for review in reviews if review.mandatory))
    start_of = {column: model.columns[column][1] for column in range(len(model.columns))}
    # each review at most once; exactly once when it must run
    for number in range(len(reviews)):
        columns = model.x_of[number]
        if columns or number in must:
            required = 1.0 if number in must else 0.0
            model.row(((column, 1.0) for column in columns), required, 1.0)
    # capacity per skill and quarter
    load: dict[tuple[str, int], list[tuple[int, float]]] = defaultdict(list)
    for number, review in enumerate(reviews):
        per_quarter = review.effort_days / review.duration
        if per_quarter <= 0:
            continue
        for column in model.x_of[number]:
            start = start_of[column]
            for quarter in range(start, start + review.duration):
                load[(review.skill, quarter)].append((column, per_quarter))
    for skill, days in instance.capacity.items():
        for quarter in range(1, horizon + 1):
            terms = load.get((skill, quarter))
            if not terms:
                continue
            if CAPACITY in relaxed:
                extra = model.column(1.0 if explaining else 0.0, upper=math.inf, integer=False)
                model.slack[extra] = (CAPACITY, (skill, quarter))
                terms = [*terms, (extra, -1.0)]
            model.row(terms, -math.inf, days[quarter - 1])
    # precedence: r started by t only if p finished by t - 1
    for number, review in enumerate(reviews):
        for other in review.after:
            before = index[other]
            gate = None
            if PRECEDENCES in relaxed:
                gate = model.column(1.0 if explaining else 0.0)
                model.slack[gate] = (PRECEDENCES, (number, before))
            mine = sorted(model.x_of[number], key=start_of.__getitem__)
            theirs = model.x_of[before]
            for position, column in enumerate(mine):
                t = start_of[column]
                terms = [(c, 1.0) for c in mine[: position + 1]]
                terms += [(c, -1.0) for c in theirs if reviews[before].finish(start_of[c]) <= t - 1]
                if gate is not None:
                    terms.append((gate, -1.0))
                model.row(terms, -math.inf, 0.0)
    # the savings target
    if instance.savings_target is not None:
        terms = [
            (column, reviews[number].annual_saving)
            for number in range(len(reviews))
            for column in model.x_of[number]
            if reviews[number].annual_saving
        ]
        if SAVINGS_TARGET in relaxed:
            extra = model.column(
                1.0 / max(abs(instance.savings_target), 1.0) if explaining else 0.0, upper=math.inf, integer=False
            )
            model.slack[extra] = (SAVINGS_TARGET, None)
            terms.append((extra, 1.0))
        model.row(terms, instance.savings_target, math.inf)
    return model


@dataclass(frozen=True)
class _Outcome:
    status: str
    values: np.ndarray | None
    objective: float | None
    bound: float | None


def _columnwise(model: _Model) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The constraint matrix column by column (starts, row indices, values), kept with the model: the large-
    neighbourhood search solves the same model many times with different columns fixed."""
    key = (len(model.cost), len(model.row_lower), len(model.entries))
    if model.matrix is None or model.matrix[0] != key:
        entries = sorted(model.entries, key=lambda entry: (entry[1], entry[0]))
        rows = np.array([entry[0] for entry in entries], dtype=np.int32)
        cols = np.array([entry[1] for entry in entries], dtype=np.int32)
        values = np.array([entry[2] for entry in entries], dtype=np.float64)
        starts = np.searchsorted(cols, np.arange(len(model.cost) + 1)).astype(np.int32)
        model.matrix = (key, (starts, rows, values))
    return model.matrix[1]


def _run(
    model: _Model,
    time_limit: float,
    start: np.ndarray | None = None,
    rel_gap: float = DEFAULT_REL_GAP,
    *,
    fixed: np.ndarray | None = None,
) -> _Outcome:
    """Solve with HiGHS. ``start`` is a starting solution; ``fixed`` holds a value for each column to fix, NaN for
    the columns left free."""
    columns = len(model.cost)
    if columns == 0:
        feasible = all(lo <= 0 <= hi for lo, hi in zip(model.row_lower, model.row_upper, strict=True))
        return _Outcome(
            OPTIMAL if feasible else INFEASIBLE, np.zeros(0) if feasible else None, model.offset, model.offset
        )
    starts, rows, values = _columnwise(model)
    lp = highspy.HighsLp()
    lp.num_col_ = columns
    lp.num_row_ = len(model.row_lower)
    costs = np.array(model.cost, dtype=np.float64)
    largest = float(np.abs(costs).max()) if columns else 0.0
    scale = 2.0 ** -math.ceil(math.log2(largest / COST_SCALE_TO)) if largest > COST_SCALE_TO else 1.0
    lp.col_cost_ = costs * scale
    lower, upper = np.zeros(columns), np.array(model.upper, dtype=np.float64)
    if fixed is not None:
        pinned = ~np.isnan(fixed)
        lower[pinned] = upper[pinned] = fixed[pinned]
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(model.row_lower, dtype=np.float64)
    lp.row_upper_ = np.array(model.row_upper, dtype=np.float64)
    lp.offset_ = model.offset * scale
    lp.sense_ = highspy.ObjSense.kMinimize if model.minimise else highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = rows
    lp.a_matrix_.value_ = values
    lp.a_matrix_.num_col_ = columns
    lp.a_matrix_.num_row_ = len(model.row_lower)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous for flag in model.integer
    ]
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(float(time_limit), 0.01))
    highs.setOptionValue("mip_rel_gap", rel_gap)
    highs.setOptionValue("random_seed", RANDOM_SEED)
    highs.passModel(lp)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = start
        solution.value_valid = True
        highs.setSolution(solution)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if status == highspy.HighsModelStatus.kInfeasible:
        return _Outcome(INFEASIBLE, None, None, None)
    if not has_plan:
        return _Outcome(UNKNOWN, None, None, None)
    plan_values = np.array(highs.getSolution().col_value, dtype=np.float64)
    proven = status == highspy.HighsModelStatus.kOptimal
    return _Outcome(
        OPTIMAL if proven else FEASIBLE,
        plan_values,
        info.objective_function_value / scale,
        info.mip_dual_bound / scale,
    )


def _plan_of(model: _Model, values: np.ndarray) -> dict[int, int]:
    return {
        model.columns[column][0]: model.columns[column][1]
        for column in range(len(model.columns))
        if values[column] > 0.5
    }


def _vector(model: _Model, plan: dict[int, int]) -> np.ndarray:
    """The x columns' values for a plan (slack columns, if any, at 0)."""
    values = np.zeros(len(model.cost))
    where = {model.columns[column]: column for column in range(len(model.columns))}
    for number, start in plan.items():
        values[where[(number, start)]] = 1.0
    return values


def _gap(objective: float, bound: float) -> float:
    return max(0.0, bound - objective) / max(abs(objective), 1.0)


def _relaxation(model: _Model, time_limit: float) -> _Outcome:
    """The LP relaxation (every column continuous). When it is solved (status optimal), its objective is a proven
    upper bound on the programme's."""
    return _run(_Model(**{**model.__dict__, "integer": [False] * len(model.integer)}), time_limit)


def relaxation_bound(instance: Instance, *, time_limit: float = DEFAULT_TIME_LIMIT) -> float | None:
    """The LP relaxation's optimum: a proven upper bound on the objective of every feasible plan (None when the
    relaxation is infeasible or not solved within the time limit)."""
    outcome = _relaxation(_build(instance), time_limit)
    return outcome.objective if outcome.status == OPTIMAL else None


def _windows(instance: Instance, model: _Model, plan: dict[int, int], *, until: float) -> dict[int, int]:
    """Improve a feasible plan by re-planning one skill in a window of ``WINDOW`` quarters at a time (a large-
    neighbourhood search): the reviews of that skill running in the window, and those of its unscheduled reviews that
    could, are re-placed within the window by HiGHS, everything else held where it is. The neighbourhoods are taken
    in a fixed pseudo-random order, round after round, until a whole round gains nothing with every one solved to
    optimality, or the clock passes ``until``. After a round that gains nothing but had some stopped at their time
    limit, the window widens by ``WINDOW`` quarters (up to the horizon) and each has twice the time."""
    horizon = instance.horizon
    width = min(WINDOW, horizon)
    reviews = instance.reviews
    review_of = np.array([number for number, _start in model.columns], dtype=np.int64)
    first = np.array([start for _number, start in model.columns], dtype=np.int64)
    last = np.array([reviews[number].finish(start) for number, start in model.columns], dtype=np.int64)
    of_skill = {
        skill: np.array([reviews[n].skill == skill for n in review_of], dtype=bool) for skill in instance.capacity
    }
    neighbourhoods = [(skill, a) for skill in instance.capacity for a in range(1, horizon - width + 2)]
    neighbourhoods = [neighbourhoods[i] for i in np.random.default_rng(RANDOM_SEED).permutation(len(neighbourhoods))]
    if not model.columns or not neighbourhoods:
        return plan
    value = plan_value(instance, plan)
    seconds = WINDOW_SECONDS
    stale = 0  # neighbourhoods tried since the last gain
    cut_short = False  # whether one of them stopped at its time limit, unproven
    while True:
        for skill, a in neighbourhoods:
            left = until - time.perf_counter()
            if left <= 0.05:
                return plan
            if stale >= len(neighbourhoods):  # a whole round gained nothing: done, unless time cut some short
                if not cut_short:
                    return plan
                width, seconds, stale, cut_short = min(horizon, width + WINDOW), 2 * seconds, 0, False
                neighbourhoods = [(k, first_q) for k in instance.capacity for first_q in range(1, horizon - width + 2)]
                break
            b = min(a + width - 1, horizon)
            current = _vector(model, plan)
            chosen = current > 0.5
            touching = of_skill[skill] & (last >= a) & (first <= b)
            movable = np.unique(review_of[touching & chosen])
            idle = np.unique(review_of[touching & ~np.isin(review_of, list(plan))])
            mine = np.isin(review_of, np.concatenate([movable, idle]))
            free = mine & ((first >= a) & (last <= b) | chosen)
            fixed = np.where(free, np.nan, current)
            outcome = _run(model, min(seconds, left), current, rel_gap=0.0, fixed=fixed)
            stale += 1
            cut_short |= outcome.status != OPTIMAL
            if outcome.values is None:
                continue
            candidate = _plan_of(model, outcome.values)
            worth = plan_value(instance, candidate)
            if worth > value + 1e-9 * max(1.0, abs(value)) and not violations(instance, candidate):
                plan, value, stale, cut_short = candidate, worth, 0, False
    return plan


def _starting_plan(
    instance: Instance, model: _Model, greedy: dict[int, int] | None, *, budget: float
) -> tuple[dict[int, int] | None, float | None]:
    """A good feasible plan for HiGHS to start from, or None when none is found: the better of the plain ranking
    and a plan guided by the LP relaxation (``greedy.guided``), improved by local moves (``greedy.improve``), then
    re-planned one skill and window of quarters at a time (``_windows``).
    Also the LP relaxation's optimum, a proven upper bound on the objective (None when it was not solved)."""
    began = time.perf_counter()
    candidates = [greedy] if greedy is not None else []
    relaxed_bound = None
    if model.columns:
        outcome = _relaxation(model, budget)
        if outcome.status == OPTIMAL:
            relaxed_bound = outcome.objective
        if outcome.values is not None:
            preference = {model.columns[c]: float(outcome.values[c]) for c in range(len(model.columns))}
            value = {model.columns[c]: model.cost[c] for c in range(len(model.columns))}
            plan = guided(instance, preference, value)
            if not violations(instance, plan):
                candidates.append(plan)
    best = max(candidates, key=lambda plan: plan_value(instance, plan), default=None)
    if best is None:
        return None, relaxed_bound
    better = improve(instance, best, until=began + IMPROVE_SHARE * budget)
    if plan_value(instance, better) > plan_value(instance, best):
        best = better
    return _windows(instance, model, best, until=began + budget), relaxed_bound


def solve(instance: Instance, time_limit: float = DEFAULT_TIME_LIMIT, *, rel_gap: float = DEFAULT_REL_GAP) -> Result:
    """The optimised programme, the plain ranking beside it, and (when infeasible) why."""
    began = time.perf_counter()
    greedy = plain_ranking(instance)
    greedy_ok = not violations(instance, greedy)
    greedy_objective = plan_value(instance, greedy) if greedy_ok else None
    model = _build(instance)
    budget = START_SHARE * time_limit
    best, relaxed_bound = _starting_plan(instance, model, greedy if greedy_ok else None, budget=budget)
    start = None if best is None else _vector(model, best)
    remaining = time_limit - (time.perf_counter() - began)
    outcome = _run(model, remaining, start, rel_gap)
    greedy_schedule = _placements(instance, greedy)
    if outcome.values is None:
        reasons: tuple[str, ...] = ()
        if outcome.status == INFEASIBLE:
            reasons = explain(instance, time_limit=max(1.0, time_limit - (time.perf_counter() - began)))
        return Result(
            outcome.status,
            None,
            None,
            None,
            greedy_objective,
            round(time.perf_counter() - began, 3),
            (),
            capacity_use(instance, {}),
            greedy_schedule,
            reasons,
        )
    plan = _plan_of(model, outcome.values)
    objective = plan_value(instance, plan)
    if best is not None and objective < plan_value(instance, best):  # HiGHS kept a worse plan: never report it
        plan, objective = best, plan_value(instance, best)
    bounds = [b for b in (outcome.bound, relaxed_bound) if b is not None and math.isfinite(b)]
    bound = min(bounds) if bounds else None  # both are proven: HiGHS's, and the LP relaxation's optimum
    if bound is not None and bound < objective:  # a bound a hair under its own plan: the solver's tolerance
        bound = objective if bound >= objective - 1e-6 * max(1.0, abs(objective)) else bound
    gap = None if bound is None else _gap(objective, bound)
    status = OPTIMAL if outcome.status == OPTIMAL or (gap is not None and gap <= rel_gap) else FEASIBLE
    return Result(
        status,
        round(objective, 6),
        None if bound is None else round(bound, 6),
        None if gap is None else round(gap, 8),
        None if greedy_objective is None else round(greedy_objective, 6),
        round(time.perf_counter() - began, 3),
        _placements(instance, plan),
        capacity_use(instance, plan),
        greedy_schedule,
    )


# -- infeasibility in words ----------------------------------------------------------------------------------------


def _days(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _describe(instance: Instance, group: str, model: _Model, values: np.ndarray) -> list[str]:
    """What the least-broken plan with ``group`` relaxed breaks, in words."""
    reviews = instance.reviews
    plan = _plan_of(model, values)
    found: list[str] = []
    if group == DEADLINES:
        for number, start in sorted(plan.items()):
            review: ReviewSpec = reviews[number]
            if review.deadline is not None and review.finish(start) > review.deadline:
                found.append(
                    f'the deadline of review "{review.id}" (finish by quarter {review.deadline}) cannot be met'
                )
    elif group == FIXED_STARTS:
        for number, start in sorted(plan.items()):
            review = reviews[number]
            if review.fixed_start is not None and start != review.fixed_start:
                found.append(f'review "{review.id}" cannot start in its fixed quarter {review.fixed_start}')
    elif group == MANDATORY:
        for number, review in enumerate(reviews):
            if review.mandatory and number not in plan:
                found.append(f'mandatory review "{review.id}" cannot be scheduled')
    else:
        for column, (kind, what) in model.slack.items():
            if kind != group or values[column] <= 1e-6:
                continue
            if kind == CAPACITY:
                skill, quarter = cast(tuple[str, int], what)
                available = instance.capacity[skill][quarter - 1]
                found.append(
                    f'the capacity of skill "{skill}" in quarter {quarter} ({_days(available)} days) is short by '
                    f"{_days(values[column])} days"
                )
            elif kind == SAVINGS_TARGET:
                found.append(
                    f"the savings target of {instance.savings_target:,.0f} cannot be met: it is short by "
                    f"{values[column]:,.0f}"
                )
            elif kind == PRECEDENCES:
                number, before = cast(tuple[int, int], what)
                found.append(f'review "{reviews[number].id}" cannot come after review "{reviews[before].id}"')
    return found


def explain(instance: Instance, *, time_limit: float = DEFAULT_TIME_LIMIT) -> tuple[str, ...]:
    """Why no plan is possible: for each group of constraints whose relaxation alone makes a plan possible, the
    fewest of its constraints that must give way, in words. When no single group does, every group is relaxed at
    once and what then breaks is listed."""
    share = max(time_limit / (len(GROUPS) + 1), 0.2)
    reasons: list[str] = []
    for group in GROUPS:
        model = _build(instance, frozenset({group}), explaining=True)
        outcome = _run(model, share, rel_gap=0.0)
        if outcome.values is None:
            continue
        found = _describe(instance, group, model, outcome.values)
        if found:
            reasons.append(f"Relaxing the {group} would allow a plan: " + "; ".join(found) + ".")
    if reasons:
        return tuple(reasons)
    everything = frozenset(GROUPS)
    model = _build(instance, everything, explaining=True)
    outcome = _run(model, share, rel_gap=0.0)
    if outcome.values is None:
        return ("No plan is possible, and relaxing the constraints did not say why within the time limit.",)
    found = [item for group in GROUPS for item in _describe(instance, group, model, outcome.values)]
    return ("No one kind of constraint is to blame; together: " + "; ".join(found) + ".",)
