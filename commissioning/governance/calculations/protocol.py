"""The contract monitoring protocol's bridge to engine/: the protocol in force and what meets its thresholds."""

from __future__ import annotations

from engine.governance.protocol import (
    FREQUENCY_MONTHS,
    RATING_KINDS,
    SIGNAL_KINDS,
    Amendment,
    Observation,
    Protocol,
    Trigger,
    effective,
    meets,
    triggers,
)

__all__ = [
    "FREQUENCY_MONTHS",
    "RATING_KINDS",
    "SIGNAL_KINDS",
    "Amendment",
    "Observation",
    "Protocol",
    "Trigger",
    "effective",
    "meets",
    "triggers",
]
