"""The planning instance: the exact JSON contract of ``manage.py plan_reviews --instance FILE`` as frozen dataclasses,
and ``parse_instance``, which checks every field and says which review and which field is wrong.

The format (quarters numbered from 1)::

    {"horizon": H, "priority_weight": w, "savings_target": number or null,
     "capacity": {skill: [days for quarters 1..H]},
     "reviews": [{"id", "effort_days", "duration", "skill", "annual_saving", "priority", "deadline",
                  "mandatory", "fixed_start", "after"}]}

A review starting in quarter s finishes in f = s + duration - 1 <= H; it uses effort_days / duration days of its skill
in each quarter s..f; it is worth ``w * priority + annual_saving / 4 * (H - f)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TOP_LEVEL_KEYS = ("horizon", "priority_weight", "savings_target", "capacity", "reviews")
REVIEW_KEYS = (
    "id",
    "effort_days",
    "duration",
    "skill",
    "annual_saving",
    "priority",
    "deadline",
    "mandatory",
    "fixed_start",
    "after",
)


class InstanceError(ValueError):
    """A malformed instance. ``review`` is the review's id (None for a top-level field), ``field`` the field."""

    def __init__(self, message: str, *, field: str, review: str | None = None) -> None:
        where = f'review "{review}", field "{field}"' if review is not None else f'field "{field}"'
        super().__init__(f"{where}: {message}")
        self.review = review
        self.field = field


@dataclass(frozen=True)
class ReviewSpec:
    id: str
    effort_days: float
    duration: int
    skill: str
    annual_saving: float
    priority: float
    deadline: int | None = None
    mandatory: bool = False
    fixed_start: int | None = None
    after: tuple[str, ...] = ()

    def finish(self, start: int) -> int:
        return start + self.duration - 1

    def value(self, start: int, *, horizon: int, priority_weight: float) -> float:
        """What scheduling this review to start in ``start`` is worth: its weighted priority plus the savings it
        realises in the quarters left after it finishes."""
        return priority_weight * self.priority + self.annual_saving / 4 * (horizon - self.finish(start))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "effort_days": self.effort_days,
            "duration": self.duration,
            "skill": self.skill,
            "annual_saving": self.annual_saving,
            "priority": self.priority,
            "deadline": self.deadline,
            "mandatory": self.mandatory,
            "fixed_start": self.fixed_start,
            "after": list(self.after),
        }


