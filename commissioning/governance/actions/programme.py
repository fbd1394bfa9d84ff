"""Adopting a programme scenario as the council's programme of commissioning reviews (issue 11, ADR 0023).

The executive adopts it by a recorded decision: the decision (Cabinet's or a cabinet member's) is recorded and
published with its key to the scenario, reviews' ``programme_scenario_adopt`` creates or re-plans the reviews with
their quarters (and supersedes the programme adopted before), and each of those reviews whose decision will be a key
decision (the same rule as a decision's: ``calculations.key_reason`` on the services' gross budget and wards) gets
a forward plan entry, created or moved to the quarter the review ends. All in one transaction: a refusal anywhere
saves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.actions import record_save
from commissioning.core.audit import save_with_history
from commissioning.governance.actions.decisions import DecisionDetails, decision_create, decision_publish
from commissioning.governance.calculations import decisions as calculations
from commissioning.governance.models import (
    Body,
    BodyKind,
    Decision,
    DecisionCategory,
    ForwardPlanEntry,
    ForwardPlanStatus,
    MakerKind,
    Meeting,
)
from commissioning.governance.selectors.bodies import governance_settings
from commissioning.governance.selectors.decisions import next_forward_plan_reference
from commissioning.reviews.actions import AdoptedReview, programme_scenario_adopt
from commissioning.reviews.models import ProgrammeScenario
from commissioning.services.models import Service

ADOPT_BODY_REQUIRED = "Select Cabinet, or the cabinet member, adopting the programme"
ADOPT_NOT_EXECUTIVE = "{body} cannot adopt the programme: only the executive (Cabinet or a cabinet member) adopts it"
ADOPT_REASONS_REQUIRED = "Enter the reasons for adopting this programme"
ADOPT_DATE_REQUIRED = "Enter the date the decision was taken"
ADOPT_MEETING_OF_ANOTHER_BODY = "Select a meeting of {body}, or none"
ADOPT_TITLE = "Adopt the programme of commissioning reviews: {name}"
ADOPTED_REASON = "Adopted as the council's programme by decision {reference}"
PLAN_MATTER = "Outcome of the commissioning review: {title}"
PLAN_MOVED = "Moved by the adopted programme (decision {reference})"


@dataclass(frozen=True)
class AdoptionDetails:
    body: Body | None
    decided_on: dt.date | None
    reasons: str
    meeting: Meeting | None = None
    summary: str = ""


@dataclass(frozen=True)
class Adoption:
    decision: Decision
    reviews: list[AdoptedReview]
    plan_entries: list[ForwardPlanEntry]


def _check(details: AdoptionDetails) -> None:
    errors: dict[str, str] = {}
    body = details.body
    if body is None:
        errors["body"] = ADOPT_BODY_REQUIRED
    elif not body.is_executive:
        errors["body"] = ADOPT_NOT_EXECUTIVE.format(body=body.name)
    elif details.meeting is not None and details.meeting.body_id != body.pk:
        errors["meeting"] = ADOPT_MEETING_OF_ANOTHER_BODY.format(body=body.name)
    if details.decided_on is None:
        errors["decided_on"] = ADOPT_DATE_REQUIRED
    if not details.reasons.strip():
        errors["reasons"] = ADOPT_REASONS_REQUIRED
    if errors:
        raise ValidationError(errors)


def _wards_of(adopted: list[AdoptedReview]) -> dict[int, set[int]]:
    """The wards of each review's services (one query)."""
    service_ids = {service.pk for item in adopted for service in item.services}
    wards: dict[int, set[int]] = {}
    for service_id, ward_id in Service.wards.through.objects.filter(service_id__in=service_ids).values_list(
        "service_id", "ward_id"
    ):
        wards.setdefault(service_id, set()).add(ward_id)
    return wards


def _plan_entries(
    adopted: list[AdoptedReview], *, body: Body, decision: Decision, by: Any, today: dt.date
) -> list[ForwardPlanEntry]:
    threshold = governance_settings().key_decision_threshold
    wards = _wards_of(adopted)
    planned = {
        entry.review_id: entry
        for entry in ForwardPlanEntry.objects.select_for_update(of=("self",)).filter(
            review__in=[item.review for item in adopted], status=ForwardPlanStatus.PLANNED, archived_at__isnull=True
        )
    }
    entries: list[ForwardPlanEntry] = []
    for item in adopted:
        review = item.review
        in_wards = set().union(*(wards.get(service.pk, set()) for service in item.services))
        value = sum((service.gross_budget for service in item.services), Decimal(0))
        if not calculations.key_reason(value=value, threshold=threshold, wards=len(in_wards)):
            continue
        planned_on = item.ends_on
        entry = planned.get(review.pk)
        if entry is None:
            entry = ForwardPlanEntry(
                reference=next_forward_plan_reference(planned_on.year),
                matter=PLAN_MATTER.format(title=review.title)[:300],
                summary=f"The decision the review {review.reference} leads to, planned for {review.planned_end}.",
                decision_maker=body,
                planned_on=planned_on,
                contact_officer=review.lead_commissioner,
                review=review,
                first_published_on=today,
            )
            record_save(
                entry,
                by=by,
                reason=ADOPTED_REASON.format(reference=decision.reference),
                m2m={"wards": sorted(in_wards)},
            )
        elif entry.planned_on != planned_on:
            entry.planned_on = planned_on
            save_with_history(entry, by=by, reason=PLAN_MOVED.format(reference=decision.reference))
        entries.append(entry)
    return entries


@transaction.atomic
def programme_adoption_record(
    *, scenario: ProgrammeScenario, details: AdoptionDetails, by: Any, today: dt.date, form_token: Any = None
) -> Adoption:
    """Record and publish the executive's decision adopting the scenario, and make the reviews and the forward plan
    follow it (see the module's docstring). Refused, with nothing saved, when the body is not the executive, the
    reasons or date are missing, or reviews refuses the scenario (not solved, already adopted, superseded)."""
    _check(details)
    assert details.body is not None
    assert details.decided_on is not None
    one_person = details.body.kind == BodyKind.PORTFOLIO_HOLDER
    decision = decision_create(
        details=DecisionDetails(
            title=ADOPT_TITLE.format(name=scenario.name)[:300],
            summary=details.summary.strip() or scenario.description,
            category=DecisionCategory.OTHER,
            maker_kind=MakerKind.PORTFOLIO_HOLDER if one_person else MakerKind.BODY,
            body=details.body,
            meeting=details.meeting,
            decided_on=details.decided_on,
            reasons=details.reasons,
            scenario=scenario,
            report=f"Programme scenario: {scenario.name}",
        ),
        by=by,
        form_token=form_token,
    )
    decision = decision_publish(decision=decision, by=by, today=today)
    adopted = programme_scenario_adopt(
        scenario=scenario, by=by, reason=ADOPTED_REASON.format(reference=decision.reference)
    )
    entries = _plan_entries(adopted, body=details.body, decision=decision, by=by, today=today)
    return Adoption(decision=decision, reviews=adopted, plan_entries=entries)
