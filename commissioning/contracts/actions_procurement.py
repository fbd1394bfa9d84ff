"""Writes for procurement and grant awards: keyword-only, validated, one transaction, each change one history entry.

The award is the one write that reaches the register: it makes the ``Contract`` through the register's own
``contract_create`` (kind ``contract``, or ``in_house`` when the council's own bid wins; ``grant`` for a grant award)
in the same transaction, and refuses with a named message, saving nothing, when there is no published decision.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.contracts import calculations_procurement as calc
from commissioning.contracts import selectors_procurement as sel
from commissioning.contracts.actions import ContractDetails, contract_create
from commissioning.contracts.models import (
    Bid,
    ContractKind,
    EvaluationCriterion,
    GrantAward,
    Lot,
    Procedure,
    Procurement,
    Score,
)
from commissioning.core.actions import record_edited, record_save
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.references import save_with_reference
from commissioning.services.models import Directorate

DECISION_NOT_ADOPTING = "Choose a published decision that adopted a business case's option"
PROCEDURE_NOT_TENDER = "Choose how it will be let: an in-house plan or a grant round is not a procurement"
TENDER_END_BEFORE_START = "The tender must close after it opens"
CONTRACT_END_BEFORE_START = "The contract must end after it starts"
ALREADY_AWARDED = "This procurement has been awarded: its evaluation and bids can no longer change"
ALREADY_ARCHIVED = "This procurement is archived"
REFERENCE_TAKEN = "Reference {reference} is already used by another procurement"
WEIGHTS_NOT_100 = "The weights must add up to 100: they add up to {total}"
CRITERIA_REQUIRED = "Enter at least one criterion, with its name, kind and weight"
CRITERIA_SCORED = "The criteria cannot change once bids have been scored"
IN_HOUSE_NOT_ALLOWED = "The council's own service may not bid in this procurement"
IN_HOUSE_TWICE = "The in-house bid has already been added"
BIDDER_REQUIRED = "Choose the organisation bidding, or add the in-house bid"
BIDDER_TWICE = "{name} has already bid in this procurement"
CRITERIA_FIRST = "Set the evaluation criteria, with weights adding up to 100, before scoring bids"
SCORE_MISSING = "Enter a score for {name}"
AWARD_WITHOUT_DECISION = "Choose the published decision that awards the contract: an award needs a decision"
DECISION_NOT_PUBLISHED = "The decision {reference} is not published: an award needs a published decision"
SCORES_INCOMPLETE = "Score every bid on every criterion before the award"
WINNER_NOT_BEST = "{name} is ranked {rank}: give the reason for awarding to a bid not ranked first"
WINNER_TIED = "Bids share the first place: give the reason for awarding to this one"
WINNER_OTHER = "Choose one of this procurement's bids"
GRANT_WITHOUT_DECISION = "Choose the published decision that awards the grant: a grant needs a decision"
GRANT_END_BEFORE_START = "The grant period must end after it starts"
RECIPIENT_NUMBER = "{name} has no charity or company number: add one to the organisation before the grant"
LOT_TITLE_REQUIRED = "Enter the lot's title"


@dataclass(frozen=True)
class ProcurementDetails:
    title: str
    directorate: Directorate
    lead: User
    procedure: str
    estimated_value: Decimal
    description: str = ""
    in_house_bid_allowed: bool = False
    tender_start: dt.date | None = None
    tender_end: dt.date | None = None
    award_date: dt.date | None = None
    contract_start: dt.date | None = None
    contract_end: dt.date | None = None
    published: bool = False


@dataclass(frozen=True)
class CriterionDetails:
    name: str
    kind: str
    weight: int


@dataclass(frozen=True)
class AwardDetails:
    bid: Bid | None
    decision: Any
    total_value: Decimal
    annual_value: Decimal
    start_date: dt.date
    end_date: dt.date
    reason: str = ""


@dataclass(frozen=True)
class GrantDetails:
    title: str
    purpose: str
    amount: Decimal
    start_date: dt.date
    end_date: dt.date
    recipient: Organisation
    directorate: Directorate
    manager: User
    decision: Any
    published: bool = True


def _validate(details: ProcurementDetails) -> None:
    errors: dict[str, str] = {}
    if details.procedure in {Procedure.IN_HOUSE, Procedure.GRANT}:
        errors["procedure"] = PROCEDURE_NOT_TENDER
    if details.tender_start and details.tender_end and details.tender_end <= details.tender_start:
        errors["tender_end"] = TENDER_END_BEFORE_START
    if details.contract_start and details.contract_end and details.contract_end <= details.contract_start:
        errors["contract_end"] = CONTRACT_END_BEFORE_START
    if errors:
        raise ValidationError(errors)


def _apply(procurement: Procurement, details: ProcurementDetails) -> None:
    for f in fields(details):
        setattr(procurement, f.name, getattr(details, f.name))
    procurement.title = details.title.strip()
    procurement.description = details.description.strip()


@transaction.atomic
def procurement_create(
    *, details: ProcurementDetails, decision: Any, by: User, form_token: uuid.UUID | None = None
) -> Procurement:
    """A procurement carrying out the option a published decision adopted (its business case and option with it)."""
    claim = claim_form_token(form_token, by=by)
    if decision is None or decision.status != "published" or decision.adopted_option_id is None:
        raise ValidationError({"decision": DECISION_NOT_ADOPTING})
    _validate(details)
    procurement = Procurement(
        adopting_decision=decision, business_case_id=decision.business_case_id, option_id=decision.adopted_option_id
    )
    _apply(procurement, details)
    year = timezone.localdate().year

    def generate() -> str:
        reference = sel.next_procurement_reference(year=year)
        procurement.ocid = sel.ocid_for(reference)
        return reference

    save_with_reference(
        procurement, generate=generate, taken=REFERENCE_TAKEN, by=by, reason=f"Started from decision {decision}"
    )
    claim.made(procurement)
    return procurement


def _fresh(procurement: Procurement, *, version: str | None) -> Procurement:
    fresh = record_edited(procurement, version=version, already_archived=ALREADY_ARCHIVED)
    if fresh.is_awarded:
        raise ValidationError(ALREADY_AWARDED)
    return fresh


@transaction.atomic
def procurement_update(
    *, procurement: Procurement, details: ProcurementDetails, by: User, reason: str = "", version: str | None = None
) -> Procurement:
    fresh = record_edited(procurement, version=version, already_archived=ALREADY_ARCHIVED)
    _validate(details)
    _apply(fresh, details)
    return record_save(fresh, by=by, reason=reason.strip() or "Details updated")


@transaction.atomic
def lot_add(
    *,
    procurement: Procurement,
    title: str,
    estimated_value: Decimal | None,
    by: User,
    form_token: uuid.UUID | None = None,
) -> Lot:
    claim = claim_form_token(form_token, by=by)
    fresh = _fresh(procurement, version=None)
    if not title.strip():
        raise ValidationError({"title": LOT_TITLE_REQUIRED})
    lot = Lot(
        procurement=fresh, number=sel.next_lot_number(fresh), title=title.strip(), estimated_value=estimated_value
    )
    return record_save(lot, by=by, reason="Lot added", claim=claim)


@transaction.atomic
def procurement_criteria_set(
    *, procurement: Procurement, criteria: Sequence[CriterionDetails], by: User, version: str | None = None
) -> Procurement:
    """The evaluation criteria in order, their weights adding up to 100 (``WEIGHTS_NOT_100`` otherwise, nothing
    saved). Criteria cannot change once a bid is scored."""
    fresh = _fresh(procurement, version=version)
    if not criteria:
        raise ValidationError(CRITERIA_REQUIRED)
    total = calc.weight_total([c.weight for c in criteria])
    if total != calc.TOTAL_WEIGHT:
        raise ValidationError({"weights": WEIGHTS_NOT_100.format(total=total)})
    existing = sel.current_criteria(fresh)
    if Score.objects.filter(criterion__in=existing).exists():
        raise ValidationError(CRITERIA_SCORED)
    for position, details in enumerate(criteria, start=1):
        criterion = existing[position - 1] if position <= len(existing) else EvaluationCriterion(procurement=fresh)
        criterion.position, criterion.name, criterion.kind = position, details.name.strip(), details.kind
        criterion.weight = details.weight
        record_save(criterion, by=by, reason="Evaluation criteria set")
    now = timezone.now()
    for criterion in existing[len(criteria) :]:
        criterion.archived_at, criterion.archived_by, criterion.archive_reason = now, by, "Removed from the criteria"
        save_with_history(criterion, by=by, reason="Removed from the criteria")
    return record_save(fresh, by=by, reason="Evaluation criteria set")


@transaction.atomic
def bid_add(
    *,
    procurement: Procurement,
    bidder: Organisation | None,
    in_house: bool,
    by: User,
    form_token: uuid.UUID | None = None,
) -> Bid:
    claim = claim_form_token(form_token, by=by)
    fresh = _fresh(procurement, version=None)
    bids = Bid.objects.filter(procurement=fresh, archived_at__isnull=True)
    if in_house:
        if not fresh.in_house_bid_allowed:
            raise ValidationError({"in_house": IN_HOUSE_NOT_ALLOWED})
        if bids.filter(in_house=True).exists():
            raise ValidationError({"in_house": IN_HOUSE_TWICE})
        bidder = None
    elif bidder is None:
        raise ValidationError({"bidder": BIDDER_REQUIRED})
    elif bids.filter(bidder=bidder).exists():
        raise ValidationError({"bidder": BIDDER_TWICE.format(name=bidder.name)})
    bid = Bid(procurement=fresh, bidder=bidder, in_house=in_house)
    return record_save(bid, by=by, reason="Bid received", claim=claim)


@transaction.atomic
def bid_scores_set(*, bid: Bid, scores: Mapping[int, int | None], by: User) -> Bid:
    """The bid's score (0 to 10) on each current criterion; every criterion must be scored."""
    procurement = _fresh(bid.procurement, version=None)
    criteria = sel.current_criteria(procurement)
    if not criteria or not calc.weights_add_up([c.weight for c in criteria]):
        raise ValidationError(CRITERIA_FIRST)
    missing = {f"score_{c.pk}": SCORE_MISSING.format(name=c.name) for c in criteria if scores.get(c.pk) is None}
    if missing:
        raise ValidationError(missing)
    existing = {s.criterion_id: s for s in Score.objects.select_for_update().filter(bid=bid)}
    for criterion in criteria:
        value = scores[criterion.pk]
        score = existing.get(criterion.pk) or Score(bid=bid, criterion=criterion)
        if score.pk is None or score.score != value:
            score.score = value  # type: ignore[assignment]
            record_save(score, by=by, reason=f"Scored {value} on {criterion.name}")
    return bid