@dataclass(frozen=True)
class Instance:
    horizon: int
    priority_weight: float
    savings_target: float | None
    capacity: Mapping[str, tuple[float, ...]]
    reviews: tuple[ReviewSpec, ...]

    def as_dict(self) -> dict[str, Any]:
        """The instance in the JSON contract's shape: ``parse_instance(instance.as_dict()) == instance``."""
        return {
            "horizon": self.horizon,
            "priority_weight": self.priority_weight,
            "savings_target": self.savings_target,
            "capacity": {skill: list(days) for skill, days in self.capacity.items()},
            "reviews": [review.as_dict() for review in self.reviews],
        }


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_integer(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _keys(data: Mapping[str, Any], expected: tuple[str, ...], review: str | None) -> None:
    for key in expected:
        if key not in data:
            raise InstanceError("is missing", field=key, review=review)
    for key in data:
        if key not in expected:
            raise InstanceError(
                f"is not a field of the instance format (expected {', '.join(expected)})", field=key, review=review
            )


def _number(value: object, field: str, review: str | None, *, minimum: float | None = None) -> float:
    if not _is_number(value):
        raise InstanceError(f"must be a number, not {value!r}", field=field, review=review)
    number = float(value)  # type: ignore[arg-type]
    if minimum is not None and number < minimum:
        raise InstanceError(f"must be {minimum:g} or more, not {value!r}", field=field, review=review)
    return number


def _integer(value: object, field: str, review: str | None) -> int:
    if not _is_integer(value):
        raise InstanceError(f"must be a whole number, not {value!r}", field=field, review=review)
    return int(value)  # type: ignore[call-overload]


def _quarter(value: object, field: str, review: str, horizon: int) -> int | None:
    if value is None:
        return None
    quarter = _integer(value, field, review)
    if not 1 <= quarter <= horizon:
        raise InstanceError(
            f"quarter {quarter} is outside the horizon (quarters 1 to {horizon})", field=field, review=review
        )
    return quarter


def _capacity(value: object, horizon: int) -> dict[str, tuple[float, ...]]:
    if not isinstance(value, dict):
        raise InstanceError("must be an object of skill: [days for quarters 1..horizon]", field="capacity")
    capacity: dict[str, tuple[float, ...]] = {}
    for skill, days in value.items():
        field = f"capacity.{skill}"
        if not isinstance(days, list):
            raise InstanceError(f"must be a list of {horizon} numbers of days, not {days!r}", field=field)
        if len(days) != horizon:
            raise InstanceError(f"has {len(days)} quarters; the horizon has {horizon}", field=field)
        for quarter, available in enumerate(days, start=1):
            if not _is_number(available):
                raise InstanceError(f"quarter {quarter}: must be a number of days, not {available!r}", field=field)
            if available < 0:
                raise InstanceError(f"quarter {quarter}: capacity {available!r} is negative", field=field)
        capacity[str(skill)] = tuple(float(days_) for days_ in days)
    return capacity


def _review(data: object, index: int, horizon: int, capacity: Mapping[str, tuple[float, ...]]) -> ReviewSpec:
    if not isinstance(data, dict):
        raise InstanceError(f"review number {index + 1} must be an object, not {data!r}", field="reviews")
    raw_id = data.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        label = f"number {index + 1}" if raw_id is None else repr(raw_id)
        raise InstanceError(f"review {label}: must be a non-empty string", field="id")
    rid = raw_id
    _keys(data, REVIEW_KEYS, rid)
    effort = _number(data["effort_days"], "effort_days", rid, minimum=0)
    duration = _integer(data["duration"], "duration", rid)
    if duration < 1:
        raise InstanceError(f"must be at least 1 quarter, not {duration}", field="duration", review=rid)
    if duration > horizon:
        raise InstanceError(
            f"{duration} quarters is longer than the horizon of {horizon} quarters", field="duration", review=rid
        )
    skill = data["skill"]
    if not isinstance(skill, str):
        raise InstanceError(f"must be a skill name, not {skill!r}", field="skill", review=rid)
    if skill not in capacity:
        known = ", ".join(sorted(capacity)) or "none"
        raise InstanceError(f'"{skill}" has no capacity (skills with capacity: {known})', field="skill", review=rid)
    saving = _number(data["annual_saving"], "annual_saving", rid)
    priority = _number(data["priority"], "priority", rid)
    deadline = _quarter(data["deadline"], "deadline", rid, horizon)
    mandatory = data["mandatory"]
    if not isinstance(mandatory, bool):
        raise InstanceError(f"must be true or false, not {mandatory!r}", field="mandatory", review=rid)
    fixed_start = _quarter(data["fixed_start"], "fixed_start", rid, horizon)
    if fixed_start is not None and fixed_start + duration - 1 > horizon:
        raise InstanceError(
            f"starting in quarter {fixed_start}, {duration} quarters would finish in quarter "
            f"{fixed_start + duration - 1}, after the horizon of {horizon} quarters",
            field="fixed_start",
            review=rid,
        )
    after = data["after"]
    if not isinstance(after, list) or not all(isinstance(other, str) for other in after):
        raise InstanceError(f"must be a list of review ids, not {after!r}", field="after", review=rid)
    if rid in after:
        raise InstanceError("a review cannot come after itself", field="after", review=rid)
    return ReviewSpec(
        id=rid,
        effort_days=effort,
        duration=duration,
        skill=skill,
        annual_saving=saving,
        priority=priority,
        deadline=deadline,
        mandatory=mandatory,
        fixed_start=fixed_start,
        after=tuple(dict.fromkeys(after)),
    )


def find_cycle(reviews: tuple[ReviewSpec, ...]) -> list[str] | None:
    """A cycle in the ``after`` relation as a list of ids, first id repeated at the end; None when there is none."""
    after = {review.id: review.after for review in reviews}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in after:
        if state.get(root):
            continue
        path: list[str] = [root]
        iterators = [iter(after[root])]
        state[root] = 1
        while iterators:
            step = next(iterators[-1], None)
            if step is None:
                state[path.pop()] = 2
                iterators.pop()
                continue
            if state.get(step) == 1:
                return [*path[path.index(step) :], step]
            if not state.get(step) and step in after:
                state[step] = 1
                path.append(step)
                iterators.append(iter(after[step]))
    return None


def topological_order(reviews: tuple[ReviewSpec, ...]) -> list[int]:
    """Indices of the reviews, every review after the reviews in its ``after`` list (the instance has no cycle)."""
    index = {review.id: number for number, review in enumerate(reviews)}
    order: list[int] = []
    placed = [False] * len(reviews)
    for root in range(len(reviews)):
        stack = [(root, iter(reviews[root].after))]
        if placed[root]:
            continue
        on_stack = {root}
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if not placed[node]:
                    placed[node] = True
                    order.append(node)
                continue
            other = index[child]
            if not placed[other] and other not in on_stack:
                on_stack.add(other)
                stack.append((other, iter(reviews[other].after)))
    return order


def parse_instance(data: object) -> Instance:
    """The instance in ``data`` (parsed JSON), checked field by field; ``InstanceError`` names what is wrong."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object", field="instance")
    _keys(data, TOP_LEVEL_KEYS, None)
    horizon = _integer(data["horizon"], "horizon", None)
    if horizon < 1:
        raise InstanceError(f"must be at least 1 quarter, not {horizon}", field="horizon")
    weight = _number(data["priority_weight"], "priority_weight", None, minimum=0)
    target = data["savings_target"]
    savings_target = None if target is None else _number(target, "savings_target", None)
    capacity = _capacity(data["capacity"], horizon)
    raw_reviews = data["reviews"]
    if not isinstance(raw_reviews, list):
        raise InstanceError("must be a list of reviews", field="reviews")
    reviews: list[ReviewSpec] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_reviews):
        review = _review(raw, index, horizon, capacity)
        if review.id in seen:
            raise InstanceError("the same id is used by more than one review", field="id", review=review.id)
        seen.add(review.id)
        reviews.append(review)
    for review in reviews:
        for other in review.after:
            if other not in seen:
                raise InstanceError(
                    f'"{other}" is not the id of a review in the instance', field="after", review=review.id
                )
    cycle = find_cycle(tuple(reviews))
    if cycle is not None:
        raise InstanceError(
            'the "after" lists form a cycle: ' + " after ".join(f'"{rid}"' for rid in cycle),
            field="after",
            review=cycle[0],
        )
    return Instance(
        horizon=horizon,
        priority_weight=weight,
        savings_target=savings_target,
        capacity=capacity,
        reviews=tuple(reviews),
    )
