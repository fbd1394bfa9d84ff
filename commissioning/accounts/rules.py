"""Who may see and change accounts records (django-rules, autodiscovered)."""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_admin, is_councillor, is_internal


@rules.predicate
def is_own_councillor_profile(user: Any, councillor: Any) -> bool:
    return councillor is not None and councillor.user_id is not None and councillor.user_id == user.pk


@rules.predicate
def councillor_is_current(user: Any, councillor: Any) -> bool:
    return councillor is not None and not councillor.is_archived


rules.add_perm("accounts.view_ward", rules.always_allow)
rules.add_perm("accounts.view_councillor", councillor_is_current | is_internal)
rules.add_perm(
    "accounts.change_councillor", councillor_is_current & (is_admin | (is_councillor & is_own_councillor_profile))
)
rules.add_perm("accounts.view_councillor_history", is_internal)