@transaction.atomic
def procurement_award(
    *, procurement: Procurement, details: AwardDetails, by: User, version: str | None = None
) -> Procurement:
    """Award on a published decision, making the register's contract (or in-house plan) through the register's own
    action, linked back to the procurement. The winner is the bid ranked first alone; a council may award to another
    bid (or break a tie) only with a recorded reason. Without a decision, or such a reason, nothing is saved."""
    fresh = _fresh(procurement, version=version)
    decision = details.decision
    if decision is None:
        raise ValidationError({"decision": AWARD_WITHOUT_DECISION})
    if decision.status != "published":
        raise ValidationError({"decision": DECISION_NOT_PUBLISHED.format(reference=decision.reference)})
    bid = details.bid
    if bid is None or bid.procurement_id != fresh.pk or bid.is_archived:
        raise ValidationError({"bid": WINNER_OTHER})
    found = sel.evaluation(fresh)
    if not found.weights_ok or not found.ranking or not all(r.complete for r in found.ranking):
        raise ValidationError({"bid": SCORES_INCOMPLETE})
    chosen = next(r for r in found.ranking if r.key == str(bid.pk))
    reason = details.reason.strip()
    if not reason and chosen.rank != 1:
        raise ValidationError({"reason": WINNER_NOT_BEST.format(name=bid.name, rank=chosen.rank)})
    if not reason and found.best is None:
        raise ValidationError({"reason": WINNER_TIED})
    the_best = chosen.rank == 1 and found.best is not None
    in_house = bid.in_house
    review: Any = fresh.business_case.review if fresh.business_case is not None else None
    services = list(review.services.all()) if review is not None else []
    contract = contract_create(
        details=ContractDetails(
            kind=ContractKind.IN_HOUSE if in_house else ContractKind.CONTRACT,
            title=fresh.title,
            description=fresh.description,
            directorate=fresh.directorate,
            provider=None if in_house else bid.bidder,
            procedure=Procedure.IN_HOUSE if in_house else fresh.procedure,
            total_value=details.total_value,
            annual_value=details.annual_value,
            start_date=details.start_date,
            end_date=details.end_date,
            contract_manager=fresh.lead,
            services=services,
            decision=decision,
            published=fresh.published and not in_house,
        ),
        by=by,
    )
    fresh.contract, fresh.winner, fresh.award_decision = contract, bid, decision
    fresh.award_reason = "" if the_best else reason
    fresh.contract_start, fresh.contract_end = details.start_date, details.end_date
    why = "" if the_best else f", ranked {chosen.rank}, for the reason recorded"
    return record_save(fresh, by=by, reason=f"Awarded to {bid.name} on decision {decision.reference}{why}")


