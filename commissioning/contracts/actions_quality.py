"""Writes for quality triangulation: each records one inspection rating, safeguarding concern or financial health
note against a provider, in one transaction with one history entry."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.contracts.models import FinancialHealthNote, InspectionRating, SafeguardingConcern
from commissioning.core.actions import record_save
from commissioning.core.concurrency import claim_form_token

CONTRACT_NOT_PROVIDERS = "Choose one of this provider's contracts"


def _check_contract(organisation: Organisation, contract: Any) -> None:
    if contract is None:
        return
    own = contract.provider_id == organisation.pk or (contract.provider_id is None and organisation.is_home)
    if not own:
        raise ValidationError({"contract": CONTRACT_NOT_PROVIDERS})


@transaction.atomic
def inspection_create(
    *, organisation: Organisation, record: InspectionRating, by: User, form_token: uuid.UUID | None = None
) -> InspectionRating:
    claim = claim_form_token(form_token, by=by)
    _check_contract(organisation, record.contract)
    record.organisation = organisation
    record.location = record.location.strip()
    return record_save(record, by=by, reason="Inspection rating recorded", claim=claim)


@transaction.atomic
def concern_create(
    *, organisation: Organisation, record: SafeguardingConcern, by: User, form_token: uuid.UUID | None = None
) -> SafeguardingConcern:
    claim = claim_form_token(form_token, by=by)
    _check_contract(organisation, record.contract)
    record.organisation = organisation
    return record_save(record, by=by, reason="Safeguarding concern recorded", claim=claim)


@transaction.atomic
def financial_note_create(
    *, organisation: Organisation, record: FinancialHealthNote, by: User, form_token: uuid.UUID | None = None
) -> FinancialHealthNote:
    claim = claim_form_token(form_token, by=by)
    record.organisation = organisation
    record.note = record.note.strip()
    return record_save(record, by=by, reason="Financial health note recorded", claim=claim)
