"""The risks app's records, exported here (one module per area)."""

from commissioning.risks.models.register import (
    Category,
    Control,
    Level,
    Proximity,
    Response,
    Risk,
    RiskAction,
    RiskReview,
)

__all__: list[str] = [
    "Category",
    "Control",
    "Level",
    "Proximity",
    "Response",
    "Risk",
    "RiskAction",
    "RiskReview",
]