@transaction.atomic
def grant_award_create(*, details: GrantDetails, by: User, form_token: uuid.UUID | None = None) -> GrantAward:
    """A grant to a voluntary or community organisation, on a published decision, making the register's grant."""
    claim = claim_form_token(form_token, by=by)
    errors: dict[str, str] = {}
    if details.decision is None:
        errors["decision"] = GRANT_WITHOUT_DECISION
    elif details.decision.status != "published":
        errors["decision"] = DECISION_NOT_PUBLISHED.format(reference=details.decision.reference)
    if details.end_date <= details.start_date:
        errors["end_date"] = GRANT_END_BEFORE_START
    recipient = details.recipient
    if not (recipient.charity_number or recipient.company_number):
        errors["recipient"] = RECIPIENT_NUMBER.format(name=recipient.name)
    if errors:
        raise ValidationError(errors)
    days = (details.end_date - details.start_date).days + 1
    annual = details.amount if days <= 366 else (details.amount * 365 / days).quantize(Decimal("0.01"))
    contract = contract_create(
        details=ContractDetails(
            kind=ContractKind.GRANT,
            title=details.title,
            description=details.purpose,
            directorate=details.directorate,
            provider=recipient,
            procedure=Procedure.GRANT,
            total_value=details.amount,
            annual_value=min(annual, details.amount),
            start_date=details.start_date,
            end_date=details.end_date,
            contract_manager=details.manager,
            decision=details.decision,
            published=details.published,
        ),
        by=by,
    )
    grant = GrantAward(
        title=details.title.strip(),
        purpose=details.purpose.strip(),
        amount=details.amount,
        start_date=details.start_date,
        end_date=details.end_date,
        recipient=recipient,
        directorate=details.directorate,
        manager=details.manager,
        decision=details.decision,
        contract=contract,
    )
    year = details.start_date.year
    save_with_reference(
        grant,
        generate=lambda: sel.next_grant_reference(year=year),
        taken=REFERENCE_TAKEN,
        by=by,
        reason=f"Grant awarded on decision {details.decision.reference}",
    )
    claim.made(grant)
    return grant
