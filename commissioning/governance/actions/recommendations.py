"""Scrutiny's recommendations: making one, publishing it, the executive's response with its action plan, the
committee's follow-ups until it signs implementation off, and telling the executive of responses due and overdue
(issue 10, ADR 0035). Each action is one transaction; a refusal saves nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.core.actions import record_edited, record_save, record_save_unique
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token
from commissioning.core.notifications import notification_queue
from commissioning.core.permissions import Role, is_democratic
from commissioning.governance.calculations import recommendations as calc
from commissioning.governance.models import (
    ActionProgress,
    ActionStatus,
    AgendaItem,
    Body,
    BodyKind,
    FollowUp,
    ImplementationStatus,
    Meeting,
    Recommendation,
    RecommendationAction,
    RecommendationTo,
    ResponseKind,
)
from commissioning.governance.selectors import recommendations as selectors
from commissioning.governance.selectors.bodies import governance_settings

SCRUTINY_KINDS = frozenset({BodyKind.SCRUTINY, BodyKind.TASK_AND_FINISH})

COMMITTEE_REQUIRED = "Select the scrutiny committee that made the recommendation"
NOT_SCRUTINY = "{body} is not a scrutiny committee: only scrutiny makes recommendations"
NUMBER_REQUIRED = "Enter the recommendation's number"
NUMBER_TAKEN = "{body} already has a recommendation with this number"
TEXT_REQUIRED = "Enter the recommendation"
MADE_ON_REQUIRED = "Enter the date the recommendation was made"
TO_REQUIRED = "Select whether the recommendation is to the executive or to a partner organisation"
EXECUTIVE_REQUIRED = "Select Cabinet, or the cabinet member, the recommendation is made to"
NOT_EXECUTIVE = "{body} is not the executive: select Cabinet or a cabinet member"
PARTNER_REQUIRED = "Enter the name of the partner organisation the recommendation is made to"
MEETING_OF_ANOTHER_BODY = "Select a meeting of {body}, or none"
ITEM_OF_ANOTHER_MEETING = "Select an item on the agenda of the meeting selected, or none"
ARCHIVED = "This recommendation has been archived"
ALREADY_PUBLISHED = "This recommendation was already published on {on}"
MADE = "Recommendation made"
PUBLISHED = "Published"

RESPONSE_NOT_ALLOWED = "Select whether the recommendation is accepted, partly accepted or rejected"
RESPONSE_REASONS_REQUIRED = "Enter the reasons for the response"
RESPONDED_ON_REQUIRED = "Enter the date of the response"
RESPONDED_ON_BEFORE_MADE = "The response cannot be dated before the recommendation was made, {made}"
ALREADY_RESPONDED = "A response was already recorded on {on}"
ONLY_EXECUTIVE_RESPONDS = "Only the executive responds to a recommendation made to it: a cabinet member records it"
ONLY_DEMOCRATIC_RECORDS_PARTNER = "A partner's response is recorded by democratic services"
ACTION_PLAN_REQUIRED = "Enter at least one action of the action plan for an accepted or partly accepted recommendation"
ACTION_TEXT_REQUIRED = "Enter what action {n} is"
ACTION_OWNER_REQUIRED = "Select who owns action {n}, or enter the name of a partner's contact"
ACTION_DUE_REQUIRED = "Enter when action {n} is due"
RESPONDED = "Response recorded: {response}"

ONLY_SCRUTINY_FOLLOWS_UP = "Only scrutiny members follow up a recommendation's implementation"
NOT_BEING_IMPLEMENTED = (
    "This recommendation is not being implemented: it was rejected, has no response yet, or is signed off"
)
HELD_ON_REQUIRED = "Enter the date of the follow-up"
PROGRESS_NOT_ALLOWED = "Select done, in progress or not started for action {n}"
SIGN_OFF_WITH_ACTIONS_OPEN = "Every action must be done before the committee signs the recommendation off: {open}"
FOLLOWED_UP = "Followed up"
SIGNED_OFF = "Implemented and signed off by the committee"


@dataclass(frozen=True)
class RecommendationDetails:
    body: Body | None
    number: str
    text: str
    made_on: dt.date | None
    to: str = RecommendationTo.EXECUTIVE
    executive: Body | None = None
    partner: str = ""
    meeting: Meeting | None = None
    agenda_item: AgendaItem | None = None
    contract_id: int | None = None  # contracts.Contract, by its key (governance imports no contracts)


@dataclass(frozen=True)
class ActionDetails:
    text: str
    owner: User | None = None
    owner_name: str = ""
    due_on: dt.date | None = None


@dataclass(frozen=True)
class ResponseDetails:
    response: str
    reasons: str
    responded_on: dt.date | None
    actions: list[ActionDetails] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    status: str
    note: str = ""


@dataclass(frozen=True)
class FollowUpDetails:
    held_on: dt.date | None
    progress: dict[int, Progress]  # by action id
    signed_off: bool = False
    note: str = ""
    meeting: Meeting | None = None


def _check_recommendation(details: RecommendationDetails) -> None:
    errors: dict[str, str] = {}
    body = details.body
    if body is None:
        errors["body"] = COMMITTEE_REQUIRED
    elif body.kind not in SCRUTINY_KINDS:
        errors["body"] = NOT_SCRUTINY.format(body=body.name)
    if not details.number.strip():
        errors["number"] = NUMBER_REQUIRED
    if not details.text.strip():
        errors["text"] = TEXT_REQUIRED
    if details.made_on is None:
        errors["made_on"] = MADE_ON_REQUIRED
    if details.to == RecommendationTo.EXECUTIVE:
        if details.executive is None:
            errors["executive"] = EXECUTIVE_REQUIRED
        elif not details.executive.is_executive:
            errors["executive"] = NOT_EXECUTIVE.format(body=details.executive.name)
    elif details.to == RecommendationTo.PARTNER:
        if not details.partner.strip():
            errors["partner"] = PARTNER_REQUIRED
    else:
        errors["to"] = TO_REQUIRED
    if body is not None and details.meeting is not None and details.meeting.body_id != body.pk:
        errors["meeting"] = MEETING_OF_ANOTHER_BODY.format(body=body.name)
    if details.agenda_item is not None and (
        details.meeting is None or details.agenda_item.meeting_id != details.meeting.pk
    ):
        errors["agenda_item"] = ITEM_OF_ANOTHER_MEETING
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recommendation_create(
    *, details: RecommendationDetails, by: Any, form_token: uuid.UUID | None = None
) -> Recommendation:
    """Record a scrutiny committee's recommendation; its response is due ``GovernanceSettings.response_months``
    after it was made."""
    claim = claim_form_token(form_token, by=by)
    _check_recommendation(details)
    assert details.body is not None
    assert details.made_on is not None
    to_executive = details.to == RecommendationTo.EXECUTIVE
    recommendation = Recommendation(
        body=details.body,
        number=details.number.strip(),
        text=details.text.strip(),
        made_on=details.made_on,
        to=details.to,
        executive=details.executive if to_executive else None,
        partner="" if to_executive else details.partner.strip(),
        meeting=details.meeting,
        agenda_item=details.agenda_item,
        contract_id=details.contract_id,
        response_due_on=calc.response_due(details.made_on, governance_settings().response_months),
    )
    Body.objects.select_for_update(no_key=True).filter(pk=details.body.pk).first()  # take turns with numbers
    return record_save_unique(
        recommendation,
        constraint="one_recommendation_number",
        field="number",
        taken=NUMBER_TAKEN.format(body=details.body.name),
        by=by,
        reason=MADE,
        claim=claim,
    )


@transaction.atomic
def recommendation_publish(*, recommendation: Recommendation, by: Any, today: dt.date) -> Recommendation:
    recommendation = record_edited(recommendation, version=None, already_archived=ARCHIVED)
    if recommendation.published_on is not None:
        raise ValidationError(ALREADY_PUBLISHED.format(on=f"{recommendation.published_on:%-d %B %Y}"))
    recommendation.published_on = today
    save_with_history(recommendation, by=by, reason=PUBLISHED)
    return recommendation


def _check_responder(recommendation: Recommendation, by: Any) -> None:
    role = getattr(by, "role", None)
    if recommendation.to == RecommendationTo.EXECUTIVE and role != Role.CABINET:
        raise ValidationError(ONLY_EXECUTIVE_RESPONDS, code="permission")
    if recommendation.to == RecommendationTo.PARTNER and not is_democratic(by):
        raise ValidationError(ONLY_DEMOCRATIC_RECORDS_PARTNER, code="permission")


def _check_response(recommendation: Recommendation, details: ResponseDetails) -> None:
    errors: dict[str, str] = {}
    if details.response not in ResponseKind.values:
        errors["response"] = RESPONSE_NOT_ALLOWED
    if not details.reasons.strip():
        errors["reasons"] = RESPONSE_REASONS_REQUIRED
    if details.responded_on is None:
        errors["responded_on"] = RESPONDED_ON_REQUIRED
    elif details.responded_on < recommendation.made_on:
        errors["responded_on"] = RESPONDED_ON_BEFORE_MADE.format(made=f"{recommendation.made_on:%-d %B %Y}")
    for n, action in enumerate(details.actions, start=1):
        if not action.text.strip():
            errors[f"action_{n}_text"] = ACTION_TEXT_REQUIRED.format(n=n)
        if action.owner is None and not action.owner_name.strip():
            errors[f"action_{n}_owner"] = ACTION_OWNER_REQUIRED.format(n=n)
        if action.due_on is None:
            errors[f"action_{n}_due_on"] = ACTION_DUE_REQUIRED.format(n=n)
    if details.response in {ResponseKind.ACCEPTED, ResponseKind.PARTLY_ACCEPTED} and not details.actions:
        errors["action_1_text"] = ACTION_PLAN_REQUIRED
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recommendation_respond(
    *, recommendation: Recommendation, details: ResponseDetails, by: Any, version: str | None = None
) -> Recommendation:
    """Record the response (accepted, partly accepted or rejected, with reasons) and its action plan. Only a cabinet
    member responds for the executive (democratic services record a partner's response); refused, with nothing
    saved, when the response is not one of the three, a reason or an action's owner or date is missing, or a
    response was already recorded. Implementation is first followed up ``follow_up_months`` after the response."""
    _check_responder(recommendation, by)
    recommendation = record_edited(recommendation, version=version, already_archived=ARCHIVED)
    if recommendation.responded_on is not None:
        raise ValidationError(ALREADY_RESPONDED.format(on=f"{recommendation.responded_on:%-d %B %Y}"))
    _check_response(recommendation, details)
    assert details.responded_on is not None
    recommendation.response = details.response
    recommendation.response_reasons = details.reasons.strip()
    recommendation.responded_on = details.responded_on
    recommendation.responded_by = by
    if details.response != ResponseKind.REJECTED:
        recommendation.next_follow_up_on = calc.next_follow_up(
            details.responded_on, governance_settings().follow_up_months
        )
    label = ResponseKind(details.response).label
    record_save(recommendation, by=by, reason=RESPONDED.format(response=label))
    for n, action in enumerate(details.actions, start=1):
        assert action.due_on is not None
        record_save(
            RecommendationAction(
                recommendation=recommendation,
                number=n,
                text=action.text.strip(),
                owner=action.owner,
                owner_name="" if action.owner is not None else action.owner_name.strip(),
                due_on=action.due_on,
            ),
            by=by,
            reason=RESPONDED.format(response=label),
        )
    return recommendation


@transaction.atomic
def recommendation_follow_up(
    *, recommendation: Recommendation, details: FollowUpDetails, by: Any, version: str | None = None
) -> Recommendation:
    """Record a follow-up: progress on each action (done, in progress, not started, with a note) and whether the
    committee signs the recommendation off as implemented (only when every action is done). Otherwise the next
    follow-up is ``follow_up_months`` later. Only scrutiny members follow up."""
    if getattr(by, "role", None) != Role.SCRUTINY:
        raise ValidationError(ONLY_SCRUTINY_FOLLOWS_UP, code="permission")
    recommendation = record_edited(recommendation, version=version, already_archived=ARCHIVED)
    if recommendation.response not in {ResponseKind.ACCEPTED, ResponseKind.PARTLY_ACCEPTED} or (
        recommendation.implementation
    ):
        raise ValidationError(NOT_BEING_IMPLEMENTED)
    actions = list(recommendation.actions.filter(archived_at__isnull=True).order_by("number"))
    errors: dict[str, str] = {}
    if details.held_on is None:
        errors["held_on"] = HELD_ON_REQUIRED
    for action in actions:
        progress = details.progress.get(action.pk)
        if progress is None or progress.status not in ActionStatus.values:
            errors[f"action_{action.pk}_status"] = PROGRESS_NOT_ALLOWED.format(n=action.number)
    if not errors and details.signed_off:
        still_open = [str(a.number) for a in actions if details.progress[a.pk].status != ActionStatus.DONE]
        if still_open:
            errors["signed_off"] = SIGN_OFF_WITH_ACTIONS_OPEN.format(open="action " + ", ".join(still_open))
    if errors:
        raise ValidationError(errors)
    assert details.held_on is not None
    follow_up = record_save(
        FollowUp(
            recommendation=recommendation,
            held_on=details.held_on,
            meeting=details.meeting,
            signed_off=details.signed_off,
            note=details.note.strip(),
            by=by,
        ),
        by=by,
        reason=FOLLOWED_UP,
    )
    for action in actions:
        progress = details.progress[action.pk]
        record_save(
            ActionProgress(follow_up=follow_up, action=action, status=progress.status, note=progress.note.strip()),
            by=by,
            reason=FOLLOWED_UP,
        )
        if action.status != progress.status or (progress.note.strip() and action.note != progress.note.strip()):
            action.status = progress.status
            action.note = progress.note.strip() or action.note
            save_with_history(action, by=by, reason=FOLLOWED_UP)
    if details.signed_off:
        recommendation.implementation = ImplementationStatus.SIGNED_OFF
        recommendation.signed_off_on = details.held_on
        recommendation.next_follow_up_on = None
        save_with_history(recommendation, by=by, reason=SIGNED_OFF)
    else:
        recommendation.next_follow_up_on = calc.next_follow_up(details.held_on, governance_settings().follow_up_months)
        save_with_history(recommendation, by=by, reason=FOLLOWED_UP)
    return recommendation


# Telling the executive --------------------------------------------------------------------------------------------

DUE_SOON = "due_soon"
OVERDUE = "overdue"


def recommendations_notify_due(*, today: dt.date | None = None) -> int:
    """Tell the executive's members of each recommendation whose response is due within ten days, and again when it
    is overdue: once each (``Recommendation.notified``), so running it more often sends nothing twice. Each
    recommendation is its own transaction. Returns how many recommendations were notified."""
    today = today or selectors.today()
    told = 0
    for recommendation in list(selectors.responses_to_notify(on=today)):
        state = OVERDUE if recommendation.response_due_on < today else DUE_SOON
        if recommendation.notified != state:
            told += _notify(recommendation, state=state, today=today)
    return told


@transaction.atomic
def _notify(recommendation: Recommendation, *, state: str, today: dt.date) -> int:
    recommendation = Recommendation.objects.select_for_update(of=("self",)).get(pk=recommendation.pk)
    if recommendation.notified == state or recommendation.response:
        return 0
    recommendation.notified = state
    save_with_history(
        recommendation,
        by=None,
        reason="Executive told: response overdue" if state == OVERDUE else ("Executive told: response due soon"),
    )
    for user in selectors.executive_members(recommendation, on=today):
        notification_queue(
            to_user=user,
            template=f"governance/email/recommendation_{state}",
            context={"recommendation": recommendation, "body": recommendation.body},
            about=recommendation,
        )
    return 1
