"""Writes for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Councillor, User
from commissioning.core.actions import lock_row, record_archive, record_edited, record_save
from commissioning.core.concurrency import claim_form_token
from commissioning.governance.models import (
    Body,
    BodyKind,
    DecisionPowerRule,
    Gate,
    GateSignOff,
    InvolvementEntry,
    InvolvementPart,
    Meeting,
    Participant,
    ProtocolStep,
)
from commissioning.governance.selectors import involvement as selectors
from commissioning.reviews.actions import review_stage_set
from commissioning.reviews.models import CommissioningReview, ReviewStatus, Stage

# The protocol
PROTOCOL_REASON_REQUIRED = "Enter why the council's protocol is being changed"
ASKED_REQUIRED = "Enter what is asked of them"
PROTOCOL_STEP_TAKEN = "The protocol already has {participant} as {part} at the {stage} stage: change that step instead"
PROTOCOL_ALREADY_REMOVED = "This step has been removed from the protocol"
PROTOCOL_EMPTY = "The council's protocol has no steps yet: add them before generating a plan"

# A review's plan
AMENDMENT_REASON_REQUIRED = "Enter why this review departs from the council's protocol"
ENTRY_NAMES_NO_ONE = "Choose a councillor, a body or an officer"
ENTRY_NAMES_TWO = "Choose only one of a councillor, a body or an officer"
ENTRY_ALREADY_REMOVED = "This entry has been removed from the plan"
REVIEW_ARCHIVED = "This review is archived: restore it before changing its involvement plan"
DONE_BEFORE_DUE_STAGE = "The date it was done cannot be in the future"
PLAN_GENERATED = "Involvement plan generated from the council's protocol"

# Gates
NO_PROGRAMME_BOARD = selectors.NO_PROGRAMME_BOARD
SIGN_OFF_NOT_AT_ANALYSE = "The evidence pack is signed off at the Analyse stage: this review is at {stage}"
ALREADY_SIGNED_OFF = "The Programme Board has already signed off this review's evidence pack"
SIGN_OFF_IN_FUTURE = "The sign-off date cannot be in the future"
MEETING_NOT_OF_BOARD = "Choose a meeting of the review's Programme Board"
STAGE_GATE_NOT_MET = "{review} cannot move from {stage} to {next}: {missing}"
SIGN_OFF_CANCELLED = "{reference} has been cancelled: its evidence pack is no longer signed off"
SIGNED_OFF_REASON = "Evidence pack signed off by {board}"
STAGE_MOVED_REASON = "Gate passed: {gate}"


def _reason(reason: str, message: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: message})
    return reason


# The council-wide protocol ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepDetails:
    stage: str
    participant: str
    part: str
    asked: str
    weeks_into_stage: int


def _check_step(details: StepDetails, *, existing: ProtocolStep | None) -> None:
    if not details.asked.strip():
        raise ValidationError({"asked": ASKED_REQUIRED})
    clash = ProtocolStep.objects.active().filter(
        stage=details.stage, participant=details.participant, part=details.part
    )
    if existing is not None:
        clash = clash.exclude(pk=existing.pk)
    if clash.exists():
        raise ValidationError(
            {
                "part": PROTOCOL_STEP_TAKEN.format(
                    participant=Participant(details.participant).label.lower(),
                    part=InvolvementPart(details.part).label.lower(),
                    stage=Stage(details.stage).label,
                )
            }
        )


@transaction.atomic
def protocol_step_add(
    *, details: StepDetails, by: User, reason: str, form_token: uuid.UUID | None = None
) -> ProtocolStep:
    claim = claim_form_token(form_token, by=by)
    reason = _reason(reason, PROTOCOL_REASON_REQUIRED)
    _check_step(details, existing=None)
    step = ProtocolStep(
        stage=details.stage,
        participant=details.participant,
        part=details.part,
        asked=details.asked.strip(),
        weeks_into_stage=details.weeks_into_stage,
    )
    return record_save(step, by=by, reason=reason, claim=claim)


@transaction.atomic
def protocol_step_update(
    *, step: ProtocolStep, details: StepDetails, by: User, reason: str, version: str | None = None
) -> ProtocolStep:
    reason = _reason(reason, PROTOCOL_REASON_REQUIRED)
    step = record_edited(step, version=version, already_archived=PROTOCOL_ALREADY_REMOVED)
    _check_step(details, existing=step)
    step.stage = details.stage
    step.participant = details.participant
    step.part = details.part
    step.asked = details.asked.strip()
    step.weeks_into_stage = details.weeks_into_stage
    return record_save(step, by=by, reason=reason)


@transaction.atomic
def protocol_step_remove(*, step: ProtocolStep, by: User, reason: str) -> ProtocolStep:
    return record_archive(
        record=step,
        by=by,
        reason=reason,
        reason_required=PROTOCOL_REASON_REQUIRED,
        already=PROTOCOL_ALREADY_REMOVED,
    )


# The defaults a council starts from (seeded by the demo; a council amends them).
DEFAULT_PROTOCOL: list[tuple[str, str, str, str, int]] = [
    # stage, participant, part, what is asked, weeks into the stage
    ("analyse", Participant.PORTFOLIO_HOLDER, InvolvementPart.CONSULTED, "Agree the scope of the review", 1),
    (
        "analyse",
        Participant.LEAD_COMMISSIONER,
        InvolvementPart.INFORMED,
        "Brief the Programme Board on the evidence",
        2,
    ),
    (
        "analyse",
        Participant.WARD_COUNCILLORS,
        InvolvementPart.CONSULTED,
        "Say what residents of your ward tell you about the service",
        4,
    ),
    ("analyse", Participant.SCRUTINY, InvolvementPart.CRITICAL_FRIEND, "Challenge the evidence and the scope", 6),
    ("analyse", Participant.PROGRAMME_BOARD, InvolvementPart.DECIDES, "Sign off the evidence pack", 10),
    ("plan", Participant.PROGRAMME_BOARD, InvolvementPart.CONSULTED, "Consider the options appraisal", 4),
    ("plan", Participant.WARD_COUNCILLORS, InvolvementPart.INFORMED, "Read the shortlisted options", 6),
    ("plan", Participant.PORTFOLIO_HOLDER, InvolvementPart.CONSULTED, "Steer the preferred option", 6),
    ("plan", Participant.SCRUTINY, InvolvementPart.CRITICAL_FRIEND, "Scrutinise the business case before decision", 8),
    ("plan", Participant.CABINET, InvolvementPart.DECIDES, "Decide on the business case", 12),
    ("do", Participant.WARD_COUNCILLORS, InvolvementPart.INFORMED, "Hear how the change will reach your ward", 2),
    ("do", Participant.PROGRAMME_BOARD, InvolvementPart.CONSULTED, "Oversee the implementation plan", 4),
    ("do", Participant.PORTFOLIO_HOLDER, InvolvementPart.INFORMED, "Receive the implementation report", 8),
    ("review", Participant.WARD_COUNCILLORS, InvolvementPart.CONSULTED, "Say whether it works for your ward", 4),
    ("review", Participant.SCRUTINY, InvolvementPart.CRITICAL_FRIEND, "Review outcomes, quality and savings", 8),
    ("review", Participant.PROGRAMME_BOARD, InvolvementPart.DECIDES, "Agree the next review or decommissioning", 12),
]


@transaction.atomic
def protocol_defaults_set(*, by: User, reason: str = "The council's default protocol") -> list[ProtocolStep]:
    """Add the default steps the protocol does not have yet, and the default decision power rules."""
    steps = []
    have = {(s.stage, s.participant, s.part) for s in ProtocolStep.objects.active()}
    for stage, participant, part, asked, weeks in DEFAULT_PROTOCOL:
        if (stage, participant, part) in have:
            continue
        step = ProtocolStep(stage=stage, participant=participant, part=part, asked=asked, weeks_into_stage=weeks)
        steps.append(record_save(step, by=by, reason=reason))
    rules = set(DecisionPowerRule.objects.values_list("category", flat=True))
    for category, (kinds, officers) in selectors.DEFAULT_POWER_RULES.items():
        if category not in rules:
            rule = DecisionPowerRule(category=category, body_kinds=kinds, officers_may_decide=officers)
            record_save(rule, by=by, reason=reason)
    return steps


# A review's involvement plan ---------------------------------------------------------------------------------------


def _current_review(review: CommissioningReview) -> CommissioningReview:
    review = lock_row(review)
    if review.is_archived:
        raise ValidationError(REVIEW_ARCHIVED)
    return review


def _who_for(review: CommissioningReview, participant: str) -> list[dict[str, object]]:
    """The named people and bodies a protocol participant stands for on this review."""
    if participant == Participant.PROGRAMME_BOARD:
        found: Body | None = selectors.programme_board(review)
    elif participant == Participant.PORTFOLIO_HOLDER:
        found = selectors.portfolio_body(review)
    elif participant == Participant.SCRUTINY:
        found = selectors.scrutiny_body(review)
    elif participant == Participant.CABINET:
        found = selectors.body_of_kind(BodyKind.CABINET)
    elif participant == Participant.COUNCIL:
        found = selectors.body_of_kind(BodyKind.COUNCIL)
    elif participant == Participant.CROSS_PARTY:
        found = selectors.body_of_kind(BodyKind.CROSS_PARTY)
    elif participant == Participant.LEAD_COMMISSIONER:
        return [{"officer": review.lead_commissioner}]
    elif participant == Participant.WARD_COUNCILLORS:
        return [{"councillor": councillor} for councillor in selectors.ward_councillors(review)]
    else:
        return []
    return [{"body": found}] if found is not None else []


def _key(entry: InvolvementEntry) -> tuple[object, ...]:
    return (entry.from_protocol_id, entry.councillor_id, entry.officer_id, entry.body_id)


@transaction.atomic
def involvement_plan_generate(
    *, review: CommissioningReview, by: User, reason: str = PLAN_GENERATED
) -> list[InvolvementEntry]:
    """Turn the council's protocol into named entries for this review: the Programme Board, the portfolio holder,
    the lead commissioner, the ward councillors of every ward its services serve and the scrutiny committee, each due
    some weeks into its stage. Entries the plan already has (or that were removed from it) are left alone."""
    review = _current_review(review)
    steps = list(selectors.protocol_steps())
    if not steps:
        raise ValidationError(PROTOCOL_EMPTY)
    return [record_save(entry, by=by, reason=reason) for entry in planned_entries(review, steps=steps)]


def planned_entries(review: CommissioningReview, *, steps: list[ProtocolStep]) -> list[InvolvementEntry]:
    """The entries (unsaved) the protocol's steps give this review that its plan does not have yet."""
    existing = {_key(e) for e in InvolvementEntry.objects.filter(review=review, from_protocol__isnull=False)}
    starts = selectors.stage_starts(review)
    who = {participant: _who_for(review, participant) for participant in {step.participant for step in steps}}
    entries = []
    for step in steps:
        for named in who[step.participant]:
            entry = InvolvementEntry(
                review=review,
                stage=step.stage,
                part=step.part,
                participant=step.participant,
                asked=step.asked,
                due_on=starts[step.stage] + dt.timedelta(weeks=step.weeks_into_stage),
                from_protocol=step,
                **named,
            )
            if _key(entry) not in existing:
                entries.append(entry)
    return entries


