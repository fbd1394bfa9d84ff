"""Writes for the contract register: keyword-only, validated, one transaction, each with one history entry."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.contracts.models import CPV_PATTERN, Contract, ContractKind, Procedure
from commissioning.contracts.selectors import next_reference, reference_in_use
from commissioning.core.actions import record_archive, record_edited, record_restore
from commissioning.core.concurrency import claim_form_token
from commissioning.core.references import save_with_reference
from commissioning.services.models import Directorate, Service

END_BEFORE_START = "End date must be after the start date"
REVIEW_OUTSIDE = "Review date must be between the start date and the end date"
CPV_INVALID = "Enter CPV codes as 8 digits, a hyphen and a check digit, like 85311000-2: {codes} is not"
SUPPLIER_REQUIRED = "Choose the supplier: a contract or grant is with an organisation outside the council"
SUPPLIER_IN_HOUSE = "Remove the supplier: an in-house plan is delivered by the council itself"
SUPPLIER_NUMBER = "{name} has no company or charity number: add one to the organisation before contracting with it"
PROCEDURE_IN_HOUSE = "Choose 'In-house plan (no procurement)' for an in-house plan"
PROCEDURE_NOT_IN_HOUSE = "Choose how the contract was let: 'In-house plan' is only for an in-house plan"
ANNUAL_ABOVE_TOTAL = "Estimated annual value cannot be more than the total value"
EXTENSION_LENGTH = "Enter how many months each extension lasts"
EXTENSION_COUNT = "Enter how many extension options there are, or remove the length"
REFERENCE_TAKEN = "Reference {reference} is already used by another contract: choose another, or leave it blank"
ARCHIVE_REASON_REQUIRED = "Enter why the contract is being archived"
RESTORE_REASON_REQUIRED = "Enter why the contract is being restored"
ALREADY_ARCHIVED = "This contract is archived: restore it before changing it"
NOT_ARCHIVED = "This contract is not archived"

_CPV = re.compile(rf"^{CPV_PATTERN}$")


@dataclass(frozen=True)
class ContractDetails:
    """Everything an officer edits about a contract or in-house plan."""

    kind: str
    title: str
    directorate: Directorate
    procedure: str
    total_value: Decimal
    annual_value: Decimal
    start_date: dt.date
    end_date: dt.date
    contract_manager: User
    reference: str = ""
    description: str = ""
    provider: Organisation | None = None
    cpv_codes: Sequence[str] = ()
    irrecoverable_vat: Decimal = Decimal("0")
    review_date: dt.date | None = None
    extension_count: int = 0
    extension_months: int = 0
    notice_period_months: int = 3
    services: Sequence[Service] = field(default_factory=tuple)
    decision: Any = None
    published: bool = False
    provider_handles_complaints: bool = True  # for a contract or grant: its provider answers complaints at stage 1


def split_cpv(text: str) -> list[str]:
    return [code.strip() for code in re.split(r"[,;\s]+", text) if code.strip()]


def _validate(details: ContractDetails, *, existing: Contract | None) -> None:
    errors: dict[str, str] = {}
    in_house = details.kind == ContractKind.IN_HOUSE
    if details.end_date <= details.start_date:
        errors["end_date"] = END_BEFORE_START
    elif details.review_date is not None and not details.start_date <= details.review_date <= details.end_date:
        errors["review_date"] = REVIEW_OUTSIDE
    bad = [code for code in details.cpv_codes if not _CPV.match(code)]
    if bad:
        errors["cpv_codes"] = CPV_INVALID.format(codes=", ".join(bad))
    if in_house and details.provider is not None:
        errors["provider"] = SUPPLIER_IN_HOUSE
    elif not in_house and details.provider is None:
        errors["provider"] = SUPPLIER_REQUIRED
    elif details.provider is not None and not (details.provider.company_number or details.provider.charity_number):
        errors["provider"] = SUPPLIER_NUMBER.format(name=details.provider.name)
    if in_house and details.procedure != Procedure.IN_HOUSE:
        errors["procedure"] = PROCEDURE_IN_HOUSE
    elif not in_house and details.procedure == Procedure.IN_HOUSE:
        errors["procedure"] = PROCEDURE_NOT_IN_HOUSE
    if details.annual_value > details.total_value:
        errors["annual_value"] = ANNUAL_ABOVE_TOTAL
    if details.extension_count and not details.extension_months:
        errors["extension_months"] = EXTENSION_LENGTH
    elif details.extension_months and not details.extension_count:
        errors["extension_count"] = EXTENSION_COUNT
    if details.reference and reference_in_use(reference=details.reference, excluding=existing):
        errors["reference"] = REFERENCE_TAKEN.format(reference=details.reference)
    if "published" not in errors:  # the Procurement Act's KPIs, checked when the contract is published (returns)
        from commissioning.contracts.actions_returns import kpis_check_before_publishing

        missing = kpis_check_before_publishing(
            contract=existing, total_value=details.total_value, published=details.published
        )
        if missing:
            errors["published"] = missing
    if errors:
        raise ValidationError(errors)


def _apply(contract: Contract, details: ContractDetails) -> None:
    for f in fields(details):
        if f.name not in {"services", "cpv_codes", "reference"}:
            setattr(contract, f.name, getattr(details, f.name))
    contract.title = details.title.strip()
    contract.description = details.description.strip()
    contract.cpv_codes = ", ".join(details.cpv_codes)
    if details.reference:
        contract.reference = details.reference


@transaction.atomic
def contract_create(*, details: ContractDetails, by: User, form_token: uuid.UUID | None = None) -> Contract:
    claim = claim_form_token(form_token, by=by)
    _validate(details, existing=None)
    contract = Contract()
    _apply(contract, details)
    year = details.start_date.year
    save_with_reference(
        contract,
        generate=None if details.reference else lambda: next_reference(year=year),
        taken=REFERENCE_TAKEN,
        by=by,
        reason="Added to the contract register",
        m2m={"services": details.services},
        exclude=["services"],
    )
    claim.made(contract)
    return contract


@transaction.atomic
def contract_update(
    *, contract: Contract, details: ContractDetails, by: User, reason: str = "", version: str | None = None
) -> Contract:
    contract = record_edited(contract, version=version, already_archived=ALREADY_ARCHIVED)
    _validate(details, existing=contract)
    _apply(contract, details)
    save_with_reference(
        contract,
        generate=None,
        taken=REFERENCE_TAKEN,
        by=by,
        reason=reason.strip() or "Details updated",
        m2m={"services": details.services},
        exclude=["services"],
    )
    return contract


@transaction.atomic
def contract_archive(*, contract: Contract, by: User, reason: str) -> Contract:
    return record_archive(
        record=contract, by=by, reason=reason, reason_required=ARCHIVE_REASON_REQUIRED, already=ALREADY_ARCHIVED
    )


@transaction.atomic
def contract_restore(*, contract: Contract, by: User, reason: str) -> Contract:
    return record_restore(
        record=contract, by=by, reason=reason, reason_required=RESTORE_REASON_REQUIRED, not_archived=NOT_ARCHIVED
    )


# Inspection ratings in bulk (the imports app's ``inspections`` kind) live in their own module; re-exported here,
# where other apps may import a contracts action from.
from commissioning.contracts.actions_inspection_import import (  # noqa: E402
    InspectionsImported as InspectionsImported,
)
from commissioning.contracts.actions_inspection_import import (  # noqa: E402
    inspection_import_rows as inspection_import_rows,
)
