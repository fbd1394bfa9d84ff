"""The bridge between complaints and engine/: the one module of the complaints part that calls the engine."""

from __future__ import annotations

import datetime as dt

from commissioning.core.calendar import english_calendar
from engine.complaints.deadlines import (
    EXTENSION_AGAIN,
    Ombudsman,
    Stage,
    StageDeadlines,
    check_stage2_handler,
    check_stage2_request,
    extend_stage1,
    is_overdue,
    ombudsman_deadline,
    ombudsman_for,
    on_time,
    stage_deadlines,
)
from engine.complaints.priority import BANDS as PRIORITY_BANDS
from engine.complaints.priority import QUARTERS as PRIORITY_QUARTERS
from engine.complaints.priority import ComplaintCounts, upheld_score
from engine.finance.years import quarter_of as quarter_of  # re-exported: the financial quarter of a day

__all__ = [
    "EXTENSION_AGAIN",
    "PRIORITY_BANDS",
    "PRIORITY_QUARTERS",
    "ComplaintCounts",
    "Ombudsman",
    "Stage",
    "StageDeadlines",
    "check_stage2_handler",
    "check_stage2_request",
    "extended",
    "is_overdue",
    "ombudsman_by",
    "ombudsman_deadline",
    "ombudsman_for",
    "on_time",
    "quarter_label",
    "stage1",
    "stage2",
    "upheld_score",
]


def stage1(started: dt.date, extended_by_days: int = 0) -> StageDeadlines:
    return stage_deadlines(
        stage=Stage.ONE, started=started, calendar=english_calendar(), extended_by_days=extended_by_days
    )


def stage2(started: dt.date) -> StageDeadlines:
    return stage_deadlines(stage=Stage.TWO, started=started, calendar=english_calendar())


def extended(started: dt.date, *, days: int, reason: str) -> StageDeadlines:
    return extend_stage1(stage1(started), days=days, reason=reason, calendar=english_calendar())


def ombudsman_by(answered: dt.date | None) -> dt.date | None:
    """The last day the resident may go to the Ombudsman after the final answer (None before it)."""
    return ombudsman_deadline(final_answer=answered) if answered is not None else None


def quarter_label(day: dt.date) -> str:
    """The financial quarter a day falls in, like "2026/27 Q3" (``engine.finance.years``)."""
    return quarter_of(day).label
