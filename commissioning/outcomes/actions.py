"""Writes for outcomes, indicators, measurements, targets, needs evidence and consultations.

Keyword-only, validated, one transaction each, and one history entry per record changed. ``measurement_upsert_many``
is the one way measurements are written (the indicator page's form and the spreadsheet importer both use it): it is
atomic (a bad row writes nothing) and idempotent on (indicator, period).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from commissioning.accounts.models import User
from commissioning.core.actions import (
    record_archive,
    record_edited,
    record_restore,
    record_save,
    record_save_unique,
)
from commissioning.core.concurrency import claim_form_token
from commissioning.core.models import DomainModel
from commissioning.core.permissions import Role
from commissioning.core.problems import RowProblem, RowsInvalid
from commissioning.core.references import save_with_reference
from commissioning.core.uploads import UploadRejected, check_upload
from commissioning.outcomes import calculations
from commissioning.outcomes.models import (
    TARGET_CONSTRAINT,
    VALUE_PLACES,
    Consultation,
    Indicator,
    Measurement,
    NeedsEvidence,
    Outcome,
    Priority,
    Target,
)
from commissioning.services.models import Service

M = TypeVar("M", bound=models.Model)
D = TypeVar("D", bound=DomainModel)

# Shared
ARCHIVE_REASON_REQUIRED = "Enter why the {noun} is being archived"
RESTORE_REASON_REQUIRED = "Enter why the {noun} is being restored"
ALREADY_ARCHIVED = "This {noun} is archived: restore it before changing it"
NOT_ARCHIVED = "This {noun} is not archived"
PERSON_NOT_COMMISSIONER = "Choose a commissioning officer or strategic director: {name} is a {role}"
PERSON_INACTIVE = "Choose someone whose account is active: {name}'s account is switched off"
SERVICE_ARCHIVED = "Untick {name}: it has been archived, so it cannot be linked now"
CREATED_REASON = "Added"
UPDATED_REASON = "Details updated"

# Priorities and outcomes
NAME_REQUIRED = "Enter the name"
PRIORITY_CODE_TAKEN = "Code {code} is already used by another priority: choose another"
PRIORITY_ARCHIVED = "Choose a current priority: {name} has been archived"
PRIORITY_NOT_PUBLISHED = "Publish the priority {name} first: a published outcome must sit under a published priority"
PRIORITY_HAS_PUBLISHED_OUTCOMES = (
    "Unpublish or move its {count} published outcomes first: a published outcome must sit under a published priority"
)
PRIORITY_HAS_OUTCOMES = (
    "Archive or move its {count} current outcomes first: an outcome must sit under a current priority"
)
OUTCOME_REFERENCE_TAKEN = "Reference {reference} is already used by another outcome: choose another, or leave it blank"

# Indicators and targets
INDICATOR_CODE_TAKEN = "Code {code} is already used by another indicator: choose another"
OUTCOME_ARCHIVED = "Choose a current outcome: {name} has been archived"
FREQUENCY_LOCKED = (
    "The frequency cannot change from {old} to {new}: {count} measurements are recorded for {old} periods. "
    "Add a new indicator instead"
)
TOLERANCE_AMOUNT_REQUIRED = "Enter the tolerance, or choose no tolerance"
TOLERANCE_BASIS_REQUIRED = "Choose whether the tolerance is in the indicator's unit or a percentage of the target"
TARGET_SET_MEANWHILE = (
    "Someone else set the target for {period} at the same moment: look at it on the indicator's page, "
    "then send the form again to change it"
)
TOLERANCE_PERCENT_OF_ZERO = "A target of 0 needs a tolerance in the indicator's own unit: a percentage of 0 is 0"
INDICATOR_ARCHIVED = "{code} is archived: restore it before recording values or targets for it"

# Measurements
UNKNOWN_INDICATOR = "No indicator has the code {code}"
PERIOD_NOT_STARTED = "{period} has not started yet: values are recorded for periods that have begun"
VALUE_TOO_BIG = "{value} is too large: values must be under 1,000,000,000,000"
VALUE_NOT_A_NUMBER = "{value} is not a number"
NOTE_TOO_LONG = "The note is {length:,} characters long: the limit is 1,000"
ROW_TWICE = "{code} in {period} is given twice: give each indicator and period once"
MEASUREMENT_ARCHIVED_REASON = "Value withdrawn"
NOTE_MAX_LENGTH = 1000
VALUE_LIMIT = Decimal(10) ** 12

# Needs evidence and consultations
ATTACH_REQUIRED = "Choose the service or the outcome this is about (or both)"
CLOSED_BEFORE_OPENED = "The closing date must be on or after the opening date ({opened})"
RESPONSES_WITHOUT_SUMMARY = "Summarise what the {count} responses said"
EVIDENCE_IN_FUTURE = "The date of the evidence must be today or in the past"


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _check_commissioner(user: User, errors: dict[str, str], field_name: str) -> None:
    if user.role not in (Role.OFFICER, Role.DIRECTOR):
        errors[field_name] = PERSON_NOT_COMMISSIONER.format(name=_name(user), role=user.get_role_display().lower())
    elif not user.is_active:
        errors[field_name] = PERSON_INACTIVE.format(name=_name(user))


def _locked(model: type[M], instance: M, noun: str) -> M:
    fresh = model._default_manager.select_for_update().get(pk=instance.pk)
    if getattr(fresh, "is_archived", False):
        raise ValidationError(ALREADY_ARCHIVED.format(noun=noun))
    return fresh


def _archive(record: D, *, by: User, reason: str, noun: str) -> D:
    return record_archive(
        record=record,
        by=by,
        reason=reason,
        reason_required=ARCHIVE_REASON_REQUIRED.format(noun=noun),
        already=ALREADY_ARCHIVED.format(noun=noun),
    )


def _restore(record: D, *, by: User, reason: str, noun: str) -> D:
    return record_restore(
        record=record,
        by=by,
        reason=reason,
        reason_required=RESTORE_REASON_REQUIRED.format(noun=noun),
        not_archived=NOT_ARCHIVED.format(noun=noun),
    )


def _newly_archived(services: Sequence[Service], already: set[int], errors: dict[str, str]) -> None:
    archived = [s for s in services if s.is_archived and s.pk not in already]
    if archived:
        errors["services"] = SERVICE_ARCHIVED.format(name=archived[0].name)


# Priorities -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityDetails:
    code: str
    name: str
    description: str = ""
    position: int = 1
    published: bool = False


def _validate_priority(details: PriorityDetails, *, existing: Priority | None) -> None:
    errors: dict[str, str] = {}
    if not details.name.strip():
        errors["name"] = NAME_REQUIRED
    taken = Priority.objects.filter(code=details.code.strip().upper())
    if existing is not None:
        taken = taken.exclude(pk=existing.pk)
    if taken.exists():
        errors["code"] = PRIORITY_CODE_TAKEN.format(code=details.code.strip().upper())
    if existing is not None and not details.published:
        count = existing.outcomes.filter(published=True, archived_at__isnull=True).count()
        if count:
            errors["published"] = PRIORITY_HAS_PUBLISHED_OUTCOMES.format(count=count)
    if errors:
        raise ValidationError(errors)


def _apply_priority(priority: Priority, details: PriorityDetails) -> None:
    priority.code = details.code.strip().upper()
    priority.name = details.name.strip()
    priority.description = details.description.strip()
    priority.position = details.position
    priority.published = details.published


@transaction.atomic
def priority_create(*, details: PriorityDetails, by: User, form_token: uuid.UUID | None = None) -> Priority:
    claim = claim_form_token(form_token, by=by)
    _validate_priority(details, existing=None)
    priority = Priority()
    _apply_priority(priority, details)
    save_with_reference(
        priority,
        generate=None,
        taken=PRIORITY_CODE_TAKEN,
        field="code",
        by=by,
        reason="Priority added to the council plan",
    )
    claim.made(priority)
    return priority


@transaction.atomic
def priority_update(
    *, priority: Priority, details: PriorityDetails, by: User, reason: str = "", version: str | None = None
) -> Priority:
    priority = record_edited(priority, version=version, already_archived=ALREADY_ARCHIVED.format(noun="priority"))
    _validate_priority(details, existing=priority)
    _apply_priority(priority, details)
    save_with_reference(
        priority, generate=None, taken=PRIORITY_CODE_TAKEN, field="code", by=by, reason=reason.strip() or UPDATED_REASON
    )
    return priority


@transaction.atomic
def priority_archive(*, priority: Priority, by: User, reason: str) -> Priority:
    count = priority.outcomes.filter(archived_at__isnull=True).count()
    if count and reason.strip():
        raise ValidationError(PRIORITY_HAS_OUTCOMES.format(count=count))
    return _archive(priority, by=by, reason=reason, noun="priority")


@transaction.atomic
def priority_restore(*, priority: Priority, by: User, reason: str) -> Priority:
    return _restore(priority, by=by, reason=reason, noun="priority")


# Outcomes ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeDetails:
    priority: Priority
    name: str
    lead: User
    reference: str = ""
    description: str = ""
    services: Sequence[Service] = field(default_factory=tuple)
    published: bool = False


def _validate_outcome(details: OutcomeDetails, *, existing: Outcome | None) -> None:
    errors: dict[str, str] = {}
    if not details.name.strip():
        errors["name"] = NAME_REQUIRED
    if details.priority.is_archived and (existing is None or existing.priority_id != details.priority.pk):
        errors["priority"] = PRIORITY_ARCHIVED.format(name=details.priority.name)
    elif details.published and not details.priority.published:
        errors["published"] = PRIORITY_NOT_PUBLISHED.format(name=details.priority.name)
    if existing is None or existing.lead_id != details.lead.pk:
        _check_commissioner(details.lead, errors, "lead")
    already = set(existing.services.values_list("pk", flat=True)) if existing is not None else set()
    _newly_archived(details.services, already, errors)
    if details.reference:
        taken = Outcome.objects.filter(reference=details.reference.strip())
        if existing is not None:
            taken = taken.exclude(pk=existing.pk)
        if taken.exists():
            errors["reference"] = OUTCOME_REFERENCE_TAKEN.format(reference=details.reference.strip())
    if errors:
        raise ValidationError(errors)


def next_outcome_reference() -> str:
    numbers = [
        int(reference[3:])
        for reference in Outcome.objects.filter(reference__startswith="OC-").values_list("reference", flat=True)
        if reference[3:].isdigit()
    ]
    return f"OC-{(max(numbers) + 1) if numbers else 1:02d}"


def _apply_outcome(outcome: Outcome, details: OutcomeDetails) -> None:
    outcome.priority = details.priority
    outcome.name = details.name.strip()
    outcome.description = details.description.strip()
    outcome.lead = details.lead
    outcome.published = details.published
    if details.reference:
        outcome.reference = details.reference.strip()


@transaction.atomic
def outcome_create(*, details: OutcomeDetails, by: User, form_token: uuid.UUID | None = None) -> Outcome:
    claim = claim_form_token(form_token, by=by)
    _validate_outcome(details, existing=None)
    outcome = Outcome()
    _apply_outcome(outcome, details)
    save_with_reference(
        outcome,
        generate=None if details.reference else next_outcome_reference,
        taken=OUTCOME_REFERENCE_TAKEN,
        by=by,
        reason="Outcome added",
        m2m={"services": details.services},
        exclude=["services"],
    )
    claim.made(outcome)
    return outcome


@transaction.atomic
def outcome_update(
    *, outcome: Outcome, details: OutcomeDetails, by: User, reason: str = "", version: str | None = None
) -> Outcome:
    outcome = record_edited(outcome, version=version, already_archived=ALREADY_ARCHIVED.format(noun="outcome"))
    _validate_outcome(details, existing=outcome)
    _apply_outcome(outcome, details)
    save_with_reference(
        outcome,
        generate=None,
        taken=OUTCOME_REFERENCE_TAKEN,
        by=by,
        reason=reason.strip() or UPDATED_REASON,
        m2m={"services": details.services},
        exclude=["services"],
    )
    return outcome


@transaction.atomic
def outcome_archive(*, outcome: Outcome, by: User, reason: str) -> Outcome:
    return _archive(outcome, by=by, reason=reason, noun="outcome")


@transaction.atomic
def outcome_restore(*, outcome: Outcome, by: User, reason: str) -> Outcome:
    return _restore(outcome, by=by, reason=reason, noun="outcome")


# Indicators -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDetails:
    code: str
    name: str
    definition: str
    unit: str
    polarity: str
    frequency: str
    owner: User
    data_source: str
    outcome: Outcome | None = None
    services: Sequence[Service] = field(default_factory=tuple)
    published: bool = False


def _validate_indicator(details: IndicatorDetails, *, existing: Indicator | None) -> None:
    errors: dict[str, str] = {}
    code = details.code.strip().upper()
    taken = Indicator.objects.filter(code=code)
    if existing is not None:
        taken = taken.exclude(pk=existing.pk)
    if taken.exists():
        errors["code"] = INDICATOR_CODE_TAKEN.format(code=code)
    outcome = details.outcome
    if outcome is not None and outcome.is_archived and (existing is None or existing.outcome_id != outcome.pk):
        errors["outcome"] = OUTCOME_ARCHIVED.format(name=outcome.name)
    if existing is None or existing.owner_id != details.owner.pk:
        _check_commissioner(details.owner, errors, "owner")
    already = set(existing.services.values_list("pk", flat=True)) if existing is not None else set()
    _newly_archived(details.services, already, errors)
    if existing is not None and existing.frequency != details.frequency:
        count = existing.measurements.count() + existing.targets.count()
        if count:
            old = existing.get_frequency_display().split(" ")[0].lower()
            new = dict(Indicator._meta.get_field("frequency").flatchoices).get(details.frequency, details.frequency)
            errors["frequency"] = FREQUENCY_LOCKED.format(old=old, new=str(new).split(" ")[0].lower(), count=count)
    if errors:
        raise ValidationError(errors)


def _apply_indicator(indicator: Indicator, details: IndicatorDetails) -> None:
    indicator.code = details.code.strip().upper()
    indicator.name = details.name.strip()
    indicator.definition = details.definition.strip()
    indicator.unit = details.unit
    indicator.polarity = details.polarity
    indicator.frequency = details.frequency
    indicator.owner = details.owner
    indicator.data_source = details.data_source.strip()
    indicator.outcome = details.outcome
    indicator.published = details.published


@transaction.atomic
def indicator_create(*, details: IndicatorDetails, by: User, form_token: uuid.UUID | None = None) -> Indicator:
    claim = claim_form_token(form_token, by=by)
    _validate_indicator(details, existing=None)
    indicator = Indicator()
    _apply_indicator(indicator, details)
    save_with_reference(
        indicator,
        generate=None,
        taken=INDICATOR_CODE_TAKEN,
        field="code",
        by=by,
        reason="Indicator added",
        m2m={"services": details.services},
        exclude=["services"],
    )
    claim.made(indicator)
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, details: IndicatorDetails, by: User, reason: str = "", version: str | None = None
) -> Indicator:
    indicator = record_edited(indicator, version=version, already_archived=ALREADY_ARCHIVED.format(noun="indicator"))
    _validate_indicator(details, existing=indicator)
    _apply_indicator(indicator, details)
    save_with_reference(
        indicator,
        generate=None,
        taken=INDICATOR_CODE_TAKEN,
        field="code",
        by=by,
        reason=reason.strip() or UPDATED_REASON,
        m2m={"services": details.services},
        exclude=["services"],
    )
    return indicator


@transaction.atomic
def indicator_archive(*, indicator: Indicator, by: User, reason: str) -> Indicator:
    return _archive(indicator, by=by, reason=reason, noun="indicator")


@transaction.atomic
def indicator_restore(*, indicator: Indicator, by: User, reason: str) -> Indicator:
    return _restore(indicator, by=by, reason=reason, noun="indicator")


@dataclass(frozen=True)
class TargetDetails:
    period: str
    target: Decimal
    tolerance_basis: str = ""
    tolerance: Decimal | None = None


@transaction.atomic
def target_set(
    *, indicator: Indicator, details: TargetDetails, by: User, form_token: uuid.UUID | None = None
) -> Target:
    """Set (or change) the indicator's target for one period: one Target per indicator and period."""
    claim = claim_form_token(form_token, by=by)
    # One writer at a time for the indicator's targets; NO KEY, so that a target inserted meanwhile without this lock
    # can commit (its deferred foreign key check) and be reported on the period, rather than deadlock with us.
    indicator = Indicator.objects.select_for_update(no_key=True).get(pk=indicator.pk)
    errors: dict[str, str] = {}
    if indicator.is_archived:
        raise ValidationError(INDICATOR_ARCHIVED.format(code=indicator.code))
    problem = calculations.period_problem(details.period, frequency=indicator.frequency)
    if problem:
        errors["period"] = problem[0].upper() + problem[1:]
    if details.tolerance is not None and not details.tolerance_basis:
        errors["tolerance_basis"] = TOLERANCE_BASIS_REQUIRED
    elif details.tolerance_basis and details.tolerance is None:
        errors["tolerance"] = TOLERANCE_AMOUNT_REQUIRED
    elif details.tolerance_basis == "percent" and details.target == 0:
        errors["tolerance_basis"] = TOLERANCE_PERCENT_OF_ZERO
    if abs(details.target) >= VALUE_LIMIT:
        errors["target"] = VALUE_TOO_BIG.format(value=details.target)
    if errors:
        raise ValidationError(errors)
    period = calculations.normalise_period(details.period, frequency=indicator.frequency)
    target = Target.objects.select_for_update().filter(indicator=indicator, period=period).first()
    creating = target is None
    if target is None:
        target = Target(indicator=indicator, period=period)
    target.target = details.target
    target.tolerance_basis = details.tolerance_basis if details.tolerance is not None else ""
    target.tolerance = details.tolerance if details.tolerance_basis else None
    target.archived_at, target.archived_by, target.archive_reason = None, None, ""
    return record_save_unique(
        target,
        constraint=TARGET_CONSTRAINT,
        field="period",
        taken=TARGET_SET_MEANWHILE.format(period=period),
        by=by,
        reason=f"Target {'set' if creating else 'changed'} for {period}",
        claim=claim,
    )


