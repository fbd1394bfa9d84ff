"""Writes for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in.

Rules kept here:

- A decision is recorded as a draft, edited while a draft, then published. A published decision is never changed:
  a correction is a new version (``decision_correct``) with its reason; publishing it marks the old version
  superseded. Both stay readable.
- The vote: a decision by one person (a portfolio holder, an officer) has none; a body's counts cannot exceed its
  members on the day (Full Council: the councillors).
- Key decisions (computed: value at or over the threshold, or significant in two or more wards) need 28 clear days
  on the forward plan, or the general exception (scrutiny chair told, five clear days) or special urgency (scrutiny
  chair agreed), before they are published.
- Call-in applies to executive decisions: Cabinet's and a portfolio holder's, and officers' key decisions (taken
  under executive delegation). Other decisions may be implemented from publication. A correction keeps the window of
  the version it corrects; a reconsideration after call-in is not called in again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commissioning.accounts.models import Councillor, Ward
from commissioning.appraisals import selectors as appraisal_selectors
from commissioning.appraisals.models import BusinessCase, Option
from commissioning.core import hooks
from commissioning.core.actions import record_edited, record_save
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token, lock_for_update
from commissioning.core.formatting import date as format_date
from commissioning.governance.calculations import decisions as calculations
from commissioning.governance.models import (
    AgendaItem,
    Body,
    BodyKind,
    CallIn,
    CallInOutcome,
    Decision,
    DecisionStatus,
    Declaration,
    ForwardPlanEntry,
    ForwardPlanStatus,
    MakerKind,
    Meeting,
    MemberRole,
    Membership,
    NamedVote,
    Resolution,
    Urgency,
)
from commissioning.governance.selectors.bodies import governance_settings
from commissioning.governance.selectors.decisions import (
    next_forward_plan_reference,
    next_reference,
    open_call_ins,
)
from commissioning.reviews.models import CommissioningReview, ProgrammeScenario

# Messages ---------------------------------------------------------------------------------------------------------

BODY_REQUIRED = "Select the body that took the decision"
BODY_CANNOT_DECIDE = "{body} does not take decisions: select Council, Cabinet, a cabinet member or a committee"
PORTFOLIO_HOLDER_REQUIRED = "Select the cabinet member (portfolio holder) who took the decision"
OFFICER_REQUIRED = "Select the officer who took the decision"
DELEGATION_REQUIRED = "Enter the delegated power the officer used"
REASONS_REQUIRED = "Enter the reasons for the decision"
CASE_NOT_SUBMITTED = "Select a submitted business case version: a draft can still change, so no decision rests on it"
CASE_OF_ANOTHER_REVIEW = "This business case version belongs to another review"
CASE_NEEDS_REVIEW = "Select the review the business case belongs to"
OPTION_NOT_IN_CASE = "Select an option appraised for this business case"
OPTION_NEEDS_CASE = "Select the business case version the option was adopted from"
NO_VOTE_FOR_ONE_PERSON = "A decision taken by one person has no vote: leave the vote counts empty"
VOTES_EXCEED_MEMBERS = "The votes add up to {total}, but {body} had {members} members on {date}"
DECIDED_BEFORE_NOTICE = (
    "This decision is dated {date}, before its forward plan notice allows: the entry was first published on "
    "{published}, so the earliest date is {earliest}"
)
KEY_WITHOUT_NOTICE = (
    "This key decision had {days} clear days' notice on the forward plan, fewer than {needed}: record the general "
    "exception or special urgency before publishing it"
)
KEY_NOT_ON_PLAN = (
    "This key decision is not on the forward plan: record the general exception or special urgency before publishing it"
)
CHAIR_TOLD_REQUIRED = "Enter the date the scrutiny chair was told (general exception)"
CHAIR_TOLD_TOO_LATE = (
    "The scrutiny chair was told {days} clear days before the decision; the general exception needs {needed}"
)
URGENCY_AGREED_REQUIRED = "Enter who agreed that the decision is urgent (the scrutiny chair)"
RESOLUTION_TEXT_REQUIRED = "Enter the text of resolution {number}"
PUBLISHED_IS_FINAL = (
    "{reference} was published on {date}: a published decision cannot be changed. Correct it as a new version instead"
)
ALREADY_PUBLISHED = "{reference} is already published"
ADOPTS_UNADDRESSED_NEGATIVE = (
    "This decision adopts {option}, whose equality impact assessment finds a negative impact on {characteristics}"
    " with no recorded mitigation or justification: record them in the assessment before publishing"
)
ONLY_PUBLISHED_CORRECTED = "Only a published decision can be corrected: edit the draft instead"
NOT_THE_CURRENT_VERSION = "Version {version} has been superseded: correct the current version"
CORRECTION_PENDING = "A correction of this decision (version {version}) is already being drafted"
CHANGE_REASON_REQUIRED = "Enter why this version replaces the one before it"

CALL_IN_DRAFT = "A draft decision cannot be called in: it has not been published"
CALL_IN_NOT_EXECUTIVE = "Only executive decisions can be called in: {maker}'s decisions are not subject to call-in"
CALL_IN_NOT_SCRUTINY = "Only members of an overview and scrutiny committee can call in a decision"
CALL_IN_TOO_LATE = "The call-in period for this decision ended on {date}"
CALL_IN_ALREADY_OPEN = "This decision has already been called in: the call-in is awaiting the scrutiny committee"
CALL_IN_SUPERSEDED = "This version has been superseded: call in the current version"
GROUNDS_REQUIRED = "Enter the grounds for the call-in"
CO_SIGNATORY_NOT_SCRUTINY = "{name} does not sit on an overview and scrutiny committee"
TOO_FEW_MEMBERS = "A call-in needs {needed} scrutiny members (or the scrutiny chair alone): {count} named"
OUTCOME_REQUIRED = "Select the outcome of the scrutiny meeting"
OUTCOME_ALREADY = "The outcome of this call-in has already been recorded"
RECOMMENDATIONS_REQUIRED = "Enter the committee's recommendations to the decision maker"
OUTCOME_BEFORE_CALL_IN = "The committee cannot decide on a call-in before it was made, on {date}"
NOT_REFERRED = "Only a call-in referred back or to full Council is reconsidered by the decision maker"
ALREADY_RECONSIDERED = "The decision maker has already reconsidered this decision"

PLAN_MATTER_REQUIRED = "Enter the matter to be decided"
PLAN_MAKER_EXECUTIVE = "Key decisions on the forward plan are taken by Cabinet or a cabinet member"
PLAN_ALREADY_PUBLISHED = "This entry is already on the published forward plan"
PLAN_NOT_PLANNED = "{reference} can no longer be changed: its decision is {status}"

RECORDED = "Recorded"
UPDATED = "Updated"
PUBLISHED = "Published"
SUPERSEDED_BY = "Superseded by version {version}"
CALLED_IN = "Called in: implementation held"
CALL_IN_CLOSED = "Call-in closed: no further action"


# What the forms hand over -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionDetails:
    number: int
    text: str
    amount: Decimal | None = None
    one_off: bool = False
    funded_by: str = ""


@dataclass(frozen=True)
class DeclarationDetails:
    councillor: Councillor
    kind: str
    interest: str
    action: str


@dataclass(frozen=True)
class DecisionDetails:
    title: str
    maker_kind: str
    decided_on: dt.date
    reasons: str
    body: Body | None = None
    officer: Any = None
    delegation: str = ""
    summary: str = ""
    category: str = "other"
    meeting: Meeting | None = None
    agenda_item: AgendaItem | None = None
    review: CommissioningReview | None = None
    business_case: BusinessCase | None = None
    adopted_option: Option | None = None
    scenario: ProgrammeScenario | None = None
    report: str = ""
    options_rejected: str = ""
    value: Decimal | None = None
    wards: Sequence[Ward] = ()
    forward_plan_entry: ForwardPlanEntry | None = None
    urgency: str = Urgency.NONE
    scrutiny_chair_told_on: dt.date | None = None
    urgency_agreed_by: str = ""
    exempt_paragraph: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstained: int | None = None
    votes_absent: int | None = None
    resolutions: Sequence[ResolutionDetails] = ()
    named_votes: Sequence[tuple[Councillor, str]] = ()
    declarations: Sequence[DeclarationDetails] = field(default_factory=tuple)


_COPIED = [
    "title",
    "summary",
    "category",
    "maker_kind",
    "body",
    "officer",
    "delegation",
    "meeting",
    "agenda_item",
    "decided_on",
    "review",
    "business_case",
    "adopted_option",
    "scenario",
    "report",
    "options_rejected",
    "reasons",
    "value",
    "forward_plan_entry",
    "urgency",
    "scrutiny_chair_told_on",
    "urgency_agreed_by",
    "exempt_paragraph",
    "votes_for",
    "votes_against",
    "votes_abstained",
    "votes_absent",
]


# Checks -----------------------------------------------------------------------------------------------------------


def members_on(body: Body, day: dt.date) -> int:
    """How many members could vote on the body on the day: Full Council is every councillor; any other body its
    current councillor seats (chair, vice-chair, members)."""
    if body.kind == BodyKind.COUNCIL:
        return Councillor.objects.filter(archived_at__isnull=True).count()
    return (
        Membership.objects.filter(
            body=body,
            councillor__isnull=False,
            role__in=[MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER],
            starts_on__lte=day,
            archived_at__isnull=True,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .count()
    )


def _is_one_person(details: DecisionDetails) -> bool:
    return details.maker_kind != MakerKind.BODY or (
        details.body is not None and details.body.kind == BodyKind.PORTFOLIO_HOLDER
    )


def _check_maker(details: DecisionDetails, errors: dict[str, list[str]]) -> None:
    if details.maker_kind == MakerKind.OFFICER:
        if details.officer is None:
            errors.setdefault("officer", []).append(OFFICER_REQUIRED)
        if not details.delegation.strip():
            errors.setdefault("delegation", []).append(DELEGATION_REQUIRED)
        return
    if details.body is None:
        message = PORTFOLIO_HOLDER_REQUIRED if details.maker_kind == MakerKind.PORTFOLIO_HOLDER else BODY_REQUIRED
        errors.setdefault("body", []).append(message)
    elif not details.body.can_decide:
        errors.setdefault("body", []).append(BODY_CANNOT_DECIDE.format(body=details.body))
    elif details.maker_kind == MakerKind.PORTFOLIO_HOLDER and details.body.kind != BodyKind.PORTFOLIO_HOLDER:
        errors.setdefault("body", []).append(PORTFOLIO_HOLDER_REQUIRED)


def _check_case(details: DecisionDetails, errors: dict[str, list[str]]) -> None:
    case, option = details.business_case, details.adopted_option
    if case is not None:
        if not case.is_submitted:
            errors.setdefault("business_case", []).append(CASE_NOT_SUBMITTED)
        elif details.review is None:
            errors.setdefault("review", []).append(CASE_NEEDS_REVIEW)
        elif case.review_id != details.review.pk:
            errors.setdefault("business_case", []).append(CASE_OF_ANOTHER_REVIEW)
    if option is not None:
        if case is None:
            errors.setdefault("business_case", []).append(OPTION_NEEDS_CASE)
        elif option.appraisal.review_id != case.review_id:
            errors.setdefault("adopted_option", []).append(OPTION_NOT_IN_CASE)


def _check_vote(details: DecisionDetails, errors: dict[str, list[str]]) -> None:
    counts = [details.votes_for, details.votes_against, details.votes_abstained, details.votes_absent]
    given = [count for count in counts if count is not None]
    if not given and not details.named_votes:
        return
    if _is_one_person(details):
        errors.setdefault("votes_for", []).append(NO_VOTE_FOR_ONE_PERSON)
        return
    if details.body is None:
        return
    total = sum(given)
    members = members_on(details.body, details.decided_on)
    if total > members:
        errors.setdefault("votes_for", []).append(
            VOTES_EXCEED_MEMBERS.format(
                total=total, body=details.body, members=members, date=format_date(details.decided_on)
            )
        )


def _check_notice(details: DecisionDetails, errors: dict[str, list[str]]) -> None:
    entry = details.forward_plan_entry
    days = governance_settings().forward_plan_clear_days
    if (
        entry is not None
        and entry.first_published_on is not None
        and details.urgency == Urgency.NONE
        and not calculations.notice_given(
            first_published_on=entry.first_published_on, decided_on=details.decided_on, clear_days=days
        )
    ):
        earliest = calculations.earliest_decision_day(first_published_on=entry.first_published_on, clear_days=days)
        errors.setdefault("decided_on", []).append(
            DECIDED_BEFORE_NOTICE.format(
                date=format_date(details.decided_on),
                published=format_date(entry.first_published_on),
                earliest=format_date(earliest),
            )
        )
    if details.urgency == Urgency.GENERAL_EXCEPTION:
        told = details.scrutiny_chair_told_on
        needed = governance_settings().general_exception_clear_days
        if told is None:
            errors.setdefault("scrutiny_chair_told_on", []).append(CHAIR_TOLD_REQUIRED)
        else:
            clear = calculations.clear_days_before(given=told, event=details.decided_on)
            if clear < needed:
                errors.setdefault("scrutiny_chair_told_on", []).append(
                    CHAIR_TOLD_TOO_LATE.format(days=max(clear, 0), needed=needed)
                )
    if details.urgency == Urgency.SPECIAL_URGENCY and not details.urgency_agreed_by.strip():
        errors.setdefault("urgency_agreed_by", []).append(URGENCY_AGREED_REQUIRED)


def _check(details: DecisionDetails) -> None:
    errors: dict[str, list[str]] = {}
    _check_maker(details, errors)
    if not details.reasons.strip():
        errors.setdefault("reasons", []).append(REASONS_REQUIRED)
    _check_case(details, errors)
    _check_vote(details, errors)
    _check_notice(details, errors)
    for resolution in details.resolutions:
        if not resolution.text.strip():
            errors.setdefault("resolutions", []).append(RESOLUTION_TEXT_REQUIRED.format(number=resolution.number))
    if errors:
        raise ValidationError(errors)


def _key_reason(details: DecisionDetails) -> str:
    threshold = governance_settings().key_decision_threshold
    executive = details.maker_kind == MakerKind.OFFICER or (details.body is not None and details.body.is_executive)
    return calculations.key_reason(
        value=details.value, threshold=threshold, wards=len(details.wards), executive=executive
    )


def _apply(decision: Decision, details: DecisionDetails) -> None:
    for name in _COPIED:
        setattr(decision, name, getattr(details, name))
    if decision.maker_kind == MakerKind.OFFICER:
        decision.body = None
    else:
        decision.officer = None
    decision.key_reason = _key_reason(details)


def _write_parts(decision: Decision, details: DecisionDetails) -> None:
    """The resolutions, named votes and declarations of a draft, replaced as a whole (records are never deleted:
    those no longer wanted are archived; the decision's own history entry records the change)."""
    now = timezone.now()
    resolutions = {r.number: r for r in Resolution.objects.filter(decision=decision)}
    changed: list[Resolution] = []
    added: list[Resolution] = []
    for wanted in details.resolutions:
        row = resolutions.pop(wanted.number, None) or Resolution(decision=decision, number=wanted.number)
        row.text, row.amount, row.one_off = wanted.text.strip(), wanted.amount, wanted.one_off
        row.funded_by, row.archived_at = wanted.funded_by.strip(), None
        (added if row.pk is None else changed).append(row)
    for row in resolutions.values():
        row.archived_at = now
        changed.append(row)
    Resolution.objects.bulk_update(changed, ["text", "amount", "one_off", "funded_by", "archived_at"])
    Resolution.objects.bulk_create(added)

    votes = {v.councillor_id: v for v in NamedVote.objects.filter(decision=decision)}
    changed_votes: list[NamedVote] = []
    added_votes: list[NamedVote] = []
    for councillor, cast in details.named_votes:
        vote = votes.pop(councillor.pk, None) or NamedVote(decision=decision, councillor=councillor)
        vote.vote, vote.archived_at = cast, None
        (added_votes if vote.pk is None else changed_votes).append(vote)
    for vote in votes.values():
        vote.archived_at = now
        changed_votes.append(vote)
    NamedVote.objects.bulk_update(changed_votes, ["vote", "archived_at"])
    NamedVote.objects.bulk_create(added_votes)

    Declaration.objects.filter(decision=decision, archived_at__isnull=True).update(archived_at=now)
    Declaration.objects.bulk_create(
        Declaration(decision=decision, councillor=d.councillor, kind=d.kind, interest=d.interest, action=d.action)
        for d in details.declarations
    )


def _details_of(decision: Decision) -> DecisionDetails:
    """A decision's details as a new version starts from them."""
    return DecisionDetails(
        **{name: getattr(decision, name) for name in _COPIED},
        wards=list(decision.wards.all()),
        resolutions=[
            ResolutionDetails(number=r.number, text=r.text, amount=r.amount, one_off=r.one_off, funded_by=r.funded_by)
            for r in decision.resolutions.filter(archived_at__isnull=True).order_by("number")
        ],
        named_votes=[
            (v.councillor, v.vote)
            for v in decision.named_votes.filter(archived_at__isnull=True).select_related("councillor")
        ],
        declarations=[
            DeclarationDetails(councillor=d.councillor, kind=d.kind, interest=d.interest, action=d.action)
            for d in decision.declarations.filter(archived_at__isnull=True).select_related("councillor")
        ],
    )


# Decisions --------------------------------------------------------------------------------------------------------


@transaction.atomic
def decision_create(*, details: DecisionDetails, by: Any, form_token: Any = None) -> Decision:
    """Record a draft decision (a new reference, version 1)."""
    claim = claim_form_token(form_token, by=by)
    _check(details)
    decision = Decision(reference=next_reference(details.decided_on.year), version=1, status=DecisionStatus.DRAFT)
    _apply(decision, details)
    record_save(decision, by=by, reason=RECORDED, m2m={"wards": list(details.wards)}, claim=claim)
    _write_parts(decision, details)
    return decision


def _refuse_if_published(decision: Decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(
            PUBLISHED_IS_FINAL.format(
                reference=decision.reference, date=format_date(decision.published_on) if decision.published_on else ""
            )
        )


@transaction.atomic
def decision_update(*, decision: Decision, details: DecisionDetails, by: Any, version: str | None) -> Decision:
    """Change a draft. A published decision is refused (``PUBLISHED_IS_FINAL``): it is corrected as a new version."""
    _refuse_if_published(decision)
    fresh = record_edited(decision, version=version, already_archived=PUBLISHED_IS_FINAL)
    _refuse_if_published(fresh)
    _check(details)
    _apply(fresh, details)
    record_save(fresh, by=by, reason=UPDATED, m2m={"wards": list(details.wards)})
    _write_parts(fresh, details)
    return fresh


def is_subject_to_call_in(decision: Decision) -> bool:
    """Executive decisions: Cabinet's, a portfolio holder's, and an officer's key decision (executive delegation)."""
    if decision.maker_kind == MakerKind.OFFICER:
        return decision.is_key
    return decision.body is not None and decision.body.is_executive


def _check_key_notice(decision: Decision) -> None:
    if not decision.is_key or decision.urgency != Urgency.NONE:
        return
    needed = governance_settings().forward_plan_clear_days
    entry = decision.forward_plan_entry
    if entry is None or entry.first_published_on is None:
        raise ValidationError({"urgency": KEY_NOT_ON_PLAN})
    days = calculations.clear_days_before(given=entry.first_published_on, event=decision.decided_on)
    if days < needed:
        raise ValidationError({"urgency": KEY_WITHOUT_NOTICE.format(days=max(days, 0), needed=needed)})


def _check_equality_impact(decision: Decision) -> None:
    """A decision that adopts an option whose equality impact assessment leaves a negative impact neither mitigated
    nor justified cannot be published (ADR 0036)."""
    if decision.adopted_option_id is None:
        return
    unaddressed = appraisal_selectors.unaddressed_negatives_of_option(option_id=decision.adopted_option_id)
    if unaddressed:
        raise ValidationError(
            ADOPTS_UNADDRESSED_NEGATIVE.format(
                option=decision.adopted_option.name,  # type: ignore[union-attr]
                characteristics=appraisal_selectors.characteristics_named(unaddressed),
            )
        )


@transaction.atomic
def decision_publish(*, decision: Decision, by: Any, today: dt.date, version: str | None = None) -> Decision:
    """Publish a draft: the publication date, the call-in deadline and the date it may be implemented from. A key
    decision without its forward plan notice is refused unless the general exception or special urgency is
    recorded. Publishing a new version marks the version it supersedes as superseded."""
    fresh = lock_for_update(Decision, pk=decision.pk, version=version)
    if fresh.status != DecisionStatus.DRAFT:
        raise ValidationError(ALREADY_PUBLISHED.format(reference=fresh.reference))
    _check_key_notice(fresh)
    _check_equality_impact(fresh)
    fresh.status = DecisionStatus.PUBLISHED
    fresh.published_on = today
    fresh.published_by = by
    previous = fresh.supersedes
    reconsideration = CallIn.objects.filter(reconsidered_as=fresh).exists()
    if previous is not None and previous.published_on is not None and not reconsideration:
        # A correction: the window already running (or closed) is the one that counts.
        fresh.call_in_deadline = previous.call_in_deadline
        fresh.implementable_from = previous.implementable_from
    elif reconsideration or not is_subject_to_call_in(fresh):
        fresh.call_in_deadline = None
        fresh.implementable_from = today
    else:
        window = calculations.call_in_window(
            published_on=today, working_days=governance_settings().call_in_working_days
        )
        fresh.call_in_deadline = window.deadline
        fresh.implementable_from = window.implementable_from
    if not reconsideration and open_call_ins(fresh).exists():
        fresh.implementable_from = None  # a correction while a call-in is open stays held
    save_with_history(fresh, by=by, reason=PUBLISHED)
    if previous is not None and previous.status == DecisionStatus.PUBLISHED:
        previous.status = DecisionStatus.SUPERSEDED
        save_with_history(previous, by=by, reason=SUPERSEDED_BY.format(version=fresh.version))
    if fresh.forward_plan_entry is not None and fresh.forward_plan_entry.status == ForwardPlanStatus.PLANNED:
        entry = fresh.forward_plan_entry
        entry.status = ForwardPlanStatus.TAKEN
        save_with_history(entry, by=by, reason=PUBLISHED)
    if fresh.adopted_option_id is not None and fresh.business_case_id is not None:
        # The savings the adopted option promised become savings lines (finance registers the hook; ADR 0024).
        hooks.run(hooks.BUSINESS_CASE_ADOPTED, decision=fresh, by=by)
    return fresh


def _new_version(decision: Decision, *, reason: str, by: Any) -> Decision:
    if not reason.strip():
        raise ValidationError({"change_reason": CHANGE_REASON_REQUIRED})
    if decision.status == DecisionStatus.DRAFT:
        raise ValidationError(ONLY_PUBLISHED_CORRECTED)
    if decision.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(NOT_THE_CURRENT_VERSION.format(version=decision.version))
    pending = Decision.objects.filter(supersedes=decision).first()
    if pending is not None:
        raise ValidationError(CORRECTION_PENDING.format(version=pending.version))
    details = _details_of(decision)
    new = Decision(
        reference=decision.reference,
        version=decision.version + 1,
        supersedes=decision,
        change_reason=reason.strip(),
        status=DecisionStatus.DRAFT,
    )
    _apply(new, details)
    new.key_reason = decision.key_reason
    record_save(new, by=by, reason=reason.strip(), m2m={"wards": list(details.wards)})
    _write_parts(new, details)
    return new


@transaction.atomic
def decision_correct(*, decision: Decision, by: Any, reason: str) -> Decision:
    """Start a correction of a published decision: a new draft version with the reason, copied from it, to be edited
    and published (which supersedes the old one)."""
    fresh = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    return _new_version(fresh, reason=reason, by=by)


# Call-in ----------------------------------------------------------------------------------------------------------


def scrutiny_memberships(councillors: Sequence[Councillor], on: dt.date) -> dict[int, str]:
    """The councillors who sit on a scrutiny committee on the day, with their role (the chair's role wins)."""
    seats = (
        Membership.objects.filter(
            body__kind=BodyKind.SCRUTINY,
            councillor__in=councillors,
            starts_on__lte=on,
            archived_at__isnull=True,
            role__in=[MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER],
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values_list("councillor_id", "role")
    )
    found: dict[int, str] = {}
    for councillor_id, role in seats:
        if found.get(councillor_id) != MemberRole.CHAIR:
            found[councillor_id] = role
    return found


def scrutiny_councillor(user: Any, on: dt.date) -> Councillor | None:
    """The user's councillor when they are a scrutiny member sitting on a scrutiny committee, else None."""
    if getattr(user, "role", None) != "scrutiny":
        return None
    councillor = Councillor.objects.filter(user=user).first()
    if councillor is None or councillor.pk not in scrutiny_memberships([councillor], on):
        return None
    return councillor


@transaction.atomic
def call_in_make(
    *, decision: Decision, by: Any, grounds: str, co_signatories: Sequence[Councillor], today: dt.date
) -> CallIn:
    """A scrutiny member calls in an executive decision within the window, with co-signatories (the scrutiny chair
    alone is enough). Implementation is held until the call-in closes."""
    fresh = Decision.objects.select_for_update(of=("self",)).select_related("body", "officer").get(pk=decision.pk)
    if fresh.status == DecisionStatus.DRAFT:
        raise ValidationError(CALL_IN_DRAFT)
    if fresh.status == DecisionStatus.SUPERSEDED:
        raise ValidationError(CALL_IN_SUPERSEDED)
    if fresh.call_in_deadline is None:
        maker = fresh.body or fresh.officer
        raise ValidationError(CALL_IN_NOT_EXECUTIVE.format(maker=maker))
    caller = scrutiny_councillor(by, today)
    if caller is None:
        raise ValidationError(CALL_IN_NOT_SCRUTINY)
    if today > fresh.call_in_deadline:
        raise ValidationError(CALL_IN_TOO_LATE.format(date=format_date(fresh.call_in_deadline)))
    if open_call_ins(fresh).exists():
        raise ValidationError(CALL_IN_ALREADY_OPEN)
    errors: dict[str, list[str]] = {}
    if not grounds.strip():
        errors["grounds"] = [GROUNDS_REQUIRED]
    members = [caller, *[c for c in co_signatories if c.pk != caller.pk]]
    seats = scrutiny_memberships(members, today)
    for councillor in members[1:]:
        if councillor.pk not in seats:
            errors.setdefault("co_signatories", []).append(CO_SIGNATORY_NOT_SCRUTINY.format(name=councillor.name))
    needed = governance_settings().call_in_members
    if seats.get(caller.pk) != MemberRole.CHAIR and len(members) < needed:
        errors.setdefault("co_signatories", []).append(TOO_FEW_MEMBERS.format(needed=needed, count=len(members)))
    if errors:
        raise ValidationError(errors)
    call_in = CallIn(decision=fresh, grounds=grounds.strip(), made_on=today, made_by=by)
    save_with_history(call_in, by=by, reason=RECORDED, m2m={"members": members})
    fresh.implementable_from = None
    save_with_history(fresh, by=by, reason=CALLED_IN)
    return call_in


@transaction.atomic
def call_in_record_outcome(
    *,
    call_in: CallIn,
    by: Any,
    outcome: str,
    meeting: Meeting | None,
    recommendations: str,
    outcome_on: dt.date,
) -> CallIn:
    """The scrutiny meeting's outcome. No further action lets the decision be implemented (from the next working day
    after the meeting, never before the window closed); a referral holds it until the decision maker reconsiders."""
    fresh = CallIn.objects.select_for_update(of=("self",)).get(pk=call_in.pk)
    if fresh.outcome:
        raise ValidationError(OUTCOME_ALREADY)
    if not outcome:
        raise ValidationError({"outcome": OUTCOME_REQUIRED})
    if outcome != CallInOutcome.NO_FURTHER_ACTION and not recommendations.strip():
        raise ValidationError({"recommendations": RECOMMENDATIONS_REQUIRED})
    if outcome_on < fresh.made_on:
        raise ValidationError({"outcome_on": OUTCOME_BEFORE_CALL_IN.format(date=format_date(fresh.made_on))})
    fresh.outcome, fresh.meeting, fresh.outcome_on = outcome, meeting, outcome_on
    fresh.recommendations = recommendations.strip()
    save_with_history(fresh, by=by, reason=fresh.get_outcome_display())
    if outcome == CallInOutcome.NO_FURTHER_ACTION:
        decision = Decision.objects.select_for_update(of=("self",)).get(pk=fresh.decision_id)
        earliest = calculations.next_working_day(outcome_on)
        if decision.call_in_deadline is not None:
            earliest = max(earliest, calculations.next_working_day(decision.call_in_deadline))
        decision.implementable_from = earliest
        save_with_history(decision, by=by, reason=CALL_IN_CLOSED)
    return fresh


@transaction.atomic
def call_in_reconsider(*, call_in: CallIn, by: Any, reason: str) -> Decision:
    """The decision maker reconsiders a referred decision: a new draft version linked as the call-in's
    ``reconsidered_as``; publishing it ends the call-in (it is not called in again)."""
    fresh = CallIn.objects.select_for_update(of=("self",)).get(pk=call_in.pk)
    if fresh.outcome not in {CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL}:
        raise ValidationError(NOT_REFERRED)
    if fresh.reconsidered_as_id is not None:
        raise ValidationError(ALREADY_RECONSIDERED)
    decision = Decision.objects.select_for_update(of=("self",)).get(pk=fresh.decision_id)
    new = _new_version(decision, reason=reason, by=by)
    fresh.reconsidered_as = new
    save_with_history(fresh, by=by, reason=reason.strip())
    return new


# Forward plan -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardPlanDetails:
    matter: str
    decision_maker: Body
    planned_on: dt.date
    contact_officer: Any
    summary: str = ""
    documents: str = ""
    review: CommissioningReview | None = None
    wards: Sequence[Ward] = ()
    exempt_paragraph: str = ""


def _check_plan(details: ForwardPlanDetails) -> None:
    errors: dict[str, list[str]] = {}
    if not details.matter.strip():
        errors["matter"] = [PLAN_MATTER_REQUIRED]
    if not details.decision_maker.is_executive:
        errors["decision_maker"] = [PLAN_MAKER_EXECUTIVE]
    if errors:
        raise ValidationError(errors)


def _apply_plan(entry: ForwardPlanEntry, details: ForwardPlanDetails) -> None:
    for name in ("matter", "decision_maker", "planned_on", "contact_officer", "summary", "documents", "review"):
        setattr(entry, name, getattr(details, name))
    entry.exempt_paragraph = details.exempt_paragraph


@transaction.atomic
def forward_plan_entry_create(
    *, details: ForwardPlanDetails, by: Any, publish_on: dt.date | None, form_token: Any = None
) -> ForwardPlanEntry:
    """Add a key decision to the forward plan; ``publish_on`` (today, usually) puts it on the public plan."""
    claim = claim_form_token(form_token, by=by)
    _check_plan(details)
    entry = ForwardPlanEntry(reference=next_forward_plan_reference(details.planned_on.year))
    _apply_plan(entry, details)
    entry.first_published_on = publish_on
    return record_save(entry, by=by, reason=RECORDED, m2m={"wards": list(details.wards)}, claim=claim)


def plan_not_planned(entry: ForwardPlanEntry) -> str | None:
    """Why the entry can no longer be changed (its decision is taken or withdrawn), or None while it is planned."""
    if entry.status == ForwardPlanStatus.PLANNED:
        return None
    status = "withdrawn" if entry.status == ForwardPlanStatus.WITHDRAWN else "taken"
    return PLAN_NOT_PLANNED.format(reference=entry.reference, status=status)


@transaction.atomic
def forward_plan_entry_update(
    *, entry: ForwardPlanEntry, details: ForwardPlanDetails, by: Any, version: str | None
) -> ForwardPlanEntry:
    """Change a planned entry; one whose decision is taken or withdrawn is refused (``PLAN_NOT_PLANNED``)."""
    fresh = record_edited(entry, version=version, already_archived=PLAN_ALREADY_PUBLISHED)
    if refusal := plan_not_planned(fresh):
        raise ValidationError(refusal)
    _check_plan(details)
    _apply_plan(fresh, details)
    return record_save(fresh, by=by, reason=UPDATED, m2m={"wards": list(details.wards)})


@transaction.atomic
def forward_plan_entry_publish(*, entry: ForwardPlanEntry, by: Any, today: dt.date) -> ForwardPlanEntry:
    """Put an entry on the public forward plan: its notice runs from today."""
    fresh = ForwardPlanEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    if fresh.first_published_on is not None:
        raise ValidationError(PLAN_ALREADY_PUBLISHED)
    fresh.first_published_on = today
    save_with_history(fresh, by=by, reason=PUBLISHED)
    return fresh
