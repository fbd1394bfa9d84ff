"""Reading the contract monitoring protocol and what comes to committee under it (issue 10, ADR 0035).

The observed signals come from the apps that hold them (contracts, residents) through
``commissioning.core.monitoring_signals``; the engine (``calculations.protocol``) says which meet the threshold in
force for each, after the amendments for its service or contract.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from commissioning.core import monitoring_signals
from commissioning.governance.calculations import protocol as calc
from commissioning.governance.models import MonitoringProtocol, ProtocolAmendment
from commissioning.governance.models.protocol import THRESHOLD_FIELDS


def monitoring_protocol() -> MonitoringProtocol:
    """The council's one protocol (made with the defaults the first time it is asked for)."""
    found = MonitoringProtocol.objects.order_by("pk").first()
    if found is not None:
        return found
    return MonitoringProtocol.objects.create(
        kpi_rating_threshold="inadequate",
        assessment_rating_threshold="approaching",
        complaints_threshold=20,
        upheld_complaints_threshold=5,
        staff_turnover_threshold=Decimal("30.0"),
        agency_use_threshold=Decimal("20.0"),
    )


def protocol_amendments() -> QuerySet[ProtocolAmendment]:
    return ProtocolAmendment.objects.filter(archived_at__isnull=True).select_related("service").order_by("pk")


def contract_choices() -> QuerySet[Any]:
    """Contracts to amend the protocol for (read through the string key's model: governance imports no contracts)."""
    contract = apps.get_model("contracts", "Contract")
    return contract.objects.filter(archived_at__isnull=True).order_by("reference")


def contract_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    contract = apps.get_model("contracts", "Contract")
    return {pk: str(record) for pk, record in contract.objects.in_bulk(list(ids)).items()}


def _thresholds(record: Any) -> dict[str, Any]:
    found = {}
    for kind, name in THRESHOLD_FIELDS.items():
        value = getattr(record, name)
        if value is not None and value != "":
            found[str(kind)] = value
    return found


def as_engine_protocol(protocol: MonitoringProtocol) -> calc.Protocol:
    return calc.Protocol(
        signals=frozenset(protocol.signal_list), frequency=protocol.frequency, thresholds=_thresholds(protocol)
    )


def as_engine_amendment(amendment: ProtocolAmendment) -> calc.Amendment:
    return calc.Amendment(
        service_id=amendment.service_id,
        contract_id=amendment.contract_id,
        signals=frozenset(amendment.signal_list) if amendment.signals else None,
        frequency=amendment.frequency or None,
        thresholds=_thresholds(amendment),
    )


def protocol_triggers(body: Any = None) -> list[calc.Trigger]:
    """What comes to committee automatically under the protocol: each observed signal that meets the threshold in
    force for it. The protocol is council-wide, so every scrutiny committee (``body``, for the scrutiny dashboard)
    sees the same list."""
    protocol = as_engine_protocol(monitoring_protocol())
    amendments = [as_engine_amendment(a) for a in protocol_amendments()]
    return calc.triggers(protocol, amendments, monitoring_signals.observations())