# Measurements -----------------------------------------------------------------------------------------------------


class MeasurementInput(Protocol):
    """One value to record. engine.ingest.measurements.MeasurementRow has this shape (and a row_number)."""

    @property
    def indicator_code(self) -> str: ...

    @property
    def period(self) -> str: ...

    @property
    def value(self) -> Decimal: ...

    @property
    def note(self) -> str: ...


@dataclass(frozen=True)
class MeasurementValue:
    """A value typed into the indicator page (the spreadsheet importer passes engine MeasurementRow objects)."""

    indicator_code: str
    period: str
    value: Decimal
    note: str = ""
    row_number: int | None = None


@dataclass(frozen=True)
class UpsertSummary:
    created: int
    updated: int
    unchanged: int
    measurements: tuple[Measurement, ...]

    @property
    def changed(self) -> int:
        return self.created + self.updated


def _row_error(row: Any, field_name: str, message: str) -> RowProblem:
    return RowProblem(getattr(row, "row_number", None), field_name, message)


def _clean_value(raw: Any) -> Decimal:
    try:
        value = Decimal(raw) if not isinstance(raw, Decimal) else raw
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(VALUE_NOT_A_NUMBER.format(value=raw)) from None
    if not value.is_finite():
        raise ValueError(VALUE_NOT_A_NUMBER.format(value=raw))
    if abs(value) >= VALUE_LIMIT:
        raise ValueError(VALUE_TOO_BIG.format(value=raw))
    return value.quantize(Decimal(1).scaleb(-VALUE_PLACES))


