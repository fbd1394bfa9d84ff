"""Writes for KPIs, provider returns and performance assessments: keyword-only, validated, one transaction, one
history entry per record changed. Every kind of contract alike: an in-house plan's returns are submitted by its
manager, an officer."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.contracts import calculations_returns as calc
from commissioning.contracts import selectors_returns as selectors
from commissioning.contracts.models import (
    MIN_KPIS,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Contract,
    Kpi,
    KpiExemption,
    KpiRating,
    KpiUnit,
    PerformanceFailure,
    PerformanceReturn,
    ReturnEvidence,
    ReturnQuery,
    ReturnStatus,
    ReturnValue,
)
from commissioning.core import formatting
from commissioning.core.actions import lock_row, record_edited, record_save
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.notifications import notification_queue
from commissioning.core.uploads import UploadRejected, check_upload

KPIS_REQUIRED_TO_PUBLISH = (
    "A contract worth £5 million or more needs at least three KPIs, or a recorded reason why not, before it is "
    "published (Procurement Act 2023): add them on its KPIs page"
)
ALREADY_ARCHIVED = "This KPI is archived: it cannot be changed"
CONTRACT_ARCHIVED = "This contract is archived: restore it before changing its KPIs, returns or assessments"
PERCENT_TARGET = "Enter a target between 0 and 100 for a percentage"
YES_NO_TARGET = "Enter 1 (yes) or 0 (no) as the target of a yes or no KPI"
EXEMPTION_REASON_REQUIRED = "Enter why this contract has fewer than three KPIs"
EXEMPTION_NOT_NEEDED = "This contract does not need a reason: it is worth less than £5 million or has three KPIs"
RETURN_LOCKED = "This return was submitted on {date} and is locked: it cannot be changed"
RETURN_NOT_YET = "This return cannot be submitted before its quarter ends on {date}"
RETURN_NO_KPIS = "This contract has no KPIs to return yet"
VALUE_MISSING = "Enter a value for {kpi}"
RETURN_NOT_TO_ACCEPT = "Only a submitted or answered return can be accepted"
RETURN_NOT_TO_QUERY = "Only a submitted or answered return can be queried"
QUERY_OPEN = "Answer the open query on {kpi} before the return is accepted"
QUERY_QUESTION_REQUIRED = "Enter your question about the value"
QUERY_KPI_REQUIRED = "Choose the value you are asking about"
ANSWER_REQUIRED = "Enter your answer to the query"
QUERY_ALREADY_ANSWERED = "This query was answered on {date}: it cannot be answered again"
ASSESSMENT_DRAFT_OPEN = "This contract already has a draft assessment: confirm it before drafting another"
ASSESSMENT_NO_KPIS = "This contract has no KPIs to assess: add them first"
ASSESSMENT_CONFIRMED = "This assessment was confirmed on {date} and cannot be changed"
RATING_REASON_REQUIRED = "Enter why you are changing the rating of {kpi} from {drafted} to {rating}"
FAILURE_DATE_OUTSIDE = "Decision date must be on or after the contract's start date"

QUERY_SUBMITTED = "contracts/email/return_submitted"
QUERY_RAISED = "contracts/email/return_queried"
QUERY_ANSWERED = "contracts/email/return_answered"
RETURN_OVERDUE = "contracts/email/return_overdue"


def _now() -> dt.datetime:
    return timezone.now()


def _refuse_archived(contract: Contract) -> None:
    if contract.is_archived:
        raise ValidationError(CONTRACT_ARCHIVED)


# The Act's rule, checked when a contract is published ---------------------------------------------------------------


def kpis_check_before_publishing(*, contract: Contract | None, total_value: Decimal, published: bool) -> str:
    """The named message when a contract about to be published (made public, or saved published for the first time)
    is worth £5 million or more with fewer than three KPIs and no recorded reason; "" otherwise."""
    if not published or (contract is not None and contract.pk and contract.published):
        return ""
    probe = contract if contract is not None and contract.pk else Contract(total_value=total_value)
    probe.total_value = total_value
    return "" if selectors.kpi_requirement(contract=probe).met else KPIS_REQUIRED_TO_PUBLISH


# KPIs ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiDetails:
    name: str
    unit: str
    target: Decimal
    tolerance: Decimal = Decimal("0")
    higher_is_better: bool = True
    frequency: str = "quarterly"
    indicators: Sequence[Any] = field(default_factory=tuple)


def _validate_kpi(details: KpiDetails) -> None:
    if details.unit == KpiUnit.PERCENTAGE and not Decimal("0") <= details.target <= Decimal("100"):
        raise ValidationError({"target": PERCENT_TARGET})
    if details.unit == KpiUnit.YES_NO and details.target not in (Decimal("0"), Decimal("1")):
        raise ValidationError({"target": YES_NO_TARGET})


def _apply_kpi(kpi: Kpi, details: KpiDetails) -> None:
    kpi.name = details.name.strip()
    kpi.unit = details.unit
    kpi.target = details.target
    kpi.tolerance = details.tolerance
    kpi.higher_is_better = details.higher_is_better
    kpi.frequency = details.frequency


def returns_schedule(*, contract: Contract, by: User) -> int:
    """Make the return of every quarter of the contract that has none yet (status due); how many were made."""
    have = set(contract.returns.values_list("period", flat=True))
    made = 0
    for period in calc.schedule(start=contract.start_date, end=contract.end_date):
        if period.label in have:
            continue
        ret = PerformanceReturn(
            contract=contract,
            period=period.label,
            period_start=period.starts,
            period_end=period.ends,
            due_date=period.due,
        )
        save_with_history(ret, by=by, reason="Return scheduled")
        made += 1
    return made


@transaction.atomic
def kpi_create(*, contract: Contract, details: KpiDetails, by: User, form_token: uuid.UUID | None = None) -> Kpi:
    claim = claim_form_token(form_token, by=by)
    contract = lock_row(contract)
    _refuse_archived(contract)
    _validate_kpi(details)
    kpi = Kpi(contract=contract)
    _apply_kpi(kpi, details)
    record_save(kpi, by=by, reason="KPI added", m2m={"indicators": details.indicators}, claim=claim)
    returns_schedule(contract=contract, by=by)
    return kpi


@transaction.atomic
def kpi_update(*, kpi: Kpi, details: KpiDetails, by: User, version: str | None = None) -> Kpi:
    kpi = record_edited(kpi, version=version, already_archived=ALREADY_ARCHIVED)
    _validate_kpi(details)
    _apply_kpi(kpi, details)
    return record_save(kpi, by=by, reason="KPI changed", m2m={"indicators": details.indicators})


@transaction.atomic
def kpi_exemption_set(*, contract: Contract, reason: str, by: User) -> KpiExemption:
    """Record (or change) why a contract worth £5 million or more has fewer than three KPIs."""
    if not reason.strip():
        raise ValidationError({"reason": EXEMPTION_REASON_REQUIRED})
    contract = lock_row(contract)
    requirement = selectors.kpi_requirement(contract=contract)
    if not requirement.applies or requirement.count >= MIN_KPIS:
        raise ValidationError({"reason": EXEMPTION_NOT_NEEDED})
    exemption = KpiExemption.objects.filter(contract=contract).first() or KpiExemption(contract=contract)
    exemption.reason = reason.strip()
    return record_save(exemption, by=by, reason="Reason for fewer than three KPIs recorded")


# Returns ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workforce:
    staff_turnover: Decimal | None = None
    vacancies: int | None = None
    agency_use: Decimal | None = None
    living_wage_share: Decimal | None = None
    zero_hours_contracts: int | None = None
    training_completed: Decimal | None = None


def _locked_message(ret: PerformanceReturn) -> str:
    when = formatting.date(ret.submitted_at) if ret.submitted_at else "an earlier date"
    return RETURN_LOCKED.format(date=when)


def _manager_notice(ret: PerformanceReturn, template: str, by: User, **extra: Any) -> None:
    notification_queue(
        to_user=ret.contract.contract_manager,
        template=template,
        context={"ret": ret, "contract": ret.contract, **extra},
        about=ret,
        by=by,
    )


@transaction.atomic
def return_submit(
    *,
    ret: PerformanceReturn,
    values: Mapping[int, Decimal],
    workforce: Workforce,
    evidence: Sequence[Any] = (),
    by: User,
) -> PerformanceReturn:
    """Submit a quarter's return: a value for every KPI it asks for, the workforce figures and any evidence files.
    Once submitted it is locked."""
    ret = PerformanceReturn.objects.select_for_update(of=("self",)).select_related("contract").get(pk=ret.pk)
    if ret.is_locked:
        raise ValidationError(_locked_message(ret))
    _refuse_archived(ret.contract)
    if ret.period_end >= selectors.today():
        raise ValidationError(RETURN_NOT_YET.format(date=formatting.date(ret.period_end)))
    kpis = selectors.kpis_asked(ret=ret)
    if not kpis:
        raise ValidationError(RETURN_NO_KPIS)
    errors: dict[str, str] = {}
    for kpi in kpis:
        if values.get(kpi.pk) is None:
            errors[f"kpi_{kpi.pk}"] = VALUE_MISSING.format(kpi=kpi.name)
    kinds = []
    for upload in evidence:
        try:
            kinds.append(check_upload(upload))
        except UploadRejected as exc:
            errors["evidence"] = f"{getattr(upload, 'name', 'The file')}: {exc}"
    if errors:
        raise ValidationError(errors)
    for kpi in kpis:
        value = ReturnValue(performance_return=ret, kpi=kpi, value=values[kpi.pk])
        save_with_history(value, by=by, reason="Returned")
    for upload, kind in zip(evidence, kinds, strict=True):
        document = ReturnEvidence(performance_return=ret)
        name = kind.file_name(upload.name or "document")
        document.document.save(name, upload, save=False)
        document.document_name = name
        document.document_size = upload.size
        document.document_type = kind.content_type
        save_with_history(document, by=by, reason="Evidence uploaded")
    for name, figure in vars(workforce).items():
        setattr(ret, name, figure)
    ret.status = ReturnStatus.SUBMITTED
    ret.submitted_at = _now()
    ret.submitted_by = by
    record_save(ret, by=by, reason="Submitted")
    _manager_notice(ret, QUERY_SUBMITTED, by)
    return ret


@transaction.atomic
def return_accept(*, ret: PerformanceReturn, by: User) -> PerformanceReturn:
    ret = PerformanceReturn.objects.select_for_update(of=("self",)).select_related("contract").get(pk=ret.pk)
    if ret.status not in selectors.TO_REVIEW:
        raise ValidationError(RETURN_NOT_TO_ACCEPT)
    open_query = ret.queries.filter(answered_at__isnull=True).select_related("kpi").first()
    if open_query is not None:
        raise ValidationError(QUERY_OPEN.format(kpi=open_query.kpi.name if open_query.kpi else "the return"))
    ret.status = ReturnStatus.ACCEPTED
    ret.accepted_at = _now()
    ret.accepted_by = by
    return record_save(ret, by=by, reason="Accepted")


@transaction.atomic
def return_query(*, ret: PerformanceReturn, kpi: Kpi | None, question: str, by: User) -> ReturnQuery:
    """The contract manager asks about a value of a submitted return; the provider is told."""
    errors = {}
    if kpi is None:
        errors["kpi"] = QUERY_KPI_REQUIRED
    if not question.strip():
        errors["question"] = QUERY_QUESTION_REQUIRED
    if errors:
        raise ValidationError(errors)
    ret = PerformanceReturn.objects.select_for_update(of=("self",)).select_related("contract").get(pk=ret.pk)
    if ret.status not in selectors.TO_REVIEW:
        raise ValidationError(RETURN_NOT_TO_QUERY)
    value = ret.values.filter(kpi=kpi).values_list("value", flat=True).first()
    query = ReturnQuery(
        performance_return=ret, kpi=kpi, question=question.strip(), asked_by=by, asked_at=_now(), value_before=value
    )
    record_save(query, by=by, reason="Value queried")
    ret.status = ReturnStatus.QUERIED
    record_save(ret, by=by, reason=f"Queried: {kpi.name if kpi else ''}")
    recipients = [ret.submitted_by] if ret.submitted_by_id else list(selectors.return_recipients(contract=ret.contract))
    for user in recipients:
        notification_queue(
            to_user=user,
            template=QUERY_RAISED,
            context={"ret": ret, "contract": ret.contract, "query": query},
            about=ret,
            by=by,
        )
    return query


@transaction.atomic
def return_answer(*, query: ReturnQuery, answer: str, corrected_value: Decimal | None = None, by: User) -> ReturnQuery:
    """The provider answers a query, correcting the value if need be (the value before is kept on the query, and
    in the value's history); once every query is answered the return is back with the contract manager."""
    if not answer.strip():
        raise ValidationError({"answer": ANSWER_REQUIRED})
    query = (
        ReturnQuery.objects.select_for_update(of=("self",)).select_related("performance_return", "kpi").get(pk=query.pk)
    )
    if query.answered_at is not None:
        date = formatting.date(query.answered_at)
        raise ValidationError(QUERY_ALREADY_ANSWERED.format(date=date))
    ret = (
        PerformanceReturn.objects.select_for_update(of=("self",))
        .select_related("contract")
        .get(pk=query.performance_return_id)
    )
    query.answer = answer.strip()
    query.answered_by = by
    query.answered_at = _now()
    if corrected_value is not None and query.kpi_id is not None:
        value = (
            ReturnValue.objects.select_for_update(of=("self",))
            .filter(performance_return=ret, kpi_id=query.kpi_id)
            .first()
        )
        if value is not None and value.value != corrected_value:
            value.value = corrected_value
            save_with_history(value, by=by, reason="Corrected in answer to a query")
        query.corrected_value = corrected_value
    record_save(query, by=by, reason="Answered")
    if not ret.queries.filter(answered_at__isnull=True).exclude(pk=query.pk).exists():
        ret.status = ReturnStatus.ANSWERED
        record_save(ret, by=by, reason="Queries answered")
    _manager_notice(ret, QUERY_ANSWERED, by, query=query)
    return query


@transaction.atomic
def returns_overdue_notify(*, by: User | None = None, limit: int = 500) -> int:
    """Tell the provider contacts (an in-house plan's manager) and the contract manager of each return that has
    become overdue, once (``overdue_notified_at``); how many returns. manage.py notify_overdue_returns runs it."""
    overdue = (
        PerformanceReturn.objects.select_for_update(of=("self",))
        .filter(selectors.overdue_q(), overdue_notified_at__isnull=True, contract__archived_at__isnull=True)
        .select_related("contract", "contract__contract_manager")
        .order_by("due_date", "pk")[:limit]
    )
    count = 0
    for ret in overdue:
        recipients = {user.pk: user for user in selectors.return_recipients(contract=ret.contract)}
        recipients.setdefault(ret.contract.contract_manager_id, ret.contract.contract_manager)
        for user in recipients.values():
            notification_queue(
                to_user=user, template=RETURN_OVERDUE, context={"ret": ret, "contract": ret.contract}, about=ret, by=by
            )
        ret.overdue_notified_at = _now()
        save_with_history(ret, by=by, reason="Overdue: the provider and the contract manager were told")
        count += 1
    return count


# Assessments --------------------------------------------------------------------------------------------------------


def _assessment_period(contract: Contract, day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The next period to assess: from the day after the last confirmed assessment's period (or the contract's
    start), for up to twelve months, to the end of the last quarter that has ended (or the contract's end)."""
    last = contract.assessments.filter(status=AssessmentStatus.CONFIRMED).order_by("-period_end").first()
    start = last.period_end + dt.timedelta(days=1) if last else contract.start_date
    ended = [p.ends for p in calc.schedule(start=start, end=day) if p.ends < day]
    end = min(
        calc.months_after(start, 12) - dt.timedelta(days=1),
        ended[-1] if ended else start,
        contract.end_date,
    )
    kind = AssessmentKind.END if end == contract.end_date else AssessmentKind.ANNUAL
    return kind, start, max(start, end)


@transaction.atomic
def assessment_draft(*, contract: Contract, by: User) -> Assessment:
    """Draft the next assessment: each KPI rated by the engine from the returns of the period."""
    contract = lock_row(contract)
    _refuse_archived(contract)
    if contract.assessments.filter(status=AssessmentStatus.DRAFT).exists():
        raise ValidationError(ASSESSMENT_DRAFT_OPEN)
    kpis = selectors.kpis_of(contract=contract)
    if not kpis:
        raise ValidationError(ASSESSMENT_NO_KPIS)
    kind, start, end = _assessment_period(contract, selectors.today())
    assessment = Assessment(contract=contract, kind=kind, period_start=start, period_end=end)
    record_save(assessment, by=by, reason="Drafted from the returns")
    values = selectors.values_for_period(contract=contract, start=start, end=end)
    for kpi in kpis:
        draft = calc.draft_kpi(
            values=values.get(kpi.pk, []),
            target=kpi.target,
            tolerance=kpi.tolerance,
            higher_is_better=kpi.higher_is_better,
        )
        rating = KpiRating(
            assessment=assessment,
            kpi=kpi,
            drafted=draft.rating,
            rating=draft.rating,
            explanation=draft.explanation,
            average=draft.average.quantize(Decimal("0.01")) if draft.average is not None else None,
        )
        save_with_history(rating, by=by, reason="Drafted")
    return assessment


def _refuse_confirmed(assessment: Assessment) -> None:
    if assessment.is_confirmed:
        when = formatting.date(assessment.confirmed_at) if assessment.confirmed_at else ""
        raise ValidationError(ASSESSMENT_CONFIRMED.format(date=when))


@transaction.atomic
def rating_change(*, rating: KpiRating, new_rating: str, reason: str, by: User) -> KpiRating:
    """The contract manager's rating of a KPI: a change from the draft needs a reason."""
    rating = KpiRating.objects.select_for_update(of=("self",)).select_related("assessment", "kpi").get(pk=rating.pk)
    _refuse_confirmed(rating.assessment)
    if new_rating != rating.drafted and not reason.strip():
        labels = dict(calc.RATING_LABELS)
        raise ValidationError(
            {
                "reason": RATING_REASON_REQUIRED.format(
                    kpi=rating.kpi.name, drafted=labels[rating.drafted], rating=labels[new_rating]
                )
            }
        )
    rating.rating = new_rating
    rating.reason = reason.strip()
    return record_save(rating, by=by, reason=reason.strip() or "Rating confirmed as drafted")


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, by: User) -> Assessment:
    assessment = lock_row(assessment)
    _refuse_confirmed(assessment)
    assessment.status = AssessmentStatus.CONFIRMED
    assessment.confirmed_at = _now()
    assessment.confirmed_by = by
    return record_save(assessment, by=by, reason="Confirmed")


@dataclass(frozen=True)
class FailureDetails:
    requirement: str
    description: str
    decision_date: dt.date
    remedy: str = ""
    partly_terminated: bool = False
    assessment: Assessment | None = None


@transaction.atomic
def failure_create(
    *, contract: Contract, details: FailureDetails, by: User, form_token: uuid.UUID | None = None
) -> PerformanceFailure:
    claim = claim_form_token(form_token, by=by)
    _refuse_archived(contract)
    if details.decision_date < contract.start_date:
        raise ValidationError({"decision_date": FAILURE_DATE_OUTSIDE})
    failure = PerformanceFailure(
        contract=contract,
        assessment=details.assessment,
        requirement=details.requirement.strip(),
        description=details.description.strip(),
        decision_date=details.decision_date,
        remedy=details.remedy.strip(),
        partly_terminated=details.partly_terminated,
    )
    return record_save(failure, by=by, reason="Breach or performance failure recorded", claim=claim)
