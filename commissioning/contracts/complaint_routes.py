"""Who answers a resident's complaint about a service, as its contract says (commissioning.core.complaint_routes,
read by the residents app, which may not import contracts)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from commissioning.contracts.models import EXTERNAL_KINDS, Contract
from commissioning.core.complaint_routes import ContractRoute


def route_of_service(service_id: int, *, today: dt.date | None = None) -> ContractRoute | None:
    """The route under the service's current external contract or grant (the latest started, in force today): its
    provider answers stage 1 when the contract says so (``provider_handles_complaints``), else the council; its
    contract manager is told of overdue steps either way. None when no external contract is in force (the service
    decides). One query."""
    today = today or timezone.localdate()
    contract = (
        Contract.objects.filter(
            services=service_id,
            kind__in=EXTERNAL_KINDS,
            archived_at__isnull=True,
            start_date__lte=today,
            end_date__gte=today,
        )
        .order_by("-start_date", "-pk")
        .values_list("provider_id", "provider_handles_complaints", "contract_manager_id")
        .first()
    )
    if contract is None:
        return None
    provider_id, handles, manager_id = contract
    return ContractRoute(provider_id=provider_id if handles else None, contract_manager_id=manager_id)
