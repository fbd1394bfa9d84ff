"""The optimised programme of commissioning reviews: which reviews run in which quarter, within the council's
commissioning capacity, solved exactly as a mixed-integer programme with HiGHS (ADR 0020)."""

from engine.optimisation.instance import Instance, InstanceError, ReviewSpec, parse_instance
from engine.optimisation.programme import CapacityUse, Placement, Result, explain, solve

__all__ = [
    "CapacityUse",
    "Instance",
    "InstanceError",
    "Placement",
    "Result",
    "ReviewSpec",
    "explain",
    "parse_instance",
    "solve",
]
