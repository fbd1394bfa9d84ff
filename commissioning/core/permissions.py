"""Role predicates shared by every app's rules.py (django-rules).

Roles come from DESIGN.md section 3. Apps combine these predicates into per-object permissions.
"""

from __future__ import annotations

from typing import Any

import rules


class Role:
    OFFICER = "officer"
    DIRECTOR = "director"
    FINANCE = "finance"
    CABINET = "cabinet"
    SCRUTINY = "scrutiny"
    COUNCILLOR = "councillor"
    PROVIDER = "provider"
    ADMIN = "admin"
    DEMOCRATIC = "democratic"
    PARTNER = "partner"
    # The monitoring officer (ADR 0037): leads legal and democratic services, so has every permission democratic
    # services has (is_democratic below), and clears committee reports legally.
    LEGAL = "legal"

    CHOICES = [
        (OFFICER, "Commissioning officer"),
        (DIRECTOR, "Strategic director"),
        (FINANCE, "Finance officer"),
        (CABINET, "Cabinet member"),
        (SCRUTINY, "Scrutiny member"),
        (COUNCILLOR, "Ward councillor"),
        (PROVIDER, "Provider contact"),
        (ADMIN, "Administrator"),
        (DEMOCRATIC, "Democratic services officer"),
        (PARTNER, "Partner organisation user"),
        (LEGAL, "Monitoring officer"),
    ]
    # Everyone who works for, or is elected to, the council: they may read unpublished internal records.
    INTERNAL = frozenset({OFFICER, DIRECTOR, FINANCE, CABINET, SCRUTINY, COUNCILLOR, ADMIN, DEMOCRATIC, LEGAL})


def _role(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "role", None)


def has_role(*roles: str) -> rules.Predicate:
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def predicate(user: Any) -> bool:
        return _role(user) in wanted

    return predicate


is_officer = has_role(Role.OFFICER)
is_director = has_role(Role.DIRECTOR)
is_finance = has_role(Role.FINANCE)
is_cabinet = has_role(Role.CABINET)
is_scrutiny = has_role(Role.SCRUTINY)
is_councillor = has_role(Role.COUNCILLOR)
is_provider = has_role(Role.PROVIDER)
is_admin = has_role(Role.ADMIN)
# Democratic services, and the monitoring officer who leads them: every rule that names democratic services names
# the monitoring officer too, through this one predicate (ADR 0037).
is_democratic = has_role(Role.DEMOCRATIC, Role.LEGAL)
# The monitoring officer alone: clears a committee report legally (ADR 0037).
is_legal = has_role(Role.LEGAL)
# A partner organisation's user (an NHS integrated care board, say): not internal; sees the public pages and only
# the pooled budgets their organisation is a partner in (ADR 0027).
is_partner = has_role(Role.PARTNER)
is_internal = has_role(*Role.INTERNAL)
is_signed_in = rules.is_authenticated & rules.is_active


@rules.predicate
def is_published(user: Any, obj: Any) -> bool:
    return obj is not None and bool(getattr(obj, "published", False)) and not getattr(obj, "is_archived", False)


@rules.predicate
def is_own_organisation(user: Any, obj: Any) -> bool:
    """The record belongs to (or is delivered by) the user's own organisation."""
    if obj is None or _role(user) is None or user.organisation_id is None:
        return False
    return bool(getattr(obj, "provider_id", None) == user.organisation_id)
