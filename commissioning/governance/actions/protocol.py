"""Changing the contract monitoring protocol and amending it for a service or a contract (issue 10, ADR 0035).
Each is one transaction and one history entry; a refusal saves nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.actions import record_edited, record_save
from commissioning.core.concurrency import claim_form_token
from commissioning.governance.models import Frequency, MonitoringProtocol, ProtocolAmendment, SignalKind
from commissioning.governance.models.protocol import THRESHOLD_FIELDS
from commissioning.services.models import Service

SIGNALS_REQUIRED = "Select at least one signal that scrutiny monitors"
SIGNAL_NOT_ALLOWED = "Select signals from the list"
FREQUENCY_REQUIRED = "Select how often scrutiny monitors contracts: monthly, quarterly, six-monthly or yearly"
THRESHOLD_REQUIRED = "Enter the threshold at which {signal} come to committee"
ARCHIVED = "This protocol has been archived"
UPDATED = "Protocol changed"
SCOPE_REQUIRED = "Select the service or the contract the amendment is for (one of them)"
SCOPE_BOTH = "Select a service or a contract, not both"
AMENDMENT_REASON_REQUIRED = "Enter why this service or contract is monitored differently"
AMENDMENT_EMPTY = "Change at least one thing: the signals, the frequency or a threshold"
AMENDED = "Amendment: {reason}"


@dataclass(frozen=True)
class ProtocolDetails:
    signals: list[str]
    frequency: str
    thresholds: dict[str, Any] = field(default_factory=dict)  # by SignalKind value; None for none
    notes: str = ""


@dataclass(frozen=True)
class AmendmentDetails:
    service: Service | None
    contract: Any
    reason: str
    signals: list[str] = field(default_factory=list)
    frequency: str = ""
    thresholds: dict[str, Any] = field(default_factory=dict)


def _check_signals(signals: list[str], errors: dict[str, str]) -> None:
    if any(value not in SignalKind.values for value in signals):
        errors["signals"] = SIGNAL_NOT_ALLOWED


def _apply_thresholds(record: Any, thresholds: dict[str, Any]) -> None:
    for kind, name in THRESHOLD_FIELDS.items():
        value = thresholds.get(str(kind))
        blank = "" if name in {"kpi_rating_threshold", "assessment_rating_threshold"} else None
        setattr(record, name, blank if value is None or value == "" else value)


@transaction.atomic
def monitoring_protocol_update(
    *, protocol: MonitoringProtocol, details: ProtocolDetails, by: Any, reason: str = "", version: str | None = None
) -> MonitoringProtocol:
    """Change what scrutiny monitors, how often and the thresholds; every signal monitored needs its threshold."""
    protocol = record_edited(protocol, version=version, already_archived=ARCHIVED)
    errors: dict[str, str] = {}
    if not details.signals:
        errors["signals"] = SIGNALS_REQUIRED
    _check_signals(details.signals, errors)
    if details.frequency not in Frequency.values:
        errors["frequency"] = FREQUENCY_REQUIRED
    for kind in details.signals:
        if kind in SignalKind.values and details.thresholds.get(kind) in {None, ""}:
            errors[THRESHOLD_FIELDS[kind]] = THRESHOLD_REQUIRED.format(signal=SignalKind(kind).label.lower())
    if errors:
        raise ValidationError(errors)
    protocol.signals = ",".join(kind for kind in SignalKind.values if kind in details.signals)
    protocol.frequency = details.frequency
    protocol.notes = details.notes.strip()
    _apply_thresholds(protocol, details.thresholds)
    return record_save(protocol, by=by, reason=reason.strip() or UPDATED)


@transaction.atomic
def protocol_amendment_create(
    *, details: AmendmentDetails, by: Any, form_token: uuid.UUID | None = None
) -> ProtocolAmendment:
    """Amend the protocol for one service or one contract, with a reason: what it sets overrides the protocol."""
    claim = claim_form_token(form_token, by=by)
    errors: dict[str, str] = {}
    if details.service is None and details.contract is None:
        errors["service"] = SCOPE_REQUIRED
    elif details.service is not None and details.contract is not None:
        errors["contract"] = SCOPE_BOTH
    if not details.reason.strip():
        errors["reason"] = AMENDMENT_REASON_REQUIRED
    _check_signals(details.signals, errors)
    if details.frequency and details.frequency not in Frequency.values:
        errors["frequency"] = FREQUENCY_REQUIRED
    thresholds = {k: v for k, v in details.thresholds.items() if v not in {None, ""}}
    if not errors and not (details.signals or details.frequency or thresholds):
        errors["signals"] = AMENDMENT_EMPTY
    if errors:
        raise ValidationError(errors)
    amendment = ProtocolAmendment(
        service=details.service,
        contract_id=getattr(details.contract, "pk", None),
        signals=",".join(kind for kind in SignalKind.values if kind in details.signals),
        frequency=details.frequency,
        reason=details.reason.strip(),
    )
    _apply_thresholds(amendment, thresholds)
    return record_save(amendment, by=by, reason=AMENDED.format(reason=details.reason.strip()), claim=claim)
