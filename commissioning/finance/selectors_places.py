"""What finance shows on a ward's place page (commissioning.residents, /places/wards/<pk>/, the place
core.thread.PLACE_KEY): the published spend on the services that serve the ward in the latest complete financial
year. Spend is published data; the public sees it on published services only (as the public service finder lists
them), the council's own roles on every service. One query, whatever the size of the council."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Sum

from commissioning.core.permissions import Role
from commissioning.finance.calculations_spendlinks import financial_year_of
from commissioning.finance.models import SpendTransaction
from commissioning.finance.selectors_spendlinks import PENNY, ZERO, today
from commissioning.services.models import Service

TOP_SERVICES = 10


@dataclass(frozen=True)
class WardSpendRow:
    service_id: int
    name: str
    spend: Decimal


@dataclass(frozen=True)
class WardSpend:
    year: str  # the latest complete financial year
    total: Decimal
    services: list[WardSpendRow]  # the top TOP_SERVICES by spend
    service_count: int  # services serving the ward with spend in the year


def ward_spend(*, user: Any, ward: Any, on: dt.date | None = None) -> WardSpend:
    """Published spend in the latest complete financial year on the services that serve the ward (one query)."""
    year = financial_year_of(on or today()).previous()
    serving = Service.wards.through.objects.filter(service_id=OuterRef("service_id"), ward_id=ward.pk)
    rows = SpendTransaction.objects.filter(
        Exists(serving), archived_at__isnull=True, date__gte=year.starts, date__lte=year.ends
    )
    if getattr(user, "role", None) not in Role.INTERNAL:
        rows = rows.filter(service__published=True, service__archived_at__isnull=True)
    by_service = list(
        rows.order_by()
        .values("service_id", "service__name")
        .annotate(spend=Sum("amount"))
        .order_by("-spend", "service__name")
    )
    return WardSpend(
        year=year.label,
        total=sum((r["spend"] for r in by_service), ZERO).quantize(PENNY),
        services=[WardSpendRow(r["service_id"], r["service__name"], r["spend"]) for r in by_service[:TOP_SERVICES]],
        service_count=len(by_service),
    )
