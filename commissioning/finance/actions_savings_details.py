"""Changing a savings line's title, accountable owner, directorate and service, always with a reason (finfinish).

Its figures, confidence and slippage have their own actions (actions_savings); this one changes who answers for the
saving and where it sits. One transaction, the line locked at the version the form loaded, one history entry saying
the reason. The owner must be an active user of the council who can answer for a saving; a director may move a line
only between directorates they direct (finance may move any); the service, if any, is in the directorate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.actions import record_save
from commissioning.core.permissions import Role
from commissioning.finance.actions_savings import _editable
from commissioning.finance.models import SavingsLine

OWNER_ROLES = (Role.OFFICER, Role.DIRECTOR, Role.FINANCE)
DETAILS_REASON_REQUIRED = "Enter why the saving's details are changing"
TITLE_REQUIRED = "Enter what the saving is"
OWNER_NOT_OF_THE_COUNCIL = (
    "Choose an accountable owner who is an active user of the council (an officer, director or finance officer): "
    "{name} is not"
)
DIRECTORATE_NOT_YOURS = "Choose a directorate you direct: {directorate} is not one of yours"
SERVICE_NOT_IN_DIRECTORATE = "Choose a service in {directorate}, or none"
DETAILS_CHANGED = "Details changed: {reason}"


@dataclass(frozen=True)
class SavingsLineEdit:
    title: str
    owner: Any
    directorate: Any
    service: Any
    reason: str


def is_possible_owner(user: Any) -> bool:
    return user is not None and user.is_active and user.role in OWNER_ROLES


@transaction.atomic
def savings_line_details_update(
    *, line: SavingsLine, details: SavingsLineEdit, by: Any, version: str | None
) -> SavingsLine:
    """Change a line's title, owner, directorate and service, with the reason recorded in its history."""
    reason = details.reason.strip()
    if not reason:
        raise ValidationError({"reason": DETAILS_REASON_REQUIRED})
    fresh = _editable(line, version)
    if not details.title.strip():
        raise ValidationError({"title": TITLE_REQUIRED})
    if not is_possible_owner(details.owner):
        name = details.owner.get_full_name() or details.owner.username if details.owner is not None else "nobody"
        raise ValidationError({"owner": OWNER_NOT_OF_THE_COUNCIL.format(name=name)})
    if by.role == Role.DIRECTOR and details.directorate.director_id != by.pk:
        raise ValidationError({"directorate": DIRECTORATE_NOT_YOURS.format(directorate=details.directorate.name)})
    if details.service is not None and details.service.directorate_id != details.directorate.pk:
        raise ValidationError({"service": SERVICE_NOT_IN_DIRECTORATE.format(directorate=details.directorate.name)})
    fresh.title = details.title.strip()
    fresh.owner = details.owner
    fresh.directorate = details.directorate
    fresh.service = details.service
    return record_save(fresh, by=by, reason=DETAILS_CHANGED.format(reason=reason))
