"""The plain ranking: what a council gets by ranking its reviews by hand and filling the quarters in that order.

Mandatory reviews (and the reviews they come after, which must run too) come first, soonest deadline first (those without a deadline after those with one), then the
others by priority score, highest first; ties keep the instance's order (a fixed start counts as a deadline at the
fixed finish; a review a mandatory one comes after inherits that review's deadline less its duration). Each review in turn is put at its earliest feasible quarter: at its fixed start if it has one, after
every review in its ``after`` list has finished, finishing by its deadline and within the horizon, with its skill's
capacity free in every quarter it runs. A review whose ``after`` reviews are not placed yet waits for them: the next
review taken is always the highest-ranked one whose ``after`` reviews are all placed. A review with no feasible
quarter is left out (and so is every review that must come after it). The plan is *feasible* when every mandatory review is in it and its savings reach the
target; only then is it the optimiser's starting solution (so the optimised programme is never worse than it).
"""

from __future__ import annotations

import time

from engine.optimisation.instance import Instance, ReviewSpec, topological_order

TOLERANCE = 1e-9


def _deadline(review: ReviewSpec) -> int | None:
    """The quarter a review must finish by: its deadline, or the finish its fixed start gives it if sooner."""
    finishes = [q for q in (review.deadline, review.fixed_start and review.finish(review.fixed_start)) if q]
    return min(finishes) if finishes else None


def must_run(instance: Instance) -> set[int]:
    """The mandatory reviews and every review that one of them comes after, directly or not: all must be scheduled."""
    index = {review.id: number for number, review in enumerate(instance.reviews)}
    needed = {number for number, review in enumerate(instance.reviews) if review.mandatory}
    stack = list(needed)
    while stack:
        for other in instance.reviews[stack.pop()].after:
            if index[other] not in needed:
                needed.add(index[other])
                stack.append(index[other])
    return needed


def ranking(instance: Instance) -> list[int]:
    """Review indices in the plain ranking's order. A review that a must-run review comes after takes that review's
    deadline, less that review's duration, for its own place in the order (it has to finish first)."""
    reviews = instance.reviews
    index = {review.id: number for number, review in enumerate(reviews)}
    needed = must_run(instance)
    deadline = {number: _deadline(reviews[number]) for number in needed}
    for number in reversed(topological_order(reviews)):
        if number not in needed or deadline[number] is None:
            continue
        for other in reviews[number].after:
            inherited = deadline[number] - reviews[number].duration  # type: ignore[operator]
            own = deadline[index[other]]
            deadline[index[other]] = inherited if own is None else min(own, inherited)
    mandatory = [i for i in range(len(reviews)) if i in needed]
    others = [i for i in range(len(reviews)) if i not in needed]
    mandatory.sort(key=lambda i: (deadline[i] is None, deadline[i] or 0, -reviews[i].priority, i))
    others.sort(key=lambda i: (-reviews[i].priority, i))
    return mandatory + others


class Placer:
    """A plan being built review by review, each placed only where it keeps every constraint but the savings target
    and the mandatory reviews (which the finished plan is checked for)."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.index = {review.id: number for number, review in enumerate(instance.reviews)}
        self.used = {skill: [0.0] * (instance.horizon + 1) for skill in instance.capacity}
        self.placed: dict[int, int] = {}

    def fits(self, number: int, start: int) -> bool:
        review = self.instance.reviews[number]
        finish = review.finish(start)
        if start < 1 or finish > self.instance.horizon:
            return False
        if review.deadline is not None and finish > review.deadline:
            return False
        if review.fixed_start is not None and start != review.fixed_start:
            return False
        for other in review.after:
            before = self.index[other]
            if before not in self.placed or self.instance.reviews[before].finish(self.placed[before]) >= start:
                return False
        load = review.effort_days / review.duration
        used, available = self.used[review.skill], self.instance.capacity[review.skill]
        return all(used[q] + load <= available[q - 1] + TOLERANCE for q in range(start, finish + 1))

    def remove(self, number: int) -> int:
        review = self.instance.reviews[number]
        start = self.placed.pop(number)
        load = review.effort_days / review.duration
        for quarter in range(start, review.finish(start) + 1):
            self.used[review.skill][quarter] -= load
        return start

    def put(self, number: int, start: int) -> None:
        review = self.instance.reviews[number]
        load = review.effort_days / review.duration
        for quarter in range(start, review.finish(start) + 1):
            self.used[review.skill][quarter] += load
        self.placed[number] = start


def plain_ranking(instance: Instance) -> dict[int, int]:
    """The plain ranking's plan: review index -> start quarter."""
    placer = Placer(instance)
    index = placer.index
    pending = ranking(instance)
    dropped: set[int] = set()
    while pending:
        # the highest-ranked review whose "after" reviews have all been placed or left out: ranking order, waiting
        # only for what a review must follow
        number = next(
            n
            for n in pending
            if all(index[other] in placer.placed or index[other] in dropped for other in instance.reviews[n].after)
        )  # there is one: the "after" relation has no cycle, and every review it names is placed, dropped or pending
        pending.remove(number)
        start = next((s for s in range(1, instance.horizon + 1) if placer.fits(number, s)), None)
        if start is None:
            dropped.add(number)
        else:
            placer.put(number, start)
    return placer.placed