@dataclass(frozen=True)
class EntryDetails:
    stage: str
    part: str
    asked: str
    due_on: dt.date | None
    councillor: Councillor | None = None
    body: Body | None = None
    officer: User | None = None
    done_on: dt.date | None = None


def _check_entry(details: EntryDetails) -> None:
    errors = {}
    named = [x for x in (details.councillor, details.body, details.officer) if x is not None]
    if not named:
        errors["councillor"] = ENTRY_NAMES_NO_ONE
    elif len(named) > 1:
        errors["councillor"] = ENTRY_NAMES_TWO
    if not details.asked.strip():
        errors["asked"] = ASKED_REQUIRED
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def involvement_entry_add(
    *,
    review: CommissioningReview,
    details: EntryDetails,
    by: User,
    reason: str,
    form_token: uuid.UUID | None = None,
) -> InvolvementEntry:
    claim = claim_form_token(form_token, by=by)
    reason = _reason(reason, AMENDMENT_REASON_REQUIRED)
    review = _current_review(review)
    _check_entry(details)
    entry = InvolvementEntry(
        review=review,
        stage=details.stage,
        part=details.part,
        asked=details.asked.strip(),
        due_on=details.due_on,
        done_on=details.done_on,
        councillor=details.councillor,
        body=details.body,
        officer=details.officer,
        amendment_reason=reason,
    )
    return record_save(entry, by=by, reason=reason, claim=claim)


