"""Every write for budgets and monitoring, the MTFS and savings lines (finance-savings; ADR 0024).

Keyword-only, typed, one transaction each, one history entry per record changed. Messages are named constants the
tests assert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.actions import record_edited, record_save
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.references import save_with_reference
from commissioning.finance import calculations
from commissioning.finance.models import (
    BudgetLine,
    BudgetMonitoring,
    MtfsYear,
    Rag,
    SavingsEvidence,
    SavingsLine,
    SavingsSlippage,
    SavingsStatus,
    SavingsYear,
)

BUDGET_ARCHIVED = "This budget line is archived, so it cannot be changed."
BUDGET_YEAR_INVALID = "Enter the financial year like 2026/27"
BUDGET_LINE_EXISTS = "This service already has a budget line for {year}"
MONTH_ALREADY_MONITORED = "{month} has already been monitored for this budget line"
MONTH_OUTSIDE_YEAR = "The month must be in the budget line's financial year, {year}"
VARIANCE_REASON_REQUIRED = "Enter the reason for the variance against the revised budget"
MTFS_YEAR_EXISTS = "The MTFS already has {year}"
SAVING_ARCHIVED = "This savings line is archived, so it cannot be changed."
SAVING_UNDELIVERABLE = "This savings line has been marked undeliverable, so it cannot be changed."
CONFIDENCE_REASON_REQUIRED = "Enter the reason for the delivery confidence"
SLIPPAGE_REASON_REQUIRED = "Enter why the saving has slipped: a move to a later year is never made without a reason"
SLIPPAGE_NOT_LATER = "Choose a year later than {year}"
SLIPPAGE_TOO_MUCH = "The amount moved must be more than £0 and no more than the {amount} planned in {year}"
SLIPPAGE_NO_YEAR = "Nothing is planned in {year} for this line"
EVIDENCE_NO_YEAR = "Nothing is planned in {year} for this line: evidence is recorded against a planned year"
UNDELIVERABLE_REASON_REQUIRED = "Enter why the saving cannot be delivered"
REPLACEMENT_INVALID = "Choose another savings line, still being delivered, as the replacement"
SLIPPED = "Slipped {amount} from {from_year} to {to_year}: {reason}"
MARKED_UNDELIVERABLE = "Marked undeliverable: {reason}"
FROM_ADOPTION = "Created from the option adopted by decision {reference}"
REFERENCE_PREFIX = "SAV-"


# Budgets and monitoring ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLineDetails:
    service: Any
    financial_year: str
    cost_centre: str
    original: Decimal
    revised: Decimal
    actual: Decimal | None = None


def _apply_budget(line: BudgetLine, details: BudgetLineDetails) -> None:
    if not calculations.is_year(details.financial_year):
        raise ValidationError({"financial_year": BUDGET_YEAR_INVALID})
    taken = BudgetLine.objects.filter(service=details.service, financial_year=details.financial_year)
    if taken.exclude(pk=line.pk).exists():
        raise ValidationError({"financial_year": BUDGET_LINE_EXISTS.format(year=details.financial_year)})
    line.service = details.service
    line.financial_year = details.financial_year
    line.cost_centre = details.cost_centre
    line.original = details.original
    line.revised = details.revised
    line.actual = details.actual


@transaction.atomic
def budget_line_create(*, details: BudgetLineDetails, by: Any, form_token: Any = None) -> BudgetLine:
    claim = claim_form_token(form_token, by=by)
    line = BudgetLine()
    _apply_budget(line, details)
    return record_save(line, by=by, reason="Budget line added", claim=claim)


@transaction.atomic
def budget_line_update(*, line: BudgetLine, details: BudgetLineDetails, by: Any, version: str | None) -> BudgetLine:
    fresh = record_edited(line, version=version, already_archived=BUDGET_ARCHIVED)
    _apply_budget(fresh, details)
    return record_save(fresh, by=by, reason="Budget line changed")


@transaction.atomic
def monitoring_record(
    *, line: BudgetLine, month: dt.date, forecast_outturn: Decimal, reason: str, by: Any, form_token: Any = None
) -> BudgetMonitoring:
    """A month's forecast outturn for a budget line. The latest month monitored sets the line's forecast outturn."""
    claim = claim_form_token(form_token, by=by)
    fresh = record_edited(line, version=None, already_archived=BUDGET_ARCHIVED)
    month = month.replace(day=1)
    if calculations.year_label(month) != fresh.financial_year:
        raise ValidationError({"month": MONTH_OUTSIDE_YEAR.format(year=fresh.financial_year)})
    if fresh.monitoring.filter(month=month).exists():
        raise ValidationError({"month": MONTH_ALREADY_MONITORED.format(month=f"{month:%B %Y}")})
    if forecast_outturn != fresh.revised and not reason.strip():
        raise ValidationError({"reason": VARIANCE_REASON_REQUIRED})
    record = BudgetMonitoring(
        budget_line=fresh, month=month, forecast_outturn=forecast_outturn, revised=fresh.revised, reason=reason.strip()
    )
    record_save(record, by=by, reason=f"Monitoring for {month:%B %Y}", claim=claim)
    if not fresh.monitoring.filter(month__gt=month).exists():
        fresh.forecast_outturn = forecast_outturn
        save_with_history(fresh, by=by, reason=f"Forecast outturn from monitoring for {month:%B %Y}")
    return record


# The MTFS -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MtfsDetails:
    financial_year: str
    funding: Decimal
    spending: Decimal
    note: str = ""


@transaction.atomic
def mtfs_year_create(*, details: MtfsDetails, by: Any, form_token: Any = None) -> MtfsYear:
    claim = claim_form_token(form_token, by=by)
    if not calculations.is_year(details.financial_year):
        raise ValidationError({"financial_year": BUDGET_YEAR_INVALID})
    if MtfsYear.objects.filter(financial_year=details.financial_year).exists():
        raise ValidationError({"financial_year": MTFS_YEAR_EXISTS.format(year=details.financial_year)})
    year = MtfsYear(**details.__dict__)
    return record_save(year, by=by, reason="MTFS year added", claim=claim)


@transaction.atomic
def mtfs_year_update(*, year: MtfsYear, details: MtfsDetails, by: Any, version: str | None) -> MtfsYear:
    fresh = record_edited(year, version=version, already_archived=BUDGET_ARCHIVED)
    fresh.funding, fresh.spending, fresh.note = details.funding, details.spending, details.note
    return record_save(fresh, by=by, reason="MTFS year changed")


# Savings lines ------------------------------------------------------------------------------------------------------


def next_reference() -> str:
    numbers = [
        int(ref[len(REFERENCE_PREFIX) :])
        for ref in SavingsLine.objects.filter(reference__startswith=REFERENCE_PREFIX).values_list(
            "reference", flat=True
        )
        if ref[len(REFERENCE_PREFIX) :].isdigit()
    ]
    return f"{REFERENCE_PREFIX}{(max(numbers) + 1) if numbers else 1:04d}"


@dataclass(frozen=True)
class SavingsLineDetails:
    title: str
    owner: Any
    directorate: Any
    baseline: Decimal
    cashable: bool
    financial_year: str
    in_year: Decimal
    full_year_effect: Decimal
    confidence: str = Rag.GREEN
    confidence_reason: str = ""
    description: str = ""
    service: Any = None
    review: Any = None


def _new_line(details: SavingsLineDetails, *, by: Any, reason: str, **links: Any) -> SavingsLine:
    line = SavingsLine(
        title=details.title,
        description=details.description,
        owner=details.owner,
        directorate=details.directorate,
        service=details.service,
        review=details.review,
        baseline=details.baseline,
        cashable=details.cashable,
        confidence_at_budget=details.confidence,
        confidence_at_budget_reason=details.confidence_reason,
        confidence=details.confidence,
        confidence_reason=details.confidence_reason,
        **links,
    )
    return save_with_reference(line, generate=next_reference, by=by, reason=reason)


def _new_year(line: SavingsLine, *, year: str, in_year: Decimal, full_year_effect: Decimal, by: Any) -> SavingsYear:
    row = SavingsYear(
        line=line,
        financial_year=year,
        target=in_year,
        planned=in_year,
        full_year_effect=full_year_effect,
        forecast=in_year,
    )
    return record_save(row, by=by, reason="Planned at budget time")


@transaction.atomic
def savings_line_create(*, details: SavingsLineDetails, by: Any, form_token: Any = None) -> SavingsLine:
    """A savings line entered directly, with its first year's in-year saving and full-year effect."""
    claim = claim_form_token(form_token, by=by)
    if not calculations.is_year(details.financial_year):
        raise ValidationError({"financial_year": BUDGET_YEAR_INVALID})
    if details.confidence != Rag.GREEN and not details.confidence_reason.strip():
        raise ValidationError({"confidence_reason": CONFIDENCE_REASON_REQUIRED})
    line = _new_line(details, by=by, reason="Savings line added")
    _new_year(
        line, year=details.financial_year, in_year=details.in_year, full_year_effect=details.full_year_effect, by=by
    )
    claim.made(line)
    return line


