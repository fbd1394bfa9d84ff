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


def plain_ranking(instance: Instance) -> dict[int, int]:
    """The plain ranking's plan: review index -> start quarter."""
    horizon = instance.horizon
    index = {review.id: number for number, review in enumerate(instance.reviews)}
    used = {skill: [0.0] * (horizon + 1) for skill in instance.capacity}
    placed: dict[int, int] = {}
    pending = ranking(instance)
    dropped: set[int] = set()
    while pending:
        # the highest-ranked review whose "after" reviews are all placed (or that can never run, as one of them
        # cannot): ranking order, waiting only for what a review must follow
        for position, number in enumerate(pending):
            before = [index[other] for other in instance.reviews[number].after]
            if any(other in dropped for other in before) or all(other in placed for other in before):
                break
        else:
            break
        del pending[position]
        review = instance.reviews[number]
        if any(other in dropped for other in before):
            dropped.add(number)
            continue
        earliest = max([1, *(instance.reviews[o].finish(placed[o]) + 1 for o in before)])
        latest = horizon - review.duration + 1
        if review.deadline is not None:
            latest = min(latest, review.deadline - review.duration + 1)
        starts = [review.fixed_start] if review.fixed_start is not None else range(earliest, latest + 1)
        load = review.effort_days / review.duration
        available = instance.capacity[review.skill]
        for start in starts:
            quarters = range(start, start + review.duration)
            if earliest <= start <= latest and all(
                used[review.skill][q] + load <= available[q - 1] + TOLERANCE for q in quarters
            ):
                for q in quarters:
                    used[review.skill][q] += load
                placed[number] = start
                break
        else:
            dropped.add(number)
    return placed
