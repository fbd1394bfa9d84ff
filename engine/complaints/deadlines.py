"""The deadlines of a complaint, as the Local Government and Social Care Ombudsman's complaint handling code sets them.

Counted in English working days (``engine.calendar.working_days``: the day a complaint arrives is day 0, whatever
day it is, so a complaint made on a bank holiday or at the weekend starts counting from the next working day):

- stage 1: acknowledged within 5 working days and answered within 10. The answer may be extended once, by up to 10
  more working days, and the resident is told why (``extend_stage1`` refuses a second extension, a longer one, or
  one without a reason);
- stage 2 (the resident is not satisfied with the stage 1 answer, and asks once it has been given): acknowledged
  within 5 working days of the request and answered within 20, by someone other than the stage 1 handler;
- the final answer tells the resident they may go to the Ombudsman within twelve months: the Local Government and
  Social Care Ombudsman, or the Housing Ombudsman for a housing service (``ombudsman_for``).

Pure: no clock, no settings, no files. The holidays come in as a ``WorkingCalendar``.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import enum
from dataclasses import dataclass

from engine.calendar.working_days import WorkingCalendar, add_working_days

STAGE1_ACKNOWLEDGE_DAYS = 5
STAGE1_ANSWER_DAYS = 10
STAGE1_EXTENSION_MAX_DAYS = 10
STAGE2_ACKNOWLEDGE_DAYS = 5
STAGE2_ANSWER_DAYS = 20
OMBUDSMAN_MONTHS = 12

EXTENSION_TOO_LONG = "An extension can be at most {most} working days: {days} were asked for"
EXTENSION_TOO_SHORT = "An extension must be at least 1 working day"
EXTENSION_AGAIN = "The stage 1 answer has already been extended once: it cannot be extended again"
EXTENSION_REASON_REQUIRED = "Enter the reason for the extension: the resident is told it"
EXTENSION_STAGE2 = "Only a stage 1 answer can be extended"
STAGE2_TOO_EARLY = "Stage 2 can be asked for only once stage 1 has been answered"
STAGE2_SAME_HANDLER = "Stage 2 must be answered by someone other than the stage 1 handler"

# A service is a housing service when its directorate's or its own name says so: the Housing Ombudsman then handles
# the complaints of the council's tenants and leaseholders (Housing Act 1996, Schedule 2). The words are matched as
# whole words, case-insensitively; "housing" and "homes" cover the directorates councils name ("Housing and
# Regeneration", "Homes and Communities", "Council Homes").
HOUSING_WORDS = frozenset({"housing", "homes", "tenancy", "tenancies", "landlord"})


class Stage(enum.IntEnum):
    ONE = 1
    TWO = 2


class Ombudsman(enum.Enum):
    LOCAL_GOVERNMENT = "Local Government and Social Care Ombudsman"
    HOUSING = "Housing Ombudsman"


@dataclass(frozen=True)
class StageDeadlines:
    """When a stage must be acknowledged and answered (both working days)."""

    stage: Stage
    started: dt.date
    acknowledge_by: dt.date
    answer_by: dt.date
    extended_by_days: int = 0


def stage_deadlines(
    *, stage: Stage, started: dt.date, calendar: WorkingCalendar, extended_by_days: int = 0
) -> StageDeadlines:
    """The deadlines of a stage that started (the complaint made, or stage 2 asked for) on ``started``."""
    if stage is Stage.TWO and extended_by_days:
        raise ValueError(EXTENSION_STAGE2)
    if extended_by_days < 0 or extended_by_days > STAGE1_EXTENSION_MAX_DAYS:
        raise ValueError(EXTENSION_TOO_LONG.format(most=STAGE1_EXTENSION_MAX_DAYS, days=extended_by_days))
    acknowledge = STAGE1_ACKNOWLEDGE_DAYS if stage is Stage.ONE else STAGE2_ACKNOWLEDGE_DAYS
    answer = (STAGE1_ANSWER_DAYS + extended_by_days) if stage is Stage.ONE else STAGE2_ANSWER_DAYS
    return StageDeadlines(
        stage=stage,
        started=started,
        acknowledge_by=add_working_days(start=started, days=acknowledge, calendar=calendar),
        answer_by=add_working_days(start=started, days=answer, calendar=calendar),
        extended_by_days=extended_by_days,
    )


def extend_stage1(deadlines: StageDeadlines, *, days: int, reason: str, calendar: WorkingCalendar) -> StageDeadlines:
    """Stage 1's answer extended once, by 1 to 10 working days, with a reason the resident is told."""
    if deadlines.stage is not Stage.ONE:
        raise ValueError(EXTENSION_STAGE2)
    if deadlines.extended_by_days:
        raise ValueError(EXTENSION_AGAIN)
    if not reason.strip():
        raise ValueError(EXTENSION_REASON_REQUIRED)
    if days < 1:
        raise ValueError(EXTENSION_TOO_SHORT)
    if days > STAGE1_EXTENSION_MAX_DAYS:
        raise ValueError(EXTENSION_TOO_LONG.format(most=STAGE1_EXTENSION_MAX_DAYS, days=days))
    return stage_deadlines(stage=Stage.ONE, started=deadlines.started, calendar=calendar, extended_by_days=days)


def check_stage2_request(*, stage1_answered: bool) -> None:
    """Stage 2 may be asked for only after the stage 1 answer (ValueError with ``STAGE2_TOO_EARLY`` otherwise)."""
    if not stage1_answered:
        raise ValueError(STAGE2_TOO_EARLY)


def check_stage2_handler(*, stage1_handler: object, stage2_handler: object) -> None:
    """The stage 2 answer comes from someone other than the stage 1 handler (compared by identity, e.g. user ids)."""
    if stage1_handler is not None and stage1_handler == stage2_handler:
        raise ValueError(STAGE2_SAME_HANDLER)


def on_time(*, done: dt.date | None, due: dt.date, today: dt.date) -> bool:
    """A step done by its due day is on time; one not yet done is on time until the due day has passed."""
    return (done if done is not None else today) <= due


def is_overdue(*, done: dt.date | None, due: dt.date, today: dt.date) -> bool:
    return done is None and today > due


def ombudsman_for(*, names: tuple[str, ...]) -> Ombudsman:
    """Which Ombudsman the final answer names: the Housing Ombudsman when any name (the service's directorate, the
    service itself) has a housing word in it (``HOUSING_WORDS``), else the Local Government and Social Care
    Ombudsman."""
    for name in names:
        words = {"".join(ch for ch in word if ch.isalpha()) for word in name.casefold().split()}
        if words & HOUSING_WORDS:
            return Ombudsman.HOUSING
    return Ombudsman.LOCAL_GOVERNMENT


def ombudsman_deadline(*, final_answer: dt.date) -> dt.date:
    """The last day to go to the Ombudsman: twelve months after the final answer (28 February for 29 February)."""
    year = final_answer.year + OMBUDSMAN_MONTHS // 12
    day = min(final_answer.day, _calendar.monthrange(year, final_answer.month)[1])
    return final_answer.replace(year=year, day=day)
