"""Reads for the contract register: the only place that builds contract querysets, and where visibility is applied
(it agrees with rules.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.contracts import calculations
from commissioning.contracts.models import EXTERNAL_KINDS, Contract, ContractKind
from commissioning.core.permissions import Role
from commissioning.services.models import Directorate, Service

SORTS = {
    "reference": ("reference",),
    "title": ("title", "reference"),
    "supplier": ("provider__name", "reference"),
    "total_value": ("total_value", "reference"),
    "end_date": ("end_date", "reference"),
}
DEFAULT_SORT = "reference"


@dataclass(frozen=True)
class ContractFilters:
    q: str = ""
    kind: str = ""
    include_archived: bool = False
    sort: str = DEFAULT_SORT
    descending: bool = False


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def _public() -> Q:
    return Q(published=True, archived_at__isnull=True, kind__in=EXTERNAL_KINDS)


def visible_contracts(*, user: Any) -> QuerySet[Contract]:
    """Inside the council every record; a provider contact the public register plus their own organisation's
    contracts; the public the published register of external contracts and grants."""
    role = _role(user)
    contracts = Contract.objects.all()
    if role in Role.INTERNAL:
        return contracts
    if role == Role.PROVIDER and user.organisation_id:
        return contracts.filter(_public() | Q(provider_id=user.organisation_id))
    return contracts.filter(_public())


def is_internal(user: Any) -> bool:
    return _role(user) in Role.INTERNAL


def contract_list(*, user: Any, filters: ContractFilters) -> QuerySet[Contract]:
    contracts = visible_contracts(user=user).select_related("provider", "directorate")
    if not filters.include_archived:
        contracts = contracts.filter(archived_at__isnull=True)
    if filters.kind:
        contracts = contracts.filter(kind=filters.kind)
    if filters.q:
        contracts = contracts.filter(
            Q(title__icontains=filters.q) | Q(reference__icontains=filters.q) | Q(provider__name__icontains=filters.q)
        )
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return contracts.order_by(*(f"-{name}" for name in order) if filters.descending else order)


def contract_detail(*, user: Any, pk: int) -> Contract:
    """One contract the user may see (DoesNotExist otherwise), with its supplier, decision, manager and services."""
    return (
        visible_contracts(user=user)
        .select_related(
            "provider", "directorate", "decision", "decision__business_case", "decision__review", "contract_manager"
        )
        .prefetch_related("services")
        .get(pk=pk)
    )


def contracts_of_service(*, user: Any, service: Service) -> list[Contract]:
    return list(
        visible_contracts(user=user)
        .filter(services=service, archived_at__isnull=True)
        .select_related("provider")
        .order_by("end_date", "reference")
    )


# The public register: the Transparency Code's contract fields, and no more ----------------------------------------

EXPORT_HEADERS: Sequence[str] = (
    "Reference",
    "Title",
    "Kind",
    "Department",
    "Description",
    "Supplier",
    "Company number",
    "Charity number",
    "SME",
    "VCSE",
    "Total value (£)",
    "Estimated annual value (£)",
    "Irrecoverable VAT (£)",
    "Start date",
    "End date",
    "Review date",
    "Extension options",
    "Route to market",
    "CPV codes",
)


def export_rows(contracts: QuerySet[Contract]) -> Iterator[list[Any]]:
    for c in contracts.iterator(chunk_size=500):
        supplier = c.provider
        yield [
            c.reference,
            c.title,
            c.get_kind_display(),
            c.directorate.name,
            c.description,
            supplier.name if supplier else "",
            supplier.company_number if supplier else "",
            supplier.charity_number if supplier else "",
            ("Yes" if supplier.is_sme else "No") if supplier else "",
            ("Yes" if supplier.is_vcse else "No") if supplier else "",
            c.total_value,
            c.annual_value,
            c.irrecoverable_vat,
            c.start_date.isoformat(),
            c.end_date.isoformat(),
            c.review_date.isoformat() if c.review_date else "",
            f"{c.extension_count} x {c.extension_months} months" if c.extension_count else "None",
            c.route_to_market,
            ", ".join(c.cpv_list),
        ]


# The expiry pipeline ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineEntry:
    contract: Contract
    expiry: calculations.Expiry


@dataclass(frozen=True)
class Pipeline:
    months: int
    today: dt.date
    until: dt.date
    entries: list[PipelineEntry]

    @property
    def late(self) -> int:
        return sum(1 for entry in self.entries if entry.expiry.late)


def today() -> dt.date:
    return timezone.localdate()


def pipeline(*, user: Any, months: int, on: dt.date | None = None) -> Pipeline:
    """Every current contract and plan the user may see that ends between ``on`` (today) and the horizon, soonest
    first, each with the date its review or re-procurement must start by. One query."""
    day = on or today()
    until = calculations.pipeline_end(today=day, months=months)
    contracts = (
        visible_contracts(user=user)
        .filter(archived_at__isnull=True, end_date__gte=day, end_date__lte=until)
        .select_related("provider", "directorate", "contract_manager")
        .order_by("end_date", "reference")
    )
    entries = [
        PipelineEntry(c, calculations.contract_expiry(end_date=c.end_date, procedure=c.procedure, today=day))
        for c in contracts
    ]
    return Pipeline(months=months, today=day, until=until, entries=entries)


# Choices for the form -------------------------------------------------------------------------------------------


def directorate_choices() -> QuerySet[Directorate]:
    return Directorate.objects.filter(archived_at__isnull=True).order_by("name")


def supplier_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(archived_at__isnull=True, is_home=False).order_by("name")


def manager_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR, Role.FINANCE]).order_by(
        "last_name", "first_name", "username"
    )


def service_choices() -> QuerySet[Service]:
    return Service.objects.filter(archived_at__isnull=True).order_by("name")


def decision_choices() -> QuerySet[Any]:
    """Published decisions (governance's, read through the string key: the app is a sibling, never imported)."""
    decision_model = Contract._meta.get_field("decision").related_model
    return decision_model._default_manager.filter(status="published").order_by("-pk")  # type: ignore[union-attr]


def next_reference(*, year: int) -> str:
    prefix = f"CON-{year}-"
    last = (
        Contract.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")  # CON-2026-1000 after CON-2026-999
        .values_list("reference", flat=True)
    ).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


def reference_in_use(*, reference: str, excluding: Contract | None) -> bool:
    found = Contract.objects.filter(reference=reference)
    if excluding is not None:
        found = found.exclude(pk=excluding.pk)
    return found.exists()


KINDS = ContractKind


# The home page's contract returns (selectors_returns), here because other apps read this app's selectors module only.
from commissioning.contracts.selectors_returns import (  # noqa: E402
    returns_overdue,
    returns_to_review,
    returns_to_send,
)

__all__ = ["returns_overdue", "returns_to_review", "returns_to_send"]
