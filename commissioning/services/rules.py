"""Who may see and change services (django-rules, autodiscovered)."""

from __future__ import annotations

import rules

from commissioning.core.permissions import (
    is_director,
    is_internal,
    is_officer,
    is_own_organisation,
    is_provider,
    is_published,
)

can_edit_services = is_officer | is_director

rules.add_perm("services.view_service", is_internal | is_published | (is_provider & is_own_organisation))
rules.add_perm("services.add_service", can_edit_services)
rules.add_perm("services.change_service", can_edit_services)
rules.add_perm("services.archive_service", can_edit_services)
rules.add_perm("services.view_service_history", is_internal)
rules.add_perm("services.view_unpublished_services", is_internal)
# The list is open to everyone: it shows each user the services they may see.
rules.add_perm("services.list_services", rules.always_allow)


@rules.predicate
def is_current(user: object, service: object) -> bool:
    return service is None or not getattr(service, "is_archived", False)


@rules.predicate
def is_archived(user: object, service: object) -> bool:
    return service is not None and bool(getattr(service, "is_archived", False))


rules.set_perm("services.change_service", can_edit_services & is_current)
rules.set_perm("services.archive_service", can_edit_services & is_current)
rules.add_perm("services.restore_service", can_edit_services & is_archived)
