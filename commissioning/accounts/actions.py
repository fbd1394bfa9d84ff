"""Writes for accounts: keyword-only, validated, one transaction, with a history entry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Councillor, User
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import lock_for_update

COUNCILLOR_NAME_REQUIRED = "Enter the councillor's name"


@transaction.atomic
def councillor_update(
    *,
    councillor: Councillor,
    by: User,
    email: str,
    phone: str,
    surgery_details: str,
    reason: str = "Profile updated",
    version: str | None = None,
) -> Councillor:
    """Update the contact details a councillor keeps for themselves."""
    councillor = lock_for_update(Councillor, pk=councillor.pk, version=version)
    councillor.email = email.strip()
    councillor.phone = phone.strip()
    councillor.surgery_details = surgery_details.strip()
    councillor.full_clean(exclude=["wards"])
    save_with_history(councillor, by=by, reason=reason)
    return councillor


def validate_name(name: str) -> str:
    if not name.strip():
        raise ValidationError({"name": COUNCILLOR_NAME_REQUIRED})
    return name.strip()
