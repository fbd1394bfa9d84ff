"""Writes for options appraisals and business cases: keyword-only, validated, one transaction, each with history.

The messages are named constants, so that forms, imports and tests say exactly the same thing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.appraisals import actions_equality, calculations, document, rendering, selectors
from commissioning.appraisals.models import (
    COST_KINDS,
    OPTION_NAME_CONSTRAINT,
    Appraisal,
    BusinessCase,
    BusinessCaseStatus,
    CostBenefitLine,
    Criterion,
    CriterionScore,
    Distribution,
    LineKind,
    Option,
    OptionDeliveryModel,
    OptionKind,
    SimulationRun,
    SimulationStatus,
    TransitionCategory,
    weight_field,
)
from commissioning.core.actions import record_archive, record_restore, record_save_unique
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import FormClaim, claim_form_token, lock_for_update
from commissioning.reviews.models import CommissioningReview

# Appraisal
APPRAISAL_EXISTS = "This review already has an options appraisal"
REVIEW_ARCHIVED = "This review is archived: restore it before appraising its options"
HORIZON_RANGE = f"Enter an appraisal period from 1 to {calculations.MAX_HORIZON_YEARS} years"
HORIZON_TOO_SHORT = (
    'The appraisal period must cover {year}: the line "{label}" of {option} has an amount in that year. '
    "Clear it first, or keep the longer period"
)
WEIGHTS_TOTAL = "The weights must add up to 100: they add up to {total}"
BAU_NAME = "Business as usual"
BAU_DESCRIPTION = "The service as it is delivered today, with no change: the baseline every option is compared with."

# Options
OPTION_NAME_TAKEN = 'Another option on this shortlist is already called "{name}": choose another name'
DO_MINIMUM_EXISTS = 'The shortlist already has a do-minimum option, "{name}": change that one, or remove it first'
BAU_EXISTS = "The shortlist already has business as usual: add a do-minimum option or another option"
BAU_KIND_FIXED = "Business as usual stays business as usual: add another option instead"
DELIVERY_MODEL_REQUIRED = "Choose how the option would be delivered"
PARTNER_REQUIRED = "Choose the partner the service would be shared with"
PARTNER_NOT_ALLOWED = "Remove the partner or provider: an option that is {model} has none"
BAU_CANNOT_BE_REMOVED = "Business as usual cannot be removed: every option is compared with it"
OPTION_ARCHIVE_REASON_REQUIRED = "Enter why the option is being taken off the shortlist"
OPTION_RESTORE_REASON_REQUIRED = "Enter why the option is going back on the shortlist"
OPTION_ALREADY_REMOVED = "This option has already been taken off the shortlist"
OPTION_NOT_REMOVED = "This option is on the shortlist"
OPTION_REMOVED_READ_ONLY = "This option has been taken off the shortlist: put it back to change it"

# Optimism bias
MITIGATION_REASON_REQUIRED = "Enter the evidence for the reduction: say which risks are mitigated, and how"
MITIGATION_WITHOUT_CATEGORY = "Choose the category before recording a reduction"

# Lines
LABEL_REQUIRED = "Enter what the line is for, like Agency staff"
KIND_REQUIRED = "Choose the kind of line: a cost, a benefit or income"
TRANSITION_CATEGORY_REQUIRED = (
    "Choose the kind of transition cost: redundancy, procurement, ICT, double running or other"
)
TRANSITION_CATEGORY_NOT_ALLOWED = "Clear the transition category: only one-off transition costs have one"
NEGATIVE_COST = "Enter a cost of £0 or more: enter a saving as a cashable benefit"
AMOUNT_TOO_LARGE = "Enter an amount under £1,000,000,000,000"
AMOUNT_PENCE = "Enter an amount in pounds and pence, like 12500 or 12500.50"
RANGE_INCOMPLETE = "Enter all three of lowest, most likely and highest, or none of them"
RANGE_ORDER = "The range must run from lowest to most likely to highest, like 90, 100, 130"
RANGE_NEGATIVE = "Enter the range in percent of the amounts, 0 or more, like 90"
RANGE_TOO_WIDE = "Enter a highest value of 1,000% or less"
RANGE_PLACES = "Enter the range in percent with up to 2 decimal places, like 92.5"
DISTRIBUTION_INVALID = "Choose triangular or PERT"
TOO_MANY_YEARS = "The line has {count} years of amounts: the appraisal period is {horizon} years"
TOO_MANY_LINES = "An option can have at most {limit} lines"
UNKNOWN_LINE = "Line {line_id} is not one of this option's lines: leave the line ID blank to add a new line"
DUPLICATE_LINE = "Line {line_id} appears more than once"
MAX_LINES = 100
MAX_RANGE_PERCENT = Decimal(1000)

# Scores
JUSTIFICATION_REQUIRED = "Enter why {option} scores {score} for {criterion}"
SCORE_RANGE = "Choose a score from 0 to 5"

# Simulation
DRAWS_RANGE = f"Enter a number of draws from {calculations.MIN_DRAWS:,} to {calculations.MAX_DRAWS:,}"
SIMULATION_NEEDS_LINES = "Add costs or benefits to an option before running the simulation"

# Business cases
BUSINESS_CASE_EXISTS = "This review already has a business case"
NEEDS_APPRAISAL = "Start the options appraisal before the business case"
CASE_FROZEN = "Version {version} has been submitted and cannot change: make a new version to change it"
RECOMMENDED_NOT_ON_SHORTLIST = "Choose an option that is on this review's shortlist"
SUBMIT_NEEDS_DO_MINIMUM = "Add a do-minimum option: the shortlist must have one before the case can be submitted"
SUBMIT_NEEDS_THREE_OPTIONS = (
    "The shortlist needs at least three options: business as usual, do-minimum and at least one other"
)
SUBMIT_NEEDS_LINES = 'Add the costs and benefits of "{name}"'
SUBMIT_NEEDS_RECOMMENDATION = "Choose the recommended option"
SUBMIT_RECOMMENDATION_REMOVED = "The recommended option has been taken off the shortlist: choose another"
SUBMIT_NEEDS_REASONS = "Enter the reasons for the recommendation"
SUBMIT_NEEDS_SIMULATION = "Run the simulation: the business case reports the risk analysis"
SUBMIT_SIMULATION_OUT_OF_DATE = "Run the simulation again: the costs or benefits have changed since it last ran"
SUBMIT_NEEDS_BOARD = "Enter the board the business case is going to, like Programme Board"
ALREADY_SUBMITTED = "Version {version} has already been submitted"
NEW_VERSION_REASON_REQUIRED = "Enter why a new version is needed"
NEW_VERSION_OF_DRAFT = "Version {version} is still a draft: change it instead of making a new version"
NEW_VERSION_NOT_LATEST = "Version {version} has already been followed by version {newer}"


# Appraisals --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppraisalSettings:
    base_year: int
    horizon_years: int
    weights: Mapping[str, int] = field(default_factory=dict)


def _check_horizon(appraisal: Appraisal, horizon_years: int) -> None:
    if not 1 <= horizon_years <= calculations.MAX_HORIZON_YEARS:
        raise ValidationError({"horizon_years": HORIZON_RANGE})
    if horizon_years >= appraisal.horizon_years or appraisal.pk is None:
        return
    lines = CostBenefitLine.objects.active().filter(option__appraisal=appraisal, option__archived_at__isnull=True)
    for line in lines.select_related("option").order_by("pk"):
        for year, amount in enumerate(line.amounts):
            if year >= horizon_years and Decimal(amount) != 0:
                raise ValidationError(
                    {
                        "horizon_years": HORIZON_TOO_SHORT.format(
                            year=calculations.year_label(appraisal.base_year + year),
                            label=line.label,
                            option=line.option.name,
                        )
                    }
                )


@transaction.atomic
def appraisal_create(
    *,
    review: CommissioningReview,
    base_year: int,
    horizon_years: int = calculations.DEFAULT_HORIZON_YEARS,
    by: User,
    form_token: uuid.UUID | None = None,
) -> Appraisal:
    """Start the options appraisal of a review, with business as usual already on the shortlist."""
    claim = claim_form_token(form_token, by=by)
    review = CommissioningReview.objects.select_for_update().get(pk=review.pk)
    if review.is_archived:
        raise ValidationError(REVIEW_ARCHIVED)
    if Appraisal.objects.filter(review=review).exists():
        raise ValidationError(APPRAISAL_EXISTS)
    appraisal = Appraisal(review=review, base_year=base_year, horizon_years=horizon_years)
    _check_horizon(appraisal, horizon_years)
    appraisal.full_clean()
    save_with_history(appraisal, by=by, reason="Options appraisal started")
    bau = Option(appraisal=appraisal, kind=OptionKind.BAU, name=BAU_NAME, description=BAU_DESCRIPTION)
    bau.full_clean()
    save_with_history(bau, by=by, reason="Business as usual is always on the shortlist")
    claim.made(appraisal)
    return appraisal


@transaction.atomic
def appraisal_update(
    *, appraisal: Appraisal, settings: AppraisalSettings, by: User, reason: str = "", version: str | None = None
) -> Appraisal:
    appraisal = lock_for_update(Appraisal, pk=appraisal.pk, version=version)
    _check_horizon(appraisal, settings.horizon_years)
    weights = {criterion.value: settings.weights.get(criterion.value, 0) for criterion in Criterion}
    if calculations.weights_total_problem(weights):
        raise ValidationError({"__all__": WEIGHTS_TOTAL.format(total=sum(weights.values()))})
    appraisal.base_year = settings.base_year
    appraisal.horizon_years = settings.horizon_years
    for criterion in Criterion:
        setattr(appraisal, weight_field(criterion), weights[criterion.value])
    appraisal.full_clean()
    save_with_history(appraisal, by=by, reason=reason.strip() or "Appraisal settings changed")
    return appraisal


# Options -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionDetails:
    kind: str
    name: str
    delivery_model: str = ""
    partner: Organisation | None = None
    description: str = ""


def _validate_option(appraisal: Appraisal, details: OptionDetails, *, existing: Option | None) -> None:
    errors: dict[str, str] = {}
    if existing is not None and existing.is_bau and details.kind != OptionKind.BAU:
        errors["kind"] = BAU_KIND_FIXED
    elif details.kind == OptionKind.BAU and (existing is None or not existing.is_bau):
        errors["kind"] = BAU_EXISTS
    elif details.kind == OptionKind.DO_MINIMUM:
        other = selectors.current_option_of_kind(appraisal=appraisal, kind=OptionKind.DO_MINIMUM, excluding=existing)
        if other is not None:
            errors["kind"] = DO_MINIMUM_EXISTS.format(name=other.name)
    if details.name.strip() and selectors.option_name_in_use(
        appraisal=appraisal, name=details.name, excluding=existing
    ):
        errors["name"] = OPTION_NAME_TAKEN.format(name=details.name.strip())
    if details.kind == OptionKind.OPTION and not details.delivery_model:
        errors["delivery_model"] = DELIVERY_MODEL_REQUIRED
    if details.delivery_model == OptionDeliveryModel.SHARED and details.partner is None:
        errors["partner"] = PARTNER_REQUIRED
    if (
        details.delivery_model in (OptionDeliveryModel.IN_HOUSE_REDESIGN, OptionDeliveryModel.DECOMMISSION)
        and details.partner is not None
    ):
        label = OptionDeliveryModel(details.delivery_model).label.lower()
        errors["partner"] = PARTNER_NOT_ALLOWED.format(model=label)
    if errors:
        raise ValidationError(errors)


def _apply_option(option: Option, details: OptionDetails) -> None:
    option.kind = details.kind
    option.name = details.name.strip()
    option.delivery_model = details.delivery_model
    option.partner = details.partner
    option.description = details.description.strip()


def _lock_shortlist(pk: int) -> Appraisal:
    """The appraisal locked to the end of the transaction, so that one writer at a time keeps the shortlist's rules.

    ``no_key``: PostgreSQL's FOR NO KEY UPDATE excludes the other writers as FOR UPDATE would, yet lets a transaction
    that inserted an option without this lock (an admin's save) commit: its foreign key's check, deferred to its
    commit, takes FOR KEY SHARE on the appraisal, which FOR UPDATE would refuse while we wait on its unique name,
    a deadlock. Elsewhere the option is then refused on its name (``record_save_unique``)."""
    appraisal: Appraisal = Appraisal.objects.select_for_update(no_key=True).get(pk=pk)
    return appraisal


def _save_option(option: Option, *, by: User, reason: str, claim: FormClaim | None = None) -> Option:
    """Save under the shortlist's unique names: a name another option took at the same moment is a name error."""
    return record_save_unique(
        option,
        constraint=OPTION_NAME_CONSTRAINT,
        field="name",
        taken=OPTION_NAME_TAKEN.format(name=option.name),
        by=by,
        reason=reason,
        claim=claim,
    )


@transaction.atomic
def option_create(
    *, appraisal: Appraisal, details: OptionDetails, by: User, form_token: uuid.UUID | None = None
) -> Option:
    claim = claim_form_token(form_token, by=by)
    appraisal = _lock_shortlist(pk=appraisal.pk)
    _validate_option(appraisal, details, existing=None)
    option = Option(appraisal=appraisal)
    _apply_option(option, details)
    return _save_option(option, by=by, reason="Option added to the shortlist", claim=claim)


@transaction.atomic
def option_update(
    *, option: Option, details: OptionDetails, by: User, reason: str = "", version: str | None = None
) -> Option:
    _lock_shortlist(pk=option.appraisal_id)
    option = lock_for_update(Option.objects.select_related("appraisal"), pk=option.pk, version=version)
    if option.is_archived:
        raise ValidationError(OPTION_REMOVED_READ_ONLY)
    _validate_option(option.appraisal, details, existing=option)
    _apply_option(option, details)
    return _save_option(option, by=by, reason=reason.strip() or "Option changed")


def _no_removing_bau(option: Option) -> None:
    if option.is_bau:
        raise ValidationError(BAU_CANNOT_BE_REMOVED)


@transaction.atomic
def option_archive(*, option: Option, by: User, reason: str) -> Option:
    """Take an option off the shortlist (it stays in the history). Business as usual cannot be removed."""
    return record_archive(
        record=option,
        by=by,
        reason=reason,
        reason_required=OPTION_ARCHIVE_REASON_REQUIRED,
        already=OPTION_ALREADY_REMOVED,
        history="Taken off the shortlist",
        check=_no_removing_bau,
    )


def _lock_appraisal_of(option: Option) -> Option:
    """Lock the option's appraisal (where the shortlist's rules are kept), then read the option."""
    _lock_shortlist(pk=option.appraisal_id)
    fresh: Option = Option.objects.select_related("appraisal").get(pk=option.pk)
    return fresh


def _may_come_back(option: Option) -> None:
    if option.kind == OptionKind.DO_MINIMUM:
        other = selectors.current_option_of_kind(appraisal=option.appraisal, kind=OptionKind.DO_MINIMUM)
        if other is not None:
            raise ValidationError(DO_MINIMUM_EXISTS.format(name=other.name))
    if selectors.option_name_in_use(appraisal=option.appraisal, name=option.name, excluding=option):
        raise ValidationError(OPTION_NAME_TAKEN.format(name=option.name))


@transaction.atomic
def option_restore(*, option: Option, by: User, reason: str) -> Option:
    return record_restore(
        record=option,
        by=by,
        reason=reason,
        reason_required=OPTION_RESTORE_REASON_REQUIRED,
        not_archived=OPTION_NOT_REMOVED,
        history="Back on the shortlist",
        lock=_lock_appraisal_of,
        check=_may_come_back,
    )


# Optimism bias -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptimismBias:
    category: str
    mitigation: Decimal = Decimal(0)  # a fraction from 0 to 1
    reason: str = ""


@transaction.atomic
def option_set_optimism_bias(*, option: Option, bias: OptimismBias, by: User) -> Option:
    option = Option.objects.select_for_update().get(pk=option.pk)
    if option.is_archived:
        raise ValidationError(OPTION_REMOVED_READ_ONLY)
    if bias.mitigation and not bias.category:
        raise ValidationError({"optimism_bias_category": MITIGATION_WITHOUT_CATEGORY})
    if bias.mitigation and not bias.reason.strip():
        raise ValidationError({"optimism_bias_reason": MITIGATION_REASON_REQUIRED})
    problem = calculations.optimism_bias_problem(
        category=bias.category, mitigation=bias.mitigation, reason=bias.reason.strip()
    )
    if problem:
        raise ValidationError(problem)
    option.optimism_bias_category = bias.category
    option.optimism_bias_mitigation = bias.mitigation
    option.optimism_bias_reason = bias.reason.strip()
    option.full_clean()
    save_with_history(option, by=by, reason="Optimism bias recorded")
    return option


# Cost and benefit lines --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineDetails:
    """One row of the grid (or of a spreadsheet): ``line_id`` None for a new line; ``remove`` archives the line."""

    kind: str
    label: str
    amounts: tuple[Decimal, ...]
    transition_category: str = ""
    range_low: Decimal | None = None
    range_likely: Decimal | None = None
    range_high: Decimal | None = None
    distribution: str = ""
    line_id: int | None = None
    remove: bool = False


@dataclass(frozen=True)
class CellError:
    """What is wrong with one cell: ``row`` counts the rows given from 0, ``year`` is set for an amount."""

    row: int
    field: str
    message: str
    year: int | None = None


class LinesInvalid(ValidationError):  # noqa: N818 - Django's naming: it is a ValidationError
    """The rows could not be saved; ``cells`` says which row, which field (or year) and why. Nothing was saved."""

    def __init__(self, cells: Sequence[CellError]) -> None:
        self.cells = list(cells)
        super().__init__([cell.message for cell in self.cells])


@dataclass(frozen=True)
class LinesSaved:
    created: int
    changed: int
    removed: int

    @property
    def total(self) -> int:
        return self.created + self.changed + self.removed


def _row_problems(index: int, row: LineDetails, horizon: int) -> list[CellError]:
    cells: list[CellError] = []
    if row.kind not in LineKind.values:
        cells.append(CellError(index, "kind", KIND_REQUIRED))
    if not row.label.strip():
        cells.append(CellError(index, "label", LABEL_REQUIRED))
    if row.kind == LineKind.TRANSITION_COST and row.transition_category not in TransitionCategory.values:
        cells.append(CellError(index, "transition_category", TRANSITION_CATEGORY_REQUIRED))
    if row.kind != LineKind.TRANSITION_COST and row.transition_category:
        cells.append(CellError(index, "transition_category", TRANSITION_CATEGORY_NOT_ALLOWED))
    if len(row.amounts) > horizon:
        cells.append(CellError(index, "amounts", TOO_MANY_YEARS.format(count=len(row.amounts), horizon=horizon)))
    for year, amount in enumerate(row.amounts):
        if abs(amount) >= calculations.MAX_AMOUNT:
            cells.append(CellError(index, "amounts", AMOUNT_TOO_LARGE, year))
        elif amount != amount.quantize(Decimal("0.01")):
            cells.append(CellError(index, "amounts", AMOUNT_PENCE, year))
        elif row.kind in COST_KINDS and amount < 0:
            cells.append(CellError(index, "amounts", NEGATIVE_COST, year))
    values = (row.range_low, row.range_likely, row.range_high)
    given = [value is not None for value in values]
    if any(given) and not all(given):
        missing = ["range_low", "range_likely", "range_high"][given.index(False)]
        cells.append(CellError(index, missing, RANGE_INCOMPLETE))
    elif all(given):
        low, likely, high = (Decimal(value) for value in values)  # type: ignore[arg-type]
        if any(value != value.quantize(Decimal("0.01")) for value in (low, likely, high)):
            cells.append(CellError(index, "range_low", RANGE_PLACES))
        elif low < 0:
            cells.append(CellError(index, "range_low", RANGE_NEGATIVE))
        elif high > MAX_RANGE_PERCENT:
            cells.append(CellError(index, "range_high", RANGE_TOO_WIDE))
        elif not low <= likely <= high:
            cells.append(CellError(index, "range_likely" if likely < low else "range_high", RANGE_ORDER))
    if row.distribution and row.distribution not in Distribution.values:
        cells.append(CellError(index, "distribution", DISTRIBUTION_INVALID))
    return cells


def _amounts(values: Sequence[Decimal], horizon: int) -> list[str]:
    padded = [*values, *([Decimal(0)] * (horizon - len(values)))]
    return [str(Decimal(value).quantize(Decimal("0.01")) + 0) for value in padded[:horizon]]


def _apply_line(line: CostBenefitLine, row: LineDetails, horizon: int) -> bool:
    """Set the line's fields from the row; True when anything changed."""
    has_range = row.range_low is not None
    values: dict[str, Any] = {
        "kind": row.kind,
        "transition_category": row.transition_category if row.kind == LineKind.TRANSITION_COST else "",
        "label": row.label.strip(),
        "amounts": _amounts(row.amounts, horizon),
        "range_low": row.range_low if has_range else None,
        "range_likely": row.range_likely if has_range else None,
        "range_high": row.range_high if has_range else None,
        "distribution": (row.distribution or Distribution.TRIANGULAR) if has_range else "",
    }
    changed = line.pk is None
    for name, value in values.items():
        current = getattr(line, name)
        if name == "amounts":
            current = _amounts([Decimal(amount) for amount in current], horizon)
        changed = changed or current != value
    for name, value in values.items():
        setattr(line, name, value)
    return changed


@transaction.atomic
def option_lines_save(
    *, option: Option, rows: Sequence[LineDetails], by: User, reason: str = "", replace: bool = False
) -> LinesSaved:
    """Save the grid (or an import) as one change: every row is checked first, and nothing is saved unless all pass.

    A row with ``line_id`` changes that line (or archives it with ``remove``); a row without adds a line. With
    ``replace`` (an import), the option's current lines that no row names are archived too.
    """
    option = Option.objects.select_for_update(of=("self",)).select_related("appraisal").get(pk=option.pk)
    if option.is_archived:
        raise ValidationError(OPTION_REMOVED_READ_ONLY)
    horizon = option.appraisal.horizon_years
    current = {line.pk: line for line in selectors.option_lines(option=option)}
    cells: list[CellError] = []
    seen: set[int] = set()
    for index, row in enumerate(rows):
        if row.line_id is not None:
            if row.line_id not in current:
                cells.append(CellError(index, "line_id", UNKNOWN_LINE.format(line_id=row.line_id)))
                continue
            if row.line_id in seen:
                cells.append(CellError(index, "line_id", DUPLICATE_LINE.format(line_id=row.line_id)))
                continue
            seen.add(row.line_id)
        if not row.remove:
            cells.extend(_row_problems(index, row, horizon))
    kept = sum(1 for row in rows if not row.remove)
    if not replace:
        kept += len(set(current) - seen)
    if kept > MAX_LINES:
        cells.append(CellError(len(rows) - 1, "label", TOO_MANY_LINES.format(limit=MAX_LINES)))
    if cells:
        raise LinesInvalid(cells)

    note = reason.strip()
    created = changed = removed = 0
    for row in rows:
        if row.line_id is not None and row.remove:
            line = current[row.line_id]
            line.archived_at = timezone.now()
            line.archived_by = by
            line.archive_reason = note or "Removed from the option"
            save_with_history(line, by=by, reason=f"Removed: {note}" if note else "Line removed")
            removed += 1
        elif row.line_id is not None:
            line = current[row.line_id]
            if _apply_line(line, row, horizon):
                line.full_clean()
                save_with_history(line, by=by, reason=note or "Amounts changed")
                changed += 1
        elif not row.remove:
            line = CostBenefitLine(option=option)
            _apply_line(line, row, horizon)
            line.full_clean()
            save_with_history(line, by=by, reason=note or "Line added")
            created += 1
    if replace:
        for line_id in sorted(set(current) - seen):
            line = current[line_id]
            line.archived_at = timezone.now()
            line.archived_by = by
            line.archive_reason = note or "Not in the imported file"
            save_with_history(line, by=by, reason=f"Removed: {line.archive_reason}")
            removed += 1
    return LinesSaved(created=created, changed=changed, removed=removed)


# Criteria scores ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreDetails:
    criterion: str
    score: int | None  # None: not scored yet
    justification: str = ""


@transaction.atomic
def option_scores_save(*, option: Option, scores: Sequence[ScoreDetails], by: User, reason: str = "") -> int:
    """Record the option's scores (one history entry per score that changed); returns how many changed."""
    option = Option.objects.select_for_update().get(pk=option.pk)
    if option.is_archived:
        raise ValidationError(OPTION_REMOVED_READ_ONLY)
    errors: dict[str, str] = {}
    for item in scores:
        if item.score is None:
            continue
        if not 0 <= item.score <= calculations.MAX_SCORE:
            errors[f"score_{item.criterion}"] = SCORE_RANGE
        elif not item.justification.strip():
            errors[f"justification_{item.criterion}"] = JUSTIFICATION_REQUIRED.format(
                option=option.name, score=item.score, criterion=Criterion(item.criterion).label.lower()
            )
    if errors:
        raise ValidationError(errors)
    existing = {score.criterion: score for score in CriterionScore.objects.filter(option=option)}
    changed = 0
    for item in scores:
        record = existing.get(item.criterion)
        if item.score is None:
            if record is not None and not record.is_archived:
                record.archived_at = timezone.now()
                record.archived_by = by
                record.archive_reason = "Score cleared"
                save_with_history(record, by=by, reason=reason.strip() or "Score cleared")
                changed += 1
            continue
        if record is None:
            record = CriterionScore(option=option, criterion=item.criterion)
        elif (
            not record.is_archived and record.score == item.score and record.justification == item.justification.strip()
        ):
            continue
        record.score = item.score
        record.justification = item.justification.strip()
        record.archived_at = None
        record.archived_by = None
        record.archive_reason = ""
        record.full_clean()
        save_with_history(record, by=by, reason=reason.strip() or "Scored")
        changed += 1
    return changed


# Simulation --------------------------------------------------------------------------------------------------------


@transaction.atomic
def simulation_request(
    *, appraisal: Appraisal, by: User, draws: int = calculations.DEFAULT_DRAWS, seed: int = calculations.DEFAULT_SEED
) -> SimulationRun:
    """Queue a Monte Carlo run; a background task does the work (at once under the test settings)."""
    from commissioning.appraisals.tasks import run_simulation

    if not calculations.MIN_DRAWS <= draws <= calculations.MAX_DRAWS:
        raise ValidationError({"draws": DRAWS_RANGE})
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if not CostBenefitLine.objects.active().filter(option__appraisal=appraisal).exists():
        raise ValidationError(SIMULATION_NEEDS_LINES)
    run = SimulationRun(appraisal=appraisal, draws=draws, seed=seed, created_by=by)
    run.full_clean()
    save_with_history(run, by=by, reason="Simulation requested")
    # The task's row is written in this transaction, so a worker sees it only once the run itself is committed.
    run_simulation.enqueue(run_id=run.pk)
    return run


@transaction.atomic
def simulation_execute(*, run_id: int) -> SimulationRun:
    """Run a queued simulation over the appraisal's lines as they are now, and record the results (or the failure)."""
    run = SimulationRun.objects.select_for_update(of=("self",)).select_related("appraisal", "created_by").get(pk=run_id)
    if run.status != SimulationStatus.QUEUED:
        return run  # already done: a retried task changes nothing
    appraisal = run.appraisal
    options = selectors.shortlist(appraisal=appraisal)
    shortlist = document.engine_shortlist(appraisal, options)
    try:
        result = calculations.run_simulation(shortlist, draws=run.draws, seed=run.seed)
    except (ValueError, ArithmeticError) as exc:
        run.status = SimulationStatus.FAILED
        run.error = str(exc)
        run.finished_at = timezone.now()
        save_with_history(run, by=run.created_by, reason="Simulation failed")
        return run
    run.inputs_hash = calculations.inputs_hash(shortlist)
    run.results = document.simulation_results(result)
    run.status = SimulationStatus.DONE
    run.finished_at = timezone.now()
    save_with_history(run, by=run.created_by, reason="Simulation finished")
    return run


# Business cases ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BusinessCaseDetails:
    recommended_option: Option | None = None
    reasons: str = ""
    risks: str = ""
    assumptions: str = ""
    sensitivities: str = ""


@transaction.atomic
def business_case_create(*, review: CommissioningReview, by: User) -> BusinessCase:
    """Start version 1 of the review's business case, as a draft."""
    review = CommissioningReview.objects.select_for_update().get(pk=review.pk)
    if not Appraisal.objects.filter(review=review).exists():
        raise ValidationError(NEEDS_APPRAISAL)
    if BusinessCase.objects.filter(review=review).exists():
        raise ValidationError(BUSINESS_CASE_EXISTS)
    case = BusinessCase(review=review, version=1)
    case.full_clean()
    save_with_history(case, by=by, reason="Business case started")
    return case


@transaction.atomic
def business_case_update(
    *, case: BusinessCase, details: BusinessCaseDetails, by: User, version: str | None = None
) -> BusinessCase:
    case = lock_for_update(BusinessCase, pk=case.pk, version=version)
    if case.is_submitted:
        raise ValidationError(CASE_FROZEN.format(version=case.version))
    recommended = details.recommended_option
    if recommended is not None and (
        recommended.is_archived or recommended.appraisal.review_id != case.review_id  # type: ignore[attr-defined]
    ):
        raise ValidationError({"recommended_option": RECOMMENDED_NOT_ON_SHORTLIST})
    case.recommended_option = recommended
    case.reasons = details.reasons.strip()
    case.risks = details.risks.strip()
    case.assumptions = details.assumptions.strip()
    case.sensitivities = details.sensitivities.strip()
    case.full_clean()
    save_with_history(case, by=by, reason="Draft changed")
    return case


# What the submit page lists: one item per thing to get done, each done in one place.
CHECK_SHORTLIST = "Shortlist of options"
CHECK_LINES = 'Costs and benefits of "{name}"'
CHECK_RECOMMENDATION = "Recommended option and reasons"
CHECK_SIMULATION = "Risk analysis"


class CheckPlace:
    """Where an item of the submission checklist is done (the view turns it into a link)."""

    SHORTLIST = "shortlist"
    LINES = "lines"
    CASE = "case"
    SIMULATION = "simulation"


@dataclass(frozen=True)
class SubmissionCheck:
    """One item of the submission checklist: done when it has no problems."""

    label: str
    place: str
    problems: tuple[str, ...]
    option_id: int | None = None

    @property
    def done(self) -> bool:
        return not self.problems


def submission_checklist(
    *, case: BusinessCase, options: Sequence[Option], doc: Mapping[str, Any]
) -> list[SubmissionCheck]:
    """Everything the case needs before it can go to a board, each with its problems (none when done)."""
    shortlist = []
    kinds = [option.kind for option in options]
    if OptionKind.DO_MINIMUM not in kinds:
        shortlist.append(SUBMIT_NEEDS_DO_MINIMUM)
    if len(options) < 3:
        shortlist.append(SUBMIT_NEEDS_THREE_OPTIONS)
    checks = [SubmissionCheck(CHECK_SHORTLIST, CheckPlace.SHORTLIST, tuple(shortlist))]
    checks.extend(
        SubmissionCheck(
            CHECK_LINES.format(name=option.name),
            CheckPlace.LINES,
            () if option.current_lines else (SUBMIT_NEEDS_LINES.format(name=option.name),),  # type: ignore[attr-defined]
            option_id=option.pk,
        )
        for option in options
    )
    recommendation = []
    if case.recommended_option_id is None:
        recommendation.append(SUBMIT_NEEDS_RECOMMENDATION)
    elif case.recommended_option_id not in {option.pk for option in options}:
        recommendation.append(SUBMIT_RECOMMENDATION_REMOVED)
    if not case.reasons.strip():
        recommendation.append(SUBMIT_NEEDS_REASONS)
    checks.append(SubmissionCheck(CHECK_RECOMMENDATION, CheckPlace.CASE, tuple(recommendation)))
    simulation = doc.get("simulation")
    if simulation is None:
        risk: tuple[str, ...] = (SUBMIT_NEEDS_SIMULATION,)
    elif not simulation["current"]:
        risk = (SUBMIT_SIMULATION_OUT_OF_DATE,)
    else:
        risk = ()
    checks.append(SubmissionCheck(CHECK_SIMULATION, CheckPlace.SIMULATION, risk))
    return checks


def submission_problems(*, case: BusinessCase, options: Sequence[Option], doc: Mapping[str, Any]) -> list[str]:
    """Why the case cannot go to a board yet, every reason at once (empty when it can). ``doc`` is the live appraisal
    document."""
    return [
        problem for check in submission_checklist(case=case, options=options, doc=doc) for problem in check.problems
    ]


@transaction.atomic
def business_case_submit(*, case: BusinessCase, board: str, by: User) -> BusinessCase:
    """Submit the draft to a board: check it, then freeze every input and result into the version's snapshot."""
    case = BusinessCase.objects.select_for_update(of=("self",)).select_related("review").get(pk=case.pk)
    if case.is_submitted:
        raise ValidationError(ALREADY_SUBMITTED.format(version=case.version))
    appraisal = Appraisal.objects.select_for_update(of=("self",)).select_related("review").get(review=case.review)
    options = selectors.shortlist(appraisal=appraisal)
    run = selectors.latest_finished_simulation(appraisal=appraisal)
    doc = document.appraisal_document(appraisal=appraisal, options=options, run=run)
    problems = submission_problems(case=case, options=options, doc=doc)
    if not board.strip():
        problems.append(SUBMIT_NEEDS_BOARD)
    if problems:
        raise ValidationError(problems)
    case.status = BusinessCaseStatus.SUBMITTED
    case.board = board.strip()
    case.submitted_at = timezone.now()
    case.submitted_by = by
    rendering.freeze_submission(case, document.business_case_snapshot(case=case, doc=doc))
    case.full_clean()
    save_with_history(case, by=by, reason=f"Submitted to {case.board}")
    return case


@transaction.atomic
def business_case_new_version(*, case: BusinessCase, by: User, reason: str) -> BusinessCase:
    """Start a new draft from a submitted version (which stays as it was), saying why."""
    if not reason.strip():
        raise ValidationError({"reason": NEW_VERSION_REASON_REQUIRED})
    case = BusinessCase.objects.select_for_update(of=("self",)).select_related("recommended_option").get(pk=case.pk)
    if not case.is_submitted:
        raise ValidationError(NEW_VERSION_OF_DRAFT.format(version=case.version))
    newer = BusinessCase.objects.filter(review_id=case.review_id, version__gt=case.version).order_by("version").first()
    if newer is not None:
        raise ValidationError(NEW_VERSION_NOT_LATEST.format(version=case.version, newer=newer.version))
    recommended = case.recommended_option
    draft = BusinessCase(
        review_id=case.review_id,
        version=case.version + 1,
        recommended_option=recommended if recommended is not None and not recommended.is_archived else None,
        reasons=case.reasons,
        risks=case.risks,
        assumptions=case.assumptions,
        sensitivities=case.sensitivities,
        supersedes=case,
        change_reason=reason.strip(),
    )
    draft.full_clean()
    save_with_history(draft, by=by, reason=f"New version: {reason.strip()}")
    return draft


# Equality impact assessments (ADR 0036): their own module, offered to other apps here.
EIA_EXISTS = actions_equality.EIA_EXISTS
eia_create = actions_equality.eia_create
