"""Reads for decommissioning: the only place that builds its querysets, and where visibility is applied (agrees
with rules_decommissioning.py): inside the council every record; everyone else the register of decommissioned
services, a record once it is decided and its decision published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Length

from commissioning.accounts.models import User
from commissioning.contracts.models import (
    Contract,
    Decommissioning,
    DecommissioningStatus,
    MonitoringNote,
    TransitionStep,
    Tupe,
)
from commissioning.contracts.selectors import is_internal
from commissioning.core.permissions import Role
from commissioning.outcomes.models import Indicator
from commissioning.services.models import Service

PUBLISHED = "published"  # governance's DecisionStatus.PUBLISHED, read through the string key


def _on_register() -> Q:
    return Q(status=DecommissioningStatus.DECIDED, decision__status=PUBLISHED, archived_at__isnull=True)


def visible_decommissionings(*, user: Any) -> QuerySet[Decommissioning]:
    found = Decommissioning.objects.all()
    return found if is_internal(user) else found.filter(_on_register())


@dataclass(frozen=True)
class DecommissioningFilters:
    status: str = ""


def decommissioning_list(*, user: Any, filters: DecommissioningFilters) -> QuerySet[Decommissioning]:
    found = visible_decommissionings(user=user).select_related("service", "contract", "decision", "lead")
    if filters.status:
        found = found.filter(status=filters.status)
    return found.order_by("-reference")


def decommissioning_detail(*, user: Any, pk: int) -> Decommissioning:
    return (
        visible_decommissionings(user=user)
        .select_related("service", "contract", "contract__provider", "decision", "lead", "eia")
        .prefetch_related("indicators", "steps", "notes__author")
        .get(pk=pk)
    )


def decommissionings_of(*, user: Any, service: Any = None, contract: Any = None) -> list[Decommissioning]:
    """The records about a service or a contract, as the user may see them (one query)."""
    found = visible_decommissionings(user=user).filter(archived_at__isnull=True).select_related("decision")
    found = found.filter(service=service) if service is not None else found.filter(contract=contract)
    return list(found.order_by("-reference"))


# The task list --------------------------------------------------------------------------------------------------

NOT_STARTED = "Not yet started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"
CANNOT_START = "Cannot start yet"
NOT_NEEDED = "Not needed"


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    status: str
    route: str  # the URL name of its page (contracts:...), "" when it has none yet
    hint: str = ""


def _some(*values: Any) -> str:
    filled = [bool(v) for v in values]
    return COMPLETED if all(filled) else IN_PROGRESS if any(filled) else NOT_STARTED


def needs_notice(record: Decommissioning) -> bool:
    contract = record.contract
    return contract is not None and contract.is_external


def tasks(record: Decommissioning) -> list[Task]:
    """The record's stages, GOV.UK task list style, from what is recorded (no query beyond the detail's prefetch)."""
    steps = list(record.steps.all())
    notes = list(record.notes.all())
    if record.is_decided:
        decision = COMPLETED
    elif record.decision_id:
        decision = IN_PROGRESS
    else:
        decision = NOT_STARTED
    notice = NOT_NEEDED if not needs_notice(record) else _some(record.notice_given_on, record.service_ends_on)
    workforce = (
        COMPLETED
        if record.tupe and record.staff_affected is not None
        else IN_PROGRESS
        if record.tupe or record.staff_affected is not None or record.workforce_notes
        else NOT_STARTED
    )
    return [
        Task(
            "evidence",
            "Evidence: outcomes, use, cost and need",
            _some(record.evidence_outcomes, record.evidence_use, record.evidence_cost, record.evidence_need),
            "contracts:decommissioning-edit-evidence",
        ),
        Task(
            "eia",
            "Equality impact assessment",
            _some(record.eia_summary) if record.eia is None else COMPLETED if record.eia.is_signed_off else IN_PROGRESS,
            "contracts:decommissioning-edit-eia",
        ),
        Task(
            "consultation",
            "Consultation",
            _some(record.consultation_start, record.consultation_end, record.consultation_summary),
            "contracts:decommissioning-edit-consultation",
        ),
        Task("decision", "Decision", decision, "" if record.is_decided else "contracts:decommissioning-decide"),
        Task(
            "notice",
            "Notice to the provider",
            notice,
            "contracts:decommissioning-edit-notice",
            "" if notice != NOT_NEEDED else "No external contract: the council delivers it itself",
        ),
        Task("workforce", "Workforce and TUPE", workforce, "contracts:decommissioning-edit-workforce"),
        Task(
            "transition",
            "Exit and transition plan for people who use the service",
            COMPLETED if steps else NOT_STARTED,
            "contracts:decommissioning-step-create",
        ),
        Task(
            "monitoring",
            "Monitoring afterwards",
            (IN_PROGRESS if notes else NOT_STARTED) if record.is_decided else CANNOT_START,
            "contracts:decommissioning-note-create" if record.is_decided else "",
            "" if record.is_decided else "After the decision",
        ),
    ]


# Choices for the forms ------------------------------------------------------------------------------------------


def service_choices() -> QuerySet[Service]:
    return Service.objects.filter(archived_at__isnull=True).order_by("name")


def contract_choices() -> QuerySet[Contract]:
    return Contract.objects.filter(archived_at__isnull=True).order_by("reference")


def lead_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR]).order_by(
        "last_name", "first_name", "username"
    )


def indicator_choices(record: Decommissioning) -> QuerySet[Indicator]:
    """The indicators of the service (or of the contract's services), and any already linked."""
    services = Q(services=record.service_id) if record.service_id else Q(pk__in=[])
    if record.contract_id:
        services |= Q(services__contracts=record.contract_id)
    linked = Q(decommissionings=record.pk)
    return Indicator.objects.filter(archived_at__isnull=True).filter(services | linked).distinct().order_by("code")


def decision_choices() -> QuerySet[Any]:
    """Governance's decisions, draft or published (a string key: the sibling app is never imported)."""
    model = Decommissioning._meta.get_field("decision").related_model
    return model._default_manager.filter(  # type: ignore[union-attr]
        archived_at__isnull=True, status__in=["draft", PUBLISHED]
    ).order_by("-decided_on", "-pk")


def next_reference(*, year: int) -> str:
    prefix = f"DCM-{year}-"
    last = (
        Decommissioning.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
    ).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


TUPE = Tupe
STEP = TransitionStep
NOTE = MonitoringNote