@transaction.atomic
def measurement_upsert_many(
    *, rows: Sequence[MeasurementInput], by: User, reason: str = "", today: dt.date | None = None
) -> UpsertSummary:
    """Record each row's value for its indicator and period: create it, or change the one recorded before.

    Atomic: if any row is wrong, nothing is written and RowsInvalid lists every problem, each naming the row's
    ``row_number`` (or None) and the field at fault: "indicator_code", "period", "value" or "note". Idempotent on (indicator, period): a row whose value and note are already recorded
    changes nothing and writes no history. Each created or changed measurement gets exactly one history entry, by
    ``by``, and ``entered_by`` becomes ``by``. A withdrawn (archived) measurement is brought back by a new value.
    """
    today = today or timezone.localdate()
    codes = {row.indicator_code.strip().upper() for row in rows}
    indicators = {i.code: i for i in Indicator.objects.select_for_update().filter(code__in=codes).order_by("pk")}
    problems: list[RowProblem] = []
    wanted: dict[tuple[int, str], tuple[Indicator, Decimal, str]] = {}
    for row in rows:
        code = row.indicator_code.strip().upper()
        indicator = indicators.get(code)
        if indicator is None:
            problems.append(_row_error(row, "indicator_code", UNKNOWN_INDICATOR.format(code=code)))
            continue
        if indicator.is_archived:
            problems.append(_row_error(row, "indicator_code", INDICATOR_ARCHIVED.format(code=code)))
            continue
        problem = calculations.period_problem(row.period, frequency=indicator.frequency)
        if problem:
            problems.append(_row_error(row, "period", problem[0].upper() + problem[1:]))
            continue
        period = calculations.normalise_period(row.period, frequency=indicator.frequency)
        if calculations.period_starts(period) > today:
            problems.append(_row_error(row, "period", PERIOD_NOT_STARTED.format(period=period)))
            continue
        try:
            value = _clean_value(row.value)
        except ValueError as exc:
            problems.append(_row_error(row, "value", str(exc)))
            continue
        note = (row.note or "").strip()
        if len(note) > NOTE_MAX_LENGTH:
            problems.append(_row_error(row, "note", NOTE_TOO_LONG.format(length=len(note))))
            continue
        key = (indicator.pk, period)
        if key in wanted:
            problems.append(_row_error(row, "period", ROW_TWICE.format(code=code, period=period)))
            continue
        wanted[key] = (indicator, value, note)
    if problems:
        raise RowsInvalid(problems)

    existing: dict[tuple[int, str], Measurement] = {}
    by_indicator: dict[int, list[str]] = {}
    for indicator_id, period in wanted:
        by_indicator.setdefault(indicator_id, []).append(period)
    for indicator_id, periods in by_indicator.items():
        for measurement in Measurement.objects.select_for_update().filter(
            indicator_id=indicator_id, period__in=periods
        ):
            existing[(measurement.indicator_id, measurement.period)] = measurement

    to_create: list[Measurement] = []
    to_update: list[Measurement] = []
    kept: list[Measurement] = []
    for key, (indicator, value, note) in wanted.items():
        measurement = existing.get(key)
        if measurement is None:
            to_create.append(Measurement(indicator=indicator, period=key[1], value=value, note=note, entered_by=by))
            continue
        if measurement.value == value and measurement.note == note and not measurement.is_archived:
            kept.append(measurement)
            continue
        measurement.value, measurement.note, measurement.entered_by = value, note, by
        measurement.archived_at, measurement.archived_by, measurement.archive_reason = None, None, ""
        measurement.updated_at = timezone.now()
        to_update.append(measurement)
    created: list[Measurement] = []
    if to_create:
        created = bulk_create_with_history(
            to_create, Measurement, batch_size=500, default_user=by, default_change_reason=reason or "Value recorded"
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Measurement,
            ["value", "note", "entered_by", "archived_at", "archived_by", "archive_reason", "updated_at"],
            batch_size=500,
            default_user=by,
            default_change_reason=reason or "Value changed",
        )
    return UpsertSummary(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(kept),
        measurements=tuple(created) + tuple(to_update) + tuple(kept),
    )


