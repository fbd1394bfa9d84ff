"""Helpers for the optimised programme's tests: instances written as short dicts."""

from typing import Any


def review(rid: str, **fields: Any) -> dict[str, Any]:
    """One review in the JSON contract's shape: effort 10 days over 1 quarter of "gen", no saving, no priority."""
    return {
        "id": rid,
        "effort_days": 10,
        "duration": 1,
        "skill": "gen",
        "annual_saving": 0,
        "priority": 0,
        "deadline": None,
        "mandatory": False,
        "fixed_start": None,
        "after": [],
    } | fields


def instance(*reviews: dict[str, Any], horizon: int = 4, capacity: Any = 10, weight: float = 1, target: Any = None):
    days = capacity if isinstance(capacity, dict) else {"gen": [capacity] * horizon}
    return {
        "horizon": horizon,
        "priority_weight": weight,
        "savings_target": target,
        "capacity": days,
        "reviews": list(reviews),
    }