@transaction.atomic
def involvement_entry_change(
    *, entry: InvolvementEntry, details: EntryDetails, by: User, reason: str, version: str | None = None
) -> InvolvementEntry:
    """Change who is involved, their part, what is asked of them or by when (the stage and person stay: remove the
    entry and add another to change those), or record that it was done."""
    reason = _reason(reason, AMENDMENT_REASON_REQUIRED)
    entry = record_edited(entry, version=version, already_archived=ENTRY_ALREADY_REMOVED)
    _current_review(entry.review)
    if not details.asked.strip():
        raise ValidationError({"asked": ASKED_REQUIRED})
    entry.part = details.part
    entry.asked = details.asked.strip()
    entry.due_on = details.due_on
    entry.done_on = details.done_on
    entry.amendment_reason = reason
    return record_save(entry, by=by, reason=reason)


@transaction.atomic
def involvement_entry_remove(*, entry: InvolvementEntry, by: User, reason: str) -> InvolvementEntry:
    if (reason or "").strip():
        _current_review(entry.review)
    return record_archive(
        record=entry, by=by, reason=reason, reason_required=AMENDMENT_REASON_REQUIRED, already=ENTRY_ALREADY_REMOVED
    )


# Stage gates -------------------------------------------------------------------------------------------------------


def evidence_fingerprint(review: CommissioningReview) -> str:
    """What the evidence pack held when it was signed off: each service under review as last changed (one query)."""
    rows = review.services.order_by("pk").values_list("pk", "updated_at")
    return hashlib.sha256(repr([(pk, changed.isoformat()) for pk, changed in rows]).encode()).hexdigest()