def _editable(line: SavingsLine, version: str | None) -> SavingsLine:
    fresh = record_edited(line, version=version, already_archived=SAVING_ARCHIVED)
    if fresh.is_undeliverable:
        raise ValidationError(SAVING_UNDELIVERABLE)
    return fresh


@transaction.atomic
def savings_confidence_update(
    *, line: SavingsLine, confidence: str, reason: str, by: Any, version: str | None
) -> SavingsLine:
    """The delivery confidence now, always with its reason (the confidence at budget time is kept)."""
    fresh = _editable(line, version)
    if not reason.strip():
        raise ValidationError({"confidence_reason": CONFIDENCE_REASON_REQUIRED})
    fresh.confidence, fresh.confidence_reason = confidence, reason.strip()
    return record_save(fresh, by=by, reason=f"Confidence now {fresh.get_confidence_display()}: {reason.strip()}")


@transaction.atomic
def savings_slip(
    *,
    line: SavingsLine,
    from_year: str,
    to_year: str,
    amount: Decimal,
    reason: str,
    by: Any,
    version: str | None = None,
) -> SavingsSlippage:
    """Move part (or all) of a year's saving to a later year, with the reason: the plan's total never changes, the
    slippage is a record of its own and each year's history says so. Refused without a reason."""
    fresh = _editable(line, version)
    if not reason.strip():
        raise ValidationError({"reason": SLIPPAGE_REASON_REQUIRED})
    years = {y.financial_year: y for y in SavingsYear.objects.select_for_update().filter(line=fresh)}
    source = years.get(from_year)
    if source is None:
        raise ValidationError({"from_year": SLIPPAGE_NO_YEAR.format(year=from_year)})
    if not calculations.is_year(to_year) or to_year <= from_year:
        raise ValidationError({"to_year": SLIPPAGE_NOT_LATER.format(year=from_year)})
    plan = {label: y.planned for label, y in years.items()}
    try:
        moved = calculations.move_slippage(plan, from_year=from_year, to_year=to_year, amount=amount)
    except ValueError:
        raise ValidationError(
            {"amount": SLIPPAGE_TOO_MUCH.format(amount=f"£{source.planned:,.2f}", year=from_year)}
        ) from None
    note = SLIPPED.format(amount=f"£{amount:,.2f}", from_year=from_year, to_year=to_year, reason=reason.strip())
    forecast_moved = min(amount, source.forecast)
    source.planned = moved[from_year]
    source.forecast -= forecast_moved
    record_save(source, by=by, reason=note)
    target = years.get(to_year) or SavingsYear(
        line=fresh,
        financial_year=to_year,
        target=Decimal(0),
        planned=Decimal(0),
        forecast=Decimal(0),
        full_year_effect=Decimal(0),
    )
    target.planned = moved[to_year]
    target.forecast += forecast_moved
    target.full_year_effect = max(target.full_year_effect, target.planned)
    record_save(target, by=by, reason=note)
    slippage = SavingsSlippage(
        line=fresh, from_year=from_year, to_year=to_year, amount=amount, reason=reason.strip(), recorded_by=by
    )
    record_save(slippage, by=by, reason=note)
    save_with_history(fresh, by=by, reason=note)  # the line's own history shows the move too
    return slippage


