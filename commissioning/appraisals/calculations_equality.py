"""The bridge between equality impact assessments and engine.equality (the only module of this part that imports
the engine): the characteristics, the summary of an assessment and what stops its sign-off."""

from __future__ import annotations

from typing import Any

from engine.equality.assessment import (
    CHARACTERISTICS,
    IMPACTS,
    KEYS,
    LABELS,
    NEGATIVE,
    NEUTRAL,
    NO_CONCLUSION,
    NOT_RATED,
    POSITIVE,
    UNADDRESSED,
    Impact,
    Problem,
    Summary,
    labels,
    sign_off_problems,
    summarise,
)

__all__ = [
    "CHARACTERISTICS",
    "IMPACTS",
    "KEYS",
    "LABELS",
    "NEGATIVE",
    "NEUTRAL",
    "NOT_RATED",
    "NO_CONCLUSION",
    "POSITIVE",
    "UNADDRESSED",
    "Problem",
    "Summary",
    "impacts_of",
    "labels",
    "sign_off_problems",
    "summary_of",
]


def impacts_of(assessment: Any) -> list[Impact]:
    """The assessment's rows as the engine's ``Impact``s (one per characteristic, read from its fields)."""
    return [
        Impact(
            characteristic=key,
            impact=getattr(assessment, f"{key}_impact"),
            mitigation=getattr(assessment, f"{key}_mitigation"),
            justification=getattr(assessment, f"{key}_justification"),
        )
        for key in KEYS
    ]


def summary_of(assessment: Any) -> Summary:
    return summarise(impacts_of(assessment))