@transaction.atomic
def gate_sign_off_record(
    *,
    review: CommissioningReview,
    by: User,
    signed_off_on: dt.date,
    today: dt.date,
    meeting: Meeting | None = None,
    notes: str = "",
    form_token: uuid.UUID | None = None,
) -> GateSignOff:
    """The review's Programme Board signs off its evidence pack (the Analyse-to-Plan gate)."""
    claim = claim_form_token(form_token, by=by)
    review = _current_review(review)
    if review.stage != Stage.ANALYSE:
        raise ValidationError(SIGN_OFF_NOT_AT_ANALYSE.format(stage=Stage(review.stage).label))
    if review.status == ReviewStatus.CANCELLED:
        raise ValidationError(SIGN_OFF_CANCELLED.format(reference=review.reference))
    board = selectors.programme_board(review)
    if board is None:
        raise ValidationError(NO_PROGRAMME_BOARD)
    if GateSignOff.objects.active().filter(review=review, gate=Gate.ANALYSE_TO_PLAN).exists():
        raise ValidationError(ALREADY_SIGNED_OFF)
    errors = {}
    if signed_off_on > today:
        errors["signed_off_on"] = SIGN_OFF_IN_FUTURE
    if meeting is not None and meeting.body_id != board.pk:
        errors["meeting"] = MEETING_NOT_OF_BOARD
    if errors:
        raise ValidationError(errors)
    sign_off = GateSignOff(
        review=review,
        gate=Gate.ANALYSE_TO_PLAN,
        body=board,
        meeting=meeting,
        signed_off_on=signed_off_on,
        signed_off_by=by,
        evidence_fingerprint=evidence_fingerprint(review),
        notes=notes.strip(),
    )
    return record_save(sign_off, by=by, reason=SIGNED_OFF_REASON.format(board=board.name), claim=claim)


@transaction.atomic
def review_stage_advance(*, review: CommissioningReview, by: User, today: dt.date) -> CommissioningReview:
    """Move the review to its next stage when the gate is passed; otherwise refuse, naming what is missing."""
    review = _current_review(review)
    report = selectors.gate_report(review, on=today)
    if not report.passed:
        raise ValidationError(
            STAGE_GATE_NOT_MET.format(
                review=review.reference,
                stage=report.stage_label,
                next=report.next_label or "a later stage",
                missing="; ".join(m.text for m in report.missing),
            )
        )
    assert report.next_stage is not None
    gate = Gate.ANALYSE_TO_PLAN if report.stage == Stage.ANALYSE else Gate.PLAN_TO_DO
    detail = Gate(gate).label
    if report.decision is not None:
        detail = f"{detail} ({report.decision.reference})"
    return review_stage_set(
        review=review, stage=report.next_stage, by=by, reason=STAGE_MOVED_REASON.format(gate=detail)
    )