def guided(
    instance: Instance, preference: dict[tuple[int, int], float], value: dict[tuple[int, int], float]
) -> dict[int, int]:
    """A plan built in the order of ``preference`` (review, start) -> weight, highest first, the must-run reviews
    before the rest (the optimiser's LP relaxation gives the weights), then filled with whatever still fits, the
    most valuable per day of effort first. Not the plain ranking: a better start for the optimiser."""
    placer = Placer(instance)
    needed = must_run(instance)
    starts: dict[int, list[int]] = {}
    for number, start in sorted(preference, key=lambda key: -preference[key]):
        starts.setdefault(number, []).append(start)
    for number in topological_order(instance.reviews):  # the must-run reviews first, where the LP puts most of them
        if number in needed:
            chosen = next((s for s in starts.get(number, []) if placer.fits(number, s)), None)
            if chosen is not None:
                placer.put(number, chosen)
    order = sorted(preference, key=lambda key: (-preference[key], -value[key]))
    for _round in range(3):  # again, for what had to wait for the reviews it comes after
        for number, start in order:
            if number not in placer.placed and preference[(number, start)] > TOLERANCE and placer.fits(number, start):
                placer.put(number, start)
    reviews = instance.reviews
    filling = sorted(value, key=lambda key: -value[key] / max(reviews[key[0]].effort_days, 1.0))
    for number, start in filling:
        if number not in placer.placed and placer.fits(number, start):
            placer.put(number, start)
    return placer.placed


def improve(instance: Instance, plan: dict[int, int], *, until: float) -> dict[int, int]:
    """A better plan near ``plan``, by local moves until none helps or the clock (``time.perf_counter``) passes
        ``until``: move a review to an earlier start, add a review that fits, swap a placed review for a more valuable
        one of its skill that fits in its place. Every move keeps every constraint (the savings target too), so a feasible
    plan stays feasible."""
    placer = Placer(instance)
    for number in topological_order(instance.reviews):
        if number in plan:
            placer.put(number, plan[number])
    reviews, horizon, weight = instance.reviews, instance.horizon, instance.priority_weight
    needed = must_run(instance)
    followers: dict[int, list[int]] = {number: [] for number in range(len(reviews))}
    for number, review in enumerate(reviews):
        for name in review.after:
            followers[placer.index[name]].append(number)

    def value(number: int, start: int) -> float:
        return reviews[number].value(start, horizon=horizon, priority_weight=weight)

    def free_to_move(number: int) -> bool:
        return not any(follower in placer.placed for follower in followers[number])

    def best_start(number: int) -> int | None:
        return next((s for s in range(1, horizon + 1) if placer.fits(number, s)), None)

    target = instance.savings_target
    savings = sum(reviews[number].annual_saving for number in placer.placed)
    by_value = sorted(range(len(reviews)), key=lambda n: -value(n, 1))
    improved = True
    while improved and time.perf_counter() < until:
        improved = False
        for number in list(placer.placed):  # earlier starts (worth more); what follows it can only gain room
            start = placer.remove(number)
            earlier = next((s for s in range(1, start) if placer.fits(number, s)), start)
            placer.put(number, earlier)
            improved |= earlier != start
        for number in by_value:  # whatever fits now
            if number not in placer.placed and (fitting := best_start(number)) is not None:
                if target is not None and savings + reviews[number].annual_saving < target - TOLERANCE:
                    continue  # (a review saving less than nothing would take the plan below its target)
                placer.put(number, fitting)
                savings += reviews[number].annual_saving
                improved = True
        for number in by_value:  # swaps: out goes a less valuable review of the same skill that nothing follows
            if time.perf_counter() >= until:
                break
            if number in placer.placed:
                continue
            skill = reviews[number].skill
            gain_at_best = value(number, 1)
            for victim in sorted(placer.placed, key=lambda n: value(n, placer.placed[n])):
                worth = value(victim, placer.placed[victim])
                if worth >= gain_at_best:
                    break
                if reviews[victim].skill != skill or victim in needed or not free_to_move(victim):
                    continue
                after_swap = savings - reviews[victim].annual_saving + reviews[number].annual_saving
                if target is not None and after_swap < target - TOLERANCE:
                    continue
                was = placer.remove(victim)
                chosen = best_start(number)
                if chosen is not None and value(number, chosen) > worth:
                    placer.put(number, chosen)
                    savings = after_swap
                    improved = True
                    break
                placer.put(victim, was)
    return dict(placer.placed)