@transaction.atomic
def measurement_record(
    *,
    indicator: Indicator,
    period: str,
    value: Decimal,
    note: str,
    by: User,
    today: dt.date | None = None,
    form_token: uuid.UUID | None = None,
) -> Measurement:
    """Record one value from the indicator page (errors are reported against the form's fields)."""
    claim = claim_form_token(form_token, by=by)
    try:
        summary = measurement_upsert_many(
            rows=[MeasurementValue(indicator.code, period, value, note)], by=by, today=today
        )
    except RowsInvalid as invalid:
        fields: dict[str, list[str]] = {}
        for problem in invalid.problems:
            key = "__all__" if problem.column == "indicator_code" else problem.column or "value"
            fields.setdefault(key, []).append(problem.message)
        raise ValidationError(fields) from None
    claim.made(summary.measurements[0])
    return summary.measurements[0]


@transaction.atomic
def measurement_archive(*, measurement: Measurement, by: User, reason: str) -> Measurement:
    """Withdraw a value recorded in error (it stays in the history; recording a new value brings it back)."""
    return _archive(measurement, by=by, reason=reason, noun="value")


# Needs evidence ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceDetails:
    title: str
    kind: str
    source: str
    evidence_date: dt.date
    summary: str
    service: Service | None = None
    outcome: Outcome | None = None