@transaction.atomic
def savings_evidence_add(
    *,
    line: SavingsLine,
    financial_year: str,
    kind: str,
    amount: Decimal,
    note: str,
    by: Any,
    form_token: Any = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> SavingsEvidence:
    """Evidence of realisation (a budget reduction, a contract price, spend data): adds to the year's realised.
    ``period`` is the months it covers, when it has one (spend data: actions_spendlinks)."""
    claim = claim_form_token(form_token, by=by)
    fresh = _editable(line, None)
    year = SavingsYear.objects.select_for_update().filter(line=fresh, financial_year=financial_year).first()
    if year is None:
        raise ValidationError({"financial_year": EVIDENCE_NO_YEAR.format(year=financial_year)})
    evidence = SavingsEvidence(
        line=fresh, financial_year=financial_year, kind=kind, amount=amount, note=note.strip(), recorded_by=by
    )
    if period is not None:
        evidence.period_start, evidence.period_end = period
    record_save(evidence, by=by, reason="Evidence of realisation", claim=claim)
    year.realised += amount
    record_save(year, by=by, reason=f"Realised: {evidence.get_kind_display()} {amount:,.2f}")
    return evidence


@transaction.atomic
def savings_mark_undeliverable(
    *, line: SavingsLine, reason: str, replacement: SavingsLine | None, by: Any, version: str | None = None
) -> SavingsLine:
    """Mark a saving undeliverable, with the line that replaces it, or (with none) recorded as a gap: its forecast is
    nothing from now on, its plan and history stay."""
    fresh = _editable(line, version)
    if not reason.strip():
        raise ValidationError({"reason": UNDELIVERABLE_REASON_REQUIRED})
    if replacement is not None and (replacement.pk == fresh.pk or replacement.is_undeliverable):
        raise ValidationError({"replacement": REPLACEMENT_INVALID})
    for year in SavingsYear.objects.select_for_update().filter(line=fresh):
        if year.forecast != year.realised:
            year.forecast = year.realised
            record_save(year, by=by, reason=MARKED_UNDELIVERABLE.format(reason=reason.strip()))
    fresh.status = SavingsStatus.UNDELIVERABLE
    fresh.undeliverable_reason = reason.strip()
    fresh.replaced_by = replacement
    fresh.confidence = Rag.RED
    return record_save(fresh, by=by, reason=MARKED_UNDELIVERABLE.format(reason=reason.strip()))


# From an adopted business case option (the core hook governance runs) -----------------------------------------------

SAVING_KINDS = ("cashable_benefit", "non_cashable_benefit")
YEARS_FROM_ADOPTION = 4


def savings_lines_from_adoption(*, decision: Any, by: Any) -> None:
    """The hook for ``hooks.BUSINESS_CASE_ADOPTED``: one savings line for each benefit line of the adopted option,
    planned by financial year from the appraisal's base year (its first four years), owned by the review's lead
    commissioner in the review's directorate. Runs in governance's transaction; a decision published again (a
    correction) adds nothing for an option that already has its lines."""
    from commissioning.appraisals.models import CostBenefitLine

    option = decision.adopted_option
    if option is None or SavingsLine.objects.filter(option=option).exists():
        return
    review = option.appraisal.review
    service = review.services.order_by("pk").first()
    benefit_lines = CostBenefitLine.objects.filter(option=option, kind__in=SAVING_KINDS, archived_at__isnull=True)
    for benefit in benefit_lines.order_by("pk"):
        amounts = [Decimal(str(a)) for a in benefit.amounts][:YEARS_FROM_ADOPTION]
        if not any(amounts):
            continue
        details = SavingsLineDetails(
            title=f"{option.name}: {benefit.label}"[:200],
            owner=review.lead_commissioner,
            directorate=review.directorate,
            service=service,
            review=review,
            baseline=service.net_budget if service is not None and service.net_budget is not None else Decimal(0),
            cashable=benefit.kind == "cashable_benefit",
            financial_year="",
            in_year=Decimal(0),
            full_year_effect=Decimal(0),
            confidence=Rag.AMBER,
            confidence_reason="Planned in the business case; not yet delivered",
        )
        reason = FROM_ADOPTION.format(reference=decision.reference)
        line = _new_line(
            details, by=by, reason=reason, business_case=decision.business_case, option=option, decision=decision
        )
        years = calculations.years_from(calculations.year_starting(option.appraisal.base_year), len(amounts))
        for index, (label, amount) in enumerate(zip(years, amounts, strict=True)):
            if amount:
                following = amounts[index + 1] if index + 1 < len(amounts) else amount
                _new_year(line, year=label, in_year=amount, full_year_effect=max(amount, following), by=by)