def _validate_attachment(details: Any, existing: Any, errors: dict[str, str]) -> None:
    if details.service is None and details.outcome is None:
        errors["service"] = ATTACH_REQUIRED
    service, outcome = details.service, details.outcome
    if service is not None and service.is_archived and (existing is None or existing.service_id != service.pk):
        errors["service"] = SERVICE_ARCHIVED.format(name=service.name)
    if outcome is not None and outcome.is_archived and (existing is None or existing.outcome_id != outcome.pk):
        errors["outcome"] = OUTCOME_ARCHIVED.format(name=outcome.name)


def _validate_evidence(details: EvidenceDetails, existing: NeedsEvidence | None, document: Any) -> Any:
    errors: dict[str, str] = {}
    _validate_attachment(details, existing, errors)
    if details.evidence_date > timezone.localdate():
        errors["evidence_date"] = EVIDENCE_IN_FUTURE
    kind = None
    if document is not None:
        try:
            kind = check_upload(document)
        except UploadRejected as exc:
            errors["document"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return kind


def _apply_evidence(
    evidence: NeedsEvidence, details: EvidenceDetails, document: UploadedFile | None, kind: Any
) -> None:
    evidence.title = details.title.strip()
    evidence.kind = details.kind
    evidence.source = details.source.strip()
    evidence.evidence_date = details.evidence_date
    evidence.summary = details.summary.strip()
    evidence.service = details.service
    evidence.outcome = details.outcome
    if document is not None and kind is not None:
        name = kind.file_name(document.name or "document")
        evidence.document.save(name, document, save=False)
        evidence.document_name = name
        evidence.document_size = document.size
        evidence.document_type = kind.content_type


@transaction.atomic
def evidence_create(
    *, details: EvidenceDetails, by: User, document: UploadedFile | None = None, form_token: uuid.UUID | None = None
) -> NeedsEvidence:
    claim = claim_form_token(form_token, by=by)
    kind = _validate_evidence(details, None, document)
    evidence = NeedsEvidence()
    _apply_evidence(evidence, details, document, kind)
    return record_save(evidence, by=by, reason="Needs evidence added", exclude=["document"], claim=claim)


@transaction.atomic
def evidence_update(
    *,
    evidence: NeedsEvidence,
    details: EvidenceDetails,
    by: User,
    document: UploadedFile | None = None,
    reason: str = "",
    version: str | None = None,
) -> NeedsEvidence:
    """Change the details; a new document replaces the old one (which stays in storage, named in the history)."""
    evidence = record_edited(evidence, version=version, already_archived=ALREADY_ARCHIVED.format(noun="evidence"))
    kind = _validate_evidence(details, evidence, document)
    _apply_evidence(evidence, details, document, kind)
    return record_save(evidence, by=by, reason=reason.strip() or UPDATED_REASON, exclude=["document"])


@transaction.atomic
def evidence_archive(*, evidence: NeedsEvidence, by: User, reason: str) -> NeedsEvidence:
    return _archive(evidence, by=by, reason=reason, noun="evidence")


@transaction.atomic
def evidence_restore(*, evidence: NeedsEvidence, by: User, reason: str) -> NeedsEvidence:
    return _restore(evidence, by=by, reason=reason, noun="evidence")


# Consultations ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationDetails:
    title: str
    purpose: str
    method: str
    opened_on: dt.date
    closed_on: dt.date | None = None
    responses: int = 0
    response_summary: str = ""
    service: Service | None = None
    outcome: Outcome | None = None


def _validate_consultation(details: ConsultationDetails, existing: Consultation | None) -> None:
    errors: dict[str, str] = {}
    _validate_attachment(details, existing, errors)
    if details.closed_on is not None and details.closed_on < details.opened_on:
        errors["closed_on"] = CLOSED_BEFORE_OPENED.format(opened=details.opened_on.strftime("%-d %B %Y"))
    if details.responses and not details.response_summary.strip():
        errors["response_summary"] = RESPONSES_WITHOUT_SUMMARY.format(count=f"{details.responses:,}")
    if errors:
        raise ValidationError(errors)


def _apply_consultation(consultation: Consultation, details: ConsultationDetails) -> None:
    consultation.title = details.title.strip()
    consultation.purpose = details.purpose.strip()
    consultation.method = details.method
    consultation.opened_on = details.opened_on
    consultation.closed_on = details.closed_on
    consultation.responses = details.responses
    consultation.response_summary = details.response_summary.strip()
    consultation.service = details.service
    consultation.outcome = details.outcome


@transaction.atomic
def consultation_create(*, details: ConsultationDetails, by: User, form_token: uuid.UUID | None = None) -> Consultation:
    claim = claim_form_token(form_token, by=by)
    _validate_consultation(details, None)
    consultation = Consultation()
    _apply_consultation(consultation, details)
    return record_save(consultation, by=by, reason="Consultation added", claim=claim)


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    details: ConsultationDetails,
    by: User,
    reason: str = "",
    version: str | None = None,
) -> Consultation:
    consultation = record_edited(
        consultation, version=version, already_archived=ALREADY_ARCHIVED.format(noun="consultation")
    )
    _validate_consultation(details, consultation)
    _apply_consultation(consultation, details)
    return record_save(consultation, by=by, reason=reason.strip() or UPDATED_REASON)


@transaction.atomic
def consultation_archive(*, consultation: Consultation, by: User, reason: str) -> Consultation:
    return _archive(consultation, by=by, reason=reason, noun="consultation")


@transaction.atomic
def consultation_restore(*, consultation: Consultation, by: User, reason: str) -> Consultation:
    return _restore(consultation, by=by, reason=reason, noun="consultation")
